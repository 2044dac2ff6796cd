"""The browser editor as staff start it, on a scratch copy of the project kept in git, and a page of
it in Debian's Chromium (through Playwright), for tests/test_editor_web.py and the screenshots."""
from __future__ import annotations

import os
import re
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scratch import copy_built, copy_inputs, keep_layouts, start_cli

ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=\S+")
PREVIEW_LAYOUT = "handout-letter"  # the only layout kept, with no columns to balance: short builds
STOP_SECONDS = 30  # it waits for the preview's file being drawn, a few seconds at most


@dataclass
class Session:
    project: Path
    process: subprocess.Popen
    url: str  # the printed address, with its one-time token
    port: int
    signed_in: list = field(default_factory=list)  # the cookies the token was exchanged for, once it was

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """SIGTERM, as a service manager stops it (or SIGINT, Ctrl-C): its exit status and what it printed
        on stderr."""
        os.killpg(self.process.pid, how)
        try:
            _, errors = self.process.communicate(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGABRT)  # PYTHONFAULTHANDLER: every thread's stack, on stderr
            _, errors = self.process.communicate()
            raise AssertionError(f"the editor did not stop within {STOP_SECONDS} s: {errors}") from None
        return self.process.returncode, errors


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout


def scratch_project(folder: Path, built: dict[str, Path] | None = None) -> Path:
    """A copy of the project's inputs with one layout, committed in a git repository of its own; with
    the outputs of the shared build (conftest.py's `built`) when given, so that the editor starts with
    its outputs up to date, as after a first build."""
    project = copy_inputs(Path(__file__).resolve().parent.parent, folder)
    keep_layouts(project, PREVIEW_LAYOUT)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "before")
    if built:
        copy_built(built, project / "output")
    return project


def start_editor(project: Path, *args: str, env: dict[str, str] | None = None) -> Session:
    process = start_cli(project, "edit", "--port", "0", *args, env={"PYTHONFAULTHANDLER": "1", **(env or {})})
    line = process.stdout.readline()  # the address comes first
    found = ADDRESS.search(line)
    if not found:
        process.kill()
        raise AssertionError(f"no address printed: {line!r} {process.stderr.read()!r}")
    return Session(project, process, found.group(), int(found.group(1)))


def new_page(browser, session: Session, locale: str = "fr-CA", bypass_csp: bool = True, script: bool = True):
    """A page of the editor in a browser context of its own, which may reach the editor and nothing else.
    Its content security policy is bypassed unless asked, so that tests may evaluate their own script there;
    `script` False turns JavaScript off."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale, bypass_csp=bypass_csp,
                                  java_script_enabled=script)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(session.origin)
               else route.abort())
    if session.signed_in:  # the token works once: later pages come in with the cookie it gave
        context.add_cookies(session.signed_in)
        page.goto(f"{session.origin}/")
    else:
        page.goto(session.url)
        session.signed_in = context.cookies()
    page.wait_for_load_state("load")
    return page
