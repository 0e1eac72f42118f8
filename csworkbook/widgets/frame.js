// The activity frame's front end (an anywidget module; see csworkbook/widgets/frame.py).
//
// The frame is an invisible child of every activity. Plain ipywidgets cannot set attributes on the
// page, so this module does it for the activity around it (the nearest `.csw-activity`):
// - marks it `data-lm-suppress-shortcuts`, so JupyterLab's notebook shortcuts ("b", "d d", arrows)
//   do not fire while a control inside has focus;
// - loads the course stylesheet once per page;
// - groups radio answers (one name each: arrow keys, one tab stop), names rating groups (role=group + the row's label), keeps `aria-pressed` in step with the chosen
//   button, and moves (and chooses) with the arrow keys, Home and End, with one tab stop per group;
// - names every slider and announces its value in units ("25 %", "12 minutes");
// - keeps one persistent, visually hidden live region and writes each new feedback into it;
// - gives the chart image its alt text (the chart summary);
// - moves focus where Python asks after an action, and never lets it fall to the page body.

const STYLE_ID = "csw-course-style";

function loadStylesheet(css) {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = css;
  document.head.appendChild(style);
}

let uid = 0;
function idFor(element) {
  if (!element.id) element.id = `csw-id-${++uid}`;
  return element.id;
}

function labelText(widgetEl) {
  const label = widgetEl.querySelector(":scope > .widget-label");
  return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
}

function formatValue(raw, unit) {
  const value = Number(raw) * (unit.scale ?? 1);
  if (!Number.isFinite(value)) return String(raw);
  const digits = unit.decimals ?? 0;
  const text = value.toLocaleString("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits});
  return unit.suffix ? `${text}${unit.suffix}` : text;
}

function wireRatingGroup(widgetEl) {
  const group = widgetEl.querySelector(":scope > .widget-toggle-button-group, :scope > div:not(.widget-label)")
    || widgetEl;
  const buttons = Array.from(widgetEl.querySelectorAll("button.widget-toggle-button"));
  if (!buttons.length) return;
  const name = labelText(widgetEl);
  group.setAttribute("role", "group");
  if (name) group.setAttribute("aria-label", name);
  let active = -1;
  buttons.forEach((button, index) => {
    const pressed = button.classList.contains("mod-active");
    if (pressed) active = index;
    if (button.getAttribute("aria-pressed") !== String(pressed)) button.setAttribute("aria-pressed", String(pressed));
  });
  const stop = active >= 0 ? active : 0;
  const focused = buttons.indexOf(document.activeElement);
  buttons.forEach((button, index) => {
    const tabindex = (focused >= 0 ? index === focused : index === stop) ? "0" : "-1";
    if (button.getAttribute("tabindex") !== tabindex) button.setAttribute("tabindex", tabindex);
  });
  if (group.dataset.cswKeys) return;
  group.dataset.cswKeys = "1";
  group.addEventListener("keydown", (event) => {
    const all = Array.from(widgetEl.querySelectorAll("button.widget-toggle-button:not(:disabled)"));
    const current = all.indexOf(document.activeElement);
    if (current < 0) return;
    const moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
    let next = -1;
    if (event.key in moves) next = (current + moves[event.key] + all.length) % all.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = all.length - 1;
    if (next < 0) return;
    event.preventDefault();
    event.stopPropagation();
    all.forEach((b, i) => b.setAttribute("tabindex", i === next ? "0" : "-1"));
    all[next].focus();
    all[next].click();  // like a radio group: moving chooses
  });
}

function wireSlider(widgetEl, units) {
  const handle = widgetEl.querySelector("[role='slider']");
  if (!handle) return;
  const key = Array.from(widgetEl.classList).find((c) => c.startsWith("csw-slider-"));
  const unit = (key && units[key]) || {};
  const name = unit.name || labelText(widgetEl);
  if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
  const now = handle.getAttribute("aria-valuenow");
  if (now !== null) {
    const text = formatValue(now, unit);
    if (handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
  }
}

function wireRadioGroup(widgetEl) {
  // One name per group makes the browser treat the options as a radio group: arrow keys move and
  // choose, Tab stops once, and screen readers say "2 of 4".
  const box = widgetEl.querySelector(".widget-radio-box") || widgetEl;
  const inputs = box.querySelectorAll("input[type='radio']");
  if (!inputs.length) return;
  const name = box.dataset.cswName || (box.dataset.cswName = `csw-radio-${++uid}`);
  inputs.forEach((input) => { if (input.name !== name) input.name = name; });
  if (box.getAttribute("role") !== "radiogroup") box.setAttribute("role", "radiogroup");
  const label = labelText(widgetEl);
  if (label && box.getAttribute("aria-label") !== label) box.setAttribute("aria-label", label);
  if (box.dataset.cswKeys) return;
  box.dataset.cswKeys = "1";
  box.addEventListener("keydown", (event) => {  // the same moves as a rating group, whatever the page does
    const all = Array.from(box.querySelectorAll("input[type='radio']:not(:disabled)"));
    const current = all.indexOf(document.activeElement);
    const moves = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
    if (current < 0 || !(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation();
    const next = all[(current + moves[event.key] + all.length) % all.length];
    next.focus();
    next.click();
  });
}

const CONTROLS = "button, input, select, textarea, [tabindex], [role='slider'], [contenteditable]";

function apply(host, model) {
  // Lumino stops matching shortcut selectors at an element marked data-lm-suppress-shortcuts, but it
  // tests the event's target first: the notebook's shortcuts select the focused element itself
  // (".jp-Notebook.jp-mod-commandMode :focus"), so every control is marked, and the activity too.
  if (host.getAttribute("data-lm-suppress-shortcuts") !== "true") {
    host.setAttribute("data-lm-suppress-shortcuts", "true");
  }
  host.querySelectorAll(CONTROLS).forEach((el) => {
    if (!el.hasAttribute("data-lm-suppress-shortcuts")) el.setAttribute("data-lm-suppress-shortcuts", "true");
  });
  host.querySelectorAll(".widget-toggle-buttons").forEach(wireRatingGroup);
  host.querySelectorAll(".widget-radio-box").forEach((box) => wireRadioGroup(box.parentElement));
  const units = model.get("sliders") || {};
  host.querySelectorAll(".widget-slider").forEach((el) => wireSlider(el, units));
  const alt = model.get("chart_alt") || "";
  host.querySelectorAll(".csw-chart img").forEach((img) => {
    if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
  });
  host.querySelectorAll("img:not([alt])").forEach((img) => img.setAttribute("alt", ""));
}

function focusable(element) {
  if (!element) return null;
  const inner = element.matches("button, select, input, textarea, [role='slider']") ? element
    : element.querySelector("button:not(:disabled), select:not(:disabled), input:not(:disabled), "
      + "textarea:not(:disabled), [role='slider']");
  if (inner) return inner;
  const target = element.querySelector(".csw-box") || element;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.setAttribute("data-lm-suppress-shortcuts", "true");
  return target;
}

function whenPresent(host, selector, action, tries = 120) {
  const found = host.querySelector(selector);
  if (found && found.offsetParent !== null) {
    action(found);
  } else if (tries > 0) {
    requestAnimationFrame(() => whenPresent(host, selector, action, tries - 1));
  }
}

function render({ model, el }) {
  el.classList.add("csw-frame");
  loadStylesheet(model.get("css"));
  const live = document.createElement("div");
  live.className = "csw-sr-only csw-live";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  el.appendChild(live);
  let host = null;
  let queued = false;
  let lastFocus = null;
  const schedule = () => {
    if (queued || !host) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      apply(host, model);
      // Focus never falls to the page body after an action inside the activity.
      if (lastFocus && (document.activeElement === document.body || document.activeElement === null)
          && (!lastFocus.isConnected || lastFocus.disabled)) {
        const feedback = host.querySelector(".csw-feedback:not(:empty)") || host;
        focusable(feedback)?.focus({preventScroll: false});
      }
    });
  };
  const observer = new MutationObserver(schedule);
  const attach = (tries) => {
    host = el.closest(".csw-activity");
    if (!host) {
      if (tries > 0) requestAnimationFrame(() => attach(tries - 1));
      return;
    }
    apply(host, model);
    observer.observe(host, {subtree: true, childList: true, attributes: true,
                            attributeFilter: ["class", "aria-valuenow", "disabled", "style"]});
    host.addEventListener("focusin", (event) => { lastFocus = event.target; });
  };
  attach(600);
  const announce = () => {
    const message = model.get("announce") || {};
    live.textContent = "";
    // A fresh text node in the same region, a moment later, is announced even when the words repeat.
    requestAnimationFrame(() => {
      live.textContent = message.text || "";
      live.dataset.area = message.area || "";
      live.dataset.n = String(message.n || 0);
      // After the learner acted here, bring the feedback into view (never while cells are still being run).
      const area = host && message.area ? host.querySelector(`.${message.area}`) : null;
      if (area && lastFocus) area.scrollIntoView({block: "nearest"});
      live.dataset.scrolled = live.dataset.n;
    });
  };
  const moveFocus = () => {
    const request = model.get("focus") || {};
    if (!request.target || !host) return;
    whenPresent(host, `.${request.target}`, (element) => focusable(element)?.focus());
  };
  model.on("change:announce", announce);
  model.on("change:focus", moveFocus);
  model.on("change:chart_alt", schedule);
  model.on("change:sliders", schedule);
  return () => observer.disconnect();
}

export default { render };
