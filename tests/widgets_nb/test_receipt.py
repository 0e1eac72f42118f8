"""ReceiptBuilder, driven as a learner drives it: type into the fields, click the buttons, read the result."""
from __future__ import annotations

import sys

import pytest

from csworkbook.calculators import receipt_savings
from csworkbook.widgets import ReceiptBuilder
from csworkbook.rules.receipt import EXAMPLE_BASKET, MAX_ITEMS, parse_price


def _add(widget: ReceiptBuilder, name: str, listed: str, paid: str) -> None:
    widget.name_input.value = name
    widget.list_input.value = listed
    widget.paid_input.value = paid
    widget.add_button.click()


@pytest.fixture
def builder(journal) -> ReceiptBuilder:
    return ReceiptBuilder(notebook="06", journal=journal)


def test_adding_items_computes_savings_with_the_calculator_and_prints_a_receipt(builder):
    builder.store_input.value = "Corner Office Supply"
    _add(builder, "Stapler", "20.00", "14.50")
    assert builder.feedback_level == "success"
    assert "$5.50" in builder.feedback_text
    _add(builder, "Toner", "$1,299.99", "1,100")
    assert [i["saving"] for i in builder.items] == [5.5, round(receipt_savings(1299.99, 1100), 2)]
    totals = builder.totals
    assert totals["total_list"] == pytest.approx(1319.99)
    assert totals["total_paid"] == pytest.approx(1114.50)
    assert totals["total_saving"] == pytest.approx(205.49)
    assert totals["saving_percent"] == pytest.approx(15.6)
    # the receipt shows list price, price paid, the saving and a thank-you line
    html = builder.receipt.value
    for text in ("font-family:monospace", "$1,299.99", "$1,100.00", "$199.99", "YOU SAVED $205.49",
                 "Thank you for saving with Corner Office Supply"):
        assert text in html
    assert "Thank you for saving with Corner Office Supply" in builder.receipt_text
    # the inputs are cleared for the next line
    assert builder.list_input.value == builder.paid_input.value == builder.name_input.value == ""


def test_chart_data_matches_the_receipt_and_has_a_summary(builder):
    _add(builder, "Paper", "10", "6")
    _add(builder, "Pens", "5", "5")
    data = builder.chart_data
    assert data["items"] == ["Paper", "Pens"]
    assert data["price_paid"] == [6.0, 5.0]
    assert data["saving"] == [4.0, 0.0]
    assert [p + s for p, s in zip(data["price_paid"], data["saving"])] == data["list_price"]
    assert builder.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert builder.chart.layout.display == ""
    summary = builder.chart_summary.value
    assert "$4.00" in summary and "Paper" in summary and "26.7 %" in summary


def test_full_price_item_is_accepted_but_explained(builder):
    _add(builder, "Desk", "99", "99")
    assert builder.feedback_level == "info"
    assert "no saving" in builder.feedback_text
    assert "no saving to show" in builder.chart_summary.value


@pytest.mark.parametrize(("listed", "paid", "expected"), [
    ("10", "12", "above the list price"),
    ("-5", "2", "cannot be negative"),
    ("10", "-1", "cannot be negative"),
    ("ten", "5", "is not a number"),
    ("10", "", "type the price paid"),
    ("12,50", "10", "decimals with a point"),
    ("nan", "1", "not a usable amount"),
    ("inf", "1", "not a usable amount"),
])
def test_bad_prices_give_a_clear_message_and_add_nothing(builder, listed, paid, expected):
    _add(builder, "Thing", listed, paid)
    assert builder.feedback_level == "error"
    assert expected in builder.feedback_text
    assert builder.items == []
    assert builder.chart_data is None
    # the learner's typing is kept so they can fix it
    assert builder.list_input.value == listed


def test_remove_and_example_and_limit(builder):
    builder.remove_button.click()
    assert builder.feedback_level == "warning"
    builder.example_button.click()
    assert len(builder.items) == len(EXAMPLE_BASKET)
    expected = sum(round(lp - pp, 2) for _n, lp, pp in EXAMPLE_BASKET)
    assert builder.totals["total_saving"] == pytest.approx(expected)
    builder.remove_button.click()
    assert len(builder.items) == len(EXAMPLE_BASKET) - 1
    while len(builder.items) < MAX_ITEMS:
        _add(builder, "", "2", "1")
    assert builder.items[-1]["name"] == f"Item {MAX_ITEMS}"
    _add(builder, "One too many", "2", "1")
    assert builder.feedback_level == "error" and len(builder.items) == MAX_ITEMS


def test_save_writes_the_receipt_to_the_journal(builder, journal):
    builder.save_button.click()
    assert builder.feedback_level == "error"
    assert journal.entries() == []
    builder.store_input.value = "Harbour Books"
    _add(builder, "Atlas", "40", "30")
    builder.save_button.click()
    entry = journal.latest("receipt_builder", notebook="06")
    assert entry["kind"] == "result"
    assert entry["data"]["store"] == "Harbour Books"
    assert entry["data"]["total_saving"] == 10.0
    assert entry["data"]["items"][0]["price_paid"] == 30.0
    assert builder.state["total_saving"] == 10.0


def test_changing_the_store_name_updates_the_thank_you_line(builder):
    _add(builder, "Atlas", "40", "30")
    builder.store_input.value = "Harbour <Books>"
    assert "Harbour &lt;Books&gt;" in builder.receipt.value  # escaped, never raw HTML


def test_parse_price_accepts_common_forms():
    assert parse_price("x", " $19.99 ") == 19.99
    assert parse_price("x", "1,299.5") == 1299.5
    assert parse_price("x", "7") == 7.0


def test_every_control_has_a_readable_label(builder):
    for control in (builder.store_input, builder.name_input, builder.list_input, builder.paid_input,
                    builder.add_button, builder.remove_button, builder.example_button, builder.save_button):
        assert control.description.strip()


def test_importing_the_widget_module_does_not_import_matplotlib():
    import subprocess

    code = "import csworkbook.widgets.receipt, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
