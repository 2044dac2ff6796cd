"""A build stopped from outside (issue #10): its workers end with it, however it is killed, and
Ctrl-C or SIGTERM stop it with one line, the files it finished kept and none half-written."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from affiche.pipeline.build import build
from affiche.pipeline.manifest import MANIFEST_NAME

from proctree import still_alive, wait_until_it_handles_signals
from scratch import ROOT, copy_built, folder_files, keep_layouts, neither_old_nor_new, replace_in, run_cli, start_cli

GONE_WITHIN_S = 10  # the fault this guards against took minutes; a loaded CI machine may take seconds
FRENCH_EDIT = ("Pour favoriser la coopération", "Afin de favoriser la coopération")  # in the handout only
POSTER_EDIT = ("dirige les efforts canadiens", "mène les efforts canadiens")  # in the posters' introduction
ONE_LINE = re.compile(r"interrupted: (\d+) files? kept, nothing half-written")


@pytest.fixture
def started_with_workers(watch_processes):
    """Start a `--jobs 2` build and return it, once its two render workers exist (`tied`: and are
    tied to it), with the watch on its processes."""
    def start(project, *args: str, tied: bool = False):
        build = start_cli(project, "build", *args, "--jobs", "2")
        tree = watch_processes(build.pid)
        tree.wait_for_workers(2, tied=tied)
        return build, tree

    return start


def read_to_the_end(build, within: float) -> tuple[str, str]:
    """What a wrapper does: read the build's output until it closes, then collect its status;
    TimeoutExpired if that takes longer than `within` seconds."""
    return build.communicate(timeout=within)


def errors(stderr: str) -> list[str]:
    """stderr less the warnings of the preflight, which the project's own data raises."""
    return [line for line in stderr.splitlines() if not line.startswith("warning: ")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_parallel_build_takes_its_workers_with_it(project, signum, started_with_workers):
    """Before: both workers and multiprocessing's resource tracker outlived the parent by minutes,
    holding its stdout open, so a wrapper waiting for the end of the output waited as long."""
    build, tree = started_with_workers(project, "--layout", "handout-letter", "--layout", "poster-tabloid", tied=True)
    processes = tree.stop()
    os.kill(build.pid, signum)
    _, stderr = read_to_the_end(build, GONE_WITHIN_S)
    assert still_alive(processes, GONE_WITHIN_S) == set()
    assert "Traceback" not in stderr
    if signum == signal.SIGTERM:  # which stops a build as Ctrl-C does, with its own exit status
        assert build.returncode == 143, stderr
        assert len(errors(stderr)) == 1 and ONE_LINE.fullmatch(errors(stderr)[0]), stderr


def test_ctrl_c_stops_a_build_with_one_line_and_whole_files(project, built, started_with_workers):
    """Before: a KeyboardInterrupt traceback from the parent and from each worker, once followed
    by 'internal error: OSError: ... CAIRO_STATUS_WRITE_ERROR' from a worker cut short in cairo."""
    keep_layouts(project, "handout-letter", "poster-tabloid")  # columns that need no balancing: quicker
    copy_built(built, project / "output")
    assert run_cli(project, "build").returncode == 0  # the builds around the stopped one, in one process
    before = folder_files(project / "output")
    replace_in(project / "data" / "handout.yaml", *FRENCH_EDIT)

    build, tree = started_with_workers(project)
    processes = tree.stop()
    os.killpg(build.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the build and its workers at once
    stdout, stderr = read_to_the_end(build, 30)
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert len(errors(stderr)) == 1, stderr
    kept = ONE_LINE.fullmatch(errors(stderr)[0])
    assert kept and int(kept[1]) == len(stdout.splitlines()), (stdout, stderr)  # the files it listed
    assert still_alive(processes, GONE_WITHIN_S) == set()

    stopped = folder_files(project / "output")
    assert not [name for name in stopped if name.endswith(".tmp")]
    recovered = run_cli(project, "build")
    assert recovered.returncode == 0, recovered.stderr
    assert neither_old_nor_new(stopped, before, folder_files(project / "output")) == []


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_a_check_with_one_line_and_its_reading_process(project, built, watch_processes,
                                                                               signum, status):
    """Before: a KeyboardInterrupt traceback, status -2, from wherever the check was (an import, say),
    and SIGTERM killed it mid-way. The default project's PDFs are read in a second process."""
    copy_built(built, project / "output")
    check = start_cli(project, "check")
    tree = watch_processes(check.pid)
    wait_until_it_handles_signals(check.pid)
    tree.wait_for_workers(1)  # the PDFs' reader
    processes = tree.stop()
    os.killpg(check.pid, signum)
    stdout, stderr = read_to_the_end(check, 30)
    assert (check.returncode, stderr) == (status, "check stopped\n"), stdout
    assert still_alive(processes, GONE_WITHIN_S) == set()


def test_a_build_stopped_between_a_record_and_its_files_is_made_good(project, monkeypatch):
    """A variant's record is put in place first, then its files, each whole: a build stopped in
    between leaves the record naming bytes the old files do not have, so the next build finds them
    stale, draws the edition again, to the same bytes, and records it."""
    keep_layouts(project, "poster-tabloid")
    output = project / "output"
    build(project, output)
    before = folder_files(output)
    replace_in(project / "data" / "handout.yaml", *POSTER_EDIT)
    real_replace = os.replace

    def stop_after_the_record(source, target):
        real_replace(source, target)
        if Path(target).name == MANIFEST_NAME:
            raise KeyboardInterrupt  # as Ctrl-C would, just after the record is in place

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", stop_after_the_record)
        with pytest.raises(KeyboardInterrupt):
            build(project, output)
    stopped = folder_files(output)
    assert stopped[MANIFEST_NAME] != before[MANIFEST_NAME]
    assert all(stopped[name] == before[name] for name in before if name != MANIFEST_NAME)  # no file replaced yet

    redone = {made.path.name for made in build(project, output) if made.rebuilt}
    assert redone and redone <= {name for name in before if name.startswith("poster-tabloid-fr")}
    assert not any(made.rebuilt for made in build(project, output))
    assert neither_old_nor_new(stopped, before, folder_files(output)) == []

# A library function that takes any exception for one of its own, as some do with a bare `except:`.
SWALLOWING_PREFLIGHT = """
import os, signal, sys, time
from pathlib import Path
from affiche import cli
from affiche.pipeline import build

checked = build.preflight

def preflight(*args):
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # its handler runs here, once the call returns
        time.sleep(1)
    except:  # noqa: E722
        pass
    checked(*args)

build.preflight = preflight
sys.exit(cli.main(['--root', sys.argv[1], 'build', '--jobs', '1']))
"""


def test_a_signal_that_lands_in_code_swallowing_every_exception_still_stops_the_build(project):
    """Before: the handler raised the interrupt where the signal landed. Inside a bare `except:` it
    was lost and the build went on to its end, status 0; inside an import, an extension module's
    set-up aborted the process; inside a class's creation it came out as an internal error."""
    keep_layouts(project, "poster-tabloid")
    stopped = subprocess.run([sys.executable, "-c", SWALLOWING_PREFLIGHT, str(project)], capture_output=True,
                             text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert stopped.returncode == 143, stopped.stderr
    assert errors(stopped.stderr) == ["interrupted: 0 files kept, nothing half-written"]
    assert not (project / "output").exists() or not any((project / "output").iterdir())


# The build's wait for its workers, where the build stands most of its time: a SIGTERM sent by
# another thread lands in any of the process's threads, and wakes no wait of the main one.
STOPPED_WAITING = """
import os, signal, sys, threading
from pathlib import Path
from affiche.pipeline import build
from affiche.pipeline.run import renderer
from affiche.pipeline.stop import Terminated, note_stop_signals
from affiche.project import load_project

root = Path(sys.argv[1])
project = load_project(root)
jobs = build.ordered_jobs(build.plan(project, [], build.chosen_languages([])), False)
note_stop_signals()
threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM)).start()
try:
    with renderer(root, 2) as render:
        next(render(jobs))
    print('a result came first')
except Terminated:
    print('stopped while waiting')
"""


def test_a_build_stopped_while_it_waits_for_its_workers_stops_there_and_exits(project):
    """The signal is noted, and raised within a tenth of a second while the build waits, not after
    the booklet's first render, seconds later. Before, the results dropped, Executor.map cancelled
    the jobs not yet begun while they were still on the pool's list; if the stopped workers ended
    first, Python 3.11's pool thread failed on a cancelled job, the jobs it had begun to send filled
    a pipe that no worker read, and the build hung forever as it exited (once in 60 stops)."""
    keep_layouts(project, "booklet-letter", "handout-a4")  # jobs of 20 to 30 KB: three fill a pipe
    stopped = subprocess.run([sys.executable, "-c", STOPPED_WAITING, str(project)], capture_output=True,
                             text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (stopped.returncode, stopped.stdout) == (0, "stopped while waiting\n"), stopped.stderr
    assert "Traceback" not in stopped.stderr, stopped.stderr
