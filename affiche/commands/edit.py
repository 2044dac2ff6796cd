"""`render.py edit`: the browser editor, on this machine, until Ctrl-C or SIGTERM.

It listens on 127.0.0.1 (a free port unless --port says which) and prints its address with a
one-time token, as Jupyter does; --host opens it to a network, with a warning. The page is served
by Werkzeug's threaded server, one thread per request, and the preview builds in a thread of its own.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.languages import LANGUAGES
from ..pipeline.stop import raise_if_asked
from .serve import is_loopback, listening

LISTEN_BACKLOG = 64
WAKE_SECONDS = 0.25


def run(root: Path, output_dir: Path, host: str, port: int, open_browser: bool, layout: str | None,
        debug: bool) -> None:
    from ..project import load_project

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request means nothing to staff
    layouts = load_project(root).layouts()
    shown_layout = preview_layout(layouts, layout)
    listener = listening(host, port, lambda address: bound_socket(address, port))
    if not is_loopback(host):
        print(f"warning: the editor listens on {host}, not on this machine alone: whoever has its address "
              "and token can change the content files (leave out --host to listen on 127.0.0.1 only)",
              file=sys.stderr, flush=True)
    serve(listener, root, output_dir, layouts, shown_layout, open_browser, debug)


def serve(listener: socket.socket, root: Path, output_dir: Path, layouts: list, shown_layout: str,
          open_browser: bool, debug: bool) -> None:
    """The editor's pages on the listening socket, and its preview, until Ctrl-C or SIGTERM."""
    from werkzeug.serving import make_server  # Flask and Werkzeug only for this command

    from ..editor.app import Editor, create_app
    from ..editor.preview import Preview
    from ..editor.security import Keys

    editor = Editor(root, output_dir, Keys(), Preview(root, output_dir, shown_layout, debug),
                    listener.getsockname()[1], layouts, debug)
    server = make_server(listener.getsockname()[0], editor.port, create_app(editor), threaded=True,
                         fd=listener.fileno())
    url = f"{editor_url(listener)}?token={editor.keys.token}"
    print(f"editing {root} at {url}\n(the address works once, in one browser; Ctrl-C to stop)", flush=True)
    editor.preview.ask(LANGUAGES[0], "")  # the first page of the source language: the pipeline warms up
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    threading.Thread(target=server.serve_forever, name="affiche-editor", daemon=True).start()
    try:
        while True:  # Ctrl-C and SIGTERM are noted (pipeline/stop.py) and raised here when this thread wakes
            time.sleep(WAKE_SECONDS)
            raise_if_asked()
    finally:
        server.shutdown()
        editor.preview.stop()
        server.server_close()


def bound_socket(address: str, port: int) -> socket.socket:
    """A socket listening on address:port, bound here rather than by Werkzeug, which prints its own
    message and exits when the port is taken: `listening` tells it in one line."""
    listener = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
    try:
        listener.bind((address, port))
        listener.listen(LISTEN_BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener


def preview_layout(layouts, name: str | None) -> str:
    """The handout layout the preview shows: the one named, or the first; in one language at a time,
    since the preview shows the language edited."""
    fitting = [layout.name for layout in layouts if layout.document == "handout" and layout.bilingual is None]
    if name is None and fitting:
        return fitting[0]
    if name in fitting:
        return name
    where = Location("command line", key_path=f"--layout {name}") if name else Location("layouts/")
    raise AfficheError(where, f"{'no layout' if name is None else 'not a layout'} of a handout in one language "
                       "to preview", f"name one of {', '.join(fitting)}" if fitting else "add one to layouts/")


def editor_url(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    if ipaddress.ip_address(host).is_unspecified:
        host = "127.0.0.1" if ":" not in host else "::1"  # all addresses: this machine's is one of them
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
