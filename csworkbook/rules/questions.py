"""A small, documented, rule-based classifier of open and closed customer-service questions.

One definition, the one notebook 05 teaches, judged by what a question does:

* an **open** question cannot be answered properly with yes, no or one word or fact. It invites the
  customer to explain, describe or tell a story: "What would make this visit a success for you?",
  "How did the fitting go?", "Why is Friday important?", "To what extent does price matter?",
  "Tell me about the trip." (also wrapped politely: "Could you tell me what happened?").
* a **closed** question can be answered with yes, no, a choice between set options, or **one fact**.
  Yes/no questions start with an auxiliary or modal verb (is, do, can, would, …); choices offer
  alternatives joined by "or" or pick with "which"; a statement can be turned into a check
  ("You ordered on Monday?"). A **narrow one-fact question** starts like an open one but asks for a
  single time, place, person, number or identifier: "When did the package arrive?", "Where did you
  buy it?", "Who placed the order?", "How many nights?", "What time suits you?", "What is your
  postcode?". The customer answers in a word, so it narrows or verifies, as a closed question does;
  in the funnel it belongs to the narrowing and verifying stages, not to the invitation. It is
  useful, but it is not an open rewrite. A one-fact question followed by an open one ("Who is the
  gift for, and what do they enjoy?") is open.

The classifier reads the opening words of each clause. The rules are tried in the order of
:data:`RULES`; :func:`explain` says which one fired. The labelled table in
``tests/rules/questions.csv`` (hard cases included) measures its accuracy; its known limits are
listed and asserted there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from csworkbook.content import OPEN_QUESTION_OPENERS
from csworkbook.rules.files import read_json

Label = Literal["open", "closed"]

#: Auxiliary and modal verbs (and their negative contractions) that start a closed question.
CLOSED_OPENERS: frozenset[str] = frozenset(
    "is are am was were do does did can could will would should shall may might must have has had "
    "isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't shouldn't "
    "haven't hasn't hadn't".split())

#: Words that ask the customer to talk at length (an open request, with or without a question mark).
TALK_VERBS: tuple[str, ...] = ("tell me", "tell us", "describe", "explain", "walk me through",
                               "talk me through", "help me understand", "share")

#: Polite or filler words that can stand before the real question and are skipped.
LEAD_INS: tuple[str, ...] = (
    "excuse me", "pardon me", "sorry", "so", "and", "but", "well", "ok", "okay", "now", "right",
    "alright", "hi", "hello", "please", "oh", "also", "then", "just", "quick question",
)

#: Short tags that turn a statement into a check: "…, right?", "…, isn't it?".
_TAG = re.compile(
    r",\s*(right|correct|yes|no|ok|okay|yeah|true|is that right|is that correct|am i right|"
    r"(is|are|was|were|do|does|did|can|could|will|would|have|has|had|should)(n't)?\s+\w+)\s*\?*$")

_WORD = re.compile(r"[a-z']+")

#: Openers that ask for one fact (a time, a place, a person, a number or a named detail): a question that
#: starts with one of them can be answered in a word, so it is closed by the course's definition.
NARROW_OPENERS: tuple[str, ...] = (
    "when", "where", "who", "whom", "whose", "how many", "how much", "how long", "how often", "how old",
    "how far", "how soon", "what time", "what times", "what day", "what days", "what date", "what year",
    "what size", "what colour", "what color")

#: Details a "What is your …?" question asks for in one word or number (a narrow one-fact question).
IDENTIFIERS: frozenset[str] = frozenset(
    "name surname postcode zip address email number phone reference budget size deadline birthday".split())

_IDENTIFIER_QUESTION = re.compile(
    r"^what(?:'s|\s+is|\s+was)\s+(?:your|the)\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+)(?:\s+code)?$")
_OPEN_WORDS = frozenset(o for o in OPEN_QUESTION_OPENERS if " " not in o) | {"where", "whom", "whose"}


@dataclass(frozen=True)
class Verdict:
    """The label, the rule that fired (see :data:`RULES`) and the words it looked at."""

    label: Label
    rule: str
    cue: str


#: Rule names in the order they are tried, each with the explanation shown to the learner.
RULES: dict[str, str] = {
    "open_phrase": "It starts with '{cue}', an open-question opener: the customer has to answer in their own words.",
    "open_word": "It starts with '{cue}' and asks for more than one fact: it cannot be answered with yes, no "
                 "or a single word, so the customer tells you more.",
    "open_follow_up": "It asks for one fact and then goes on to an open question ('{cue}'): the open part "
                      "invites the customer to tell you more, so the whole question is open.",
    "talk_request": "It asks the customer to talk ('{cue}'): a request for a story or details is an open question.",
    "polite_talk_request": "It is a polite wrapper ('{cue}') around a request to talk or an open question, so it "
                           "invites a full answer even though it starts with a verb.",
    "embedded_yes_no": "It wraps a yes/no check ('{cue}'): 'if' or 'whether' asks the customer to confirm or deny.",
    "narrow_fact": "It starts with '{cue}' and asks for one fact (a time, a place, a person, a number or a "
                   "detail): the customer can answer in a word, so it narrows or verifies like a closed question "
                   "instead of inviting them to talk.",
    "suggestion": "It starts with '{cue}': it suggests one option, which the customer accepts or declines, so "
                  "it is closed.",
    "alternatives": "It offers set options joined by 'or' ('{cue}'): the customer picks one, so it is closed.",
    "which": "It starts with 'which': the customer picks from a limited set, so it is closed.",
    "verb_opener": "It starts with the verb '{cue}': questions that open with a verb such as is, do, can or would "
                   "are usually answered yes or no, so they verify rather than invite.",
    "tag": "It is a statement with a check on the end ('{cue}'): the customer only confirms or corrects it.",
    "statement_check": "It is a statement said as a question: the customer can only confirm it or correct it, "
                       "so it is closed.",
}


def _normalise(question: object) -> str:
    if not isinstance(question, str):
        raise ValueError(f"A question must be text, but got {question!r}.")
    text = " ".join(question.replace("\u2019", "'").replace("\u2018", "'").split())
    if not text.strip(" ?.!,"):
        raise ValueError("The question is empty: type a question, e.g. 'How was your stay?'.")
    return text


def _strip_lead_ins(text: str) -> str:
    """Remove polite lead-ins ("So, ", "Excuse me, ") and vocatives ("Ms. Park, ") from the front."""
    changed = True
    while changed:
        changed = False
        low = text.lower()
        for lead in LEAD_INS:
            if re.match(rf"{re.escape(lead)}\b[,.!]?\s+", low):
                text = text[re.match(rf"{re.escape(lead)}\b[,.!]?\s+", low).end():]
                changed = True
                break
    return text


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _starts_with_talk(words: list[str]) -> str | None:
    joined = " ".join(words)
    for verb in TALK_VERBS:
        if joined == verb or joined.startswith(verb + " "):
            return verb
    return None


def _narrow_cue(words: list[str]) -> str | None:
    """The narrow opener (or "what is your <detail>") that ``words`` start with, if they ask for one fact."""
    if not words:
        return None
    joined = " ".join(words)
    first = re.sub(r"'.*$", "", words[0])
    bare = " ".join([first, *words[1:]])
    for phrase in NARROW_OPENERS:
        if bare == phrase or bare.startswith(phrase + " "):
            return phrase
    identifier = _IDENTIFIER_QUESTION.match(joined)
    if identifier and identifier.group("noun") in IDENTIFIERS:
        return f"what is your {identifier.group('noun')}"
    return None


def _open_or_narrow(words: list[str], rule: str, cue: str) -> Verdict:
    """An opener's verdict: ``rule`` (open) unless the words ask for one fact (closed, narrow_fact)."""
    narrow = _narrow_cue(words)
    if narrow:
        return Verdict("closed", "narrow_fact", narrow)
    return Verdict("open", rule, cue)


def _classify_clause(text: str) -> Verdict | None:
    """Classify one clause by its opening words, or return ``None`` if no opener rule fires."""
    words = _words(text)
    if not words:
        return None
    first = words[0]
    joined = " ".join(words)
    if joined.startswith("how about ") or joined == "how about":
        return Verdict("closed", "suggestion", "how about")
    for phrase in OPEN_QUESTION_OPENERS:
        if " " in phrase and (joined == phrase or joined.startswith(phrase + " ")):
            return Verdict("open", "open_phrase", phrase)
    if len(words) > 1 and first in {"in", "at", "for", "from", "on", "with", "by", "to"} and words[1] in (
            "what", "whom"):
        cue = " ".join(words[:3]) if len(words) > 2 and words[2] in {"way", "ways", "extent", "point", "reason"} \
            else f"{first} {words[1]}"
        return _open_or_narrow(words[1:], "open_phrase", cue)
    if first.startswith(("what", "who", "how", "why", "when", "where")):
        base = re.sub(r"'.*$", "", first)
        if base in _OPEN_WORDS:
            return _open_or_narrow(words, "open_word", base)
    talk = _starts_with_talk(words)
    if talk:
        after = words[len(talk.split()):]
        if after and _narrow_cue(after):
            return Verdict("closed", "narrow_fact", _narrow_cue(after))
        return Verdict("open", "talk_request", talk)
    if first == "which":
        return Verdict("closed", "which", "which")
    if first in CLOSED_OPENERS or first.split("'")[0] in {"isn", "aren", "don", "doesn", "didn", "can",
                                                          "couldn", "won", "wouldn", "shouldn", "haven", "hasn"}:
        rest = " ".join(words[1:])
        # "Could you tell me what happened?", "Would you mind describing …", "May I ask how …"
        wrapper = re.match(r"(you|i|we)\s+(please\s+)?(mind\s+|like\s+to\s+)?(?P<verb>tell|telling|describe|"
                           r"describing|explain|explaining|walk|walking|talk|talking|share|sharing|ask|asking)\b"
                           r"(\s+(me|us))?", rest)
        if wrapper:
            after = _words(rest[wrapper.end():])
            cue = f"{first} {wrapper.group(0)}"
            nxt = after[0].split("'")[0] if after else ""
            if nxt in {"if", "whether"}:
                return Verdict("closed", "embedded_yes_no", f"{cue} {nxt}")
            if _narrow_cue(after):
                return Verdict("closed", "narrow_fact", _narrow_cue(after))
            talk_words = _OPEN_WORDS | {"about", "more", "a", "everything", "anything", "through", "in"}
            if wrapper.group("verb").startswith(("tell", "ask")):
                if nxt in talk_words:
                    return Verdict("open", "polite_talk_request", cue)
            elif after:
                return Verdict("open", "polite_talk_request", cue)
        return Verdict("closed", "verb_opener", first)
    wonder = re.match(r"(i|we|i'm|we're)( was| were| am| are)? (wondering|wonder) (if|whether)", joined)
    if wonder:
        return Verdict("closed", "embedded_yes_no", wonder.group(0))
    return None


def _follow_up(clauses: list[str]) -> Verdict | None:
    """An open question in a later clause ("…, and what do they enjoy?"), or ``None``."""
    for clause in clauses:
        text = re.sub(r"^(and|but|so|or|then)\s+", "", clause.strip(), flags=re.IGNORECASE)
        verdict = _classify_clause(text)
        if verdict is not None and verdict.label == "open":
            return Verdict("open", "open_follow_up", " ".join(_words(text)[:3]))
    return None


def analyse(question: str) -> Verdict:
    """Classify ``question`` and say which rule decided; raise ``ValueError`` on empty or non-question text."""
    text = _normalise(question)
    has_mark = text.endswith("?")
    body = _strip_lead_ins(text)
    tag = _TAG.search(body)
    core = body[: tag.start()] if tag else body
    clauses = [c.strip() for c in re.split(r"[,:;]", core.rstrip("?.! ")) if c.strip()]
    verdict = _classify_clause(core)
    # a vocative or lead-in clause before a comma: "Ms. Park, is the address the same?"
    for i in range(1, len(clauses)):
        if verdict is not None:
            break
        verdict = _classify_clause(", ".join(clauses[i:]))
    last = clauses[-1] if clauses else ""
    if verdict is not None and verdict.rule == "narrow_fact" and len(clauses) > 1:
        # "Who is the gift for, and what do they enjoy?"; "When the noise starts, what do you hear?"
        opened = _follow_up(clauses[1:])
        if opened is not None:
            return opened
    if verdict is not None and verdict.label == "open":
        # set options after a comma turn an opener into a choice: "What suits you, a refund or a swap?"
        if len(clauses) > 1 and "or" in _words(last) and _classify_clause(last) is None:
            return Verdict("closed", "alternatives", last)
        return verdict
    if verdict is not None:
        return verdict
    if tag:
        return Verdict("closed", "tag", tag.group(0).lstrip(", ").strip())
    if "or" in _words(core) and has_mark:
        return Verdict("closed", "alternatives", core.rstrip("?"))
    if has_mark:
        return Verdict("closed", "statement_check", "")
    raise ValueError(
        f"'{text}' does not look like a question: end it with a question mark, or start it with a question "
        "word (what, how, is, can …) or with 'Tell me', 'Describe' or 'Explain'.")


def classify(question: str) -> Label:
    """Return ``"open"`` or ``"closed"`` for a customer-service question (see the module docstring)."""
    return analyse(question).label


def explain(question: str) -> str:
    """One or two sentences saying whether ``question`` is open or closed and which rule decided."""
    verdict = analyse(question)
    return f"{verdict.label.title()} question. " + RULES[verdict.rule].format(cue=verdict.cue)


# --------------------------------------------------------------------------- topic check

#: Common words that carry no topic; used when checking that a rewrite stays on the same subject.
STOPWORDS: frozenset[str] = frozenset(
    "a an the and or but if so to of in on at for from with by about as into over after before up down out "
    "is are am was were be been being do does did can could will would should shall may might must have has had "
    "i me my we us our you your yours he him his she her it its they them their this that these those there here "
    "what who whom whose when where why how which extent way tell describe explain walk talk through help "
    "understand share please any anything some something more most much many very just also still all "
    "not no yes don't doesn't didn't isn't aren't can't won't wouldn't couldn't like want need get got "
    "today now then again right okay ok".split())


def content_words(text: str) -> set[str]:
    """Topic words of ``text``: lower case, stopwords removed, a plural or -ed/-ing ending trimmed."""
    stems = set()
    for word in _words(text):
        word = word.strip("'")
        if word in STOPWORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        stems.add(word)
    return stems


def shares_topic(original: str, rewrite: str) -> bool:
    """True when the rewrite keeps at least one content word of the original (see :func:`content_words`)."""
    return bool(content_words(original) & content_words(rewrite))


def load_questions(path: str | Path | None = None) -> dict[str, list[dict[str, str]]]:
    """The trainer's practice questions: ``{"label": [{question, label}], "rewrite": [{question, example}]}``.

    Raises ``ValueError`` naming the file and the entry when the file is unreadable or malformed.
    """
    file = Path(path) if path is not None else Path(str(resources.files("csworkbook").joinpath("data",
                                                                                               "questions.json")))
    doc: Any = read_json(file, what="practice-question")
    fields = {"label": ("question", "label"), "rewrite": ("question", "example")}
    if not isinstance(doc, dict):
        raise ValueError(f"{file}: the file must be an object with 'label' and 'rewrite' lists.")
    for mode, needed in fields.items():
        entries = doc.get(mode)
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"{file}: '{mode}' must be a non-empty list of questions.")
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or any(not isinstance(entry.get(k), str) or not entry[k].strip()
                                                  for k in needed):
                raise ValueError(f"{file}, '{mode}' question {n}: it needs non-empty {' and '.join(needed)}.")
    return doc
