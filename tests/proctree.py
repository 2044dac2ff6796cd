"""A build's processes as /proc shows them, to check that none outlives the build (Linux only)."""
from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

POLL_S = 0.01


@dataclass(frozen=True)
class Proc:
    pid: int
    started: int  # clock ticks after boot: tells this process from a later one given the same pid


def stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat from its third field on (state, ppid, ...), or None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # the second field, the command name in brackets, may hold spaces


def processes() -> dict[Proc, int]:
    """Every process on the machine, with its parent's pid."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := stat_fields(int(entry))) is not None:
            found[Proc(int(entry), int(fields[19]))] = int(fields[1])
    return found


def descendants(root: int) -> dict[Proc, int]:
    parents = processes()
    family, found = {root}, {}
    while True:
        more = {proc: parent for proc, parent in parents.items() if parent in family and proc not in found}
        if not more:
            return found
        found.update(more)
        family |= {proc.pid for proc in more}


def is_alive(proc: Proc) -> bool:
    """Running, or stopped, but not a zombie: a zombie is dead, it holds no memory and no open file,
    only its exit status until some parent collects it (this machine's init may never do so)."""
    fields = stat_fields(proc.pid)
    return fields is not None and int(fields[19]) == proc.started and fields[0] not in "ZX"


def command_line(proc: Proc) -> str:
    try:
        return Path(f"/proc/{proc.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def thread_count(proc: Proc) -> int:
    try:
        return len(os.listdir(f"/proc/{proc.pid}/task"))
    except OSError:  # it has ended
        return 0


def still_alive(procs: set[Proc], within: float) -> set[Proc]:
    """Those of procs still alive after waiting up to `within` seconds for all of them to end."""
    deadline = time.monotonic() + within
    while (alive := {proc for proc in procs if is_alive(proc)}) and time.monotonic() < deadline:
        time.sleep(POLL_S)
    return alive


def catches_sigterm(pid: int) -> bool:
    """The process has a handler for SIGTERM: for render.py, it has reached the build's own handling."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def wait_until_it_handles_signals(pid: int, within: float = 30) -> None:
    """Until render.py has set its handler for SIGTERM (and Ctrl-C): before, Python starts up."""
    deadline = time.monotonic() + within
    while not catches_sigterm(pid):
        assert time.monotonic() < deadline, f"the process never came to handle its signals within {within} s"
        time.sleep(POLL_S)


class ProcessTree:
    """Every process that descends from `root` while the watch runs, gathered from /proc in a thread:
    once the root is killed its children belong to init, so they must be known before."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.seen: dict[Proc, int] = {}
        self.watching = True
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self) -> None:
        while self.watching:
            self.seen.update(descendants(self.root))
            time.sleep(POLL_S)

    def workers(self) -> list[Proc]:
        """The root's children that run multiprocessing's spawn_main: the render workers."""
        return [proc for proc in list(self.seen) if self.seen[proc] == self.root and is_alive(proc)
                and "multiprocessing.spawn" in command_line(proc)]

    def wait_for_workers(self, count: int, within: float = 60, tied: bool = False) -> None:
        """Until `count` workers exist; `tied`: until each also runs its watch thread (pipeline/worker.py),
        so that it has read what the build sent it and is tied to the build. Killed by SIGKILL before
        its worker was sent that, a build leaves the worker to die of the missing data, in a traceback."""
        deadline = time.monotonic() + within
        while len([proc for proc in self.workers() if not tied or thread_count(proc) > 1]) < count:
            assert time.monotonic() < deadline, f"no {count} workers after {within} s"
            time.sleep(POLL_S)

    def end_survivors(self) -> None:
        """SIGKILL whatever the watch saw that is still alive: after a failed test, so that it does
        not leave processes behind too."""
        self.watching = False
        for proc in self.seen:
            if is_alive(proc):
                os.kill(proc.pid, signal.SIGKILL)

    def stop(self) -> set[Proc]:
        """Stop watching; every process seen, with a last look now."""
        self.watching = False
        self.thread.join()
        self.seen.update(descendants(self.root))
        return set(self.seen)
