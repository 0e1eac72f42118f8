"""Name checks (suggestions, renamed uploads) and the look-alike submissions list, on their own."""
from __future__ import annotations

from pathlib import Path

import pytest

from csworkbook.instructor import names
from csworkbook.instructor.similarity import alike_pairs, normalise


def test_suggestions_name_the_closest_ids() -> None:
    assert names.suggestion("alcie", ["alice", "bob", "alicia"]) == " Did you mean 'alice' or 'alicia'?"
    assert names.suggestion("zzz", ["alice"]) == ""
    with pytest.raises(names.UnknownName, match="Did you mean 'defection_cost'"):
        names.check_assignment("defection_cots", ["defection_cost", "loyalty_value"])
    with pytest.raises(names.UnknownName, match="'bob' has no submission of 'x'"):
        names.check_students(["bob"], ["alice"], ["alice", "bob"], "x")


@pytest.mark.parametrize("upload", ["defection_cost (1).ipynb", "Defection_Cost-2.ipynb", "mine.ipynb"])
def test_renamed_uploads_are_found(tmp_path: Path, upload: str) -> None:
    (tmp_path / upload).write_text("{}")
    assert names.renamed_notebooks(tmp_path, ["defection_cost"]) == [(upload, "defection_cost.ipynb")]


def test_nothing_is_reported_when_the_notebook_is_there(tmp_path: Path) -> None:
    (tmp_path / "defection_cost.ipynb").write_text("{}")
    (tmp_path / "defection_cost (1).ipynb").write_text("{}")
    assert names.renamed_notebooks(tmp_path, ["defection_cost"]) == []


ESSAY = ("The business should start a follow up call programme for customers who complained in the last year "
         "because each one who leaves takes years of purchases and tells others about the experience so the "
         "cost of a call is small beside the revenue kept").split()


def test_copied_answers_are_listed_and_independent_or_model_answers_are_not() -> None:
    copied = ESSAY[:]
    copied[5] = "a"  # a token changed here and there
    other = ("Offer staff training on listening and apology first then measure how many complaints are "
             "solved on the first contact and publish the figures every month for the whole team to "
             "see and discuss together with the managers").split()
    model = [w.lower() for w in ESSAY[::-1]]
    pairs = alike_pairs({"ann": [w.lower() for w in ESSAY], "ben": [w.lower() for w in copied],
                         "cat": [w.lower() for w in other], "dan": model[:], "eve": model[:]}, model=model)
    assert [(p.first, p.second) for p in pairs] == [("ann", "ben")]
    assert pairs[0].similarity > 0.9 and "ann and ben" in pairs[0].line()


def test_code_is_compared_without_comments_or_spacing() -> None:
    assert normalise("x = a*b  # mine\n", True) == normalise("x=a * b\n", True) == ["x", "=", "a", "*", "b"]
