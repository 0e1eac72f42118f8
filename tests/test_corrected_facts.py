"""Each fact a subject-expert review corrected is stated as corrected, in the data and in the notebooks."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from csworkbook import content
from csworkbook.rules import lateness, policy

ROOT = Path(__file__).resolve().parent.parent


def _text(code: str, kind: str | None = None) -> str:
    path = next((ROOT / "notebooks").glob(f"{code}_*.ipynb"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if kind is None or c["cell_type"] == kind)


def _objectives(code: str) -> str:
    return re.search(r"^## Learning objectives\s*$(.*?)(?=^## |\Z)", _text(code, "markdown"), re.M | re.S).group(1)


# --------------------------------------------------------------------------- TARP and the "4 %"
def test_tarp_is_not_called_the_source_of_four_percent():
    texts = [_text(f"{i:02d}") for i in range(11)] + [s.citation() for s in content.STUDIES.values()]
    for text in texts:
        for sentence in re.findall(r"[^.\n]*1979[^.\n]*\.?", text):
            if "source of" in sentence:
                assert "not the source" in sentence.lower(), sentence
    assert "not the source" in _text("08") and "Not the source" in content.STUDIES["tarp"].citation()
    assert "Peters" in content.COMPLAINT_FACT and "Goodman" in content.COMPLAINT_FACT
    assert "most problems never reach management" in content.COMPLAINT_FACT


def test_notebook_08_tells_the_story_peters_popularised_goodman_corrected():
    text = _text("08", "markdown")
    assert "Peters" in text and "1987" in text and "Goodman" in text
    assert "most problems never reach management" in text
    assert "half" in text and "front-line" in text
    assert {"peters", "goodman", "tarp"} <= set(content.NOTEBOOK_SOURCES["08"])


# --------------------------------------------------------------------------- Mehrabian
def test_the_mehrabian_caveat_states_his_condition():
    caveat = content.MEHRABIAN_CAVEAT.lower()
    assert "feelings" in caveat or "attitudes" in caveat
    assert "single words" in caveat and "conflict" in caveat


def test_the_mehrabian_check_item_states_his_condition_in_its_right_option():
    from csworkbook.rules import quiz

    item = next(i for i in quiz.load("04") if i.id == "04-mehrabian")
    for version in (item, item.variant):
        right = version.correct_option.text.lower()
        assert "single words" in right and "feelings" in right and "conflicting tone" in right, right


def test_notebook_04_states_the_condition_and_drops_the_generalisation():
    text = _text("04", "markdown").lower()
    assert "feelings and attitudes" in text
    assert "believe the signals" not in text


# --------------------------------------------------------------------------- lateness
def test_the_lateness_model_rates_eight_minutes_acceptable():
    reading = lateness.perceive(8, 0.0, "peer")
    assert reading.acceptable and reading.label == "within the accepted wait"
    assert all(lateness.perceive(m, 0.0, "peer").acceptable for m in range(0, 11))
    # the late-VIP scenario uses the model's words for the same idea
    from csworkbook.rules import scenario

    assert "accepted wait" in scenario.load("late_vip").summary
    assert "grace period" not in (ROOT / "csworkbook" / "data" / "scenarios" / "late_vip.json").read_text()


def test_the_invented_factors_are_labelled_as_illustrations_where_learners_see_them():
    text = _text("03", "markdown")
    assert "illustration" in lateness.ILLUSTRATION_NOTE and lateness.DEPARTURES
    assert "one and a half times for a manager" in text and "The article says only" in text
    assert "noticeably late" not in text


# --------------------------------------------------------------------------- policy: one rule
def test_notebook_09_teaches_the_rule_the_checker_applies():
    assert "OPENNESS_RULE" in _text("09", "code")
    assert "goes further than the article" in _text("09", "markdown")
    assert policy.review("Store policy says I can't, but I'll check for you.").hides_behind_policy
    assert "OPENNESS_RULE" in (policy.__doc__ or "")


# --------------------------------------------------------------------------- hedges and evidence
def test_the_articles_hedges_are_kept():
    assert "Patience is often rewarded" not in _text("10")
    assert "sometimes rewarded" in _text("10") and "sometimes rewarded" in _text("03")
    assert "Most upset customers become rational" not in _text("08")
    assert "often become rational" in _text("08")


def test_the_second_failure_claim_cites_the_double_deviation_evidence():
    text = _text("08", "markdown")
    for name in ("Bitner", "Booms", "Tetreault", "1990", "Maxham", "Netemeyer", "2002", "double deviation"):
        assert name in text
    assert {"bitner_booms_tetreault", "maxham_netemeyer", "de_matos"} <= set(content.NOTEBOOK_SOURCES["08"])


# --------------------------------------------------------------------------- eCommerce
def test_notebook_07_gives_the_recorded_figure_and_asks_for_the_miss():
    text = _text("07")
    assert "453.5" in text and "Commerce Department" in text
    assert "4 %" in text and "15.0 %" in text
    assert content.ECOMMERCE_2017_ACTUAL.value == 453.5
    miss = (content.ECOMMERCE_2017_ACTUAL.value - content.ECOMMERCE_2017.value) / content.ECOMMERCE_2017_ACTUAL.value
    assert round(miss * 100) == 4


# --------------------------------------------------------------------------- relationship orientation
def test_the_eleven_countries_are_examples_not_an_objective():
    assert "eleven countries" not in _objectives("02")
    assert re.search(r"signals", _objectives("02"))
    assert "02-relationship-countries" not in (ROOT / "csworkbook" / "data" / "checks" / "02.json").read_text()
    from csworkbook.rules import quiz

    signals = next(i for i in quiz.load("02") if i.id == "02-reading-signals")  # the objective's application item
    assert signals.kind == "choice" and signals.variant is not None and len(signals.options) == 4
    text = _text("02", "markdown")
    assert "relationship-oriented, high-context" not in text
    assert "not the same as high-context" in text


def test_forms_of_address_and_smiling_are_taught_in_02_and_06():
    for code in ("02", "06"):
        text = _text(code, "markdown")
        assert "family name" in text and "Vietnam" in text and "smile" in text.lower()
        assert "How would you like me to address you?" in text


# --------------------------------------------------------------------------- sources
@pytest.mark.parametrize("code", [f"{i:02d}" for i in range(11)])
def test_each_sources_cell_shows_one_list_from_content(code):
    nb = json.loads(next((ROOT / "notebooks").glob(f"{code}_*.ipynb")).read_text(encoding="utf-8"))
    cells = nb["cells"]
    start = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Sources"))
    markdown, code_cells = "".join(cells[start]["source"]), [c for c in cells[start + 1:]]
    assert not re.search(r"^\s*- ", markdown, re.M), "the Markdown must not repeat the list the code shows"
    assert len(code_cells) == 1 and f'sources_markdown("{code}")' in "".join(code_cells[0]["source"])
    content.sources_markdown(code)  # every key resolves


#: How the notebooks' text names each study of ``content.STUDIES`` (a regular expression). Reichheld's two
#: papers are told apart: "Reichheld and Sasser" is the 1990 HBR case study, "Reichheld (2003)" the NPS paper.
NAMED_AS = {
    "reichheld_sasser": r"Reichheld (?:and|&) (?:W\. Earl )?Sasser", "reichheld_2003": r"Reichheld,? \(?2003",
    "gupta_lehmann": r"\bGupta\b", "keiningham": r"\bKeiningham\b", "harzing": r"\bHarzing\b",
    "tarp": r"\bTARP\b", "peters": r"\bPeters\b", "goodman": r"\bGoodman\b", "bitner_booms_tetreault": r"\bBitner\b",
    "maxham_netemeyer": r"\bMaxham\b", "de_matos": r"\bde Matos\b", "mehrabian": r"\bMehrabian\b",
    "depaulo": r"DePaulo and colleagues|DePaulo et al|DePaulo \(2003", "bond_depaulo": r"Bond (?:and|&) DePaulo",
    "gdrt": r"Global Deception Research Team", "dunning": r"\bDunning\b", "tartter": r"\bTartter\b",
    "hall_1976": r"\bhigh-context\b", "hall": r"\bHall\b", "hofstede": r"\bHofstede\b", "emarketer": r"\beMarketer\b",
    "census": r"Commerce Department|Census Bureau",
}


def test_every_study_has_a_pattern_that_finds_where_it_is_named():
    assert set(NAMED_AS) == set(content.STUDIES), "add the new study to NAMED_AS (or drop the removed one)"
    course = "\n".join(_text(f"{i:02d}", "markdown") for i in range(11))
    unnamed = [key for key, pattern in NAMED_AS.items() if not re.search(pattern, course)]
    assert not unnamed, f"the pattern finds no mention in any notebook (wrong pattern, or uncited study): {unnamed}"


@pytest.mark.parametrize("code", sorted(content.NOTEBOOK_SOURCES))
def test_every_study_named_in_a_notebook_is_in_its_sources(code):
    text = _text(code, "markdown")
    missing = [key for key, pattern in NAMED_AS.items()
               if re.search(pattern, text) and key not in content.NOTEBOOK_SOURCES[code]]
    assert not missing, f"notebook {code} names studies its sources cell does not list: {missing}"
    assert {"hall_1976", "de_matos"} <= set(content.STUDIES)


def test_the_nps_critics_and_scale_use_are_cited_where_notebook_07_teaches_nps():
    text = _text("07", "markdown")
    assert re.search(NAMED_AS["reichheld_2003"], text) and "Keiningham" in text and "Harzing" in text
    assert {"reichheld_2003", "keiningham", "harzing"} <= set(content.NOTEBOOK_SOURCES["07"])
    listed = content.sources_markdown("07")
    assert "The One Number You Need to Grow" in listed and "Net Promoter" in listed and "26-Country" in listed


@pytest.mark.parametrize("code", [f"{i:02d}" for i in range(11)])
def test_no_citation_is_typed_into_the_text_outside_the_sources_cell(code):
    # the list lives in content.STUDIES; a typed "Source: …" or "Sources for this section: …" line repeats it
    for line in _text(code, "markdown").splitlines():
        assert not re.match(r"\s*\**Sources? (for this section)?\**:", line), f"notebook {code}: {line[:80]!r}"


def test_every_study_is_cited_by_some_notebook():
    cited = {key for keys in content.NOTEBOOK_SOURCES.values() for key in keys}
    assert set(content.STUDIES) <= cited


# --------------------------------------------------------------------------- notebook 00 and repeated teaching
def test_notebook_00_takes_35_minutes_and_its_objectives_are_about_learning():
    assert "*Estimated time: 35 minutes*" in _text("00")
    assert "CSWORKBOOK_HOME" not in _objectives("00")
    assert "CSWORKBOOK_HOME" not in (ROOT / "csworkbook" / "data" / "checks" / "00.json").read_text()


def test_the_four_tips_and_the_consumer_values_are_taught_once_and_then_retrieved():
    assert "Check your list" in _text("10") and "| **Read about service.**" not in _text("10")
    assert "Check your answer" in _text("06") and "Retrieve it" in _text("06")
