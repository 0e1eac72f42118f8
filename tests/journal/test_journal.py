"""The journal under stress, with real processes and real files (no mocks).

1. A writer killed with SIGKILL at many moments never leaves a file that fails to parse, and never
   loses an entry it had reported as saved.
2. A damaged file (garbage bytes, truncated JSON, JSON of the wrong shape) is moved aside byte for
   byte, a JournalWarning is emitted, and a new journal starts.
3. Two processes writing at once lose nothing.
4. A new Journal object (as after a kernel restart) reads what an earlier one saved.
5. Reset needs confirm=True and keeps a backup.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from csworkbook.journal import Journal, JournalWarning, default_journal

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="uses POSIX signals")

#: A writer that records entries in a tight loop and prints each id once record() has returned.
#: With a stop point (``before:replace``: the temporary file is written, not yet renamed; ``after:replace``:
#: renamed, the lock still held; ``before:fsync``: written, not yet flushed to disk), the writer stops
#: there during its save number ``stop_after``, prints "stopped" and waits, so the test kills it at that
#: exact moment (an event, not a guess at timing).
WRITER = """
import os, sys
from csworkbook.journal import Journal

journal = Journal(sys.argv[1])
tag, count, stop_at, stop_after = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
n = 0
if stop_at:
    when, name = stop_at.split(":")
    real = getattr(os, name)
    def hook(*args):
        if n == stop_after and when == "before":
            print("stopped", flush=True); sys.stdin.read()
        result = real(*args)
        if n == stop_after and when == "after":
            print("stopped", flush=True); sys.stdin.read()
        return result
    setattr(os, name, hook)
print("ready", flush=True)
while count == 0 or n < count:
    entry = journal.record("stress", {"writer": tag, "n": n}, notebook="00", kind="answer")
    sys.stdout.write(entry["id"] + "\\n")
    sys.stdout.flush()
    n += 1
"""


def _start_writer(path: Path, tag: str, count: int = 0, stop_at: str = "", stop_after: int = 0,
                  env_extra: dict[str, str] | None = None, script: str = WRITER) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env_extra or {}))
    proc = subprocess.Popen([sys.executable, "-c", script, str(path), tag, str(count), stop_at, str(stop_after)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    assert first == "ready", proc.stderr.read() if proc.stderr else first
    return proc


def _finish(proc: subprocess.Popen[str]) -> tuple[list[str], str]:
    """Read what a writer prints until it ends, through the same text wrapper readline() used.

    (``communicate()`` would read the raw pipe and lose what the wrapper had already buffered.)
    """
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream:
            stream.close()
    return [line for line in out.splitlines() if line], err


def _read_strictly(path: Path) -> list[dict]:
    """Entries read by a fresh Journal; any JournalWarning (a file moved aside) fails the test."""
    raw = path.read_bytes()
    doc = json.loads(raw)  # the file itself parses, whatever Journal does
    assert isinstance(doc["entries"], list)
    with warnings.catch_warnings():
        warnings.simplefilter("error", JournalWarning)
        return Journal(path).entries()


# --------------------------------------------------------------------------- 1. SIGKILL mid-write


def _kill_round(path: Path, wait_for: int, stop_at: str, reported: list[str]) -> None:
    """Start a writer, let it report ``wait_for`` saves (and reach ``stop_at`` in the next one), SIGKILL it, check."""
    proc = _start_writer(path, "killed", stop_at=stop_at, stop_after=wait_for)
    assert proc.stdout is not None
    for _ in range(wait_for):
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "writer stopped"
        reported.append(line.strip())
    if stop_at:
        assert proc.stdout.readline().strip() == "stopped"
    os.kill(proc.pid, signal.SIGKILL)
    lines, _err = _finish(proc)
    assert proc.returncode == -signal.SIGKILL
    # every id printed before the kill was printed after record() returned: it must be on disk
    reported.extend(line.strip() for line in lines if line.strip() != "stopped")
    if not path.exists():  # killed before the very first write finished
        assert not reported
        return
    stored = [e["id"] for e in _read_strictly(path)]
    assert len(stored) == len(set(stored)), "an entry was stored twice"
    missing = set(reported) - set(stored)
    assert not missing, f"{len(missing)} reported entries lost after a kill at ({wait_for}, {stop_at!r})"


@pytest.mark.timeout(240)
def test_a_writer_killed_at_any_moment_loses_no_reported_entry(tmp_path):
    path = tmp_path / "journal.json"
    reported: list[str] = []
    # (entries to wait for, where in the next save to kill): "" is wherever the writer happens to be
    moments = [(0, ""), (0, "before:replace"), (1, ""), (1, "before:fsync"), (3, "before:replace"),
               (8, "after:replace"), (15, ""), (30, "before:replace"), (45, "after:replace"), (60, "before:fsync")]
    for wait_for, stop_at in moments:
        _kill_round(path, wait_for, stop_at, reported)
    # a temporary file left behind proves kills landed inside a write (after the temp file, before the rename)
    assert list(tmp_path.glob(".journal.json.*.tmp")), "no kill landed inside a write; the test proved little"
    stored = _read_strictly(path)
    assert len(stored) - len(reported) <= len(moments)  # at most one unreported entry per kill
    assert len(reported) >= sum(w for w, _p in moments)
    # the journal is still usable afterwards, and ignores the leftover temporary files
    Journal(path).record("after", {"ok": True})
    assert _read_strictly(path)[-1]["activity"] == "after"


# --------------------------------------------------------------------------- 2. damaged files


def _truncated_journal(tmp_path: Path) -> bytes:
    scratch = Journal(tmp_path / "scratch" / "journal.json")
    for n in range(5):
        scratch.record("quiz", {"n": n, "text": "some words to make the file longer"}, notebook="01")
    raw = scratch.path.read_bytes()
    return raw[: len(raw) // 2]


CORRUPTIONS = {
    "garbage bytes (not UTF-8)": lambda tmp: b"\x00\xff\xfe\x89PNG garbage \xc3\x28",
    "empty file": lambda tmp: b"",
    "truncated JSON": _truncated_journal,
    "a JSON list": lambda tmp: b"[1, 2, 3]",
    "JSON null": lambda tmp: b"null",
    "no entries key": lambda tmp: b'{"version": 1}',
    "entries is text": lambda tmp: b'{"version": 1, "entries": "oops"}',
    "deeply nested JSON": lambda tmp: b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("operation", ["read", "write"])
@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_damaged_file_is_moved_aside_exactly_and_a_new_journal_starts(tmp_path, case, operation):
    path = tmp_path / "home" / "journal.json"
    path.parent.mkdir(parents=True)
    damaged = CORRUPTIONS[case](tmp_path)
    path.write_bytes(damaged)
    journal = Journal(path)
    with pytest.warns(JournalWarning, match="moved to"):
        if operation == "read":
            assert journal.entries() == []
        else:
            journal.record("quiz", {"after": True}, notebook="02")
    asides = sorted(path.parent.glob("journal.corrupt-*.json"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == damaged  # the exact old bytes, nothing lost
    assert len(journal.warnings) == 1 and str(asides[0]) in journal.warnings[0]
    # a new journal has started and works
    expected = [] if operation == "read" else [{"after": True}]
    assert ([e["data"] for e in _read_strictly(path)] if path.exists() else []) == expected
    journal.record("quiz", {"next": True}, notebook="02")
    assert [e["data"] for e in _read_strictly(path)][-1] == {"next": True}
    assert len(sorted(path.parent.glob("journal.corrupt-*.json"))) == 1  # moved aside once only


# --------------------------------------------------------------------------- 3. two writers at once


@pytest.mark.timeout(300)
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "journal.json"
    writers = [_start_writer(path, tag, 200) for tag in ("left", "right")]
    reported: list[str] = []
    for proc in writers:
        lines, err = _finish(proc)
        assert proc.returncode == 0, err
        reported.extend(lines)
    entries = _read_strictly(path)
    assert len(entries) == 400 and len(reported) == 400
    assert {e["id"] for e in entries} == set(reported)
    for tag in ("left", "right"):
        assert sorted(e["data"]["n"] for e in entries if e["data"]["writer"] == tag) == list(range(200))
    # both really ran at the same time: their entries interleave
    tags = [e["data"]["writer"] for e in entries]
    switches = sum(1 for a, b in zip(tags, tags[1:]) if a != b)
    assert switches >= 1


# --------------------------------------------------------------------------- 4. after a restart


def test_a_new_journal_object_reads_what_an_earlier_one_saved(tmp_path):
    path = tmp_path / "journal.json"
    first = Journal(path)
    saved = [first.record("reflection", {"text": f"note {n}"}, notebook="03", kind="reflection") for n in range(3)]
    second = Journal(path)  # like a new kernel
    assert second.entries() == saved
    assert second.latest("reflection", notebook="03")["data"] == {"text": "note 2"}
    assert second.entries(notebook="04") == [] and second.warnings == []


def test_another_process_reads_what_this_one_saved(tmp_path, csworkbook_home):
    journal = default_journal()
    assert journal.path == csworkbook_home / "journal.json"
    entry = journal.record("knowledge_check", {"item_id": "05-funnel", "chosen": "x", "correct": True},
                           notebook="05", kind="answer")
    code = ("from csworkbook.journal import default_journal; import json; "
            "print(json.dumps(default_journal().entries()))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         timeout=60)
    assert json.loads(out.stdout) == [entry]


# --------------------------------------------------------------------------- 5. reset


def test_reset_needs_confirm_and_keeps_a_backup(tmp_path):
    path = tmp_path / "journal.json"
    journal = Journal(path)
    journal.record("reflection", {"text": "keep me"}, notebook="00")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="confirm=True"):
        journal.reset()
    with pytest.raises(ValueError):
        journal.reset(confirm=False)
    assert path.read_bytes() == before
    backup = journal.reset(confirm=True)
    assert backup is not None and backup.read_bytes() == before
    assert backup.parent == path.parent and backup != path
    assert journal.entries() == [] and not path.exists()
    assert journal.reset(confirm=True) is None  # nothing left to back up


def test_two_resets_in_quick_succession_keep_both_backups(tmp_path):
    journal = Journal(tmp_path / "journal.json")
    journal.record("reflection", {"text": "first"}, notebook="00")
    first = journal.reset(confirm=True)
    journal.record("reflection", {"text": "second"}, notebook="00")
    second = journal.reset(confirm=True)
    assert first is not None and second is not None and first != second
    assert json.loads(first.read_bytes())["entries"][0]["data"] == {"text": "first"}
    assert json.loads(second.read_bytes())["entries"][0]["data"] == {"text": "second"}
