"""The one timestamp every output carries, so rebuilding the same inputs gives the same bytes."""
from __future__ import annotations

import os
from datetime import datetime, time, timezone

from ..errors import AfficheError, Location
from ..model.content import Content


def build_time(content: Content) -> datetime:
    """SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the content's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.combine(content.date, time(), tzinfo=timezone.utc)
    if not epoch.isdigit():
        raise AfficheError(Location("SOURCE_DATE_EPOCH"), f"'{epoch}' is not a number of seconds",
                           "set it to a Unix time such as 1764028800, or unset it")
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
