"""Real attack submissions, graded in one class beside innocent students, with the sandbox on (the default).

Each attack is a solved or untouched defection_cost notebook with the attack added to an answer cell. The
class must still be graded, the innocent students must keep their scores, every attack must get its outcome
(no marks it did not earn, "needs review" with the reason where it tampered), and no process may be left.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path

import pytest

from tests.instructor.conftest import csworkbook
from tests.instructor.submissions import solved, submit, untouched

DC = "defection_cost"
MARKER = b"CSWORKBOOK_SANDBOX_KERNEL="
SLEEP = "613"  # a detached `sleep 613` must not outlive grading


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def _prepend(nb, grade_id, code):
    cell = _cell(nb, grade_id)
    cell.source = code + "\n" + cell.source
    return nb


def _append(nb, grade_id, code):
    cell = _cell(nb, grade_id)
    cell.source = cell.source + "\n" + code
    return nb


ZERO_ANSWERS = "def lifetime_revenue(*a): return 0\n"


def _sandboxed_processes() -> list[str]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if MARKER in Path(f"/proc/{entry.name}/environ").read_bytes():
                    found.append(Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return found


def _sleepers() -> list[str]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if Path(f"/proc/{entry.name}/cmdline").read_bytes().split(b"\0")[:2] == [b"sleep", SLEEP.encode()]:
                    out.append(entry.name)
            except OSError:
                continue
    return out


@pytest.fixture(scope="module")
def attacked(released_course: Path, tmp_path_factory):
    """Grade one class of innocent and attacking students; (course, report lines, listening socket)."""
    course = tmp_path_factory.mktemp("attacked") / "course"
    shutil.copytree(released_course, course)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    outside = tmp_path_factory.mktemp("outside")
    os.chmod(outside, 0o777)

    cases = {
        "s_full": solved(course, DC),
        "s_zero": untouched(course, DC),
        "a_read_source": _prepend(untouched(course, DC), "lifetime_revenue_answer",
                                  "try:\n    leaked = open('../../source/defection_cost/defection_cost.ipynb').read()\n"
                                  "except OSError as err:\n    leaked = ''\nprint('LEA' + 'KED' if 'HIDDEN' in leaked else 'no')"),
        "a_always_equal": _append(untouched(course, DC), "lifetime_revenue_answer",
                                   "class Yes:\n    def __eq__(self, other): return True\n"
                                   "    def __sub__(self, other): return self\n    def __abs__(self): return 0\n"
                                   "def lifetime_revenue(*a): return Yes()\n"),
        "a_transformer": _prepend(untouched(course, DC), "lifetime_revenue_answer",
                                  "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])"),
        "a_import_key": _prepend(untouched(course, DC), "lifetime_revenue_answer",
                                 "try:\n    from csworkbook.calculators import *\nexcept ImportError as err:\n"
                                 "    print('blocked:', err)"),
        "a_abs": _append(untouched(course, DC), "lifetime_revenue_answer",
                         ZERO_ANSWERS + "abs = lambda x: 0\nfloat = lambda x: 0\n"),
        "a_write_outside": _prepend(solved(course, DC), "lifetime_revenue_answer",
                                    "for target in ['../../source/planted.txt', "
                                    f"'{outside}/planted.txt']:\n    try:\n"
                                    "        open(target, 'w').write('x')\n    except OSError:\n        pass"),
        "a_classmate": _prepend(solved(course, DC), "lifetime_revenue_answer",
                                "import sqlite3\ntry:\n    db = sqlite3.connect('../../gradebook.db')\n"
                                "    db.execute('UPDATE grade SET auto_score = 0')\n    db.commit()\n"
                                "except Exception as err:\n    print(err)"),
        "a_detached": _prepend(solved(course, DC), "lifetime_revenue_answer",
                               f"import subprocess\nsubprocess.Popen(['sleep', '{SLEEP}'], start_new_session=True)"),
        "a_socket": _prepend(solved(course, DC), "lifetime_revenue_answer",
                             f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
                             "except OSError as err:\n    print('no network:', err)"),
        "a_memory": _prepend(solved(course, DC), "ling_answer", "hoard = bytearray(16 * 1024 ** 3)"),
        "a_display": _prepend(solved(course, DC), "lifetime_revenue_answer",
                              "from IPython.display import HTML, display\n"
                              "display(HTML('<p>' + 'x' * 20_000_000 + '</p>'))"),
        "a_script": _prepend(solved(course, DC), "lifetime_revenue_answer",
                             "from IPython.display import HTML, display\n"
                             "display(HTML('<script>alert(\"out\")</script><img src=x onerror=alert(2)>'))"),
    }
    import nbformat

    cases["a_script"].cells.append(nbformat.v4.new_markdown_cell(
        "My notes <script>alert('md')</script> <img src=y onerror=\"alert(3)\">"))
    for student, nb in cases.items():
        submit(course, student, DC, nb)
    proc = csworkbook("grade", DC, "--jobs", "2", "--timeout", "20", cwd=course)
    assert proc.returncode == 0, proc.stderr
    lines = {l.split(":", 1)[0]: l for l in proc.stdout.splitlines() if l.startswith(("s_", "a_"))}
    yield course, lines, listener, outside
    listener.close()


def _score(line: str) -> str:
    return line.split(", ", 1)[1].split(" points")[0]


def test_innocent_students_keep_their_scores(attacked):
    course, lines, _, _ = attacked
    assert lines["s_full"] == "s_full: pending manual grading, 7/10 points, 3 point(s) waiting for you"
    assert lines["s_zero"] == "s_zero: graded, 0/10 points"
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "csworkbook") as gb:
        assert gb.find_submission(DC, "s_full").score == 7


@pytest.mark.parametrize("student, score, reason", [
    ("a_read_source", "0/10", "opened a file outside its folder"),
    ("a_transformer", "0/10", "registered an IPython input transformer"),
    ("a_import_key", "0/10", "imported the course package (csworkbook"),
    ("a_abs", "0/10", "redefined the builtin 'abs'"),
    ("a_write_outside", "7/10", "opened a file outside its folder"),
    ("a_classmate", "7/10", "opened a file outside its folder"),
    ("a_detached", "7/10", "started a process"),
    ("a_socket", "7/10", "opened a network connection"),
])
def test_tampering_is_neutralised_and_flagged_for_review(attacked, student, score, reason):
    _, lines, _, _ = attacked
    assert lines[student].startswith(f"{student}: NEEDS REVIEW, {score} points"), lines[student]
    assert f"needs review: {reason}" in lines[student]


def test_an_always_equal_answer_scores_nothing(attacked):
    _, lines, _, _ = attacked
    assert _score(lines["a_always_equal"]) == "0/10"


def test_nothing_reached_outside_the_sandbox(attacked):
    course, _, listener, outside = attacked
    assert not (course / "source" / "planted.txt").exists()
    assert not (outside / "planted.txt").exists()
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    import nbformat

    nb = nbformat.read(course / "autograded" / "a_read_source" / DC / f"{DC}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "no\n" in printed and "LEAKED" not in printed  # the source notebook was not there to read


def test_limits_cap_memory_and_the_kernel_goes_on(attacked):
    _, lines, _, _ = attacked
    # the 16 GB allocation fails at once (MemoryError in ling_answer), so only Ms. Ling's 2 points are lost
    assert lines["a_memory"].startswith("a_memory: pending manual grading, 5/10 points"), lines["a_memory"]


def test_huge_display_output_is_cut(attacked):
    course, lines, _, _ = attacked
    assert lines["a_display"].startswith("a_display: pending manual grading, 7/10 points")
    assert "produced 20.0 MB of output; output cut to 100 kB" in lines["a_display"]
    assert (course / "autograded" / "a_display" / DC / f"{DC}.ipynb").stat().st_size < 1_000_000
    assert (course / "feedback" / "a_display" / DC / f"{DC}.html").stat().st_size < 2_000_000


def test_feedback_has_no_script_or_event_handler(attacked):
    course, _, _, _ = attacked
    html = (course / "feedback" / "a_script" / DC / f"{DC}.html").read_text()
    body = html[html.lower().index("<body"):]
    # the student's code may show the attack as escaped text; no live tag or handler may remain
    assert re.search(r"<script", body, re.I) is None
    assert re.search(r"<[^>]*\son\w+\s*=", body, re.I) is None
    assert "&lt;script&gt;" in body  # the code cell is still shown, as text
    assert "This feedback was sanitized by csworkbook" in html


def test_no_process_is_left(attacked):
    assert _sandboxed_processes() == []
    assert _sleepers() == []


def test_a_bounded_process_bomb_is_capped_and_the_next_student_graded(released_course: Path, tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    with open(course / "nbgrader_config.py", "a") as config:
        config.write("\nc.GradeSandbox.max_processes = 120\n")
    bomb = ("import os, time\nchildren = 0\ntry:\n    for _ in range(1000):\n        if os.fork() == 0:\n"
            "            time.sleep(30)\n            os._exit(0)\n        children += 1\nexcept OSError:\n    pass\n"
            "print('children', children)\nassert children < 120")
    submit(course, "a_bomb", DC, _prepend(solved(course, DC), "ling_answer", bomb))
    submit(course, "s_after", DC, solved(course, DC))
    proc = csworkbook("grade", DC, "--jobs", "1", "--timeout", "20", "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    lines = {l.split(":", 1)[0]: l for l in proc.stdout.splitlines() if l.startswith(("a_", "s_"))}
    assert lines["s_after"].startswith("s_after: pending manual grading, 7/10 points"), lines
    assert lines["a_bomb"].startswith("a_bomb: NEEDS REVIEW, 7/10 points"), lines["a_bomb"]
    assert "started a process" in lines["a_bomb"]
    assert _sandboxed_processes() == []
