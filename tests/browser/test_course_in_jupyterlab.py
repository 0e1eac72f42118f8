"""Every notebook of the course in a real JupyterLab and Debian's Chromium, as a learner meets it.

One JupyterLab serves copies of the eleven notebooks with a fresh journal folder. For each notebook
the test runs all cells from the Run menu, waits until every cell has run and every activity is on
the page, and then checks, in the page:

- **accessibility**: an axe-core audit of the notebook area finds no critical or serious violation in
  the course's own elements (JupyterLab's own chrome is outside the course's control and left out);
- **contrast**: the computed colours of the course's buttons, selected ratings, feedback messages and
  focus ring meet WCAG AA (text 4.5:1, focus ring 3:1 and at least 2 px);
- **keyboard**: the knowledge check is answered from the keyboard alone (arrow keys inside its
  answer group, Tab, Enter), the learner's choice stays marked, focus stays in the activity; where a
  rating group exists, arrow keys move through it and `aria-pressed` follows;
- **notebook shortcuts**: pressing `d d` and `b` while a control inside an activity has focus
  changes no cell;
- **layout**: after each activity's main button is pressed, the feedback it causes is within the
  viewport, and no course button or label is cut off (``scrollWidth <= clientWidth``).

A screenshot of every activity goes to ``test-artifacts/screens/`` (``CSWORKBOOK_SCREENS`` names
another folder). Every wait is on an event in the page (selectors, prompts, the live region's counter),
never a fixed sleep.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labserver import (ARTIFACTS, CHROMIUM, LAUNCH_ARGS, PANEL, ROOT, WAIT_MS, Lab, axe_script,  # noqa: E402
                       jupyterlab, run_all)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENS = Path(os.environ.get("CSWORKBOOK_SCREENS", ARTIFACTS / "screens"))

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed at /usr/bin/chromium "
                                       "(.ci/run installs it: apt-get install chromium)")


def expected_activities(path: Path) -> int:
    """How many activities the notebook shows: code lines that call a class from ``csworkbook.widgets``."""
    from csworkbook import widgets

    names = "|".join(widgets.__all__)
    pattern = re.compile(rf"^({names})\(", re.MULTILINE)
    cells = nbformat.read(path, as_version=4).cells
    return sum(len(pattern.findall(c.source)) for c in cells if c.cell_type == "code")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    with jupyterlab(tmp_path_factory.mktemp("lab"), NOTEBOOKS) as running:
        yield running


@pytest.fixture(scope="module")
def axe() -> Path:
    script = axe_script()
    if script is None:
        pytest.skip("npm is not installed, so axe-core cannot be fetched (.ci/run installs npm)")
    return script


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


CONTRAST_JS = """
(root) => {
  const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const visible = (el) => el.offsetParent !== null;
  const problems = [];
  let measured = {buttons: 0, selected: 0, messages: 0, focus: 0};
  const text = (el, need, what) => {
    const r = ratio(parse(getComputedStyle(el).color), background(el));
    if (r < need) problems.push(`${what} "${el.textContent.trim().slice(0, 40)}": ${r.toFixed(2)}:1 < ${need}:1`);
  };
  root.querySelectorAll('.csw-activity .jupyter-button').forEach((b) => {
    if (!visible(b)) return; measured.buttons++; text(b, 4.5, 'button'); });
  root.querySelectorAll('.csw-activity .widget-toggle-button.mod-active').forEach((b) => {
    if (!visible(b)) return; measured.selected++; text(b, 4.5, 'selected rating');
    const other = b.parentElement.querySelector('.widget-toggle-button:not(.mod-active)');
    if (other && ratio(background(b), background(other)) < 3)
      problems.push(`selected rating "${b.textContent}" is not 3:1 apart from an unselected one`); });
  root.querySelectorAll('.csw-activity .csw-box, .csw-activity .csw-box .csw-mark').forEach((m) => {
    if (!visible(m)) return; measured.messages++; text(m, 4.5, 'message'); });
  const button = [...root.querySelectorAll('.csw-activity .jupyter-button')].find((b) => visible(b) && !b.disabled);
  if (button) {
    button.focus();
    const s = getComputedStyle(button);
    measured.focus++;
    const width = parseFloat(s.outlineWidth);
    if (s.outlineStyle === 'none' || width < 2) problems.push(`focus ring ${s.outlineStyle} ${s.outlineWidth} (need 2 px)`);
    const r = ratio(parse(s.outlineColor), background(button.parentElement));
    if (r < 3) problems.push(`focus ring ${s.outlineColor}: ${r.toFixed(2)}:1 < 3:1`);
    button.blur();
  }
  return {problems, measured};
}
"""

AXE_JS = """
async (selector) => {
  const result = await axe.run(document.querySelector(selector), {resultTypes: ['violations']});
  const found = [];
  for (const v of result.violations) {
    if (!['critical', 'serious'].includes(v.impact)) continue;
    for (const node of v.nodes) {
      const el = document.querySelector(node.target[0]);
      if (el && el.closest('.csw-activity'))
        found.push(`${v.id} (${v.impact}): ${node.target.join(' ')} ${node.html.slice(0, 160)}`);
    }
  }
  return found;
}
"""

TRUNCATED_JS = """
(root) => [...root.querySelectorAll('.csw-activity .jupyter-button, .csw-activity .widget-label')]
  .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.className}: "${el.textContent.trim()}" (${el.scrollWidth} > ${el.clientWidth} px)`)
"""

IN_VIEW_JS = """
(selector) => { const el = document.querySelector(selector); if (!el) return `nothing matches ${selector}`;
  const r = el.getBoundingClientRect(); const h = window.innerHeight;
  if (r.height === 0) return `${selector} is empty`;
  if (r.top < 0 || r.top > h - 20) return `${selector} starts at ${Math.round(r.top)} px, outside 0..${h} px`;
  if (r.bottom > h && r.height < h * 0.6) return `${selector} ends at ${Math.round(r.bottom)} px, below ${h} px`;
  return ''; }
"""

#: The button that is each activity's main action (first match wins).
MAIN_BUTTON = (".csw-choice, .jupyter-button.mod-primary:not(:disabled), .jupyter-button.mod-success:not(:disabled), "
               ".jupyter-button.mod-info:not(:disabled)")


def press_and_find_feedback(page, activity, button) -> str:
    """Press ``button`` and return the css selector of the feedback area it fills (from the live region)."""
    live = activity.locator(".csw-live")
    before = live.get_attribute("data-n") or "0"
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_function("([el, n]) => el.getAttribute('data-n') !== n && el.getAttribute('data-area')",
                           arg=[live.element_handle(), before], timeout=60_000)
    page.wait_for_function("el => el.dataset.scrolled === el.getAttribute('data-n')", arg=live.element_handle(),
                           timeout=30_000)
    return f".{live.get_attribute('data-area')}"


def unchanged_after_frames(page) -> None:
    """Let the page render twice (event based: two animation frames), so DOM changes have landed."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_works_for_keyboard_screen_reader_and_eye(lab: Lab, browser, axe: Path, notebook: Path):
    SCREENS.mkdir(parents=True, exist_ok=True)
    count = expected_activities(notebook)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT_MS)
    try:
        lab.start_kernel(notebook.name)
        page.goto(lab.url(notebook.name, notebook.stem.replace("_", "")), timeout=WAIT_MS)
        page.wait_for_selector(f"{PANEL} .jp-Cell")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        run_all(page)
        activities = page.locator(f"{PANEL} .csw-activity")
        page.wait_for_function(f"n => document.querySelectorAll('{PANEL} .csw-activity[data-lm-suppress-shortcuts]')"
                               ".length === n", arg=count)
        assert activities.count() == count

        # 1. axe-core on the notebook area: nothing critical or serious in the course's own elements
        page.add_script_tag(path=str(axe))
        violations = page.evaluate(AXE_JS, PANEL)
        assert violations == [], "\n".join(violations)

        # 2. keyboard alone: a rating group moves with the arrow keys and says which is pressed
        groups = page.locator(f"{PANEL} .csw-activity .widget-toggle-buttons")
        if groups.count():
            group = groups.first
            group.locator("button[tabindex='0']").focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            buttons = group.locator("button.widget-toggle-button")
            third = buttons.nth(2)
            page.wait_for_function("b => b.getAttribute('aria-pressed') === 'true' && b === document.activeElement",
                                   arg=third.element_handle())
            pressed = [b.get_attribute("aria-pressed") for b in buttons.all()]
            assert pressed == ["false", "false", "true"] + ["false"] * (len(pressed) - 3)
            assert group.locator("[role='group'][aria-label]").count() == 1

        # ... and the knowledge check is answered with arrow keys, Tab and Enter
        check = page.locator(f"{PANEL} .csw-knowledge_check")
        radios = check.locator(".widget-radio-box").first.locator("input[type='radio']")
        radios.first.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_function("r => r.checked", arg=radios.nth(1).element_handle())
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent")
        assert "Check" in focused, f"Tab after the answers should reach the Check button, not {focused!r}"
        page.keyboard.press("Enter")
        note = check.locator(".csw-item-feedback").first
        page.wait_for_function("el => el.textContent.trim().length > 0", arg=note.element_handle())
        assert radios.nth(1).is_checked(), "the learner's own answer stays marked after checking"
        page.wait_for_function("a => a.contains(document.activeElement)", arg=check.element_handle())
        assert note.inner_text().count("Correct") + note.inner_text().count("Not quite") == 1

        # 3. notebook shortcuts do nothing inside an activity
        cells = f"{PANEL} .jp-Notebook .jp-Cell"
        sources = (f"() => [...document.querySelectorAll('{cells}')]"
                   ".map(c => c.querySelector('.jp-InputArea')?.textContent)")
        before = page.evaluate(sources)
        assert page.locator(f"{PANEL} .jp-Notebook.jp-mod-commandMode").count() == 1
        control = activities.first.locator(".jupyter-button:not(:disabled)").first
        control.focus()
        for key in ("d", "d", "b"):
            page.keyboard.press(key)
        unchanged_after_frames(page)
        assert page.evaluate(sources) == before, "'d d' or 'b' inside an activity changed the cells"
        assert activities.count() == count

        # 4. contrast of buttons, selected ratings, messages and the focus ring
        contrast = page.evaluate(CONTRAST_JS, page.locator(PANEL).element_handle())
        assert contrast["problems"] == [], "\n".join(contrast["problems"])
        assert contrast["measured"]["buttons"] > 0 and contrast["measured"]["focus"] == 1

        # 5. layout: each activity's feedback in view after its main button; no label cut off
        out_of_view: list[str] = []
        for index in range(count):
            activity = activities.nth(index)
            buttons = activity.locator(MAIN_BUTTON)
            if buttons.count() == 0:
                continue
            area = press_and_find_feedback(page, activity, buttons.first)
            problem = page.evaluate(IN_VIEW_JS, f"{PANEL} {area}")
            if problem:
                out_of_view.append(f"activity {index + 1}: {problem}")
        assert out_of_view == [], "\n".join(out_of_view)
        truncated = page.evaluate(TRUNCATED_JS, page.locator(PANEL).element_handle())
        assert truncated == [], "\n".join(truncated)
    finally:
        try:  # a tall window, so each activity fits whole in its screenshot
            page.set_viewport_size({"width": 1280, "height": 3200})
            unchanged_after_frames(page)
            for index in range(page.locator(f"{PANEL} .csw-activity").count()):
                page.locator(f"{PANEL} .csw-activity").nth(index).screenshot(
                    path=str(SCREENS / f"{notebook.stem[:2]}_{index + 1}.png"), timeout=60_000)
        finally:
            page.close()
            lab.shut_down_kernels()
