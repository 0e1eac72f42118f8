"""The learner's journal: every response, with a timestamp, in one JSON file.

Default location ``~/.csworkbook/journal.json``; set ``CSWORKBOOK_HOME`` to use another folder.
Writes are atomic (temporary file, fsync, rename) and done under an exclusive lock that covers
read-merge-write, so a killed kernel never leaves half a file and two notebooks open at once do
not overwrite each other's entries. A file that is not valid JSON is moved aside (never deleted)
and a visible warning says where it went.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import tempfile
import uuid
import warnings
from pathlib import Path
from typing import Any, Iterator

FORMAT_VERSION = 1
ENV_HOME = "CSWORKBOOK_HOME"


class JournalWarning(UserWarning):
    """Shown when the journal file had to be moved aside or could not be read."""


def home() -> Path:
    """The folder that holds the journal and exports: ``$CSWORKBOOK_HOME`` or ``~/.csworkbook``."""
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser() if env else Path.home() / ".csworkbook"


def now_iso() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive inter-process lock on ``lock_path`` (POSIX fcntl, Windows msvcrt)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name != "nt":
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


class Journal:
    """Read and append learner responses in one JSON file shared by every notebook.

    An entry is a plain dict: ``id``, ``time`` (ISO 8601, UTC), ``notebook`` (e.g. ``"05"``),
    ``activity`` (e.g. ``"positive_self_assessment"``), ``kind`` (e.g. ``"attempt"``) and
    ``data`` (any JSON-serialisable dict).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else home() / "journal.json"
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        #: Human-readable warnings raised while reading (e.g. a corrupt file moved aside).
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ reading
    def _read_unlocked(self) -> list[dict[str, Any]]:
        return self._read_doc_unlocked()[1]

    def _read_doc_unlocked(self) -> tuple[str | None, list[dict[str, Any]]]:
        """The learner id (or ``None``) and the entries of the file, without taking the lock."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, []
        try:
            doc = json.loads(raw.decode("utf-8"))  # bytes that are not UTF-8 raise UnicodeDecodeError (a ValueError)
            entries = doc["entries"] if isinstance(doc, dict) else None
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise ValueError("the file does not hold a list of entries")
            learner = doc.get("learner")
            return (learner if isinstance(learner, str) and learner else None), entries
        except (ValueError, KeyError, TypeError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}-{uuid.uuid4().hex[:6]}{self.path.suffix}")
            os.replace(self.path, aside)
            message = (f"Your journal file {self.path} could not be read ({exc}). It was moved to {aside} "
                       "so nothing is lost, and a new journal was started.")
            self.warnings.append(message)
            warnings.warn(message, JournalWarning, stacklevel=3)
            return None, []

    def entries(self, *, activity: str | None = None, notebook: str | None = None,
                kind: str | None = None) -> list[dict[str, Any]]:
        """All entries, oldest first, optionally filtered by activity, notebook and kind."""
        with _locked(self.lock_path):
            items = self._read_unlocked()
        return [e for e in items
                if (activity is None or e.get("activity") == activity)
                and (notebook is None or e.get("notebook") == notebook)
                and (kind is None or e.get("kind") == kind)]

    def latest(self, activity: str, *, notebook: str | None = None, kind: str | None = None) -> dict[str, Any] | None:
        """The newest entry of an activity (optionally of one notebook and kind), or ``None``."""
        found = self.entries(activity=activity, notebook=notebook, kind=kind)
        return found[-1] if found else None

    # ------------------------------------------------------------------ writing
    def record(self, activity: str, data: dict[str, Any], *, notebook: str = "", kind: str = "response") -> dict[str, Any]:
        """Append one entry and save at once; returns the entry as stored."""
        entry = {
            "id": uuid.uuid4().hex,
            "time": now_iso(),
            "notebook": notebook,
            "activity": activity,
            "kind": kind,
            "data": data,
        }
        json.dumps(entry)  # fail before touching the file if data is not serialisable
        with _locked(self.lock_path):
            learner, items = self._read_doc_unlocked()
            items.append(entry)
            self._write_unlocked(learner or uuid.uuid4().hex, items)
        return entry

    def _write_unlocked(self, learner: str, items: list[dict[str, Any]]) -> None:
        doc = {"version": FORMAT_VERSION, "learner": learner, "entries": items}
        _atomic_write(self.path, json.dumps(doc, indent=1))

    def learner_id(self) -> str:
        """This learner's id: a random hex string made once and kept in the journal file.

        It seeds the per-learner display order of options (``csworkbook.rules.order``), so a
        reopened notebook shows the same order; an exported and restored journal keeps it.
        """
        with _locked(self.lock_path):
            learner, items = self._read_doc_unlocked()
            if learner is None:
                learner = uuid.uuid4().hex
                self._write_unlocked(learner, items)
            return learner

    def reset(self, *, confirm: bool = False) -> Path | None:
        """Start an empty journal, keeping the old file as a backup; needs ``confirm=True``.

        Returns the backup path (or ``None`` if there was nothing to back up).
        """
        if not confirm:
            raise ValueError("Resetting deletes every saved answer from the journal; call reset(confirm=True) if you are sure.")
        with _locked(self.lock_path):
            if not self.path.exists():
                return None
            stamp = f"{_dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"  # two resets in one second: two backups
            backup = self.path.with_name(f"{self.path.stem}.backup-{stamp}{self.path.suffix}")
            os.replace(self.path, backup)
            return backup


_default: Journal | None = None


def default_journal() -> Journal:
    """The journal at the default location (re-read from the environment when it changes)."""
    global _default
    path = home() / "journal.json"
    if _default is None or _default.path != path:
        _default = Journal(path)
    return _default
