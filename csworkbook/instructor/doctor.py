"""``csworkbook doctor``: check that the pieces the course needs are installed and enabled.

It checks the Python packages (JupyterLab, ipywidgets, nbgrader, matplotlib), the JupyterLab
extensions (the widget manager and nbgrader's) and nbgrader's server extensions, and for each
missing piece prints the command that fixes it.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was checked, whether it passed, and how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


#: Python distribution -> (allowed major version prefix, install hint)
PACKAGES: dict[str, tuple[str, str]] = {
    "jupyterlab": ("4.", 'pip install "jupyterlab>=4.2,<5"'),
    "ipywidgets": ("8.", 'pip install "ipywidgets>=8,<9"'),
    "nbgrader": ("0.9.", 'pip install "nbgrader>=0.9,<0.10"'),
    "matplotlib": ("3.", "pip install matplotlib"),
}

LAB_EXTENSIONS: dict[str, str] = {
    "@jupyter-widgets/jupyterlab-manager": 'pip install "ipywidgets>=8,<9" (it brings jupyterlab_widgets)',
    "@jupyter/nbgrader": "jupyter labextension enable @jupyter/nbgrader",
}

SERVER_EXTENSIONS: dict[str, str] = {
    "nbgrader.server_extensions.formgrader": "jupyter server extension enable --sys-prefix nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment": "jupyter server extension enable --sys-prefix nbgrader.server_extensions.validate_assignment",
}


def check_packages() -> list[Check]:
    """Check each required Python package is installed at a supported version."""
    results = []
    for dist, (prefix, fix) in PACKAGES.items():
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            results.append(Check(dist, False, "not installed", fix))
            continue
        ok = version.startswith(prefix)
        detail = version if ok else f"{version} installed, {prefix}x needed"
        results.append(Check(dist, ok, detail, "" if ok else fix))
    return results


def _jupyter(*args: str) -> str:
    exe = shutil.which("jupyter") or ""
    cmd = [exe, *args] if exe else [sys.executable, "-m", "jupyter", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return ANSI.sub("", proc.stdout + proc.stderr)


def _enabled(listing: str, name: str) -> bool | None:
    """True if ``name`` is listed enabled, False if listed disabled, None if absent."""
    for line in listing.splitlines():
        parts = line.split()
        if parts and parts[0] == name:
            return "enabled" in parts
    return None


def check_extensions(lab_listing: str | None = None, server_listing: str | None = None) -> list[Check]:
    """Check the lab and server extensions from ``jupyter … list`` output (run it when not given)."""
    lab = _jupyter("labextension", "list") if lab_listing is None else lab_listing
    server = _jupyter("server", "extension", "list") if server_listing is None else server_listing
    results = []
    for table, listing, kind in ((LAB_EXTENSIONS, lab, "lab extension"), (SERVER_EXTENSIONS, server, "server extension")):
        for name, fix in table.items():
            state = _enabled(listing, name)
            detail = {True: "enabled", False: f"{kind} installed but disabled", None: f"{kind} not found"}[state]
            results.append(Check(name, bool(state), detail, "" if state else fix))
    return results


def check_sandbox() -> list[Check]:
    """Which protections ``csworkbook grade`` gives grading kernels here (never fails the doctor: it informs)."""
    from csworkbook.instructor.grade.sandbox import protections

    results = []
    for p in protections():
        fix = "" if p.active else "apt-get install bubblewrap (as root), or grade in a container or VM"
        results.append(Check(f"grading sandbox: {p.name}", True, ("active: " if p.active else "NOT active: ")
                             + p.detail, fix))
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``doctor`` takes no options."""


def run(args: argparse.Namespace | None = None) -> int:
    """Print one line per check; exit 1 and say how to fix things if any check fails."""
    checks = check_packages()
    if all(c.ok for c in checks if c.name == "jupyterlab"):
        checks += check_extensions()
    for c in check_sandbox():
        print(f"[info] {c.name}: {c.detail}")
    for c in checks:
        mark = "ok  " if c.ok else "FAIL"
        print(f"[{mark}] {c.name}: {c.detail}")
        if not c.ok:
            print(f"       fix: {c.fix}")
    failed = [c for c in checks if not c.ok]
    print("Everything the course needs is installed and enabled." if not failed
          else f"{len(failed)} problem(s) found; run the fix commands above, then `csworkbook doctor` again.")
    return 1 if failed else 0
