"""`render.py serve`: output/ on a local web server that reloads the open page after each rebuild.

Files are served as they are on disk, except that HTML responses get a small script
added on the way out: it listens on /__affiche/events (server-sent events) and
reloads the page when a build succeeds, or shows the error line when one fails. The
files themselves stay static pages. Only files inside the output folder are served.
"""
from __future__ import annotations

import errno
import html
import ipaddress
import json
import mimetypes
import socket
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..errors import AfficheError, Location
from ..pipeline.build import Output
from .watch import Job, watch

EVENTS_PATH = "/__affiche/events"
VERSION_PATH = "/__affiche/version"
# An idle event stream sends a comment this often, so a closed tab ends its thread.
KEEPALIVE_SECONDS = 15

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
    """One thread per request, so an open event stream never blocks a download."""

    def __init__(self, host: str, port: int, output_dir: Path, state: BuildState) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.output_dir = output_dir.resolve()
        self.state = state
        super().__init__((host, port), PreviewHandler)

    def handle_error(self, request, client_address) -> None:
        """A browser that goes away mid-download is routine, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def open_server(host: str, port: int, output_dir: Path, state: BuildState) -> PreviewServer:
    where = Location("command line", key_path=f"--host {host} --port {port}")
    if not 0 <= port <= 65535:
        raise AfficheError(where, f"port {port} does not exist",
                           "choose a port from 1024 to 65535, or 0 for any free one")
    try:
        return PreviewServer(host, port, output_dir, state)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise AfficheError(where, f"port {port} is already in use on {host}",
                               "stop the other server or choose another port with --port") from None
        raise AfficheError(where, f"cannot listen there: {error.strerror or error}",
                           "use --host 127.0.0.1 and a port from 1024 to 65535") from None


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

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH and send_body:
            self.stream_events()
        elif path == EVENTS_PATH:
            self.send_bytes(b"", "text/event-stream", send_body)
        elif path == VERSION_PATH:
            self.send_bytes(json.dumps(self.server.state.snapshot()).encode(), "application/json", send_body)
        else:
            self.send_file(path, send_body)

    def send_file(self, url_path: str, send_body: bool) -> None:
        target = self.resolve(url_path)
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "not in the output folder")
        elif target.is_dir() and not url_path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", quote(url_path) + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif target.is_dir() and (target / "index.html").is_file():
            self.send_html((target / "index.html").read_bytes(), send_body)
        elif target.is_dir():
            self.send_html(listing(target, url_path).encode("utf-8"), send_body)
        else:
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            try:
                data = target.read_bytes()
            except OSError:  # removed since resolve() saw it
                self.send_error(HTTPStatus.NOT_FOUND, "not in the output folder")
                return
            if content_type == "text/html":
                self.send_html(data, send_body)
            else:
                self.send_bytes(data, content_type, send_body)

    def resolve(self, url_path: str) -> Path | None:
        """The file or folder inside output_dir that url_path names, or None: no `..`, no
        symbolic link leading out, nothing hidden (the writer's temporary files start with a dot)."""
        parts = [part for part in url_path.split("/") if part]
        if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
            return None
        target = self.server.output_dir.joinpath(*parts).resolve()
        inside = target == self.server.output_dir or self.server.output_dir in target.parents
        return target if inside and target.exists() else None

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
            self.wfile.write(data)

    def stream_events(self) -> None:
        """Server-sent events: the build state now, then each time it changes."""
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


def with_reload_script(page: bytes, version: int) -> bytes:
    """The page with the live-reload script before </body> (or at the end when there is none)."""
    script = (RELOAD_SCRIPT % {"version": version, "events": EVENTS_PATH}).encode("utf-8")
    end = page.lower().rfind(b"</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def listing(folder: Path, url_path: str) -> str:
    """A plain page of links to the folder's files, for when there is no index.html."""
    entries = sorted(path for path in folder.iterdir() if not path.name.startswith("."))
    rows = "\n".join(
        f'<li><a href="{quote(path.name)}{"/" if path.is_dir() else ""}">{html.escape(path.name)}</a>'
        f'{"" if path.is_dir() else f" — {path.stat().st_size / 1024:.0f} KB"}</li>'
        for path in entries)
    title = html.escape(f"affiche outputs: {url_path}")
    body = f"<ul>\n{rows}\n</ul>" if rows else "<p>Nothing built yet.</p>"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n")
