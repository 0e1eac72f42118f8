"""Isolated grading kernels: each submission's kernel runs in a fresh folder, apart from the course.

What a sandboxed kernel gets (each where the machine allows; :func:`protections` says which are active):

- a fresh folder under a private temporary root, holding only that student's files and the assignment's
  released data files; its home and temporary folders are beside it;
- a minimal environment (no tokens, no ``JUPYTERHUB_*``, no database URL: only what Python needs);
- the unprivileged ``csworkbook-grader`` user when the grader is root (created on first use);
- no network and its own process tree: bubblewrap (``bwrap``) when installed, which also hides the course folder
  and the course package; else ``unshare -n``; the kernel then talks to the grader over Unix sockets (ZeroMQ
  ``ipc``), not TCP;
- limits on address space (MB), processes, file size (MB) and CPU time (s), set by the launcher with ``resource``;
- the course package cannot be imported (an import blocker, and hidden by bubblewrap);
- afterwards every process it started is killed (its process namespace, its session, and a sweep for a marker
  in the environment).

``--sandbox none`` turns all this off (the kernel runs as the grader, with the grader's environment).
"""
from __future__ import annotations

import functools
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from traitlets import Integer
from traitlets.config import Configurable

GRADER_USER = "csworkbook-grader"
#: Environment variables a kernel keeps (values from the grader's environment, when set).
KEPT_ENV = ("LANG", "LC_ALL", "TZ")
#: The variable that marks every process of one sandboxed kernel, so leftovers can be found and killed.
MARKER = "CSWORKBOOK_SANDBOX_KERNEL"
PACKAGE_DIR = str(Path(__file__).resolve().parents[2])


class GradeSandbox(Configurable):
    """Resource limits of a sandboxed grading kernel (set them in nbgrader_config.py as ``c.GradeSandbox.…``)."""

    memory_mb = Integer(2048, help="Address space a grading kernel may use (MB).").tag(config=True)
    max_processes = Integer(256, help="Processes and threads the grading user may run at once.").tag(config=True)
    file_size_mb = Integer(64, help="Largest file a grading kernel may write (MB).").tag(config=True)
    cpu_seconds = Integer(600, help="CPU time one grading kernel may use in all (s).").tag(config=True)


def _works(program: str, *args: str) -> str | None:
    """The path of ``program`` if running it with ``args`` succeeds here, else None (missing, refused or hung)."""
    exe = shutil.which(program)
    if not exe:
        return None
    try:
        proc = subprocess.run([exe, *args], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if proc.returncode == 0 else None


@functools.lru_cache(maxsize=None)
def bwrap_works() -> str | None:
    """The path of a bubblewrap that can make network and process namespaces here, else None."""
    return _works("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net",
                  "--unshare-pid", "--die-with-parent", "true")


@functools.lru_cache(maxsize=None)
def unshare_works() -> str | None:
    """The path of ``unshare`` if it can make a network namespace here, else None."""
    return _works("unshare", "-n", "true")


def grader_user(create: bool) -> tuple[int, int] | None:
    """(uid, gid) of ``csworkbook-grader``; created when missing and ``create`` (root only); else None."""
    try:
        entry = pwd.getpwnam(GRADER_USER)
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        pass
    if not create or os.geteuid() != 0 or not shutil.which("useradd"):
        return None
    subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", GRADER_USER], capture_output=True, timeout=60)
    try:
        entry = pwd.getpwnam(GRADER_USER)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


@dataclass(frozen=True)
class Protection:
    """One protection of the grading kernels: its name, whether it is active here, and how."""

    name: str
    active: bool
    detail: str


def protections(create_user: bool = False) -> list[Protection]:
    """Which sandbox protections ``csworkbook grade`` can use on this machine (for ``csworkbook doctor``)."""
    root = os.geteuid() == 0
    bwrap, unshare = bwrap_works(), unshare_works()
    user = grader_user(create_user) if root else None
    existing = user is not None
    user_detail = (f"kernels run as '{GRADER_USER}'" if existing else
                   f"'{GRADER_USER}' will be created on first grade" if root and shutil.which("useradd") else
                   "the grader is not root: kernels run as the grader's own user" if not root else
                   "no useradd: kernels would run as root")
    return [
        Protection("separate folder", True, "each kernel starts in a fresh folder with only its student's files"),
        Protection("minimal environment", True, "no tokens, JUPYTERHUB_* variables or database URL"),
        Protection("unprivileged user", existing or (root and bool(shutil.which("useradd"))), user_detail),
        Protection("no network", bool(bwrap or unshare),
                   "bubblewrap network namespace" if bwrap else "unshare -n" if unshare else
                   "neither bubblewrap nor unshare -n works here (apt-get install bubblewrap)"),
        Protection("course folder hidden", bool(bwrap),
                   "bubblewrap mounts an empty folder over the course and the course package" if bwrap else
                   "needs bubblewrap; file permissions of the grading user still apply"),
        Protection("resource limits", True, "address space, processes, file size and CPU time (resource)"),
        Protection("nothing outlives grading", True,
                   "own process namespace, then a sweep" if bwrap else "own session, then a sweep"),
    ]


@dataclass(frozen=True)
class SandboxPlan:
    """How this grading run starts kernels (made once in the parent, copied to every worker)."""

    enabled: bool
    root: str
    user: tuple[int, int] | None = None
    bwrap: str | None = None
    unshare: str | None = None
    hide: tuple[str, ...] = ()
    limits: dict[str, int] = field(default_factory=dict)
    mplconfig: str | None = None

    @property
    def network_isolated(self) -> bool:
        return bool(self.enabled and (self.bwrap or self.unshare))


def plan(course_root: Path, enabled: bool, config: Any) -> SandboxPlan:
    """Detect what this machine allows and prepare the run's private temporary root (mode 0711)."""
    return start_plan(course_root, enabled, config).finish()


class PendingPlan:
    """A :class:`SandboxPlan` whose start-up probe (a Python run as the grading user, about a second) may still run.

    The grader does its own preparation meanwhile and calls :meth:`finish`, which waits for the probe and drops
    the grading user if the kernel's Python cannot start as that user (e.g. Python is installed under /root).
    """

    def __init__(self, made: SandboxPlan, probe: subprocess.Popen | None = None, box: KernelBox | None = None,
                 failed: bool = False) -> None:
        self._made, self._probe, self._box, self._failed = made, probe, box, failed

    def finish(self) -> SandboxPlan:
        """The plan, once the probe has answered (waits at most two minutes for it)."""
        if self._probe is not None:
            try:
                self._failed = self._probe.wait(timeout=120) != 0
            except subprocess.TimeoutExpired:
                self._probe.kill()
                self._probe.wait()
                self._failed = True
            self._probe = None
        if self._box is not None:
            shutil.rmtree(self._box.base, ignore_errors=True)
            self._box = None
        if self._failed:
            self._made, self._failed = replace(self._made, user=None), False
        return self._made


def start_plan(course_root: Path, enabled: bool, config: Any) -> PendingPlan:
    """Like :func:`plan`, but returns while the grading user's start-up probe still runs (see PendingPlan)."""
    root = tempfile.mkdtemp(prefix="csworkbook-sandbox-")
    os.chmod(root, 0o711)
    if not enabled:
        return PendingPlan(SandboxPlan(False, root, mplconfig=_shared_matplotlib_cache(Path(root))))
    limits = GradeSandbox(config=config)
    user = grader_user(create=True) if os.geteuid() == 0 else None
    bwrap = bwrap_works()
    hide = []
    if bwrap:
        prefix = Path(sys.prefix).resolve()
        for path in (Path(course_root).resolve(), Path(PACKAGE_DIR)):
            if path != prefix and prefix not in path.parents and path not in prefix.parents:
                hide.append(str(path))
    made = SandboxPlan(True, root, user, bwrap, None if bwrap else unshare_works(), tuple(hide),
                       {"memory_mb": limits.memory_mb, "max_processes": limits.max_processes,
                        "file_size_mb": limits.file_size_mb, "cpu_seconds": limits.cpu_seconds})
    pending = _start_probe(made) if user else PendingPlan(made)
    # matplotlib's font cache is copied while the probe runs (the probe itself needs none)
    pending._made = replace(pending._made, mplconfig=_shared_matplotlib_cache(Path(root)))
    return pending


def _start_probe(plan_: SandboxPlan) -> PendingPlan:
    """Start a kernel's Python under ``plan_`` importing ipykernel and matplotlib, without waiting for it."""
    box = new_box(plan_)
    try:
        probe = box.run / "probe.py"
        probe.write_text("import subprocess, ipykernel, matplotlib\n")
        os.chmod(probe, 0o644)
        cmd = wrap_command([sys.executable, str(probe)], box, plan_)
        proc = subprocess.Popen(cmd, cwd=box.work, env=kernel_env(box, plan_), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return PendingPlan(plan_, None, box, failed=True)
    return PendingPlan(plan_, proc, box)


def _closed_ancestors() -> tuple[list[str], list[str]]:
    """(folders other users cannot pass, Python folders under them): what bubblewrap must reopen read-only."""
    needed = sorted({str(Path(p).resolve()) for p in (sys.base_prefix, sys.prefix, sys.exec_prefix)})
    closed, keep = [], []
    for path in needed:
        for ancestor in reversed(Path(path).parents):
            try:
                if not ancestor.stat().st_mode & 0o001:
                    if str(ancestor) not in closed:
                        closed.append(str(ancestor))
                    keep.append(path)
                    break
            except OSError:
                break
    return closed, keep


def _shared_matplotlib_cache(root: Path) -> str | None:
    """A read-only copy of matplotlib's font cache for the kernels, so none of them rebuilds it (seconds)."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 - builds the font cache if it is missing

        cache = Path(matplotlib.get_cachedir())
        target = root / "mplconfig"
        target.mkdir()
        for path in cache.glob("fontlist-*.json"):
            shutil.copy(path, target / path.name)
        for path in [target, *target.iterdir()]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        return str(target)
    except Exception:  # noqa: BLE001 - a kernel then builds its own cache; slower, still correct
        return None


@dataclass
class KernelBox:
    """One kernel's folders: ``work`` (its current folder), ``home`` and ``run`` (connection file, sockets)."""

    base: Path
    token: str

    @property
    def work(self) -> Path:
        return self.base / "work"

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def run(self) -> Path:
        return self.base / "run"


def new_box(plan_: SandboxPlan) -> KernelBox:
    """Make a fresh, private set of folders for one kernel, owned by the grading user."""
    token = secrets.token_hex(8)
    box = KernelBox(Path(plan_.root) / token, token)
    for path in (box.base, box.work, box.home, box.home / "tmp", box.home / "matplotlib", box.run):
        path.mkdir(mode=0o700)
        if plan_.enabled and plan_.user:
            os.chown(path, *plan_.user)
    if plan_.mplconfig:  # matplotlib wants a writable config folder; the copied font cache spares a rebuild
        for cached in Path(plan_.mplconfig).iterdir():
            target = box.home / "matplotlib" / cached.name
            shutil.copyfile(cached, target)
            if plan_.enabled and plan_.user:
                os.chown(target, *plan_.user)
    return box


def give(box: KernelBox, plan_: SandboxPlan) -> None:
    """Hand every file in the box's work folder to the grading user."""
    if not (plan_.enabled and plan_.user):
        return
    for path in box.work.rglob("*"):
        os.chown(path, *plan_.user, follow_symlinks=False)


def kernel_env(box: KernelBox, plan_: SandboxPlan) -> dict[str, str]:
    """The environment of a sandboxed kernel: only what Python, IPython and matplotlib need."""
    env = {k: os.environ[k] for k in KEPT_ENV if k in os.environ}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin", HOME=str(box.home),
               TMPDIR=str(box.home / "tmp"), MPLBACKEND="Agg", PYTHONNOUSERSITE="1", OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", IPYTHONDIR=str(box.home / ".ipython"))
    env.setdefault("LANG", "C.UTF-8")
    env["MPLCONFIGDIR"] = str(box.home / "matplotlib")
    env[MARKER] = box.token
    return env


#: Runs in the kernel's Python before ipykernel: limits, the grading user, the import blocker, then the kernel.
LAUNCHER = r'''
import json, os, resource, runpy, sys
cfg = json.loads(sys.argv[1])
rest = sys.argv[2:]
os.environ["JPY_PARENT_PID"] = "1"  # in its own process namespace the parent is pid 1; bwrap watches it
try:
    os.setsid()
except OSError:
    pass
MB = 1024 * 1024
for name, value in (("RLIMIT_AS", cfg["memory_mb"] * MB), ("RLIMIT_NPROC", cfg["max_processes"]),
                    ("RLIMIT_FSIZE", cfg["file_size_mb"] * MB), ("RLIMIT_CPU", cfg["cpu_seconds"]),
                    ("RLIMIT_CORE", 0)):
    if value is not None and hasattr(resource, name):
        resource.setrlimit(getattr(resource, name), (value, value))
if cfg.get("user"):
    uid, gid = cfg["user"]
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
os.umask(0o077)

class _NoCoursePackage:
    def find_spec(self, name, path=None, target=None):
        if name == "csworkbook" or name.startswith("csworkbook."):
            raise ImportError("the course package csworkbook is not available in the grading kernel")
        return None
    def find_module(self, name, path=None):
        return self.find_spec(name)

sys.meta_path.insert(0, _NoCoursePackage())
for key in [k for k in sys.modules if k == "csworkbook" or k.startswith("csworkbook.")]:
    del sys.modules[key]
sys.path[:] = [p for p in sys.path if p and not os.path.isdir(os.path.join(p, "csworkbook"))]
if rest[0] == "-m":
    sys.argv = [rest[1], *rest[2:]]
    runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
else:
    sys.argv = rest
    runpy.run_path(rest[0], run_name="__main__")
'''


def wrap_command(kernel_cmd: list[str], box: KernelBox, plan_: SandboxPlan) -> list[str]:
    """The kernel's command line inside the sandbox: [bwrap … | unshare -n] python -I -c LAUNCHER cfg <kernel>."""
    python, rest = kernel_cmd[0], kernel_cmd[1:]
    if not Path(python).name.startswith("python"):
        rest = kernel_cmd  # not a Python kernel spec: the launcher runs its program as a script
        python = sys.executable
    cfg = {**plan_.limits, "user": list(plan_.user) if plan_.user else None}
    inner = [python, "-I", "-c", LAUNCHER, json.dumps(cfg), *rest]
    if plan_.bwrap:
        outer = [plan_.bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                 "--perms", "0711", "--dir", plan_.root]
        if plan_.user:
            closed, keep = _closed_ancestors()
            for path in closed:
                outer += ["--tmpfs", path]
            for path in keep:
                top = next(Path(c) for c in closed if Path(c) in Path(path).parents)
                for middle in reversed(Path(path).parents):
                    if top in middle.parents:
                        outer += ["--perms", "0755", "--dir", str(middle)]
                outer += ["--ro-bind", path, path]
        for path in plan_.hide:
            if not path.startswith("/tmp/") and Path(path).is_dir():
                outer += ["--tmpfs", path]
        outer += ["--bind", str(box.base), str(box.base), "--unshare-net", "--unshare-pid", "--unshare-ipc",
                  "--die-with-parent", "--new-session", "--chdir", str(box.work), "--"]
        return outer + inner
    if plan_.unshare:
        return [plan_.unshare, "-n", "--", *inner]
    return inner


def kernel_manager_class() -> type:
    """jupyter_client's AsyncKernelManager that starts its kernel in a :class:`KernelBox` (set ``box``/``plan``)."""
    from jupyter_client.manager import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        box: KernelBox | None = None
        plan: SandboxPlan | None = None
        #: (client, kernel_info task) from :func:`connect_early`, or None
        early_client: tuple[Any, Any] | None = None

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            box, plan_ = self.box, self.plan
            kw["cwd"] = str(box.work)
            if plan_.enabled:
                kw["env"] = kernel_env(box, plan_)
                if plan_.user:
                    os.chown(self.connection_file, *plan_.user)
                kernel_cmd = wrap_command(kernel_cmd, box, plan_)
            else:
                kw["env"] = {**kw.get("env", os.environ), MARKER: box.token}
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return SandboxedKernelManager


def start_kernel(plan_: SandboxPlan, kernel_name: str, extra_arguments: list[str]) -> Any:
    """Start (without waiting for it) a kernel in a fresh box; returns its manager (``.box`` is the box)."""
    from jupyter_client.utils import run_sync

    box = new_box(plan_)
    km = kernel_manager_class()(kernel_name=kernel_name)
    km.box, km.plan = box, plan_
    if plan_.network_isolated:
        km.transport = "ipc"
        km.ip = str(box.run / "kernel")
    km.connection_file = str(box.run / "connection.json")
    if plan_.enabled and plan_.bwrap:
        # the launched process is bubblewrap, which does not pass signals on: interrupt through the kernel's
        # control channel instead (ipykernel then interrupts itself)
        km.kernel_spec.interrupt_mode = "message"
    run_sync(km.start_kernel)(extra_arguments=extra_arguments)
    return km


def connect_early(km: Any, timeout: float) -> None:
    """Connect a client to a kernel that was just started and begin its ``kernel_info`` handshake.

    The handshake runs as a task on this thread's event loop, so it advances whenever the worker executes
    another notebook: by the time this kernel's submission comes, the kernel has answered and jupyter_client's
    0.2 s wait for late IOPub messages is over. ``km.early_client`` holds (client, task); the client belongs to
    this kernel alone and is closed by :func:`stop_kernel`.
    """
    from jupyter_core.utils import ensure_event_loop

    kc = km.client()
    kc.start_channels()
    km.early_client = (kc, ensure_event_loop().create_task(kc.wait_for_ready(timeout=timeout)))


def _close_early_client(km: Any) -> None:
    """Cancel a pending handshake and close the kernel's client (see :func:`connect_early`)."""
    import asyncio

    from jupyter_core.utils import ensure_event_loop

    early = getattr(km, "early_client", None)
    if early is None:
        return
    km.early_client = None
    kc, task = early
    try:
        if not task.done():
            task.cancel()
            ensure_event_loop().run_until_complete(asyncio.gather(task, return_exceptions=True))
        elif not task.cancelled():
            task.exception()  # retrieved, so asyncio does not log it as never retrieved
        kc.stop_channels()
    except Exception:  # noqa: BLE001 - a client of a dead kernel: nothing left to close
        pass


def stop_kernel(km: Any) -> int:
    """Kill the kernel, everything it started, and remove its box; returns how many leftover processes died."""
    from jupyter_client.utils import run_sync

    _close_early_client(km)
    try:  # SIGKILL first and sweep: by the time jupyter_client checks, the kernel is dead (it sleeps 0.1 s if not)
        if km.has_kernel:
            run_sync(km.signal_kernel)(signal.SIGKILL)
    except Exception:  # noqa: BLE001 - already gone; shutdown_kernel and the sweeps below still run
        pass
    killed = kill_marked(km.box.token)
    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - already dead is fine; the sweep below still runs
        pass
    killed += kill_marked(km.box.token)
    shutil.rmtree(km.box.base, ignore_errors=True)
    return killed


def kill_marked(token: str) -> int:
    """SIGKILL every process whose environment carries this kernel's marker; returns how many."""
    needle = f"{MARKER}={token}".encode()
    killed = 0
    for _ in range(3):  # a process may fork while we sweep
        found = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry.name}/environ", "rb") as handle:
                    if needle not in handle.read().split(b"\0"):
                        continue
                os.kill(int(entry.name), signal.SIGKILL)
                found += 1
            except (OSError, ValueError):
                continue
        killed += found
        if not found:
            break
    return killed
