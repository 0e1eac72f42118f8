"""DefectionCostExplorer, driven as a learner drives it: change the numbers, press the buttons, read the result."""
from __future__ import annotations

import math
import subprocess
import sys

import pytest

from csworkbook import calculators
from csworkbook.content import MS_LING
from csworkbook.widgets import DefectionCostExplorer
from csworkbook.widgets.defection import DEFAULTS, MS_LING_VALUES


@pytest.fixture
def explorer(journal) -> DefectionCostExplorer:
    return DefectionCostExplorer(notebook="08", journal=journal)


def _expected(values: dict[str, float]) -> dict[str, float]:
    """The four results computed straight from the calculators, for comparison."""
    lifetime = calculators.lifetime_revenue(values["average_sale"], values["purchases_per_year"], values["years"])
    return {
        "lifetime_revenue": lifetime,
        "direct_loss": calculators.direct_loss(values["defectors"], lifetime),
        "word_of_mouth_loss": calculators.word_of_mouth_loss(values["defectors"], values["people_told"],
                                                             values["share_lost"], lifetime),
        "total": calculators.total_defection_cost(values["defectors"], values["people_told"],
                                                  values["share_lost"], lifetime),
    }


def test_starting_values_are_computed_with_the_calculators(explorer):
    assert explorer.values == DEFAULTS
    assert explorer.results == pytest.approx(_expected(DEFAULTS))
    # a regular spending 8 USD, 100 times a year, for 5 years
    assert explorer.results["lifetime_revenue"] == pytest.approx(4000)
    assert explorer.feedback_level == "info"
    assert "$4,000" in explorer.feedback_text


def test_ms_ling_matches_the_article_arithmetic(explorer):
    explorer.ling_button.click()
    v = explorer.values
    assert (v["average_sale"], v["purchases_per_year"], v["years"]) == (22, 52, 10)
    assert v["defectors"] == 1 and v["people_told"] == 16
    # the widget models the article's figure by assuming every listener is lost (share 100 %)
    assert v["share_lost"] == 1.0
    r = explorer.results
    assert 22 * 52 == 1_144  # a year of Ms. Ling's spending
    assert r["lifetime_revenue"] == pytest.approx(1_144 * 10) == 11_440
    assert r["direct_loss"] == pytest.approx(11_440)
    assert 16 * 11_440 == 183_040
    assert r["word_of_mouth_loss"] == pytest.approx(183_040)  # the article's figure
    assert r["total"] == pytest.approx(11_440 + 183_040) == 194_480
    assert r == pytest.approx(_expected(MS_LING_VALUES))
    assert MS_LING["people_told"] == 16
    text = explorer.feedback_text
    for figure in ("$11,440", "$183,040", "$194,480", "16 people", "100 %"):
        assert figure in text
    results_table = explorer.results_html.value
    assert "$183,040" in results_table and "$194,480" in results_table


def test_lowering_the_share_of_listeners_lost_lowers_only_word_of_mouth(explorer):
    explorer.load_ms_ling()
    explorer.fields["share_lost"].value = 0.25
    r = explorer.results
    assert r["direct_loss"] == pytest.approx(11_440)
    assert r["word_of_mouth_loss"] == pytest.approx(0.25 * 183_040) == 45_760
    assert r["total"] == pytest.approx(57_200)
    assert "25%" in explorer.feedback_text and "$45,760" in explorer.feedback_text


def test_chart_data_shows_direct_against_word_of_mouth(explorer):
    explorer.load_ms_ling()
    data = explorer.chart_data
    assert data["labels"] == ["Direct loss", "Word-of-mouth loss"]
    assert data["values"] == pytest.approx([11_440, 183_040])
    assert data["direct"] == pytest.approx(11_440)
    assert data["word_of_mouth"] == pytest.approx(183_040)
    assert data["total"] == pytest.approx(194_480)
    assert explorer.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert explorer.chart.layout.display == ""
    summary = explorer.chart_summary.value
    assert "$183,040" in summary and "94%" in summary and "word of mouth" in summary


def test_nobody_put_off_means_the_word_of_mouth_bar_is_zero(explorer):
    explorer.fields["share_lost"].value = 0.0
    assert explorer.chart_data["word_of_mouth"] == 0
    assert explorer.chart_data["total"] == pytest.approx(explorer.chart_data["direct"])


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("average_sale", -5.0, "Average sale cannot be negative"),
    ("purchases_per_year", -1.0, "Purchases per year cannot be negative"),
    ("years", math.nan, "not a number"),
    ("defectors", -2.0, "Number of defectors cannot be negative"),
    ("people_told", math.inf, "ordinary number"),
])
def test_invalid_input_shows_a_message_not_a_traceback(explorer, journal, field, value, expected):
    explorer.fields[field].value = value
    assert explorer.feedback_level == "error"
    assert expected in explorer.feedback_text
    assert explorer.results is None
    assert explorer.chart_data is None
    assert explorer.chart.layout.display == "none"
    assert "Fix the input" in explorer.results_html.value
    # saving is refused while the input is wrong
    explorer.save_button.click()
    assert explorer.feedback_level == "error"
    assert journal.entries() == []
    # fixing the value brings the results back
    explorer.fields[field].value = DEFAULTS[field]
    assert explorer.results == pytest.approx(_expected(DEFAULTS))
    assert explorer.chart_data is not None


def test_the_share_slider_stays_a_fraction(explorer):
    explorer.fields["share_lost"].value = 5  # the slider clamps what a learner can reach
    assert explorer.values["share_lost"] == 1.0
    assert explorer.feedback_level == "info"


def test_reset_returns_to_the_starting_values(explorer):
    explorer.load_ms_ling()
    explorer.reset_button.click()
    assert explorer.values == DEFAULTS
    assert explorer.results == pytest.approx(_expected(DEFAULTS))


def test_save_writes_inputs_and_results_to_the_journal(explorer, journal):
    explorer.load_ms_ling()
    explorer.save_button.click()
    assert explorer.feedback_level == "success"
    assert "$194,480" in explorer.feedback_text
    entry = journal.latest("defection_cost_explorer", notebook="08")
    assert entry["kind"] == "result"
    assert entry["data"]["inputs"] == MS_LING_VALUES
    assert entry["data"]["results"]["word_of_mouth_loss"] == pytest.approx(183_040)
    assert entry["data"]["results"]["total"] == pytest.approx(194_480)
    state = explorer.state
    assert state["results"]["total"] == pytest.approx(194_480)
    assert state["inputs"]["people_told"] == 16


def test_every_control_has_a_readable_label(explorer):
    for control in (*explorer.fields.values(), explorer.ling_button, explorer.reset_button, explorer.save_button):
        assert control.description.strip()


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.defection, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
