"""The pieces of a JupyterHub class on this one machine, for the end-to-end test: local users, the hub, its API.

Everything is created with names and folders unique to one run, and removed by ``close()`` even after a failure:
the hub and the processes of the users it created, the users (``userdel -r``) and the temporary folder.
"""
from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import psutil

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy" / "jupyterhub"


def why_not() -> str | None:
    """Why the hub test cannot run here (a sentence), or None when it can."""
    if os.geteuid() != 0:
        return "the JupyterHub test creates Linux users and switches to them: it must run as root"
    for tool in ("useradd", "userdel", "groupadd", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if shutil.which("node") is None:
        return "Node.js is not installed (Debian: apt-get install nodejs npm)"
    if shutil.which("configurable-http-proxy") is None:
        return "the proxy is not installed (npm install -g configurable-http-proxy)"
    if not (BIN / "jupyterhub").exists():
        return "jupyterhub is not installed in this environment (pip install 'csworkbook[hub]')"
    return None


def until(condition: Callable[[], Any], what: str, deadline: float, every: float = 0.2) -> Any:
    """Poll ``condition()`` until it returns something true; raise TimeoutError after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out after {deadline:.0f} s waiting for {what}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _user_env(extra: dict[str, str] | None) -> dict[str, str]:
    """A clean environment for a command run as another user: runuser adds their HOME, USER and SHELL; nothing
    of root's environment leaks through (PGPASSFILE in particular)."""
    base = {"PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin", "MPLBACKEND": "Agg", "LANG": "C.UTF-8"}
    return {**base, **(extra or {})}


class Machine:
    """Temporary users, groups and folders; commands run as a user; everything undone by ``close()``."""

    def __init__(self) -> None:
        self.tag = "csw" + secrets.token_hex(3)
        self.root = Path(tempfile.mkdtemp(prefix="csworkbook-hub-"))
        self.root.chmod(0o755)
        (self.root / "home").mkdir(mode=0o755)
        self.users: list[str] = []
        self.groups: list[str] = []
        self.processes: list[subprocess.Popen] = []

    def group(self, role: str) -> str:
        name = f"{self.tag}-{role}"
        subprocess.run(["groupadd", name], check=True, capture_output=True)
        self.groups.append(name)
        return name

    def user(self, short: str, group: str) -> str:
        """Create a local user with a private home (mode 0700) in ``group``; return the user name."""
        name = f"{self.tag}{short}"
        subprocess.run(["useradd", "-m", "-d", str(self.root / "home" / name), "-K", "HOME_MODE=0700",
                        "-s", "/bin/bash", "-g", group, name], check=True, capture_output=True)
        self.users.append(name)
        return name

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def uid(self, user: str) -> int:
        return pwd.getpwnam(user).pw_uid

    def give(self, path: Path, user: str) -> None:
        """Make ``user`` the owner of ``path`` and everything under it."""
        entry = pwd.getpwnam(user)
        for folder, dirs, files in os.walk(path):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.chown(name, entry.pw_uid, entry.pw_gid)

    def run_as(self, user: str, *cmd: str, cwd: Path | None = None, env: dict[str, str] | None = None,
               timeout: float = 900) -> subprocess.CompletedProcess:
        """Run ``cmd`` as ``user`` (runuser) with this environment's bin/ first on PATH."""
        return subprocess.run([shutil.which("runuser") or "runuser", "-u", user, "--", *cmd],
                              cwd=cwd or self.home(user), env=_user_env(env), capture_output=True, text=True,
                              timeout=timeout)

    def start_as(self, user: str, *cmd: str, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
        """Start ``cmd`` as ``user`` in the background (output and errors together, as text); wait with communicate."""
        proc = subprocess.Popen([shutil.which("runuser") or "runuser", "-u", user, "--", *cmd], cwd=cwd,
                                env=_user_env(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        self.processes.append(proc)
        return proc

    def can_read(self, user: str, path: Path) -> bool:
        """Whether ``user`` can read ``path`` (list it, for a folder)."""
        probe = ["ls", str(path)] if path.is_dir() else ["cat", str(path)]
        return self.run_as(user, *probe, cwd=Path("/")).returncode == 0

    def start(self, cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        """Start a background process in its own session, its output to ``log``."""
        handle = log.open("wb")
        proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
        handle.close()
        self.processes.append(proc)
        return proc

    def close(self) -> None:
        """Stop what was started, end every process of the users made here, delete them and the folder."""
        for proc in self.processes:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        uids = {self.uid(u) for u in self.users}
        leftovers = [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]
        for p in leftovers:
            p.terminate()
        _, alive = psutil.wait_procs(leftovers, timeout=30)
        for p in alive:
            p.kill()
        psutil.wait_procs(alive, timeout=30)
        for user in self.users:
            subprocess.run(["userdel", "-r", user], capture_output=True)
        for group in self.groups:
            try:
                grp.getgrnam(group)
            except KeyError:
                continue
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


class Hub:
    """A JupyterHub on 127.0.0.1 using deploy/jupyterhub/jupyterhub_config.py, driven through its REST API."""

    def __init__(self, machine: Machine, env: dict[str, str]) -> None:
        import requests

        self.machine = machine
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {self.token}"
        state = machine.root / "hub"
        state.mkdir()
        config = state / "jupyterhub_test_config.py"
        # the deployment's file, then only what a test needs: loopback ports and a token for the test to drive it
        config.write_text(
            "c = get_config()  # noqa: F821\n"
            f"load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})  # noqa: F821\n"
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{free_port()}'\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
            "c.JupyterHub.services = [{'name': 'course-test', 'api_token': "
            f"{self.token!r}}}]\n"
            "c.JupyterHub.load_roles = [{'name': 'course-test', 'services': ['course-test'],\n"
            "    'scopes': ['admin:users', 'admin:servers', 'tokens', 'list:users']}]\n")
        self.log = state / "hub.log"
        hub_env = {**env, "CSWORKBOOK_HUB_URL": self.url, "CSWORKBOOK_HUB_STATE": str(state),
                   "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"}
        self.process = machine.start([str(BIN / "jupyterhub", ), "-f", str(config)], hub_env, self.log)

    def api(self, method: str, path: str, **kwargs: Any):
        """A call to the hub's REST API (``/hub/api`` + path) as the test's admin service."""
        return self.session.request(method, f"{self.url}/hub/api{path}", timeout=60, **kwargs)

    def wait_ready(self, deadline: float = 300) -> None:
        import requests

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.process.returncode}:\n{self.log.read_text()[-4000:]}")
            try:
                return self.api("GET", "/").status_code == 200
            except requests.ConnectionError:
                return False

        until(ready, "the hub to answer", deadline)

    def start_server(self, user: str) -> None:
        """Create the hub user (the Linux user already exists) and ask the hub to start their server."""
        response = self.api("POST", f"/users/{user}")
        assert response.status_code in (201, 409), response.text
        response = self.api("POST", f"/users/{user}/server")
        assert response.status_code in (201, 202), response.text

    def wait_server(self, user: str, deadline: float = 400) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited:\n{self.log.read_text()[-4000:]}")
            model = self.api("GET", f"/users/{user}").json()
            server = model.get("servers", {}).get("")
            if server is None and not model.get("pending"):
                raise RuntimeError(f"{user}'s server failed to start:\n{self.log.read_text()[-4000:]}")
            return bool(server and server.get("ready"))

        until(ready, f"{user}'s server to be ready", deadline, every=0.5)

    def user_client(self, user: str) -> "UserServer":
        """A client of ``user``'s own server, authenticated with a token the hub issued to that user."""
        response = self.api("POST", f"/users/{user}/tokens", json={"note": "course test"})
        assert response.status_code == 201, response.text
        return UserServer(f"{self.url}/user/{user}", response.json()["token"])

    def stop_server(self, user: str) -> None:
        self.api("DELETE", f"/users/{user}/server")


class UserServer:
    """One user's own Jupyter server, reached through the hub's proxy with that user's token."""

    def __init__(self, base: str, token: str) -> None:
        import requests

        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def request(self, method: str, path: str, **kwargs: Any):
        response = self.session.request(method, f"{self.base}{path}", timeout=300, **kwargs)
        assert response.status_code < 400, f"{method} {path}: {response.status_code} {response.text[:2000]}"
        return response

    def read_notebook(self, path: str) -> dict:
        return self.request("GET", f"/api/contents/{path}", params={"content": "1"}).json()["content"]

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.request("PUT", f"/api/contents/{path}", json={"type": "notebook", "format": "json", "content": notebook})

    def write_text(self, path: str, text: str) -> None:
        self.request("PUT", f"/api/contents/{path}", json={"type": "file", "format": "text", "content": text})

    def nbgrader(self, action: str, course_id: str, assignment: str) -> Any:
        """nbgrader's Assignments tab: ``fetch``, ``submit`` or ``fetch_feedback`` one assignment."""
        return self.request("POST", f"/assignments/{action}",
                            json={"course_id": course_id, "assignment_id": assignment}).json()

    def assignments(self, course_id: str) -> Any:
        return self.request("GET", "/assignments", params={"course_id": course_id}).json()
