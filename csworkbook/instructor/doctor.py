"""``csworkbook doctor``: check that the pieces the course needs are installed and enabled.

It checks the Python packages (JupyterLab, ipywidgets, nbgrader, matplotlib), the JupyterLab
extensions (the widget manager and nbgrader's) and nbgrader's server extensions of *this*
environment (``sys.executable -m jupyter``, whatever else is on PATH), that the ``nbgrader`` and
``alembic`` programs on PATH are this environment's, and, from a course folder, the course's
config (loads, names a course id, sets no unknown option) and gradebook (no password written in
``db_url``, its driver installed, the database answers). For each problem it
prints the command that fixes it.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
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
    """Run this environment's Jupyter (``sys.executable -m jupyter``), never the first ``jupyter`` on PATH.

    ``jupyter`` finds its sub-commands (``jupyter-labextension``…) on PATH, so this environment's ``bin/`` goes first.
    """
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run([sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120,
                          env=env)
    return ANSI.sub("", proc.stdout + proc.stderr)


def check_programs(path: str | None = None) -> list[Check]:
    """Check that ``nbgrader`` and ``alembic`` on PATH are this environment's.

    nbgrader runs the ``alembic`` program from PATH whenever it creates or upgrades a gradebook: with this
    environment's ``bin/`` missing from PATH, ``.venv/bin/nbgrader`` crashes on a new course.
    """
    bindir = Path(sys.executable).parent
    activate = (f"activate the environment (`source {bindir / 'activate'}`) or put {bindir} first on PATH"
                if os.name != "nt" else f"put {bindir} first on PATH")
    results = []
    try:
        importlib.metadata.version("alembic")
    except importlib.metadata.PackageNotFoundError:
        results.append(Check("alembic", False, "not installed in this environment", "pip install alembic"))
        return results
    for program in ("alembic", "nbgrader"):
        found = shutil.which(program, path=path)
        own = bindir / program
        if found and Path(found).resolve() == own.resolve():
            results.append(Check(f"{program} on PATH", True, f"{found} (this environment)"))
        elif found:
            results.append(Check(f"{program} on PATH", False,
                                 f"{found} comes first, not this environment's {own}", activate))
        else:
            detail = (f"not on PATH, so nbgrader cannot create or upgrade a gradebook" if program == "alembic"
                      else "not on PATH")
            results.append(Check(f"{program} on PATH", False, detail, activate))
    return results


def _known_options() -> dict[str, set[str]]:
    """Every configurable class nbgrader and nbconvert know, with its configurable trait names."""
    from traitlets.config import Configurable
    import nbconvert  # noqa: F401 - registers the exporters and preprocessors
    from nbgrader.apps import NbGraderApp

    import csworkbook.instructor.export  # noqa: F401 - the course options (CourseGrade.weights)

    known: dict[str, set[str]] = {}
    seen: set[type] = set()
    stack = [Configurable, *NbGraderApp().all_configurable_classes()]
    while stack:  # several classes share a name (nbgrader's Exchange and its default one): pool their options
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        known.setdefault(cls.__name__, set()).update(cls.class_trait_names(config=True))
        stack.extend(cls.__subclasses__())
    return known


def check_course(root: Path) -> list[Check]:
    """From a course folder: the config loads, names a course id, sets only known options; the gradebook opens."""
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    except ConfigFileNotFound:
        return [Check("nbgrader_config.py", False, f"not found in {root}", "run from the course folder (assignments/)")]
    except Exception as err:  # noqa: BLE001 - a syntax error or any error raised by the config file
        return [Check("nbgrader_config.py", False, f"cannot be loaded ({type(err).__name__}: {err})",
                      "fix the line named above")]
    results = [Check("nbgrader_config.py", True, f"loaded from {root}")]
    course_id = config.get("CourseDirectory", {}).get("course_id", "")
    results.append(Check("course_id", bool(course_id) and course_id != "default_course",
                         f"'{course_id}'" if course_id else "not set",
                         'set c.CourseDirectory.course_id = "your-course" in nbgrader_config.py'))
    known = _known_options()
    unknown = [f"{section}.{key}" for section, values in config.items() for key in values
               if section in known and key not in known[section]]
    unknown += [f"{section} (no such class)" for section in config if section not in known]
    results.append(Check("config options", not unknown, "all known" if not unknown else
                         "unknown to nbgrader: " + ", ".join(sorted(unknown)),
                         "remove or correct them in nbgrader_config.py (nbgrader ignores them with a warning)"))
    from csworkbook.instructor.course import Course

    database = check_gradebook(Course(root).db_url)
    results += database
    if all(c.ok for c in database):
        results.append(check_gradebook_contents(root))
    return results


def check_gradebook_contents(root: Path) -> Check:
    """Open the course's gradebook (without creating one) and count its assignments and students."""
    from csworkbook.instructor.course import Course

    try:
        course = Course(root)
        url = course.db_url
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
            return Check("gradebook contents", True, "none yet")
        assignments, students = course.gradebook_names()
    except Exception as err:  # noqa: BLE001 - any database error is the message to show
        return Check("gradebook contents", False,
                     f"cannot be read ({type(err).__name__}: {str(err).splitlines()[0]})",
                     "check c.CourseDirectory.db_url; a gradebook that is not nbgrader's cannot be used")
    return Check("gradebook contents", True, f"{len(assignments)} assignments, {len(students)} students")


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
    """``doctor`` checks the course folder too when run from one or given ``--course-dir``."""
    parser.add_argument("--course-dir", default=None,
                        help="also check this nbgrader course folder (default: here, or ./assignments, if found)")


def _course_root(explicit: str | None) -> Path | None:
    if explicit:
        return Path(explicit).resolve()
    for candidate in (Path.cwd(), Path.cwd() / "assignments"):
        if (candidate / "nbgrader_config.py").exists():
            return candidate.resolve()
    return None


def run(args: argparse.Namespace | None = None) -> int:
    """Print one line per check; exit 1 and say how to fix things if any check fails."""
    checks = check_packages()
    if all(c.ok for c in checks if c.name == "jupyterlab"):
        checks += check_extensions()
    checks += check_programs()
    root = _course_root(getattr(args, "course_dir", None))
    if root is not None and all(c.ok for c in checks if c.name == "nbgrader"):
        checks += check_course(root)
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
