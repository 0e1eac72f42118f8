"""``csworkbook doctor``: check that the pieces the course needs are installed and enabled.

It checks the Python packages (JupyterLab, ipywidgets, nbgrader, matplotlib), the JupyterLab
extensions (the widget manager and nbgrader's) and nbgrader's server extensions, and, when run in a
course folder, the gradebook database (``check_gradebook``); for each missing piece it prints the
command that fixes it.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


#: database backend -> what to install when the driver its gradebook URL names is missing
DRIVER_FIX: dict[str, str] = {
    "postgresql": 'pip install "csworkbook[postgres]" (psycopg 3) and write the URL as postgresql+psycopg://...',
    "mysql": "pip install pymysql and write the URL as mysql+pymysql://...",
}
PASSWORD_FIX = ("remove the password from db_url in nbgrader_config.py; put it in ~/.pgpass "
                "(host:port:database:user:password, mode 0600) or in PGPASSWORD")


def configured_db_url(folder: Path | None = None) -> str | None:
    """The gradebook URL of the nbgrader course in ``folder`` (default: here, else ./assignments), or None."""
    here = Path.cwd() if folder is None else folder
    for root in (here, here / "assignments"):
        if (root / "nbgrader_config.py").exists():
            from csworkbook.instructor.course import Course

            return Course(root).db_url
    return None


def check_gradebook(db_url: str) -> list[Check]:
    """Check the gradebook at ``db_url``: no password written in it, its driver importable, the database answers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(db_url)
        dialect = url.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as err:
        return [Check("gradebook", False, f"db_url {db_url!r} is not a database URL ({err})",
                      "set c.CourseDirectory.db_url to a SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")]
    shown = url.render_as_string(hide_password=True)
    backend = url.get_backend_name()
    results = []
    if url.password:
        results.append(Check("gradebook password", False, "db_url has a password written in it", PASSWORD_FIX))
    try:
        dialect.import_dbapi()
    except ImportError as err:
        fix = DRIVER_FIX.get(backend, f"pip install the {dialect.driver} driver for {backend}")
        return results + [Check("gradebook driver", False, f"{dialect.driver} for {shown} is not installed ({err})",
                                fix)]
    results.append(Check("gradebook driver", True, f"{dialect.driver} for {backend}"))
    if backend == "sqlite" and url.database and not Path(url.database).exists():
        return results + [Check("gradebook", True, f"{url.database} not created yet (csworkbook release creates it)")]
    connect_args = {"connect_timeout": 10} if backend == "postgresql" else {}
    engine = create_engine(url, connect_args=connect_args)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # noqa: BLE001 - any failure to connect is reported, with its first line
        first = str(getattr(err, "orig", err)).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return results + [Check("gradebook", False, f"cannot connect to {shown}: {first}",
                                "check host, port, database and user in c.CourseDirectory.db_url and that the "
                                "server runs; the password goes in ~/.pgpass or PGPASSWORD")]
    finally:
        engine.dispose()
    return results + [Check("gradebook", True, f"connected to {shown}")]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``doctor`` takes no options."""


def run(args: argparse.Namespace | None = None) -> int:
    """Print one line per check; exit 1 and say how to fix things if any check fails."""
    checks = check_packages()
    if all(c.ok for c in checks if c.name == "jupyterlab"):
        checks += check_extensions()
    db_url = configured_db_url() if all(c.ok for c in checks if c.name == "nbgrader") else None
    if db_url is not None:
        checks += check_gradebook(db_url)
    for c in checks:
        mark = "ok  " if c.ok else "FAIL"
        print(f"[{mark}] {c.name}: {c.detail}")
        if not c.ok:
            print(f"       fix: {c.fix}")
    failed = [c for c in checks if not c.ok]
    print("Everything the course needs is installed and enabled." if not failed
          else f"{len(failed)} problem(s) found; run the fix commands above, then `csworkbook doctor` again.")
    return 1 if failed else 0
