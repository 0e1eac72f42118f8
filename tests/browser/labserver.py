"""Helpers for the browser tests: a JupyterLab server in a temporary folder, Chromium, axe-core.

Chromium is Debian's (``/usr/bin/chromium``); Playwright drives it through ``executable_path`` and
never downloads a browser. axe-core comes from npm into a cache folder (``~/.cache/csworkbook-axe``,
or ``CSWORKBOOK_AXE_DIR``), never from a browser download either.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
#: The notebook on show (JupyterLab hides the others).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: How long a step may take on a busy machine (ms); waits end as soon as their event happens.
WAIT_MS = 240_000
#: The axe-core release the audit uses (npm).
AXE_VERSION = "4.14.1"


@dataclass
class Lab:
    """A running JupyterLab: where it answers, its token, the served folder and the learner's journal folder."""

    base: str
    token: str
    work: Path
    home: Path

    def url(self, path: str, workspace: str) -> str:
        """A URL that opens ``path`` in a fresh workspace of its own (no tabs restored from another test)."""
        return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?token={self.token}"

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}{path}", method=method, data=data,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def start_kernel(self, path: str) -> None:
        """Start the notebook's session and kernel on the server before a page opens the notebook.

        On a busy machine JupyterLab can give up on a slow kernel start and ask "Select Kernel"; a page
        that opens a notebook whose session already exists attaches to its kernel instead. (The page
        then waits for the kernel's idle indicator: a kernel with no client never reports idle itself.)
        """
        session = self.api("POST", "/api/sessions", {"path": path, "name": path, "type": "notebook",
                                                     "kernel": {"name": "python3"}})
        kernel = self.api("GET", f"/api/kernels/{session['kernel']['id']}")  # type: ignore[index]
        if kernel["execution_state"] == "dead":  # type: ignore[index]
            raise RuntimeError(f"the kernel for {path} died as it started")

    def shut_down_kernels(self) -> None:
        """End every session (and its kernel) so notebooks opened one after another do not pile up kernels."""
        for session in self.api("GET", "/api/sessions") or []:  # type: ignore[union-attr]
            self.api("DELETE", f"/api/sessions/{session['id']}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, log: Path, timeout: float = 180.0) -> None:
    """Poll ``url`` until it answers 200 (the server's own readiness event); fail with the log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@contextmanager
def jupyterlab(tmp: Path, notebooks: list[Path]) -> Iterator[Lab]:
    """Start JupyterLab on 127.0.0.1 serving copies of ``notebooks`` with a fresh journal folder."""
    work = tmp / "course"
    work.mkdir(parents=True)
    for notebook in notebooks:
        shutil.copy(notebook, work / notebook.name)
    home = tmp / "learner-home"
    settings = tmp / "lab-settings"
    # No news pop-up over the notebook, and every cell rendered (no windowing), so every activity is in the page.
    for plugin, values in {"@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
                           "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"}}.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    token = secrets.token_hex(16)
    port = free_port()
    log = tmp / "jupyterlab.log"
    env = dict(os.environ, CSWORKBOOK_HOME=str(home), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"), MPLBACKEND="Agg",
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", "--port", str(port),
             f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={work}",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=work, env=env, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(f"{base}/api/status?token={token}", process, log)
        yield Lab(base, token, work, home)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def axe_script() -> Path | None:
    """Path of ``axe.min.js`` from npm, installed once into a cache folder; ``None`` without npm."""
    folder = Path(os.environ.get("CSWORKBOOK_AXE_DIR", Path.home() / ".cache" / "csworkbook-axe"))
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if script.exists():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent",
                    f"axe-core@{AXE_VERSION}"], check=True, timeout=600)
    return script


def run_all(page) -> None:
    """Run > Run All Cells, then wait until every code cell has run (or one failed: then fail with its error)."""
    prompts = f"{PANEL} .jp-CodeCell .jp-InputPrompt"
    finished = (f"() => {{ const p = [...document.querySelectorAll('{prompts}')];"
                " const idle = document.querySelector(\".jp-Notebook-ExecutionIndicator[data-status='idle']\");"
                f" const failed = document.querySelector('{PANEL} .jp-OutputArea-output[data-mime-type="
                "\"application/vnd.jupyter.stderr\"] pre');"
                " if (failed && idle && !p.some(e => /\\[\\*\\]/.test(e.textContent))"
                " && p.some(e => /\\[ \\]/.test(e.textContent))) return 'error';"
                " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)) ? 'done' : false; }")
    any_started = (f"() => [...document.querySelectorAll('{prompts}')]"
                   ".some(e => /\\[(\\d+|\\*)\\]/.test(e.textContent))")
    # The kernel is connected once the status bar says "Python 3 (ipykernel) | Idle" (the toolbar's
    # indicator also reads idle while no kernel is attached yet).
    page.wait_for_function("() => /Python 3 \\(ipykernel\\)\\s*\\|\\s*Idle/"
                           ".test(document.querySelector('#jp-main-statusbar')?.textContent || '')")
    for attempt in range(2):  # a busy machine can swallow the first click while the kernel starts
        dialog = page.locator(".jp-Dialog")
        if dialog.count() and "Select Kernel" in dialog.first.inner_text():
            dialog.locator(".jp-mod-accept").click()  # the notebook's own kernel, Python 3, is preselected
            dialog.wait_for(state="detached")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_function(any_started, timeout=90_000)
            break
        except Exception:
            if attempt:
                if dialog.count():
                    pytest.fail(f"JupyterLab shows a dialog instead of running the cells: {dialog.first.inner_text()}")
                raise
    outcome = page.wait_for_function(finished, timeout=WAIT_MS).json_value()
    if outcome == "error":
        error = page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        pytest.fail("a cell failed in JupyterLab:\n" + error.first.text_content()[-3000:])
