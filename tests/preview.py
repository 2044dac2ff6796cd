"""The preview server of `render.py serve` on a free loopback port, for the tests that talk to it."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from affiche.commands.serve import BuildState, open_server


@contextmanager
def preview_server(output: Path) -> Iterator[tuple[int, BuildState]]:
    """The server of `output` running in a thread: its port and its build state."""
    state = BuildState()
    server = open_server("127.0.0.1", 0, output, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], state
    finally:
        state.close()
        server.shutdown()
        server.server_close()
