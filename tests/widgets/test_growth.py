"""GrowthCalculator, driven as a learner drives it: type into the fields, move the slider, click, read."""
from __future__ import annotations

import subprocess
import sys

import pytest

from csworkbook import calculators
from csworkbook.widgets import GrowthCalculator
from csworkbook.rules.growth import (ARTICLE_END, ARTICLE_END_YEAR, ARTICLE_START, ARTICLE_START_YEAR,
                                       DEFAULT_PROJECTION_YEARS, growth_table, parse_amount, parse_year)


@pytest.fixture
def calc(journal) -> GrowthCalculator:
    return GrowthCalculator(notebook="07", journal=journal)


def _type(widget: GrowthCalculator, start: str, end: str, start_year: str, end_year: str) -> None:
    widget.start_input.value = start
    widget.end_input.value = end
    widget.start_year_input.value = start_year
    widget.end_year_input.value = end_year


def test_fields_start_with_the_articles_figures_and_say_the_end_one_is_a_forecast(calc):
    assert (calc.start_input.value, calc.end_input.value) == ("225.5", "434.2")
    assert (calc.start_year_input.value, calc.end_year_input.value) == ("2012", "2017")
    assert (ARTICLE_START, ARTICLE_END, ARTICLE_START_YEAR, ARTICLE_END_YEAR) == (225.5, 434.2, 2012, 2017)
    intro = calc.children[1].value
    assert "forecast made in 2013" in intro and "eMarketer" in intro and "April 2013" in intro
    assert calc.chart_data is None and calc.result is None


def test_calculate_gives_14_percent_every_year_between_and_a_marked_projection(calc, journal):
    calc.projection_slider.value = 3
    calc.calculate_button.click()
    assert calc.feedback_level == "success"
    assert "14.0 % a year" in calc.feedback_text
    assert "extrapolation" in calc.feedback_text and "forecast made in 2013" in calc.feedback_text
    rate = calculators.compound_growth_rate(225.5, 434.2, 5)
    assert round(100 * rate, 1) == 14.0
    result = calc.result
    assert result["cagr_percent"] == pytest.approx(100 * rate, abs=0.005)
    assert list(result["path"]) == [str(y) for y in range(2012, 2018)]
    for k, year in enumerate(range(2012, 2018)):
        assert result["path"][str(year)] == pytest.approx(calculators.project(225.5, rate, k), abs=0.01)
    assert result["path"]["2017"] == 434.2
    assert list(result["projection"]) == ["2018", "2019", "2020"]
    assert result["projection"]["2020"] == pytest.approx(calculators.project(434.2, rate, 3), abs=0.01)
    # the table marks the kinds of number
    table = calc.results_html.value
    assert "2012 actual" in table and "forecast, made in 2013" in table
    assert "implied by steady compound growth" in table and table.count("extrapolation (not a forecast)") == 3


def test_the_result_is_saved_with_the_agreed_keys(calc, journal):
    calc.calculate_button.click()
    entry = journal.latest("growth_calculator", notebook="07", kind="result")
    data = entry["data"]
    assert {"start", "end", "start_year", "end_year", "cagr_percent", "projection", "years"} <= set(data)
    assert (data["start"], data["end"], data["start_year"], data["end_year"], data["years"]) == (
        225.5, 434.2, 2012, 2017, 5)
    assert round(data["cagr_percent"], 1) == 14.0
    assert list(data["projection"]) == [str(2017 + k) for k in range(1, DEFAULT_PROJECTION_YEARS + 1)]
    assert calc.state["result"]["cagr_percent"] == data["cagr_percent"]
    assert calc.state["inputs"]["start"] == "225.5"


def test_chart_shows_the_path_the_two_published_points_and_a_dashed_projection(calc):
    calc.projection_slider.value = 4
    calc.calculate_button.click()
    data = calc.chart_data
    assert data["years"] == list(range(2012, 2018))
    assert data["values"][0] == 225.5 and data["values"][-1] == 434.2
    start, end = data["published"]
    assert (start["year"], start["value"], end["year"], end["value"]) == (2012, 225.5, 2017, 434.2)
    assert "actual" in start["label"] and "forecast" in end["label"] and "2013" in end["label"]
    assert start["marker"] != end["marker"]
    assert data["projection_years"] == [2018, 2019, 2020, 2021]
    assert data["projection_style"] == "dashed"
    assert calc.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    summary = calc.chart_summary.value
    assert "14.0 %" in summary and "2021" in summary and "extrapolation" in summary


def test_moving_the_slider_after_a_result_updates_it_without_saving(calc, journal):
    calc.calculate_button.click()
    saved = len(journal.entries())
    calc.projection_slider.value = 6
    assert list(calc.result["projection"])[-1] == "2023"
    assert calc.chart_data["projection_years"][-1] == 2023
    assert "Press Calculate to save" in calc.feedback_text
    assert len(journal.entries()) == saved


def test_own_figures_are_labelled_as_the_learners_not_as_the_article(calc):
    _type(calc, "100", "121", "2020", "2022")
    calc.projection_slider.value = 1
    calc.calculate_button.click()
    assert calc.result["cagr_percent"] == pytest.approx(10.0)
    assert calc.result["projection"] == {"2023": pytest.approx(133.1)}
    assert "forecast" not in calc.chart_data["published"][1]["label"]


def test_a_shrinking_market_gives_a_negative_rate(calc):
    _type(calc, "200", "100", "2010", "2015")
    calc.calculate_button.click()
    assert calc.feedback_level == "success"
    assert calc.result["cagr_percent"] < 0
    assert "shrink" in calc.chart_summary.value


@pytest.mark.parametrize(("field", "raw", "expected"), [
    ("start", "", "type the start value"),
    ("end", "", "type the end value"),
    ("start", "lots", "is not a number"),
    ("end", "-434.2", "end value must be greater than 0"),
    ("start", "0", "start value must be greater than 0"),
    ("start", "225,5", "decimals with a point"),
    ("end", "nan", "not a usable amount"),
    ("end", "inf", "not a usable amount"),
    ("start_year", "", "type the start year"),
    ("start_year", "twenty", "is not a year"),
    ("end_year", "2012", "must come after the start year"),
    ("end_year", "2001", "must come after the start year"),
    ("end_year", "2017.5", "is not a year"),
    ("start_year", "1492", "outside 1900"),
])
def test_bad_input_shows_a_message_saves_nothing_and_keeps_the_typing(calc, journal, field, raw, expected):
    calc.calculate_button.click()  # a valid result first: bad input must clear it
    before = len(journal.entries())
    getattr(calc, f"{field}_input").value = raw
    calc.calculate_button.click()
    assert calc.feedback_level == "error"
    assert expected.lower() in calc.feedback_text.lower()
    assert "Traceback" not in calc.feedback_text
    assert calc.result is None and calc.chart_data is None
    assert calc.chart.layout.display == "none"
    assert len(journal.entries()) == before
    assert getattr(calc, f"{field}_input").value == raw


def test_figures_too_large_to_compute_are_refused_without_a_traceback(calc, journal):
    _type(calc, "1e-300", "1e300", "2000", "2001")
    calc.calculate_button.click()
    assert calc.feedback_level == "error" and "too fast" in calc.feedback_text
    assert journal.entries() == []


def test_reset_restores_the_articles_figures(calc, journal):
    _type(calc, "5", "oops", "1999", "1990")
    calc.projection_slider.value = 9
    calc.reset_button.click()
    assert (calc.start_input.value, calc.end_input.value) == ("225.5", "434.2")
    assert (calc.start_year_input.value, calc.end_year_input.value) == ("2012", "2017")
    assert calc.projection_slider.value == DEFAULT_PROJECTION_YEARS
    assert "article's figures" in calc.feedback_text and "14.0 %" in calc.feedback_text
    assert journal.entries() == []  # reset shows, Calculate saves


def test_parsers_and_table_helper():
    assert parse_amount("x", " $1,250.5 ") == 1250.5
    assert parse_amount("x", "-3") == -3.0  # the calculator explains why negatives are refused
    assert parse_year("x", " 2017 ") == 2017
    with pytest.raises(ValueError, match="at most"):
        growth_table(1, 2, 1900, 2000, 1)
    table = growth_table(225.5, 434.2, 2012, 2017, 2)
    assert table["rate"] == calculators.compound_growth_rate(225.5, 434.2, 5)


def test_every_control_has_a_readable_label(calc):
    for control in (calc.start_input, calc.end_input, calc.start_year_input, calc.end_year_input,
                    calc.projection_slider, calc.calculate_button, calc.reset_button):
        assert control.description.strip()
    assert "billion USD" in calc.start_input.description and "billion USD" in calc.end_input.description


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = ("import csworkbook.widgets.growth, csworkbook.plots.growth, sys; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
