"""`render.py watch` and `render.py serve`, run the way staff run them, plus their parts in-process."""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import watchfiles

from affiche.errors import AfficheError
from affiche.commands.serve import BuildState, is_loopback, open_server, with_reload_script
from affiche.commands.watch import DROPPED, InputFilter, Job, lasting_changes, rebuild, watch
from pdfread import full_text, squash
from preview import get, preview_server
from scratch import ROOT, copy_built, replace_in, run_cli

STARTUP_SECONDS = 180  # the first build of a handout, on a busy two-core machine
REBUILD_SECONDS = 120  # a handout edit re-renders its screen and print PDFs, ~35 s each under load
PDF = "handout-a4-fr.pdf"


class Live:
    """render.py watch or serve in a subprocess; its output lines collected as they come."""

    def __init__(self, project: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "render.py"), "--root", str(project), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.collector = threading.Thread(target=self._collect, daemon=True)
        self.collector.start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, f"exited {self.process.returncode}:\n" + "\n".join(self.seen)
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} within {timeout:.0f} s:\n" + "\n".join(self.seen))

    def interrupt(self, how: signal.Signals = signal.SIGINT) -> tuple[int, str]:
        """Ctrl-C, as staff stop it (or SIGTERM, as a service manager does): the exit status and
        everything printed."""
        self.process.send_signal(how)
        status = self.process.wait(timeout=30)
        self.collector.join(timeout=10)
        return status, "\n".join(self.seen + list(self.lines.queue))

    def __enter__(self) -> Live:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)



def wait_for_new_bytes(path: Path, old: bytes, timeout: float = REBUILD_SECONDS) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.read_bytes() != old:
            return path.read_bytes()
        time.sleep(0.2)
    raise AssertionError(f"{path.name} unchanged after {timeout:.0f} s")


def test_watch_rebuilds_after_an_edit_survives_a_broken_one_and_stops_on_ctrl_c(project):
    content, pdf = project / "data" / "handout.yaml", project / "output" / PDF
    with Live(project, "watch", "--layout", "handout-a4", "--lang", "fr") as live:
        live.wait_for(r"^watching data/, layouts/, fonts/, svg/, affiche/templates/ for changes", STARTUP_SECONDS)
        first = pdf.read_bytes()

        replace_in(content, "fr: Efforts canadiens de", "fr: Efforts canadiens révisés de")
        live.wait_for(r"changed: .*data/handout\.yaml", REBUILD_SECONDS)
        live.wait_for(rf"^output/{PDF} ", REBUILD_SECONDS)
        edited = pdf.read_bytes()
        assert edited != first
        assert squash("Efforts canadiens révisés") in squash(full_text(pdf))

        good_time = pdf.stat().st_mtime_ns
        content.write_text(content.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
        live.wait_for(r"^error: data/handout\.yaml:\d+:\d+: YAML syntax error", REBUILD_SECONDS)
        assert live.process.poll() is None
        assert pdf.read_bytes() == edited and pdf.stat().st_mtime_ns == good_time
        assert not [path.name for path in pdf.parent.iterdir() if path.name.endswith(".tmp")]  # no half-written file

        content.write_text(content.read_text(encoding="utf-8").replace("broken: [\n", "").replace(
            "Canada dirige les efforts", "Canada dirige désormais les efforts"), encoding="utf-8")
        try:
            wait_for_new_bytes(pdf, edited)
        except AssertionError:
            raise AssertionError("\n".join(live.seen + list(live.lines.queue)))
        assert squash("dirige désormais") in squash(full_text(pdf))

        status, printed = live.interrupt()
        assert status == 0 and "Traceback" not in printed


def test_sigterm_stops_watch_as_ctrl_c_does(project, built):
    """A service manager stops `serve` or `watch` with SIGTERM. Before, it killed them where they
    stood (status -15); now they say `stopped` and exit with 0, their normal way out."""
    copy_built(built, project / "output")
    with Live(project, "watch", "--layout", "poster-tabloid") as live:
        live.wait_for(r"^watching data/", STARTUP_SECONDS)
        status, printed = live.interrupt(signal.SIGTERM)
    assert (status, printed.splitlines()[-1]) == (0, "stopped"), printed
    assert "Traceback" not in printed


class EventStream:
    def __init__(self, port: int, timeout: float) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.connection.request("GET", "/__affiche/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_state(self) -> dict:
        """The next build state the server sends (keep-alive comments skipped)."""
        while True:
            line = self.response.fp.readline().decode()
            assert line, "event stream closed"
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])

    def first_state(self, wanted) -> dict:
        """The first state sent for which wanted(state) holds; others may come first, as when
        someone edits affiche's templates during the test and the server rebuilds for that too."""
        while not wanted(state := self.next_state()):
            pass
        return state

    def close(self) -> None:
        self.connection.close()


def test_serve_injects_live_reload_serves_outputs_refuses_traversal_and_signals_rebuilds(project):
    content, pdf = project / "data" / "handout.yaml", project / "output" / PDF
    (project / "secret.txt").write_text("not for the web")
    with Live(project, "serve", "--port", "0", "--layout", "handout-a4", "--lang", "fr") as live:
        port = int(live.wait_for(r"^serving .* at http://127\.0\.0\.1:(\d+)/$", STARTUP_SECONDS)[1])
        live.wait_for(r"^watching ", STARTUP_SECONDS)

        page = get(port, "/")
        assert page.status == 200 and page.getheader("Content-Type").startswith("text/html")
        assert b'<script id="affiche-live-reload">' in page.body and b"/__affiche/events" in page.body
        assert b"affiche-live-reload" not in b"".join(path.read_bytes() for path in pdf.parent.glob("*.html"))
        download = get(port, f"/{PDF}")
        assert download.status == 200 and download.getheader("Content-Type") == "application/pdf"
        assert download.body == pdf.read_bytes()
        for escape in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/output/../../secret.txt"):
            refused = get(port, escape)
            assert refused.status in (403, 404), escape
            assert b"not for the web" not in refused.body

        events = EventStream(port, timeout=REBUILD_SECONDS)
        try:
            before = events.next_state()
            assert before["version"] >= 1 and before["error"] is None
            replace_in(content, "fr: Efforts canadiens de", "fr: Efforts canadiens révisés de")
            rebuilt = events.first_state(lambda state: state["version"] > before["version"])
            assert rebuilt["error"] is None
            content.write_text(content.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
            failed = events.first_state(lambda state: state["error"] is not None)
            assert failed["version"] == rebuilt["version"] and failed["error"].startswith("error: data/handout.yaml:")
        finally:
            events.close()
        assert json.loads(get(port, "/__affiche/version").body) == failed
        status, printed = live.interrupt()
        assert status == 0 and "Traceback" not in printed


@pytest.mark.parametrize("command", ["serve", "edit"])
def test_serve_or_edit_on_a_port_in_use_is_one_clear_line(project, command):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(project, command, "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: command line: --host 127.0.0.1 --port {port}: port {port} is already "
                                     "in use on 127.0.0.1 (stop the other server or choose another port with --port)")
    assert not (project / "output" / PDF).exists()


@pytest.fixture
def preview(tmp_path):
    """The preview server alone, in-process, over a hand-made output folder."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_bytes(b"<!DOCTYPE html><html><body><h1>Downloads</h1></body></html>\n")
    (output / "handout-letter-fr.pdf").write_bytes(b"%PDF-1.7 pretend\n")
    (output / ".handout-letter-fr.pdf.x1.tmp").write_bytes(b"half written")
    (output / "archive").mkdir()
    (output / "archive" / "old.pdf").write_bytes(b"%PDF-1.7 old\n")
    (tmp_path / "secret.txt").write_text("not for the web")
    (output / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with preview_server(output) as (port, state):
        yield port, output, state


def test_preview_adds_the_script_to_html_responses_only(preview):
    port, output, _ = preview
    page = get(port, "/")
    original = (output / "index.html").read_bytes()
    assert page.body.startswith(b"<!DOCTYPE html><html><body><h1>Downloads</h1>")
    assert page.body.endswith(b"</script>\n</body></html>\n")
    assert with_reload_script(original, 0) == page.body
    assert int(page.getheader("Content-Length")) == len(page.body)
    assert page.getheader("Cache-Control") == "no-store"
    assert (output / "index.html").read_bytes() == original
    assert get(port, "/index.html").body == page.body
    assert get(port, "/handout-letter-fr.pdf").body == b"%PDF-1.7 pretend\n"
    head = get(port, "/handout-letter-fr.pdf", "HEAD")
    assert head.status == 200 and head.body == b"" and head.getheader("Content-Length") == "17"


def test_preview_lists_a_folder_without_index(preview):
    port, _, _ = preview
    assert get(port, "/archive").status == 301
    listing = get(port, "/archive/")
    assert listing.status == 200
    assert b'<a href="old.pdf">old.pdf</a>' in listing.body and b"affiche-live-reload" in listing.body


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/archive/../../secret.txt",
                                  "/leak.txt", "/.handout-letter-fr.pdf.x1.tmp", "/missing.pdf", "/..\\secret.txt"])
def test_preview_serves_nothing_outside_the_output_folder(preview, path):
    port, _, _ = preview
    response = get(port, path)
    assert response.status == 404
    assert b"not for the web" not in response.body and b"half written" not in response.body


def test_preview_events_follow_the_builds(preview):
    port, _, state = preview
    events = EventStream(port, timeout=10)
    try:
        assert events.next_state() == {"version": 0, "error": None}
        state.record(None)
        assert events.next_state() == {"version": 1, "error": None}
        state.record("error: data/handout.yaml:3:1: YAML syntax error")
        assert events.next_state() == {"version": 1, "error": "error: data/handout.yaml:3:1: YAML syntax error"}
        assert json.loads(get(port, "/__affiche/version").body)["error"].startswith("error: data/handout.yaml")
    finally:
        events.close()


def test_non_loopback_addresses_are_told_apart():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("example.org")


def test_a_port_that_cannot_exist_is_an_error(tmp_path):
    with pytest.raises(AfficheError, match="port 70000 does not exist"):
        open_server("127.0.0.1", 70000, tmp_path, BuildState())


def test_watch_loop_reports_a_broken_start_and_ends_on_its_stop_event(project):
    (project / "data" / "handout.yaml").write_text("title: [\n", encoding="utf-8")
    results, stop = [], threading.Event()
    job = Job(project, project / "output", ("handout-a4",), ("fr",))
    loop = threading.Thread(target=watch, args=(job, lambda output: None, lambda message: None, results.append, stop))
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while not results and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(results) == 1 and results[0].startswith("error: data/handout.yaml:2:1: YAML syntax error")
    finally:
        stop.set()
        loop.join(timeout=10)
    assert not loop.is_alive()


def test_watch_warms_itself_when_its_first_build_has_nothing_to_render(project, monkeypatch):
    """The first edit is set as fast as the next: a watch whose outputs are current sets the first
    edition's screen PDF once in memory, and writes nothing."""
    from affiche.pipeline import run
    from affiche.pipeline.build import build

    output = project / "output"
    build(project, output, ["handout-a4"], ["fr"])
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in output.rglob("*") if path.is_file()}
    rendered, original = [], run.render_variant
    monkeypatch.setattr(run, "render_variant", lambda job, root: rendered.append(job) or original(job, root))
    results, stop = [], threading.Event()
    job = Job(project, output, ("handout-a4",), ("fr",))
    loop = threading.Thread(target=watch, args=(job, lambda output: None, lambda message: None, results.append, stop))
    loop.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not rendered and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        loop.join(timeout=REBUILD_SECONDS)
    assert results == [None]
    assert [(edition.key, variant.for_print) for edition, variant in rendered] == [("handout-a4-fr", False)]
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in output.rglob("*") if path.is_file()} == before


def test_a_rebuild_a_newer_save_made_stale_is_dropped_whole_and_unreported(project, capsys):
    """A save during the render: the screen PDF is finished and written, the print PDF never drawn,
    and the rebuild is dropped. A save that came in while the file was half written: the error
    the half is read with is not shown, since the next rebuild reads the whole."""
    job, reported, saves = Job(project, project / "output", ("handout-a4",), ("fr",)), [], []
    saved_during_render = lambda: bool(reported)  # noqa: E731
    assert rebuild(job, reported.append, lambda message: None, stale=saved_during_render) is DROPPED
    assert [output.path.name for output in reported] == [PDF]
    assert not (project / "output" / PDF.replace(".pdf", "-print.pdf")).exists()
    content = project / "data" / "handout.yaml"
    content.write_text(content.read_text("utf-8")[:200], "utf-8")  # a save half done
    capsys.readouterr()
    assert rebuild(job, reported.append, lambda message: None, stale=lambda: True) is DROPPED
    assert capsys.readouterr().err == ""
    message = rebuild(job, reported.append, lambda message: None, stale=saves.__len__)
    assert message.startswith("error: data/handout.yaml:") and message in capsys.readouterr().err


def test_scratch_files_and_outputs_do_not_trigger_builds(tmp_path):
    kept, scratch = tmp_path / "handout.yaml", tmp_path / "sedX1"
    kept.write_text("x")
    changes = {(watchfiles.Change.added, str(scratch)), (watchfiles.Change.deleted, str(scratch)),
               (watchfiles.Change.deleted, str(kept)), (watchfiles.Change.added, str(kept))}
    assert lasting_changes(changes) == {str(kept)}
    inputs = InputFilter(tmp_path / "data" / "out")
    assert inputs(watchfiles.Change.modified, str(tmp_path / "data" / "handout.yaml"))
    assert not inputs(watchfiles.Change.modified, str(tmp_path / "data" / "out" / "handout-a4-fr.pdf"))
    assert not inputs(watchfiles.Change.modified, str(tmp_path / "data" / ".handout.yaml.swp"))
