"""Make a feedback page safe to open: the student's part is cleaned with ``nh3`` (the ammonia sanitizer).

nbgrader's feedback page is the student's notebook rendered to HTML, so Markdown, answers and outputs the student
wrote can carry ``<script>``, ``onerror=`` and ``javascript:`` links. The page's ``<head>`` comes from nbgrader's
own templates and stays as it is; the ``<body>`` keeps formatting, tables and images, loses every script, event
handler and unsafe link, and opens with a line saying it was sanitized.
"""
from __future__ import annotations

import re
from pathlib import Path

NOTICE = ('<p class="csworkbook-sanitized"><em>This feedback was sanitized by csworkbook: scripts and event '
          'handlers from the notebook were removed.</em></p>')
_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.S | re.I)
EXTRA_TAGS = {"input", "label"}
EXTRA_ATTRIBUTES = {"*": {"class", "id", "title", "lang", "dir"},
                    "img": {"src", "alt", "width", "height"}, "a": {"href", "name", "target"},
                    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
                    "input": {"type", "checked", "disabled"}, "ol": {"start"}}


def sanitize_body(html: str) -> str:
    """The sanitized form of an HTML fragment (the student's part of a page)."""
    import nh3

    attributes = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, attrs in EXTRA_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(attrs)
    attributes["a"].discard("rel")
    return nh3.clean(html, tags=set(nh3.ALLOWED_TAGS) | EXTRA_TAGS, attributes=attributes,
                     url_schemes={"http", "https", "mailto", "data"}, link_rel="noopener noreferrer",
                     strip_comments=True)


def sanitize_page(html: str) -> str:
    """A whole feedback page with its body sanitized and the notice added (the head is nbgrader's template)."""
    match = _BODY.search(html)
    if match is None:
        return NOTICE + sanitize_body(html)
    return html[:match.start(2)] + NOTICE + sanitize_body(match.group(2)) + html[match.end(2):]


def sanitize_file(path: Path) -> None:
    """Sanitize a feedback HTML file in place."""
    path.write_text(sanitize_page(path.read_text(encoding="utf-8")), encoding="utf-8")
