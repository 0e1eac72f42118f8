"""What a learner can do to the journal by accident, and what the journal does about it.

A bad entry (``null``, a number, data that is not an object) is skipped and the file copied aside
first; a lone surrogate (half an emoji) round-trips; an answer over the size cap is refused with a
clear message and nothing saved is lost; the lock works without ``fcntl.flock`` (as in Pyodide) and
never follows a symbolic link.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from csworkbook import journal as journal_module
from csworkbook.journal import MAX_ENTRY_CHARS, AnswerTooLong, Journal, JournalLockError, JournalWarning

ROOT = Path(__file__).resolve().parents[2]


def _write_doc(path: Path, entries: list) -> bytes:
    raw = json.dumps({"version": 1, "learner": "abc123", "entries": entries}).encode()
    path.write_bytes(raw)
    return raw


GOOD = [{"id": f"id{n}", "time": "2026-01-01T00:00:00+00:00", "notebook": "05", "activity": "reflection",
         "kind": "reflection", "data": {"text": f"note {n}"}} for n in range(3)]


@pytest.mark.parametrize("bad", [None, 7, "text", {"id": "x", "data": None}, {"id": "y", "data": [1, 2]}],
                         ids=["null", "number", "string", "data null", "data a list"])
def test_a_bad_entry_is_skipped_copied_aside_and_the_good_ones_stay(tmp_path, bad):
    path = tmp_path / "journal.json"
    raw = _write_doc(path, [GOOD[0], bad, GOOD[1], GOOD[2]])
    journal = Journal(path)
    with pytest.warns(JournalWarning, match="1 entry .* skipped; the other 3 are kept"):
        assert journal.entries() == GOOD
    copies = list(tmp_path.glob("journal.bad-entries-*.json"))
    assert len(copies) == 1 and copies[0].read_bytes() == raw  # the file as it was, byte for byte
    assert str(copies[0]) in journal.warnings[0]
    assert journal.learner_id() == "abc123"  # the learner keeps their id (and their option order)
    # the file is now clean: the next reader is not warned again, and saving keeps everything
    with warnings.catch_warnings():
        warnings.simplefilter("error", JournalWarning)
        Journal(path).record("reflection", {"text": "after"}, notebook="05", kind="reflection")
        assert [e["data"]["text"] for e in Journal(path).entries()] == ["note 0", "note 1", "note 2", "after"]
    assert len(list(tmp_path.glob("journal.bad-entries-*.json"))) == 1
    assert not list(tmp_path.glob("journal.corrupt-*.json"))



def test_a_lone_surrogate_round_trips_exactly(tmp_path):
    text = "Half an emoji \ud83d and a whole one \U0001F600, accents é and ß, right-to-left \u05e9\u05dc\u05d5\u05dd"
    journal = Journal(tmp_path / "journal.json")
    saved = journal.record("reflection", {"text": text, "key": "k\udc80"}, notebook="03", kind="reflection")
    again = Journal(tmp_path / "journal.json").entries()
    assert again == [saved]
    assert again[0]["data"]["text"] == text and again[0]["data"]["key"] == "k\udc80"
    assert json.loads(journal.path.read_bytes())  # the file itself is valid UTF-8 JSON


def test_an_answer_over_the_cap_is_refused_clearly_and_nothing_saved_is_lost(tmp_path):
    journal = Journal(tmp_path / "journal.json")
    kept = journal.record("reflection", {"text": "a short note"}, notebook="01", kind="reflection")
    before = journal.path.read_bytes()
    with pytest.raises(AnswerTooLong, match=f"up to {MAX_ENTRY_CHARS:,} characters") as caught:
        journal.record("reflection", {"text": "word " * (MAX_ENTRY_CHARS // 5 + 1)}, notebook="01")
    assert "Shorten it" in str(caught.value) and isinstance(caught.value, ValueError)
    assert journal.path.read_bytes() == before and journal.entries() == [kept]
    # just under the cap is fine
    fits = "x" * (MAX_ENTRY_CHARS - 400)
    assert journal.record("reflection", {"text": fits}, notebook="01")["data"]["text"] == fits


# --------------------------------------------------------------------------- the lock


def test_a_symlink_in_place_of_the_lock_file_is_not_followed(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone else's file")
    journal = Journal(tmp_path / "journal.json")
    journal.lock_path.symlink_to(target)
    with pytest.raises(JournalLockError, match="symbolic link"):
        journal.record("reflection", {"text": "x"})
    assert target.read_text() == "someone else's file" and not journal.path.exists()


def test_the_fallback_lock_file_is_made_and_removed(tmp_path):
    holder = tmp_path / "journal.json.lockfile"
    with journal_module._locked_file(holder):
        assert holder.exists() and holder.read_text().split()[0] == str(os.getpid())
    assert not holder.exists()


def test_a_fallback_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    holder = tmp_path / "journal.json.lockfile"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    holder.write_text(f"{dead.stdout.strip()} {journal_module._host()}")
    with journal_module._locked_file(holder):
        assert holder.read_text().split()[0] == str(os.getpid())


def test_an_old_fallback_lock_is_stale(tmp_path):
    holder = tmp_path / "journal.json.lockfile"
    holder.write_text("1 another-machine")
    old = time.time() - journal_module.STALE_LOCK_SECONDS - 5
    os.utime(holder, (old, old))
    with journal_module._locked_file(holder):
        assert holder.read_text().split()[0] == str(os.getpid())


def test_a_symlink_in_place_of_the_fallback_lock_file_is_refused(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    holder = tmp_path / "journal.json.lockfile"
    holder.symlink_to(target)
    with pytest.raises(JournalLockError, match="symbolic link"):
        with journal_module._locked_file(holder):
            pass
    assert target.read_text() == "keep" and holder.is_symlink()


#: Like a Pyodide kernel: ``import fcntl`` fails, so the journal must lock with a lock file.
NO_FLOCK_WRITER = """
import sys
sys.modules["fcntl"] = None
from csworkbook import journal as j
assert not j._flock_available()
journal = j.Journal(sys.argv[1])
tag, count = sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
for n in range(count):
    entry = journal.record("stress", {"writer": tag, "n": n}, notebook="00", kind="answer")
    print(entry["id"], flush=True)
"""


@pytest.mark.timeout(300)
def test_two_writers_without_flock_lose_nothing(tmp_path):
    path = tmp_path / "journal.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", NO_FLOCK_WRITER, str(path), tag, "120"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for tag in ("left", "right")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reported = []
    for proc in procs:
        out = proc.stdout.read()  # the same text wrapper readline() used: nothing buffered is lost
        err = proc.stderr.read()
        assert proc.wait() == 0, err
        reported += out.split()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    entries = Journal(path).entries()
    assert len(entries) == 240 and {e["id"] for e in entries} == set(reported)
    assert not (tmp_path / "journal.json.lockfile").exists()


def test_a_remembered_file_is_never_written_over_another_writers_save(tmp_path):
    path = tmp_path / "journal.json"
    first, second = Journal(path), Journal(path)  # like two notebooks open at once
    saved = [first.record("a", {"n": 0}), second.record("b", {"n": 1}), first.record("a", {"n": 2}),
             first.record("a", {"n": 3}), second.record("b", {"n": 4})]
    assert Journal(path).entries() == saved
    path.unlink()  # the learner deletes the file: the next save starts a new one, not the remembered one
    assert Journal(path).entries() == [] and first.record("a", {"n": 5})["data"] == {"n": 5}
    assert [e["data"]["n"] for e in Journal(path).entries()] == [5]
