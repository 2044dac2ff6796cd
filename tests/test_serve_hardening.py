"""`render.py serve` against hostile clients and odd output folders: nothing may hang a thread,
leak a name from outside output/, or print a traceback. Real sockets on 127.0.0.1, in-process."""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import struct
import threading
import time

import pytest

from affiche.commands import serve
from affiche.errors import AfficheError, Location
from affiche.commands.serve import BuildState, listening_address, open_server
from preview import get as request
from preview import preview_server
from scratch import run_cli

SECRET = b"not for the web " * 500  # 8 KB, so that its size would show in a listing


@pytest.fixture
def hostile(tmp_path):
    """The preview server over an output folder holding what a careless copy or a hostile
    user could leave there: broken, looping and outward links, a FIFO, a socket."""
    output, thumbnails = tmp_path / "output", tmp_path / "output" / "thumbnails"
    thumbnails.mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(SECRET)
    (thumbnails / "good.png").write_bytes(b"\x89PNG good")
    (thumbnails / "alias.png").symlink_to("good.png")
    (thumbnails / "sub").mkdir()
    (thumbnails / "broken.png").symlink_to("missing.png")
    (thumbnails / "loop.png").symlink_to("loop.png")
    (thumbnails / "outside.png").symlink_to(tmp_path / "secret.png")
    (thumbnails / "outside-folder").symlink_to(tmp_path)
    os.mkfifo(thumbnails / "pipe.png")
    (output / "archive").mkdir()
    (output / "archive" / "index.html").symlink_to(tmp_path / "secret.png")
    (output / "big.pdf").write_bytes(b"%PDF" + bytes(8 * 1024 * 1024))
    unix = socket.socket(socket.AF_UNIX)
    with contextlib.chdir(thumbnails):  # a relative name: the absolute one may pass the 108-byte limit
        unix.bind("socket.png")
    try:
        with preview_server(output) as (port, state):
            yield port, output, state
    finally:
        unix.close()


def get(port: int, path: str, method: str = "GET") -> http.client.HTTPResponse:
    return request(port, path, method, timeout=5)


def exchange(port: int, raw: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes as the whole request and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
        client.sendall(raw)
        client.shutdown(socket.SHUT_WR)
        return read_to_end(client)


def read_to_end(client: socket.socket) -> bytes:
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := client.recv(65536):
            received += chunk
    return received


def status_of(response: bytes) -> int:
    """The status line's code; a request too broken to tell its HTTP version is answered as
    HTTP/0.9 would be, with the error page alone, which holds the code."""
    match = re.match(rb"HTTP/1\.\d (\d{3}) ", response) or re.search(rb"Error code: (\d{3})<", response)
    return int(match[1])


def handler_threads() -> int:
    return sum(thread.name.endswith("(process_request_thread)") for thread in threading.enumerate())


def wait_for_handlers(count: int) -> None:
    deadline = time.monotonic() + 5
    while handler_threads() != count and time.monotonic() < deadline:
        time.sleep(0.05)


def reset(client: socket.socket) -> None:
    """Close as a crashed or killed browser does: a TCP reset, not a goodbye."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def test_broken_and_looping_links_are_a_404_and_listed_without_a_traceback(hostile, capfd):
    port, _, _ = hostile
    for name in ("broken.png", "loop.png"):
        assert get(port, f"/thumbnails/{name}").status == 404, name
        assert get(port, f"/thumbnails/{name}", "HEAD").status == 404, name
    listed = get(port, "/thumbnails/")
    assert listed.status == 200
    assert b"broken.png" not in listed.body and b"loop.png" not in listed.body
    assert "Traceback" not in capfd.readouterr().err


def test_listing_shows_only_what_it_would_serve(hostile):
    port, _, _ = hostile
    listed = get(port, "/thumbnails/").body
    assert b'<a href="good.png">good.png</a> \xe2\x80\x94 0 KB' in listed
    assert b'<a href="alias.png">alias.png</a>' in listed  # a link within output/ is fine
    assert b'<a href="sub/">sub</a>' in listed
    for hidden in (b"outside.png", b"outside-folder", b"pipe.png", b"socket.png", b"8 KB"):
        assert hidden not in listed, hidden
    assert get(port, "/thumbnails/alias.png").body == b"\x89PNG good"
    for refused in ("/thumbnails/outside.png", "/thumbnails/outside-folder/secret.png", "/thumbnails/socket.png"):
        assert get(port, refused).status == 404, refused
    archive = get(port, "/archive/")  # its index.html leads out: listed as a folder without one
    assert archive.status == 200 and b"not for the web" not in archive.body and b"index.html" not in archive.body


def test_a_request_sent_by_halves_or_by_drops_is_dropped_in_time(hostile, monkeypatch):
    port, _, _ = hostile
    assert 0 < serve.REQUEST_SECONDS <= 10 and 0 < serve.SEND_STALL_SECONDS <= 10
    monkeypatch.setattr(serve, "REQUEST_SECONDS", 1)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as half_sent:
        half_sent.sendall(b"GET /thumbnails/good.png HT")
        started = time.monotonic()
        assert read_to_end(half_sent) == b""
        assert time.monotonic() - started < 3
    with socket.create_connection(("127.0.0.1", port), timeout=5) as trickling:
        started = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in b"GET /thumbnails/good.png HTTP/1.0\r\nHost: x\r\n\r\n":
                trickling.sendall(bytes([byte]))
                time.sleep(0.1)
        assert b"PNG good" not in read_to_end(trickling)
        assert time.monotonic() - started < 3


def test_event_streams_outlive_the_request_and_send_timeouts(hostile, monkeypatch):
    port, _, state = hostile
    monkeypatch.setattr(serve, "REQUEST_SECONDS", 0.3)
    monkeypatch.setattr(serve, "SEND_STALL_SECONDS", 0.3)
    monkeypatch.setattr(serve, "KEEPALIVE_SECONDS", 0.5)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"GET /__affiche/events HTTP/1.0\r\n\r\n")
        stream = client.makefile("rb")
        while stream.readline() != b"\r\n":  # the headers
            pass
        assert stream.readline() == b'data: {"version": 0, "error": null}\n'
        # 3 keep-alives, each with its blank line: 1.5 s, five times either timeout.
        assert [stream.readline() for _ in range(7)].count(b": still here\n") == 3
        state.record(None)
        while not (line := stream.readline()).startswith(b"data: "):
            assert line, "event stream closed"
        assert json.loads(line[len(b"data: "):]) == {"version": 1, "error": None}


def test_idle_connections_take_a_bounded_number_of_threads_and_the_server_still_answers(hostile):
    port, _, _ = hostile
    before = handler_threads()
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(60)]
    try:
        wait_for_handlers(before + serve.MAX_CONNECTIONS)
        assert handler_threads() - before == serve.MAX_CONNECTIONS
        with socket.create_connection(("127.0.0.1", port), timeout=5) as late:
            started = time.monotonic()
            assert read_to_end(late) == b""  # refused, at once
            assert time.monotonic() - started < 2
        assert handler_threads() - before == serve.MAX_CONNECTIONS
    finally:
        for client in idle:
            client.close()
    wait_for_handlers(before)
    assert get(port, "/thumbnails/good.png").body == b"\x89PNG good"


def test_a_fifo_is_a_404_and_never_opened(hostile):
    port, output, _ = hostile
    for method in ("GET", "HEAD"):
        started = time.monotonic()
        response = exchange(port, f"{method} /thumbnails/pipe.png HTTP/1.0\r\n\r\n".encode(), timeout=3)
        assert status_of(response) == 404 and time.monotonic() - started < 2
    # Nobody opened it for reading: a writer that does not wait finds no reader.
    with pytest.raises(OSError, match="No such device or address"):
        os.open(output / "thumbnails" / "pipe.png", os.O_WRONLY | os.O_NONBLOCK)


def test_host_must_be_an_ip_address_and_is_never_looked_up(project, monkeypatch):
    result = run_cli(project, "serve", "--host", "999.1.1.1", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: command line: --host 999.1.1.1 --port 0: '999.1.1.1' is not an IP address (give one such as "
        "127.0.0.1 for this machine only or 0.0.0.0 for every network; host names are not looked up)")
    assert "Traceback" not in result.stderr and not (project / "output").exists()

    def no_lookup(*args):
        raise AssertionError("looked up")
    for lookup in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getfqdn"):
        monkeypatch.setattr(socket, lookup, no_lookup)
    where = Location("command line", key_path="--host")
    assert listening_address("::1", where) == "::1" and listening_address("0.0.0.0", where) == "0.0.0.0"
    for name in ("example.org", "999.1.1.1", "", "127.1", "[::1]"):
        with pytest.raises(AfficheError, match="is not an IP address"):
            listening_address(name, where)
    server = open_server("localhost", 0, project, BuildState())
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


HOSTILE_REQUESTS = {
    b"GARBAGE\r\n\r\n": 400,
    b"GET\r\n\r\n": 400,
    b"GET / HTTP/9.9\r\n\r\n": 505,
    b"\x00\xff\xfe binary \x16\x03\x01\r\n\r\n": 400,
    b"BREW /pot HTTP/1.0\r\n\r\n": 501,
    b"GET //[x HTTP/1.0\r\n\r\n": 404,
    b"GET //thumbnails/good.png HTTP/1.0\r\n\r\n": 200,
    b"GET * HTTP/1.0\r\n\r\n": 404,
    b"GET /thumbnails/%00good.png HTTP/1.0\r\n\r\n": 404,
    b"GET /thumbnails/\x00 HTTP/1.0\r\n\r\n": 404,
    b"GET /%ff%fe%c0%ae%c0%ae/ HTTP/1.0\r\n\r\n": 404,
    b"GET /thumbnails/good.png/child HTTP/1.0\r\n\r\n": 404,
    b"GET /" + b"x" * 300 + b" HTTP/1.0\r\n\r\n": 404,
    b"GET /" + b"a/" * 3000 + b" HTTP/1.0\r\n\r\n": 404,
    b"GET /" + b"x" * 70000 + b" HTTP/1.0\r\n\r\n": 414,
    b"GET / HTTP/1.0\r\n" + b"X-A: b\r\n" * 101 + b"\r\n": 431,
    b"GET / HTTP/1.0\r\nX-Long: " + b"y" * 70000 + b"\r\n\r\n": 431,
}


def test_no_request_prints_a_traceback(hostile, capfd, monkeypatch):
    port, _, _ = hostile
    before = handler_threads()
    for raw, expected in HOSTILE_REQUESTS.items():
        assert status_of(exchange(port, raw)) == expected, raw[:60]

    downloading = socket.create_connection(("127.0.0.1", port), timeout=5)
    downloading.sendall(b"GET /big.pdf HTTP/1.0\r\n\r\n")
    assert downloading.recv(1024).startswith(b"HTTP/1.0 200")
    reset(downloading)
    asking = socket.create_connection(("127.0.0.1", port), timeout=5)
    asking.sendall(b"GET /thumb")
    time.sleep(0.1)
    reset(asking)

    read = serve.read_regular_file
    def removed_meanwhile(path):
        path.unlink()
        return read(path)
    monkeypatch.setattr(serve, "read_regular_file", removed_meanwhile)
    assert get(port, "/thumbnails/good.png").status == 404

    def bug(*args):
        raise ZeroDivisionError("a bug in affiche")
    monkeypatch.setattr(serve, "listing", bug)
    assert get(port, "/thumbnails/").status == 500
    assert get(port, "/__affiche/version").status == 200  # still serving

    wait_for_handlers(before)  # the reset download's among them
    printed = capfd.readouterr().err
    assert "Traceback" not in printed
    assert printed == "warning: preview server: ZeroDivisionError: a bug in affiche\n"
