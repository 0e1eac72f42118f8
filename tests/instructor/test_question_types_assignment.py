"""``question_types``: its spec, visible tests and hidden tests agree, and they agree with the course's classifier.

A set of plausible student implementations of ``is_open`` (correct ones, and the usual mistakes including the
naive ``startswith``) must get the same verdict from the visible tests (what Validate shows) and from the hidden
tests (what grading adds). Checked twice: in-process on the test lines themselves, and through the real pipeline
(``nbgrader validate`` on each student notebook, then ``csworkbook grade``).
"""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from csworkbook.content import OPEN_QUESTION_OPENERS
from csworkbook.instructor.practice_class import grade_id, solved, submit
from csworkbook.rules.questions import NARROW_OPENERS, TALK_VERBS, analyse, classify
from tests.instructor.conftest import BIN, ROOT, csworkbook, env

A = "question_types"
SOURCE = ROOT / "assignments" / "source" / A / f"{A}.ipynb"
TABLE = ROOT / "tests" / "rules" / "questions.csv"


def _cell(nb, gid: str):
    return next(c for c in nb.cells if grade_id(c) == gid)


def _split_tests(source: str) -> tuple[list[str], list[str]]:
    """The visible and the hidden assert lines of a tests cell."""
    visible, hidden, inside = [], [], False
    for line in source.splitlines():
        if "BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "END HIDDEN TESTS" in line:
            inside = False
        elif line.startswith("assert "):
            (hidden if inside else visible).append(line)
    return visible, hidden


NB = nbformat.read(SOURCE, as_version=4)
ANSWER = _cell(NB, "is_open_answer").source
CONSTANTS = ANSWER[: ANSWER.index("def is_open")]
SOLUTION = "\n".join(l for l in ANSWER[ANSWER.index("def is_open"):].splitlines() if "### " not in l)
VISIBLE, HIDDEN = _split_tests(_cell(NB, "is_open_tests").source)

#: name -> (code of is_open, True if it follows the spec). Each wrong one makes a mistake students make.
IMPLEMENTATIONS: dict[str, tuple[str, bool]] = {
    "solution": (SOLUTION, True),
    "regex": ('''
import re
def is_open(question):
    text = question.strip().lower()
    def starts(start):
        return re.match(re.escape(start) + r"(?![a-z])", text) is not None
    if any(starts(s) for s in NARROW_STARTS):
        return False
    return any(starts(s) for s in OPEN_STARTS)
''', True),
    "words": ('''
import re
def is_open(question):
    words = re.findall(r"[a-z]+", question.lower())
    heads = [" ".join(words[:n]) for n in (1, 2, 3)]
    if any(h in NARROW_STARTS for h in heads):
        return False
    return any(h in OPEN_STARTS for h in heads)
''', True),
    "naive_startswith": ('''
def is_open(question):
    return question.strip().lower().startswith(OPEN_STARTS)
''', False),
    "startswith_narrow_first": ('''
def is_open(question):
    text = question.strip().lower()
    if text.startswith(NARROW_STARTS):
        return False
    return text.startswith(OPEN_STARTS)
''', False),
    "open_before_narrow": ('''
def is_open(question):
    text = question.strip().lower()
    def starts(s):
        return text.startswith(s) and (len(text) == len(s) or not text[len(s)].isalpha())
    if any(starts(s) for s in OPEN_STARTS):
        return True
    return False
''', False),
    "no_lower": ('''
def is_open(question):
    text = question.strip()
    def starts(s):
        return text.startswith(s) and (len(text) == len(s) or not text[len(s)].isalpha())
    return not any(starts(s) for s in NARROW_STARTS) and any(starts(s) for s in OPEN_STARTS)
''', False),
    "no_strip": ('''
def is_open(question):
    text = question.lower()
    def starts(s):
        return text.startswith(s) and (len(text) == len(s) or not text[len(s)].isalpha())
    return not any(starts(s) for s in NARROW_STARTS) and any(starts(s) for s in OPEN_STARTS)
''', False),
    "split_on_spaces": ('''
def is_open(question):
    words = question.strip().lower().split()
    heads = [" ".join(words[:n]) for n in (1, 2, 3)]
    if any(h in NARROW_STARTS for h in heads):
        return False
    return any(h in OPEN_STARTS for h in heads)
''', False),
    "anywhere_in_question": ('''
def is_open(question):
    text = question.strip().lower()
    return any(s in text for s in OPEN_STARTS) and not text.startswith(NARROW_STARTS)
''', False),
    "own_word_list": ('''
def is_open(question):
    text = question.strip().lower()
    def starts(s):
        return text.startswith(s) and (len(text) == len(s) or not text[len(s)].isalpha())
    if any(starts(s) for s in NARROW_STARTS):
        return False
    return any(starts(s) for s in ("what", "how", "why", "to what extent"))
''', False),
}


def _namespace(code: str) -> dict:
    namespace: dict = {}
    exec(CONSTANTS + "\n" + code, namespace)
    return namespace


def _first_failure(lines: list[str], namespace: dict) -> str | None:
    """The message of the first failing assert (or the error), ``None`` if every line passes."""
    for line in lines:
        try:
            exec(line, namespace)
        except AssertionError as exc:
            return str(exc) or line
        except Exception as exc:  # a crash is a failure too, as it is for nbgrader
            return f"{type(exc).__name__}: {exc}"
    return None


def test_the_tests_cover_each_rule_of_the_spec_visibly_and_hidden():
    assert len(VISIBLE) >= 10 and len(HIDDEN) >= 10
    for rule in ("rule 1", "rule 2", "rule 3", "rule 4"):
        assert any(rule in line for line in VISIBLE), f"no visible test names {rule}"
    assert not set(VISIBLE) & set(HIDDEN)


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_visible_and_hidden_tests_give_the_same_verdict(name):
    code, follows_spec = IMPLEMENTATIONS[name]
    visible = _first_failure(VISIBLE, _namespace(code))
    hidden = _first_failure(HIDDEN, _namespace(code))
    print(f"\n{name}: visible {'pass' if visible is None else 'FAIL'}, hidden {'pass' if hidden is None else 'FAIL'}"
          + (f" - visible says: {visible}" if visible else ""))
    assert (visible is None) == (hidden is None), f"visible: {visible!r}; hidden: {hidden!r}"
    assert (visible is None) == follows_spec
    if not follows_spec:
        assert "rule " in visible, "a visible failure should name the rule of the spec that was broken"


def test_the_naive_startswith_is_excluded_and_the_visible_tests_say_why():
    message = _first_failure(VISIBLE, _namespace(IMPLEMENTATIONS["naive_startswith"][0]))
    assert message is not None and message.startswith("rule 3")
    # without the narrow check it would still trip over a name that starts with an opener
    fixed_narrow = _namespace(IMPLEMENTATIONS["startswith_narrow_first"][0])
    assert _first_failure(VISIBLE, fixed_narrow) == "rule 2: 'Howard' does not start with 'how'"


def test_the_assignment_uses_the_course_definition():
    """Its word lists are the classifier's, and on every question it uses the two agree."""
    ns = _namespace(SOLUTION)
    assert set(ns["NARROW_STARTS"]) == set(NARROW_OPENERS)
    assert set(ns["OPEN_STARTS"]) == {o for o in OPEN_QUESTION_OPENERS if o not in NARROW_OPENERS} | set(TALK_VERBS)
    questions = [line.split('is_open("')[1].rsplit('")', 1)[0].encode().decode("unicode_escape")
                 for line in VISIBLE + HIDDEN]
    given = next(c for c in NB.cells if c.get("id") == "question-types-07").source
    listed = _namespace(SOLUTION + "\n" + given)["questions"]
    rewrites = _namespace(_cell(NB, "rewrites_answer").source.replace("### BEGIN SOLUTION", "")
                          .replace("### END SOLUTION", ""))["rewrites"]
    for question in [*questions, *listed, *rewrites.values()]:
        assert ns["is_open"](question) == (classify(question) == "open"), question
    assert all(ns["is_open"](r) for r in rewrites.values())


def test_on_the_labelled_table_the_assignment_agrees_wherever_the_opening_words_decide():
    """Rows the classifier decides by an opening word from the assignment's lists, or by a verb or 'which' (no
    lead-in, wrapper, suggestion, choice or follow-up clause, which the spec leaves out), agree."""
    ns = _namespace(SOLUTION)
    rows = list(csv.DictReader(TABLE.open(encoding="utf-8")))
    starts = {*ns["OPEN_STARTS"], *ns["NARROW_STARTS"]}
    decided = []
    for row in rows:
        verdict = analyse(row["question"])
        words = row["question"].strip().lower()
        by_opener = verdict.rule in {"open_word", "open_phrase", "talk_request", "narrow_fact"} and verdict.cue in starts
        if (by_opener or verdict.rule in {"verb_opener", "which"}) and words.startswith(verdict.cue):
            decided.append(row)
            assert ns["is_open"](row["question"]) == (verdict.label == "open"), row["question"]
    print(f"\nassignment rules agree with the classifier on {len(decided)} of {len(rows)} table rows "
          "(the rows decided by their opening words)")
    assert len(decided) >= 60


# --------------------------------------------------------------------------- the real pipeline


@pytest.fixture(scope="module")
def student_class(released_course: Path, tmp_path_factory) -> Path:
    """One student per implementation, each with the solved notebook and their own ``is_open``."""
    course = tmp_path_factory.mktemp("question_types") / "course"
    shutil.copytree(released_course, course, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback",
                                                                           "reports"))
    released = _cell(nbformat.read(course / "release" / A / f"{A}.ipynb", as_version=4), "is_open_answer").source
    constants = released[: released.index("def is_open")]
    assert constants == CONSTANTS, "students get the word lists as given in the source"
    for name, (code, _) in IMPLEMENTATIONS.items():
        nb = solved(course, A)
        _cell(nb, "is_open_answer").source = constants + code.strip() + "\n"
        submit(course, name, A, nb)
    return course


def test_validate_and_grading_agree_for_every_implementation(student_class: Path):
    verdicts = {}
    for name in IMPLEMENTATIONS:
        notebook = student_class / "submitted" / name / A / f"{A}.ipynb"
        proc = subprocess.run([str(BIN / "nbgrader"), "validate", str(notebook)], cwd=student_class, env=env(),
                              capture_output=True, text=True, timeout=600)
        out = proc.stdout + proc.stderr
        assert "Success!" in out or "VALIDATION FAILED" in out, out
        verdicts[name] = "Check is_open (4 points)" not in out
    proc = csworkbook("grade", A, "--jobs", "2", "--timeout", "10", "--no-feedback", cwd=student_class)
    assert proc.returncode == 0, proc.stderr
    with (student_class / "reports" / A / "grades.csv").open() as handle:
        scores = {row["student"]: row["is_open_tests"] for row in csv.DictReader(handle)}
    for name, (_, follows_spec) in IMPLEMENTATIONS.items():
        print(f"{name}: Validate {'passes' if verdicts[name] else 'fails'} is_open; graded {scores[name]}/4")
        assert verdicts[name] == follows_spec, name
        assert scores[name] == ("4" if follows_spec else "0"), name
