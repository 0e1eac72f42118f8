"""A practice PostgreSQL server: throw-away, private, on a loopback port, to rehearse a shared gradebook.

Instructors can try ``c.CourseDirectory.db_url = "postgresql+psycopg://..."`` on it before a real server exists; the
tests and ``bench/bench_postgres.py`` grade against it. It uses the server programs of an installed PostgreSQL
(Debian: ``apt-get install postgresql``) in a temporary folder. ``initdb`` refuses to run as root, so as root the
server runs as the ``postgres`` user (``runuser``) in a folder that user owns. Host connections need a password
(scram-sha-256); the password is never put in a URL: clients find it in the ``.pgpass`` file ``pgpass`` names
(set ``PGPASSFILE`` to it), as on a real deployment.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from glob import glob
from pathlib import Path

SUPERUSER = "postgres"


def pg_bin() -> Path | None:
    """The folder of the newest installed PostgreSQL server programs (initdb, pg_ctl), or None."""
    for folder in sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").exists() else None


def why_not() -> str | None:
    """Why a server cannot be started here (a sentence), or None when it can."""
    if pg_bin() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root but there is no 'postgres' user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root but runuser is not installed"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'csworkbook[postgres]')"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster in its own folder; ``url(db)`` gives SQLAlchemy URLs without passwords."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.bin = pg_bin()
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="csworkbook-pg-"))
        self.data = self.folder / "data"
        self.password = secrets.token_urlsafe(16)
        self.port = 0
        self.fsync = fsync
        self.pgpass = Path(tempfile.mkdtemp(prefix="csworkbook-pgpass-")) / "pgpass"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.folder)

    def start(self) -> "PostgresServer":
        """initdb and start on a free loopback port; raise RuntimeError with the server's log if it cannot."""
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "postgres", "postgres")
        proc = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--no-sync",
                         "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}")
        pwfile.unlink()
        if proc.returncode != 0:
            raise RuntimeError(f"initdb failed: {proc.stdout}{proc.stderr}")
        for _attempt in range(5):  # another process may take the port between choosing and binding it
            self.port = free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60"
                       + ("" if self.fsync else " -c fsync=off -c synchronous_commit=off"))
            proc = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                             "-o", options, "start")
            if proc.returncode == 0:
                break
        else:
            raise RuntimeError(f"pg_ctl could not start the server: {proc.stdout}{proc.stderr}\n{self.log()}")
        self.pgpass.write_text(f"127.0.0.1:{self.port}:*:{SUPERUSER}:{self.password}\n")
        self.pgpass.chmod(0o600)
        return self

    def log(self) -> str:
        """The server's log file (for failure messages)."""
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.rmtree(self.pgpass.parent, ignore_errors=True)

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """The SQLAlchemy URL of ``database`` on this server, with no password in it."""
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        """A psycopg connection as the superuser (autocommit), the password read from the pgpass file."""
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
                               passfile=str(self.pgpass), autocommit=True)

    def create_database(self, name: str, owner: str = SUPERUSER) -> str:
        """Create an empty database; return its URL (for ``owner``)."""
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.url(name, owner)

    def create_role(self, name: str, password: str) -> None:
        """A login role with a password (for a grader who reads it from their own ~/.pgpass)."""
        from psycopg import sql

        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name),
                                                                            sql.Literal(password)))
