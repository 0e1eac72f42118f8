"""The learner's journal: every response, with a timestamp, in one JSON file.

Default location ``~/.csworkbook/journal.json``; set ``CSWORKBOOK_HOME`` to use another folder.
Writes are atomic (temporary file, fsync, rename) and done under an exclusive lock that covers
read-merge-write, so a killed kernel never leaves half a file and two notebooks open at once do
not overwrite each other's entries. A file that is not valid JSON is moved aside (never deleted)
and a visible warning says where it went; bad entries in a good file are skipped, the file copied
aside first. The lock is ``fcntl.flock`` where it exists and a lock file made with O_CREAT|O_EXCL
where it does not (Pyodide); neither follows a symbolic link.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import shutil
import socket
import tempfile
import time
import uuid
import warnings
from pathlib import Path
from typing import Any, Iterator

FORMAT_VERSION = 1
ENV_HOME = "CSWORKBOOK_HOME"


#: The longest single entry the journal accepts, in characters of JSON (about 20,000 words of text).
MAX_ENTRY_CHARS = 200_000


class JournalWarning(UserWarning):
    """Shown when the journal file had to be moved aside, or some entries skipped and copied aside."""


class AnswerTooLong(ValueError):
    """An answer longer than :data:`MAX_ENTRY_CHARS`; the message says the limit and what to do."""


def _is_entry(item: object) -> bool:
    """True for an entry the course can read: an object whose ``data``, if present, is an object too."""
    return isinstance(item, dict) and isinstance(item.get("data", {}), dict)


def home() -> Path:
    """The folder that holds the journal and exports: ``$CSWORKBOOK_HOME`` or ``~/.csworkbook``."""
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser() if env else Path.home() / ".csworkbook"


def now_iso() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


#: Seconds after which a fallback lock file left by a crashed kernel counts as stale (a save takes milliseconds).
STALE_LOCK_SECONDS = 30.0
#: Seconds a save waits for another notebook's fallback lock before giving up with a clear message.
LOCK_WAIT_SECONDS = 20.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class JournalLockError(OSError):
    """The journal's lock could not be taken (a symbolic link in its place, or another notebook holding it too long)."""


def _open_lock_file(lock_path: Path) -> int:
    """Open (creating) the lock file without following a symbolic link put in its place; returns a descriptor."""
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as exc:
        if lock_path.is_symlink():
            raise JournalLockError(f"The journal's lock file {lock_path} is a symbolic link; it is not followed. "
                                   "Delete that link and try again.") from exc
        raise


def _flock_available() -> bool:
    """True where ``fcntl.flock`` exists (not in browser-based kernels such as Pyodide)."""
    try:
        import fcntl
    except ImportError:
        return False
    return hasattr(fcntl, "flock")


@contextlib.contextmanager
def _locked_flock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``fcntl.flock`` on ``lock_path``."""
    import fcntl

    fd = _open_lock_file(lock_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _host() -> str:
    """This machine's name, written into a fallback lock file so only this machine judges its process dead."""
    try:
        return socket.gethostname().split()[0] or "unknown"
    except (OSError, IndexError):
        return "unknown"


def _lock_is_stale(holder: Path) -> bool:
    """True when the fallback lock file's owner is gone: its process is dead here, or the file is old (seconds)."""
    try:
        fd = os.open(holder, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return True  # released meanwhile: try again
    except OSError as exc:
        raise JournalLockError(f"The journal's lock file {holder} is a symbolic link or cannot be read; "
                               "delete it and try again.") from exc
    try:
        age = time.time() - os.fstat(fd).st_mtime
        owner = os.read(fd, 200).decode("ascii", "replace").split()
    finally:
        os.close(fd)
    if age > STALE_LOCK_SECONDS:
        return True
    if len(owner) == 2 and owner[1] == _host() and owner[0].isdigit() and hasattr(os, "kill"):
        try:
            os.kill(int(owner[0]), 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
    return False


@contextlib.contextmanager
def _locked_file(holder: Path) -> Iterator[None]:
    """Hold the lock by creating ``holder`` with O_CREAT|O_EXCL (never through a link); remove it after.

    For kernels without ``flock``. A lock file whose process has died, or older than
    :data:`STALE_LOCK_SECONDS`, is removed; after :data:`LOCK_WAIT_SECONDS` of waiting a
    :class:`JournalLockError` says which file to delete.
    """
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(holder, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            break
        except FileExistsError:
            if _lock_is_stale(holder):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(holder)
                continue
            if time.monotonic() > deadline:
                raise JournalLockError(f"Another notebook has held the journal's lock file {holder} for more than "
                                       f"{LOCK_WAIT_SECONDS:g} s. If no other notebook is saving, delete that file.")
            time.sleep(0.01)
    try:
        os.write(fd, f"{os.getpid()} {_host()}".encode("ascii", "replace"))
    finally:
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(holder)


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive inter-process lock for ``lock_path``.

    ``fcntl.flock`` where it exists; Windows ``msvcrt``; elsewhere (Pyodide) a lock file
    ``<lock_path>file`` created with O_CREAT|O_EXCL. No lock file is followed through a symbolic link.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        with open(lock_path, "a+b") as handle:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    elif _flock_available():
        with _locked_flock(lock_path):
            yield
    else:
        with _locked_file(lock_path.with_name(lock_path.name + "file")):
            yield


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so readers see the old file or the new one, never a mix or an empty file."""
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
        #: (file identity, learner id, entry lines) as this object last wrote the file; see :meth:`_write_lines`.
        self._written: tuple[tuple[int, int, int] | None, str, list[str]] | None = None

    # ------------------------------------------------------------------ reading
    def _read_unlocked(self) -> list[dict[str, Any]]:
        return self._read_doc_unlocked()[1]

    def _read_doc_unlocked(self) -> tuple[str | None, list[dict[str, Any]]]:
        """The learner id (or ``None``) and the good entries of the file, without taking the lock.

        A file that is not a journal at all is moved aside. A journal with some bad entries (``null``,
        numbers, an entry whose data is not an object) keeps its good ones: the whole file is first
        copied aside (nothing lost), then rewritten without the bad entries, with a warning.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, []
        try:
            doc = json.loads(raw.decode("utf-8"))  # bytes that are not UTF-8 raise UnicodeDecodeError (a ValueError)
            entries = doc["entries"] if isinstance(doc, dict) else None
            if not isinstance(entries, list):
                raise ValueError("the file does not hold a list of entries")
            learner = doc.get("learner")
        except (ValueError, KeyError, TypeError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            aside = self._aside("corrupt")
            os.replace(self.path, aside)
            self._warn(f"Your journal file {self.path} could not be read ({exc}). It was moved to {aside} "
                       "so nothing is lost, and a new journal was started.")
            return None, []
        learner = learner if isinstance(learner, str) and learner else None
        good = [e for e in entries if _is_entry(e)]
        if len(good) < len(entries):
            bad = len(entries) - len(good)
            said = (f"{bad} entr{'y' if bad == 1 else 'ies'} of your journal {self.path} could not be read and "
                    f"{'was' if bad == 1 else 'were'} skipped; the other {len(good)} are kept.")
            copy = self._aside("bad-entries")
            try:
                shutil.copyfile(self.path, copy)
                self._write_unlocked(learner or uuid.uuid4().hex, good)
            except OSError as exc:  # a read-only folder: skip them on every read, change nothing on disk
                self._warn(f"{said} The file is left as it is ({exc}).")
            else:
                self._warn(f"{said} The file as it was is copied to {copy}, so nothing is lost.")
        return learner, good

    def _aside(self, why: str) -> Path:
        """A new, unused name beside the journal for a copy kept aside (``journal.<why>-<time>-<random>.json``)."""
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{uuid.uuid4().hex[:6]}{self.path.suffix}")

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        warnings.warn(message, JournalWarning, stacklevel=4)

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
        """Append one entry and save at once; returns the entry as stored.

        Text is kept exactly, lone surrogates included (stored as ``\\udXXX`` escapes). An entry
        longer than :data:`MAX_ENTRY_CHARS` characters raises :class:`AnswerTooLong` before the file
        is touched; data that is not JSON raises ``TypeError``/``ValueError`` likewise.
        """
        entry = {
            "id": uuid.uuid4().hex,
            "time": now_iso(),
            "notebook": notebook,
            "activity": activity,
            "kind": kind,
            "data": data,
        }
        size = len(json.dumps(entry, ensure_ascii=False))  # fails before touching the file if not serialisable
        if size > MAX_ENTRY_CHARS:
            raise AnswerTooLong(f"This answer is {size:,} characters long; the journal keeps answers of up to "
                                f"{MAX_ENTRY_CHARS:,} characters so that every save stays quick. Shorten it "
                                "(or keep the long text in a file of its own) and save again.")
        with _locked(self.lock_path):
            cached = self._written
            if cached is not None and cached[0] == self._file_key():
                learner, lines = cached[1], cached[2]  # the file is as this object last wrote it: no re-read
            else:
                found, items = self._read_doc_unlocked()
                learner, lines = found or uuid.uuid4().hex, [json.dumps(e) for e in items]
            self._write_lines(learner, [*lines, json.dumps(entry)])
        return entry

    def _write_unlocked(self, learner: str, items: list[dict[str, Any]]) -> None:
        self._write_lines(learner, [json.dumps(e) for e in items])

    def _write_lines(self, learner: str, lines: list[str]) -> None:
        """Write the whole file, one entry (already JSON) a line, and remember what was written.

        One entry a line keeps the file readable and lets json's fast C encoder do the work. The
        lines are kept with the file's identity (inode, size, modification time), so the next save
        from this object skips re-reading a file nobody else has replaced since.
        """
        head = json.dumps({"version": FORMAT_VERSION, "learner": learner})[:-1]
        body = ",\n".join(lines)
        self._written = None
        atomic_write(self.path, f'{head}, "entries": [\n{body}\n]}}\n' if lines else f'{head}, "entries": []}}\n')
        self._written = (self._file_key(), learner, lines)

    def _file_key(self) -> tuple[int, int, int] | None:
        """The journal file's identity (inode, size in bytes, modification time in ns), or ``None`` if absent."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

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
