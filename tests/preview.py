"""The preview server of `render.py serve` on a free loopback port, for the tests that talk to it."""
from __future__ import annotations

import http.client
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


def get(port: int, path: str, method: str = "GET", timeout: float = 30) -> http.client.HTTPResponse:
    """A request sent exactly as written: no client-side clean-up of `..` or escapes. Its body is
    read into `body`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request(method, path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response
