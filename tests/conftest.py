"""Shared fixtures: the real outputs, built once for the whole run, and scratch projects."""
from __future__ import annotations

import fcntl
import gc
import json
import os
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from affiche.pipeline import fontconfig
from affiche.pipeline.build import build
from affiche.pipeline.run import COLLECTOR_THRESHOLDS
from scratch import copy_inputs

from proctree import ProcessTree

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_configure(config):
    """Every test process sees the project's fonts alone, as affiche's commands do, whichever test lays
    something out first: fontconfig reads its configuration once per process. Its collector runs as
    seldom as a render's (pipeline/run.py): the tests read back PDFs of millions of objects too."""
    fontconfig.isolate(ROOT / "fonts")
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    share_caches()
    take_ctrl_c()


def take_ctrl_c() -> None:
    """The processes the tests start take Ctrl-C as in a terminal, even when the suite itself was
    started in the background: a shell without job control starts a background job with SIGINT
    ignored, which every process started from it inherits, and the tests of Ctrl-C then failed."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def share_caches() -> None:
    """The processes the tests start (about 350: render.py, the editor, render workers, pytest-xdist's
    workers) keep the Python they compile, in a folder of the tests' own outside the project. On a
    machine set to write no bytecode (PYTHONDONTWRITEBYTECODE, as CI is), each compiled affiche's
    modules and rewrote the tests' asserts again: a tenth of a second per process, 3 s per worker.
    They share affiche's user cache there too (the language model unpacked), not the user's own."""
    kept = Path(tempfile.gettempdir()) / f"affiche-tests-{os.getuid()}"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(kept / "pycache")
    os.environ["XDG_CACHE_HOME"] = str(kept / "cache")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id) -> dict[str, Path]:
    """Every default output, built by the real pipeline; keyed by file name.

    Built once for the whole run, in two worker processes: pytest-xdist's workers share one
    build, made by whichever asks first while the others wait on a lock. The outputs are read,
    never changed."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    output_dir, listing = shared / "built-output", shared / "built-output.json"
    with exclusive(shared / "built-output.lock"):
        if not listing.is_file():
            names = [output.path.name for output in build(ROOT, output_dir, processes=2)]
            listing.write_text(json.dumps(names), encoding="utf-8")
    return {name: output_dir / name for name in json.loads(listing.read_text(encoding="utf-8"))}


@contextmanager
def exclusive(lock: Path):
    """Hold an advisory lock on `lock` while the block runs, across processes."""
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the project's inputs that a test may break."""
    copy_inputs(ROOT, tmp_path)
    return tmp_path


@pytest.fixture
def watch_processes():
    """Start watching the processes that descend from a pid (tests/proctree.py); those still alive
    at the end of the test are killed, so that a failed test leaves none behind."""
    trees = []

    def watch(pid: int) -> ProcessTree:
        trees.append(ProcessTree(pid))
        return trees[-1]

    yield watch
    for tree in trees:
        tree.end_survivors()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through the playwright package (never its own downloaded browsers)."""
    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed (./install.sh --test installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                   "(pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
