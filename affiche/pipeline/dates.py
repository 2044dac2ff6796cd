"""The one timestamp every output carries, so rebuilding the same inputs gives the same bytes."""
from __future__ import annotations

import os
from datetime import datetime, time, timezone
from typing import TYPE_CHECKING

from ..errors import AfficheError, Location
from ..names import shown

if TYPE_CHECKING:
    from ..model.content import Content

# 1980-01-01 to 9999-12-31, in Unix seconds: the first date a ZIP file or FAT disk can hold, and the
# last with four digits. Beyond, Python's datetime overflows, and no edition is dated so anyway.
EARLIEST_EPOCH = 315_532_800
LATEST_EPOCH = 253_402_300_799


def build_time(content: Content) -> datetime:
    """SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the content's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.combine(content.date, time(), tzinfo=timezone.utc)
    fix = "set it to a Unix time such as 1764028800, or unset it"
    if not (epoch.isascii() and epoch.isdigit()):
        raise AfficheError(Location("SOURCE_DATE_EPOCH"), f"{shown(epoch)} is not a number of seconds", fix)
    # Counted in digits first: Python refuses to convert a number of more than 4300 digits.
    if len(epoch.lstrip("0")) > len(str(LATEST_EPOCH)) or not EARLIEST_EPOCH <= int(epoch) <= LATEST_EPOCH:
        raise AfficheError(Location("SOURCE_DATE_EPOCH"), f"{shown(epoch)} is not a time from 1980 to 9999", fix)
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
