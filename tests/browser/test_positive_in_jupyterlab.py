"""The POSITIVE self-assessment in a real JupyterLab, driven by a real headless Chromium.

The test starts JupyterLab on 127.0.0.1 with a fresh journal folder, opens a small notebook that
shows the activity, runs all cells from the Run menu, answers the eight ratings and presses Score
exactly as a learner does (one rating and Score from the keyboard alone), then checks three things: the feedback appears, the chart appears,
and the journal file on disk holds the answers. A screenshot goes to ``test-artifacts/``.

Chromium comes from Debian (``/usr/bin/chromium``, installed by ``.ci/run``); Playwright drives it
through ``executable_path``, never through a browser download of its own.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import labserver  # noqa: E402
from labserver import run_all  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
#: What the learner answers: letter key -> the label of the frequency button clicked.
ANSWERS = {"P": "Always", "O": "Often", "S": "Rarely", "I1": "Often", "T": "Sometimes", "I2": "Often",
           "V": "Never", "E": "Always"}
SCALE = {"Never": 1, "Rarely": 2, "Sometimes": 3, "Often": 4, "Always": 5}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed at /usr/bin/chromium "
                                       "(.ci/run installs it: apt-get install chromium)")


@pytest.fixture
def jupyterlab(tmp_path: Path):
    """A JupyterLab server on 127.0.0.1 serving a folder with one notebook; yields (base_url, token, home)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Browser test\n\nRate yourself on the eight POSITIVE behaviours."),
        nbformat.v4.new_code_cell('from csworkbook.widgets import PositiveSelfAssessment\n'
                                  'PositiveSelfAssessment(notebook="05")'),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "positive.ipynb"
    nbformat.write(nb, source)
    with labserver.jupyterlab(tmp_path / "lab", [source]) as lab:
        yield lab.base, lab.token, lab.home


def test_learner_fills_in_the_positive_self_assessment_in_jupyterlab(jupyterlab):
    from playwright.sync_api import expect, sync_playwright

    base, token, home = jupyterlab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        try:
            page.goto(f"{base}/lab/tree/positive.ipynb?token={token}", timeout=120_000)
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)

            activity = page.locator(".csw-activity")
            run_all(page)  # Run > Run All Cells once the kernel is connected, as a learner does
            activity.wait_for(state="visible", timeout=90_000)
            keyboard_only = "E"  # one behaviour is rated, and Score pressed, from the keyboard alone
            for key, label in ANSWERS.items():
                button = page.locator(f".csw-rating-{key}").get_by_text(label, exact=True)
                if key == keyboard_only:
                    button.focus()
                    page.keyboard.press("Space")
                else:
                    button.click()
            page.locator(".csw-score").focus()
            page.keyboard.press("Enter")

            feedback = page.locator(".csw-feedback")
            expect(feedback).to_contain_text("28", timeout=30_000)  # 5+4+2+4+3+4+1+5
            chart = activity.locator("img")
            expect(chart.first).to_be_visible(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "positive_self_assessment.png"), full_page=True)

            # the widget says "Saved to your journal" only after record() has renamed the new file into place
            expect(feedback).to_contain_text("Saved to your journal as attempt 1", timeout=30_000)
            entries = json.loads((home / "journal.json").read_text())["entries"]
            attempts = [e for e in entries if e["activity"] == "positive_self_assessment" and e["kind"] == "attempt"]
        finally:
            browser.close()

    assert len(attempts) == 1, "the journal on disk holds exactly one scored attempt"
    data = attempts[0]["data"]
    assert data["ratings"] == {key: SCALE[label] for key, label in ANSWERS.items()}
    assert data["total"] == 28 and attempts[0]["notebook"] == "05"
    assert sorted(data["weakest"]) == ["S", "V"]
