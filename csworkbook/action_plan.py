"""The learner's personal action plan (notebook 10): the document alone.

:func:`export_action_plan` writes the course overview (:func:`csworkbook.overview.summarise`) as
``action_plan.md`` and ``action_plan.html`` (a stand-alone page). Every piece of learner text is
escaped, so a reflection that contains markup is shown as text; text the learner pasted with half an
emoji (a lone surrogate) is shown with the replacement character instead of failing the export. Both
files are written whole or not at all. Neither matplotlib nor ipywidgets is imported here.
"""
from __future__ import annotations

import datetime as _dt
import html
import re
from pathlib import Path
from typing import Any, Sequence

from csworkbook.journal import Journal, atomic_write, default_journal, home
from csworkbook.overview import (FIRST_STEPS, NOTEBOOKS, POSITIVE_BY_KEY, entry_percent, pct_or_done, summarise,
                                 where)
from csworkbook.plots import PALETTE
from csworkbook.rules.wording import percent as percent_words
from csworkbook.rules.wording import visible_text

__all__ = ["MD_NAME", "HTML_NAME", "FIRST_STEPS", "export_action_plan", "plan_blocks", "render_markdown",
           "render_html", "md_escape", "summarise", "entry_percent", "where"]

MD_NAME = "action_plan.md"
HTML_NAME = "action_plan.html"


# --------------------------------------------------------------------------- the document

Block = tuple  # ("h1"|"h2"|"h3"|"p"|"quote", text) | ("ul"|"ol", [text]) | ("table", headers, rows)


def plan_blocks(summary: dict[str, Any], date: str) -> list[Block]:
    """The action plan as a list of simple blocks, rendered to Markdown and to HTML alike."""
    b: list[Block] = [("h1", "My customer service action plan"), ("p", f"Date: {date}"), ("p", summary["summary"])]
    b += [("h2", "My next steps"), ("ol", summary["next_steps"])]

    b.append(("h2", "Where I stand"))
    if summary["empty"]:
        b.append(("p", "No activity is saved yet, so every line below reads 'not yet'."))
    b.append(("table", ["Activity", "Notebook", "Latest", "Result"],
              [[r["label"], r["notebook"], r["date"] or "–", r["result"]] for r in summary["rows"]]))

    b.append(("h2", "POSITIVE self-assessment"))
    positive = summary["positive"]
    if positive is None:
        b.append(("p", "Not done yet: rate yourself in notebook 05 to find the two behaviours to work on first."))
    else:
        b.append(("p", f"Latest ratings ({positive['date'] or 'date unknown'}), 1 = rarely, 5 = consistently; "
                       f"overall {pct_or_done(positive['percent'])}."))
        b.append(("table", ["Letter", "Behaviour", "My rating"],
                  [[POSITIVE_BY_KEY[k].letter, POSITIVE_BY_KEY[k].name, str(v)] for k, v in positive["ratings"].items()]))
        b.append(("p", "My two weakest behaviours, with coaching:"))
        b.append(("ul", [f"{w['letter']}, {w['name']}"
                         + (f" (rated {w['rating']})" if w["rating"] is not None else "") + f": {w['coaching']}"
                         for w in positive["weakest"]]))

    b.append(("h2", "Nonverbal peer evaluation: open points"))
    nonverbal = summary["nonverbal"]
    if nonverbal is None:
        b.append(("p", "Not done yet: ask a peer to observe you and fill in the checklist in notebook 04."))
    elif not nonverbal["open_points"]:
        b.append(("p", f"Latest observation ({nonverbal['date'] or 'date unknown'}): every dimension was marked "
                       "yes. Keep it up, and ask a different peer next time."))
    else:
        by = f" by {nonverbal['observer']}" if nonverbal["observer"] else ""
        b.append(("p", f"Latest observation{by} ({nonverbal['date'] or 'date unknown'}): what your observer "
                       "marked 'no' or 'unsure', and what to practise."))
        b.append(("ul", [f"{p['name']} ({p['answer']}): {p['feedback']}" for p in nonverbal["open_points"]]))
        if nonverbal["comments"]:
            b += [("p", "Your observer's comments:"), ("quote", nonverbal["comments"])]

    b.append(("h2", "Knowledge checks"))
    if summary["knowledge_checks"]:
        b.append(("table", ["Notebook", "Score", "Percent", "Attempts", "Latest"],
                  [[k["notebook"], _score_cell(k["score"], k["total"]), _pct_cell(k["percent"]), str(k["attempts"]),
                    k["date"] or "–"] for k in summary["knowledge_checks"]]))
    else:
        b.append(("p", "None taken yet: each notebook ends with one."))

    b.append(("h2", "Scenarios"))
    if summary["scenarios"]:
        b.append(("table", ["Scenario", "Latest points", "Latest", "Best", "Plays", "Worth practising"],
                  [[s["title"], _score_cell(s["points"], s["best"]), _pct_cell(s["percent"]),
                    _pct_cell(s["best_percent"]), str(s["plays"]), "; ".join(s["misses"]) or "–"]
                   for s in summary["scenarios"]]))
    else:
        b.append(("p", "None played yet: each notebook has one near the end."))

    b.append(("h2", "Still to do"))
    b.append(("ul", summary["not_done"]) if summary["not_done"] else ("p", "Nothing: every activity is done."))

    b.append(("h2", "My reflections"))
    if not summary["reflections"]:
        b.append(("p", "None saved yet. Each notebook ends with a reflection; your answers will appear here."))
    for notebook, items in summary["reflections"].items():
        name = NOTEBOOKS.get(notebook)
        b.append(("h3", f"Notebook {notebook}" + (f": {name}" if name else "") if notebook else "Other notebooks"))
        for item in items:
            b.append(("p", f"{item['prompt'] or item['key']} ({item['date'] or 'date unknown'})"))
            b.append(("quote", item["text"]))
    b.append(("p", "Made with csworkbook from your own journal. Nothing in it left your computer."))
    return b


def _score_cell(score: float | None, total: float | None) -> str:
    return f"{score:g} of {total:g}" if score is not None and total else "–"


def _pct_cell(percent: float | None) -> str:
    return percent_words(percent) if percent is not None else "–"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape Markdown and HTML characters so learner text shows as typed (e.g. ``<script>`` stays text)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def render_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as a Markdown document; every text is escaped."""
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            out.append(f"{'#' * int(kind[1])} {md_escape(_one_line(block[1]))}")
        elif kind == "p":
            out.append(md_escape(_one_line(block[1])))
        elif kind == "quote":
            out.append("\n".join(f"> {md_escape(line)}".rstrip() for line in str(block[1]).splitlines()))
        elif kind in ("ul", "ol"):
            out.append("\n".join(f"{f'{n}.' if kind == 'ol' else '-'} {md_escape(_one_line(t))}"
                                 for n, t in enumerate(block[1], start=1)))
        elif kind == "table":
            headers, rows = block[1], block[2]
            lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
            lines += ["| " + " | ".join(md_escape(_one_line(c)) for c in row) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


_CSS = ("body{font-family:system-ui,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5;"
        "color:#111;background:#fff}table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #999;"
        "padding:0.2em 0.5em;text-align:left;vertical-align:top}blockquote{border-left:4px solid " + PALETTE[0] + ";"
        "margin:0.3em 0 1em;padding:0.2em 0.8em;white-space:pre-wrap}h2{border-bottom:1px solid #ccc}")


def render_html(blocks: Sequence[Block], title: str = "My customer service action plan") -> str:
    """The blocks as a stand-alone HTML page; every text is escaped with :func:`html.escape`."""
    e = html.escape
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3", "p"):
            out.append(f"<{kind}>{e(str(block[1]))}</{kind}>")
        elif kind == "quote":
            out.append(f"<blockquote>{e(str(block[1]))}</blockquote>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{e(str(t))}</li>" for t in block[1]) + f"</{kind}>")
        elif kind == "table":
            head = "".join(f"<th scope='col'>{e(str(h))}</th>" for h in block[1])
            body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return ("<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(out) + "\n</main>\n</body>\n</html>\n")


def export_action_plan(directory: str | Path | None = None, journal: Journal | None = None) -> tuple[Path, Path]:
    """Write ``action_plan.md`` and ``action_plan.html`` from the journal; return both paths.

    directory: where to write (default: the journal's folder, normally :func:`csworkbook.journal.home`);
    journal: which journal to read (default: :func:`csworkbook.journal.default_journal`).
    Works with an empty journal (the plan then says what to do first). Raises ``OSError`` if the
    folder cannot be written.
    """
    journal = journal if journal is not None else default_journal()
    folder = Path(directory) if directory is not None else (journal.path.parent if journal.path else home())
    summary = summarise(journal.entries())
    blocks = plan_blocks(summary, _dt.date.today().isoformat())
    folder.mkdir(parents=True, exist_ok=True)
    md_path, html_path = folder / MD_NAME, folder / HTML_NAME
    atomic_write(md_path, visible_text(render_markdown(blocks)))
    atomic_write(html_path, visible_text(render_html(blocks)))
    return md_path, html_path
