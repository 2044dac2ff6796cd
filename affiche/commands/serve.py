"""`render.py serve`: output/ on a local web server that reloads the open page after each rebuild.

Files are served as they are on disk, except that HTML responses get a small script
added on the way out: it listens on /__affiche/events (server-sent events) and
reloads the page when a build succeeds, or shows the error line when one fails. The
files themselves stay static pages. Only regular files and folders inside the output
folder are served or listed.

It faces whatever reaches its port, so no request may hold a thread for long or print a
traceback: a request must arrive within seconds and a client that stops reading is dropped,
the number of connections answered at once is bounded, and faults are answered with 4xx/5xx.
"""
from __future__ import annotations

import errno
import html
import io
import ipaddress
import json
import mimetypes
import os
import socket
import stat
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from socketserver import TCPServer
from urllib.parse import quote, unquote

from ..errors import AfficheError, Location
from ..pipeline.build import Output
from .watch import Job, watch

T = TypeVar("T")
EVENTS_PATH = "/__affiche/events"
VERSION_PATH = "/__affiche/version"
# An idle event stream sends a comment this often, so a closed tab ends its thread.
KEEPALIVE_SECONDS = 15
# A request's line and headers must all arrive within this, or the connection is dropped:
# otherwise a half-sent request, or one sent a byte at a time, would hold a thread for good.
REQUEST_SECONDS = 10
# A reply that cannot move on for this long is dropped: the client has stopped reading.
SEND_STALL_SECONDS = 10
# Connections answered at once. Beyond it new ones are closed at once rather than queued:
# waiting would only let a flood of idle connections pile up behind the ones holding the
# slots, which free up within REQUEST_SECONDS anyway. A browser opens at most 6 connections to
# one server (its event streams included), so this leaves room for several people's browsers.
MAX_CONNECTIONS = 32
# Responses go out in pieces of this size: the socket timeout bounds each sendall() as a
# whole, and a large PDF on a slow network must not count as a stalled client.
SEND_CHUNK_BYTES = 64 * 1024
# A client that went away or stalled: routine, nobody to answer and nothing to report.
CLIENT_FAULTS = (ConnectionError, TimeoutError)

RELOAD_SCRIPT = """<script id="affiche-live-reload">
(() => {
  const loaded = %(version)d;
  const events = new EventSource("%(events)s");
  events.onmessage = (message) => {
    const state = JSON.parse(message.data);
    if (state.version !== loaded) { location.reload(); return; }
    let banner = document.getElementById("affiche-build-error");
    if (state.error && !banner) {
      banner = document.createElement("pre");
      banner.id = "affiche-build-error";
      banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:0.8em 1em;z-index:2147483647;"
        + "background:#af3c43;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(banner);
    }
    if (banner) { banner.hidden = !state.error; banner.textContent = state.error || ""; }
  };
})();
</script>
"""


class BuildState:
    """The count of good builds, which open pages compare with the one they were loaded at,
    and the last build's error, if it failed."""

    def __init__(self) -> None:
        self.version = 0
        self.error: str | None = None
        self.closed = False
        self.changed = threading.Condition()  # its lock is reentrant: snapshot() works inside it

    def record(self, error: str | None) -> None:
        with self.changed:
            if error is None:
                self.version += 1
            self.error = error
            self.changed.notify_all()

    def snapshot(self) -> dict:
        with self.changed:
            return {"version": self.version, "error": self.error}

    def wait_for_change(self, seen: dict, timeout: float) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.snapshot() != seen, timeout)
            return self.snapshot()

    def close(self) -> None:
        """Let every open event stream end, so the server can stop."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def serve(job: Job, host: str, port: int, report: Callable[[Output], None], warn: Callable[[str], None],
          stop_event=None) -> None:
    """Serve job.output_dir on host:port and rebuild on every change until stopped (stop_event or Ctrl-C)."""
    state = BuildState()
    server = open_server(host, port, job.output_dir, state)
    job.output_dir.mkdir(parents=True, exist_ok=True)  # so the page lists "nothing built yet" until the first build
    if not is_loopback(host):
        print(f"warning: serving on {host}, not on this machine alone: anyone who can reach it can download "
              "the outputs and read the build errors (leave out --host to serve on 127.0.0.1 only)",
              file=sys.stderr, flush=True)
    listener = threading.Thread(target=server.serve_forever, name="affiche-serve", daemon=True)
    listener.start()
    print(f"serving {job.output_dir} at {server_url(server)}", flush=True)
    try:
        watch(job, report, warn, after_build=state.record, stop_event=stop_event)
    finally:
        state.close()
        server.shutdown()
        server.server_close()


class PreviewServer(ThreadingHTTPServer):
    """One thread per connection, so an open event stream never blocks a download; at most
    MAX_CONNECTIONS of them."""

    # Connections the kernel holds until they are accepted (socketserver's default is 5): more
    # than that in a burst, as a page of thumbnails or a flood makes, and the rest are retried
    # by the client a second or more later instead of being answered, or refused, at once.
    request_queue_size = 2 * MAX_CONNECTIONS

    def __init__(self, host: str, port: int, output_dir: Path, state: BuildState) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.output_dir = output_dir.resolve()
        self.state = state
        self.free_slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((host, port), PreviewHandler)

    def server_bind(self) -> None:
        """HTTPServer's, without its reverse lookup of the address into server_name (unused
        here), which can take seconds on a network without DNS."""
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request, client_address) -> None:
        if not self.free_slots.acquire(blocking=False):
            self.shutdown_request(request)  # refused: see MAX_CONNECTIONS
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.free_slots.release()  # no thread started, so none will give it back
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.free_slots.release()

    def handle_error(self, request, client_address) -> None:
        """Client faults are routine; anything else is a bug in affiche, already answered
        with a 500 where possible: one line for whoever runs the server, never a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, CLIENT_FAULTS):
            print(f"warning: preview server: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


def open_server(host: str, port: int, output_dir: Path, state: BuildState) -> PreviewServer:
    return listening(host, port, lambda address: PreviewServer(address, port, output_dir, state))


def listening(host: str, port: int, open_at: Callable[[str], T]) -> T:
    """What open_at(address) opens to listen on host:port, or a one-line error saying why it cannot."""
    where = Location("command line", key_path=f"--host {host} --port {port}")
    address = listening_address(host, where)
    if not 0 <= port <= 65535:
        raise AfficheError(where, f"port {port} does not exist",
                           "choose a port from 1024 to 65535, or 0 for any free one")
    try:
        return open_at(address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise AfficheError(where, f"port {port} is already in use on {host}",
                               "stop the other server or choose another port with --port") from None
        raise AfficheError(where, f"cannot listen there: {error.strerror or error}",
                           "use --host 127.0.0.1 and a port from 1024 to 65535") from None


def listening_address(host: str, where: Location) -> str:
    """host as an IP address, never looked up: a name could stand for any machine's address,
    and a mistyped address such as 999.1.1.1 would be sent to DNS as a host name."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        raise AfficheError(where, f"'{host}' is not an IP address",
                           "give one such as 127.0.0.1 for this machine only or 0.0.0.0 for every network; "
                           "host names are not looked up") from None


def server_url(server: PreviewServer) -> str:
    host, port = server.server_address[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD of files inside output_dir, plus the live-reload endpoints."""

    server: PreviewServer
    server_version = "affiche"

    def setup(self) -> None:
        """As StreamRequestHandler's, but reading with one deadline for the whole request."""
        super().setup()
        self.rfile.close()
        self.rfile = io.BufferedReader(RequestDeadline(self.connection, REQUEST_SECONDS))

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        """Every reply but the event stream is built in full before its first byte goes out, so
        a fault here comes before any header and can still be answered; the stream's faults
        are the client's."""
        self.connection.settimeout(SEND_STALL_SECONDS)  # the request is in: only writes are left to bound
        try:
            self.route(send_body)
        except CLIENT_FAULTS:
            raise  # nobody left to answer: handle_one_request or handle_error drop it quietly
        except OSError:  # a file removed or made unreadable while being answered
            self.send_error(HTTPStatus.NOT_FOUND, "not in the output folder")
        except Exception:
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            raise  # for handle_error's one line

    def route(self, send_body: bool) -> None:
        # Not urlsplit(): it reads "//name/..." as a host name, and raises on "//[".
        path = unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if path == EVENTS_PATH and send_body:
            self.stream_events()
        elif path == EVENTS_PATH:
            self.send_bytes(b"", "text/event-stream", send_body)
        elif path == VERSION_PATH:
            self.send_bytes(json.dumps(self.server.state.snapshot()).encode(), "application/json", send_body)
        else:
            self.send_file(path, send_body)

    def send_file(self, url_path: str, send_body: bool) -> None:
        found = self.find(url_path)
        if found is None:
            self.send_error(HTTPStatus.NOT_FOUND, "not in the output folder")
            return
        target, status = found
        if stat.S_ISDIR(status.st_mode) and not url_path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", quote(url_path) + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif stat.S_ISDIR(status.st_mode):
            self.send_html(self.folder_page(target, url_path), send_body)
        else:
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            data = read_regular_file(target)
            if content_type == "text/html":
                self.send_html(data, send_body)
            else:
                self.send_bytes(data, content_type, send_body)

    def folder_page(self, folder: Path, url_path: str) -> bytes:
        """Its index.html, if that is a regular file inside output_dir, or else a listing."""
        index = servable(self.server.output_dir, folder / "index.html")
        if index is not None and stat.S_ISREG(index[1].st_mode):
            return read_regular_file(index[0])
        return listing(folder, url_path, self.server.output_dir).encode("utf-8")

    def find(self, url_path: str) -> tuple[Path, os.stat_result] | None:
        return find_in(self.server.output_dir, url_path)

    def send_html(self, page: bytes, send_body: bool) -> None:
        page = with_reload_script(page, self.server.state.snapshot()["version"])
        self.send_bytes(page, "text/html; charset=utf-8", send_body)

    def send_bytes(self, data: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a rebuilt file must never come from the cache
        self.end_headers()
        if send_body:
            view = memoryview(data)
            for start in range(0, len(data), SEND_CHUNK_BYTES):
                self.wfile.write(view[start:start + SEND_CHUNK_BYTES])

    def stream_events(self) -> None:
        """Server-sent events: the build state now, then each time it changes. The socket's
        timeout only counts while a write is stuck, so the pauses between messages are free."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        state = self.server.state.snapshot()
        try:
            self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
            self.wfile.flush()
            while not self.server.state.closed:
                current = self.server.state.wait_for_change(state, KEEPALIVE_SECONDS)
                message = f"data: {json.dumps(current)}\n\n" if current != state else ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                state = current
        except ConnectionError:
            pass  # the page was closed or reloaded

    def log_message(self, format: str, *args) -> None:
        """Quiet: staff need the build lines, not one line per request."""


class RequestDeadline(io.RawIOBase):
    """A connection's reading side, with one deadline for the whole request rather than a
    timeout for each piece of it: a client trickling a byte every few seconds must not hold
    its thread either. The TimeoutError ends the connection quietly (handle_one_request)."""

    def __init__(self, connection: socket.socket, seconds: float) -> None:
        self.connection = connection
        self.deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.connection.settimeout(remaining)
        return self.connection.recv_into(buffer)


def find_in(output_dir: Path, url_path: str) -> tuple[Path, os.stat_result] | None:
    """What url_path names inside output_dir (see servable()), or None: no `..`, nothing
    hidden (the writer's temporary files start with a dot)."""
    parts = [part for part in url_path.split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    return servable(output_dir, output_dir.joinpath(*parts))


def servable(output_dir: Path, path: Path) -> tuple[Path, os.stat_result] | None:
    """Where path really is and its status, if that is a regular file or a folder inside
    output_dir; None for anything missing, a broken or looping link, a link leading out, a
    FIFO, socket or device. Told by stat(), which never opens the file: opening a FIFO blocks."""
    try:
        real = path.resolve(strict=True)
        status = real.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop, before Python 3.13
        return None
    inside = real == output_dir or output_dir in real.parents
    regular_or_folder = stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode)
    return (real, status) if inside and regular_or_folder else None


def read_regular_file(path: Path) -> bytes:
    """The bytes of a file servable() found regular. Opened without blocking and looked at
    again, so that a FIFO put in its place since then can neither hold the thread nor be read."""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise FileNotFoundError(errno.ENOENT, "no longer a regular file", str(path))
        return file.read()


def with_reload_script(page: bytes, version: int) -> bytes:
    """The page with the live-reload script before </body> (or at the end when there is none)."""
    script = (RELOAD_SCRIPT % {"version": version, "events": EVENTS_PATH}).encode("utf-8")
    end = page.lower().rfind(b"</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def listing(folder: Path, url_path: str, output_dir: Path) -> str:
    """A plain page of links to the folder's files, for when there is no index.html."""
    entries = servable_entries(folder, output_dir)
    rows = "\n".join(
        f'<li><a href="{quote(name)}{"/" if stat.S_ISDIR(status.st_mode) else ""}">{html.escape(name)}</a>'
        f'{"" if stat.S_ISDIR(status.st_mode) else f" — {status.st_size / 1024:.0f} KB"}</li>'
        for name, status in entries)
    title = html.escape(f"affiche outputs: {url_path}")
    body = f"<ul>\n{rows}\n</ul>" if rows else "<p>Nothing built yet.</p>"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n")


def servable_entries(folder: Path, output_dir: Path) -> list[tuple[str, os.stat_result]]:
    """The folder's entries by name, with their status: only those that would be served, so
    that no name or size from outside output_dir shows. Hidden ones are never served."""
    entries = []
    for path in sorted(folder.iterdir()):
        found = None if path.name.startswith(".") else servable(output_dir, path)
        if found is not None:
            entries.append((path.name, found[1]))
    return entries
