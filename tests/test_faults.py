"""Builds killed at random moments (issue #10): whatever the moment and the signal, every output
is whole, as the last build left it or as this one makes it, no process of the build lives on,
and the next build finishes the job.

The moments are drawn from a seeded generator, between the first moments of a build and the
length of that build, measured once: each run kills at the same points of the build.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from affiche.pipeline.manifest import MANIFEST_NAME

from proctree import still_alive, wait_until_it_handles_signals
from scratch import (copy_built, copy_inputs, folder_files, is_hidden, keep_layouts, neither_old_nor_new, readers_files, replace_in, run_cli,
                     start_cli)

# A poster, in both languages: the edit has the French one's screen and print variants rebuilt, in
# two workers. A poster renders in about a second, a handout in four: with those, the kills would
# take minutes.
LAYOUTS = ("poster-tabloid",)
FRENCH_EDIT = ("dirige les efforts canadiens", "mène les efforts canadiens")  # in the posters' introduction
SEED = 10  # the number
EARLIEST_S = 0.2
# SIGKILL, which nothing can catch, in turn with the two that stop a build cleanly. SIGTERM goes
# to the build alone, SIGINT to its process group, as a terminal's Ctrl-C does.
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGKILL, signal.SIGINT)
GONE_WITHIN_S = 5
BUILD = ("build", "--jobs", "2")  # the builds that are killed, and the one that times them
SETTLE = ("build",)  # the builds around them: one process makes the same files, without starting two more


@dataclass(frozen=True)
class Setting:
    project: Path  # edited: its next build rewrites the French outputs
    saved: Path  # a copy of its outputs from before the edit, manifest included
    old: dict[str, bytes]  # what that copy holds
    new: dict[str, bytes]  # the outputs after the edit, built in another folder
    seconds: float  # how long that build took


@pytest.fixture(scope="module")
def setting(tmp_path_factory, root, built) -> Setting:
    """The project starts from the shared build's outputs; the reference build redoes from them
    what each killed build redoes, so that the kills fall within a build's length."""
    project = scratch_project(tmp_path_factory.mktemp("faults"), root, built)
    assert run_cli(project, *SETTLE).returncode == 0
    saved = tmp_path_factory.mktemp("faults-old") / "output"
    shutil.copytree(project / "output", saved)

    reference = scratch_project(tmp_path_factory.mktemp("faults-reference"), root, built)
    replace_in(reference / "data" / "handout.yaml", *FRENCH_EDIT)
    began = time.monotonic()
    redone = run_cli(reference, *BUILD)
    seconds = time.monotonic() - began
    assert redone.returncode == 0, redone.stderr
    old, new = folder_files(saved), folder_files(reference / "output")
    assert readers_files(new) != readers_files(old)
    replace_in(project / "data" / "handout.yaml", *FRENCH_EDIT)
    return Setting(project, saved, old, new, seconds)


def scratch_project(folder: Path, root: Path, built: dict[str, Path]) -> Path:
    copy_inputs(root, folder)
    keep_layouts(folder, *LAYOUTS)
    copy_built(built, folder / "output")
    return folder


def test_builds_killed_at_random_leave_whole_outputs_no_process_and_recover(setting, watch_processes):
    moments = random.Random(SEED)
    output = setting.project / "output"
    for kill, signum in enumerate(SIGNALS):
        delay = moments.uniform(EARLIEST_S, setting.seconds)
        where = f"kill {kill}: {signum.name} after {delay:.2f} s"
        shutil.rmtree(output)
        shutil.copytree(setting.saved, output)

        build = start_cli(setting.project, *BUILD)
        tree = watch_processes(build.pid)
        wait_until(build.pid, delay, clean_stop=signum != signal.SIGKILL)
        processes = tree.stop()
        send(build, signum)
        stdout, stderr = build.communicate(timeout=60)

        assert "Traceback" not in stderr, f"{where}: {stderr}"
        if signum != signal.SIGKILL:
            assert_stopped_cleanly(build.returncode, signum, stdout, stderr, where)
        assert still_alive(processes, GONE_WITHIN_S) == set(), where
        assert_old_or_new(folder_files(output), setting, may_leave_temporaries=signum == signal.SIGKILL,
                          where=where)

        recovered = run_cli(setting.project, *SETTLE)
        assert recovered.returncode == 0, f"{where}, then: {recovered.stderr}"
        assert readers_files(folder_files(output)) == readers_files(setting.new), where


def wait_until(pid: int, delay: float, clean_stop: bool) -> None:
    """`delay` seconds after the build started; for a clean stop, not before the build handles
    signals, which it does from its first tenth of a second or so (before, Python starts up)."""
    began = time.monotonic()
    if clean_stop:
        wait_until_it_handles_signals(pid)
    time.sleep(max(0.0, began + delay - time.monotonic()))


def send(build, signum: signal.Signals) -> None:
    if signum == signal.SIGINT:
        os.killpg(build.pid, signum)
    else:
        os.kill(build.pid, signum)


def assert_stopped_cleanly(status: int, signum: signal.Signals, stdout: str, stderr: str, where: str) -> None:
    """Stopped with its one line, or it had finished: the signal came after the build, or as
    Python was exiting (Python then puts back the default handlers, and the signal ends it)."""
    if status == 128 + signum:
        errors = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
        assert len(errors) == 1 and errors[0].startswith("interrupted: "), f"{where}: {stderr}"
    else:
        assert status in (0, -signum) and re.search(r"^\d+ files? built, \d+ unchanged", stdout, re.M), \
            f"{where}: status {status}: {stdout}{stderr}"


def assert_old_or_new(files: dict[str, bytes], setting: Setting, may_leave_temporaries: bool, where: str) -> None:
    """Every file readers see is whole, as before the build or as after it; hidden, the manifest,
    readable, and the temporaries of writes cut short, only where nothing could clean them up."""
    assert neither_old_nor_new(files, setting.old, setting.new) == [], where
    json.loads(files[MANIFEST_NAME])
    temporaries = [name for name in files if is_hidden(name) and name != MANIFEST_NAME]
    assert all(re.fullmatch(r"(.*/)?\..+\.tmp", name) for name in temporaries), f"{where}: {temporaries}"
    assert may_leave_temporaries or temporaries == [], f"{where}: {temporaries}"
