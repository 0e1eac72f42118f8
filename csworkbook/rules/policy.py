"""A small, documented, rule-based checker of service phrases that hide behind policy.

It applies the course's one rule on policy, :data:`csworkbook.content.OPENNESS_RULE`, which notebook 09
teaches: leave the policy out of what you say; if there is a real limit, state it plainly with its
reason in everyday words; then offer what you can do. The articles say the first part (avoid any
reference to policy; never hide behind one) and the last (offer alternatives); stating the limit and
its reason is the course's addition, and notebook 09 says so. :func:`review` reads one phrase a
provider might say and reports five signals, each found by word lists and regular expressions (the
patterns below), plus whether a stated limit comes with a reason:

* ``hides_behind_policy`` — the phrase leans on a rule instead of the customer: *policy*, *rules*,
  *regulations*, *procedure*, *protocol*, *guidelines*, *terms and conditions*, *not allowed / not
  permitted / not authorised*, *doesn't allow*, *no exceptions*, *against our …*, "the system / computer won't …",
  "we've always done it this way", "that's just how it works", "my hands are tied"
  (:data:`POLICY_PATTERNS`). **Any** mention counts, even a friendly one: the course teaches to leave
  policy out altogether and, if a reason helps, to give it in plain words.
* ``blames_others`` — the phrase passes the problem on: "not my department", "take it up with …",
  "you'll have to call …", "I just work here", "nothing I can do", "out of my hands",
  "you should have …", "head office decides …", "the courier's problem" (:data:`BLAME_PATTERNS`).
* ``offers_alternative`` — something the customer *can* have: "what I can do", "I can …", "we
  could …", "I'll …", "let me …", "instead", "option", "how about", "would you like", "next step"
  (:data:`ALTERNATIVE_PATTERNS`). Inside a clause that refuses ("I can't offer any options") these cues
  do not count; clauses are split at ``. ! ? ;`` and at "but", "however", "although", "though".
* ``shows_empathy`` — the customer is acknowledged: "I understand", "I can see why", "sorry",
  "I apologise", "that must be …", "frustrating", "thank you for …", "you're right"
  (:data:`EMPATHY_PATTERNS`).
* ``takes_ownership`` — a first-person commitment: "I'll", "I will", "we'll", "let me", "I'm going to",
  "I can", "we can", "leave it with me", "I'd be happy to", "I've already …", "personally"
  (:data:`OWNERSHIP_PATTERNS`).

A phrase **shows openness** (:func:`is_open`) when it neither hides behind policy nor blames
others, offers an alternative or next step, and either acknowledges the customer or takes
ownership. The score (0–100) weighs the signals as :data:`WEIGHTS` says and is capped at
:data:`CAP_WHEN_HIDING` while the phrase still hides or blames.

* ``states_limit`` — the phrase says what cannot be done ("can't", "isn't possible", "unable to", …,
  :data:`LIMIT_PATTERNS`). Such a phrase without a plain-words reason (:data:`REASON_PATTERNS`) gets a
  tip to add one; the reason is asked for, not scored, because some limits are better stated briefly.

Limits, known and accepted: the rules read words, not tone or truth. A sarcastic "I understand,
I'll make a note of it" looks open; an honest explanation that happens to use the word "rule"
("as a rule we deliver by noon") counts as hiding; negation is only handled for the refusals in
:data:`REFUSAL_PATTERNS`; the word lists are English and cover common service phrasing, not every
wording. ``tests/rules/policy_phrases.csv`` measures the accuracy on labelled phrases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from csworkbook.rules.files import read_json

__all__ = ["Review", "review", "is_open", "LIMIT_PATTERNS", "POLICY_PATTERNS", "BLAME_PATTERNS", "ALTERNATIVE_PATTERNS",
           "EMPATHY_PATTERNS", "OWNERSHIP_PATTERNS", "REASON_PATTERNS", "REFUSAL_PATTERNS", "WEIGHTS",
           "CAP_WHEN_HIDING", "PROMPT_FIELDS", "MAX_CHARS", "load_prompts", "validate_prompts"]

_NEG = r"(?:n't|not|never)"
#: "can", but not "can't", "cannot", "can not", "can only", nor "can see / imagine / hear …" (empathy, not an offer)
_CAN = r"can\b(?!'t)(?! ?not\b)(?! only\b)(?! (?:see|imagine|hear|understand|tell|appreciate)\b)"
_NOT_BEFORE = r"(?<!n't )(?<!not )(?<!never )"  # "won't let me" is a refusal, not an offer
_NOT_AFTER_NOTHING = r"(?<!nothing )(?<!anything )"  # "nothing I can do" is a refusal too

#: Words and phrases that lean on a rule instead of the customer (``hides_behind_policy``).
POLICY_PATTERNS: tuple[str, ...] = (
    r"\bpolic(?:y|ies)\b",
    r"\brules?\b(?! out)",
    r"\bregulations?\b",
    r"\bprocedures?\b",
    r"\bprotocols?\b",
    r"\bguidelines?\b",
    r"\bterms (?:and|&) conditions\b|\b(?:small|fine) print\b",
    r"\b(?:not|never|isn't|aren't|wasn't|weren't) (?:allowed|permitted|authori[sz]ed)\b",
    r"\b(?:doesn't|don't|won't|does not|do not|will not) (?:allow|permit)\b",
    r"\bno exceptions?\b",
    r"\b(?:don't|do not|can't|cannot|won't|never|doesn't|does not) make (?:any |an )?exceptions?\b",
    r"\bagainst (?:our|the|company|store|house|bank|hotel)\b",
    r"\b(?:system|computer|software|till|screen)s? (?:won't|will not|doesn't|does not|can't|cannot|isn't|is not|"
    r"wouldn't|would not|says)\b",
    r"\b(?:always|never) (?:done|did|do) (?:it|things|that) (?:this|that|any other|another) way\b",
    r"\bthat'?s (?:just )?(?:how|the way) (?:it is|it works|things are|we do (?:it|things))\b",
    r"\b(?:our|my) hands are tied\b",
)

#: Phrases that pass the problem to someone else (``blames_others``).
BLAME_PATTERNS: tuple[str, ...] = (
    r"\bnot (?:my|our) (?:department|job|area|problem|responsibility|fault|call|decision|concern|issue)\b",
    r"\b(?:take|raise) (?:that|it|this) up with\b",
    r"\byou(?:'ll| will|'d| would)? (?:have|need) to "
    r"(?:call|contact|ask|speak|talk|write|email|e-mail|go|ring|phone|complain|take)\b",
    r"\b(?:i|we) (?:just|only) work here\b",
    r"\b(?:don't|do not|didn't|did not) make the (?:rules|decisions|policy)\b",
    r"\bnothing (?:i|we) (?:can|could) do\b|\bthere'?s nothing (?:anyone|to be)\b",
    r"\bout of my hands\b|\bnot up to me\b|\bbeyond my control\b",
    r"\byou should(?:n't)? have\b|\byou (?:didn't|did not|forgot to|failed to)\b",
    r"\byour (?:own )?(?:fault|mistake|problem)\b",
    r"\b(?:head office|corporate|management|headquarters|my manager|the manager|my boss|my supervisor|"
    r"accounts|the warehouse|the courier|the supplier|the manufacturer|another department|"
    r"the other department) (?:decides?|decided|won't|will not|doesn't|does not|wouldn't|would not|would never|never|"
    r"didn't|did not|don't|do not|sets?|says?|handles? (?:that|it|this))\b",
    r"\b(?:supplier|courier|manufacturer|warehouse|airline|bank|driver|delivery company)'s "
    r"(?:problem|fault|issue|responsibility)\b",
    r"\bblame\b|\bnot on us\b|\bnot on me\b",
    r"\b(?:ask|try|see|call) (?:somebody|someone|somewhere) else\b",
    r"\bnot (?:something|anything) (?:i|we) (?:can|could|are able to) (?:help|do|deal)\b",
    r"\b(?:can't|cannot|won't) help you\b",
    r"\b(?:nobody|no one|no-one) told me\b|\bjust following\b",
)

#: Something the customer can have: an alternative, an offer or a next step (``offers_alternative``).
ALTERNATIVE_PATTERNS: tuple[str, ...] = (
    rf"\bwhat (?:i|we) {_CAN}",
    rf"{_NOT_AFTER_NOTHING}\b(?:i|we) {_CAN}",
    r"\b(?:i|we) could\b(?!n't)(?! not\b)",
    r"\b(?:i'll|i will|we'll|we will|i shall)\b(?! not\b)",
    rf"{_NOT_BEFORE}\blet me\b|{_NOT_BEFORE}\blet us\b|\blet's\b",
    r"\binstead\b|\balternatives?\b|\boptions?\b|\bhow about\b|\bwhat about\b",
    r"\bwould you (?:like|prefer)\b|\bshall i\b|\bwould (?:it|that) (?:help|work|suit)\b",
    r"\b(?:another|other) way\b|\bnext step\b|\bhere'?s what\b|\bin the meantime\b|\bmeanwhile\b",
    r"\b(?:i|we)(?:'d| would) (?:like|love|be happy|be glad|be pleased) to\b",
    r"\b(?:i|we)(?:'ve| have) (?:already )?(?:booked|arranged|sent|put|reserved|logged|raised|asked|ordered|added|set)\b",
    r"\b(?:i|we) (?:suggest|recommend|offer)\b|\bi'?m going to\b|\bi am going to\b|\bleave it with me\b",
)

#: Words that acknowledge the customer (``shows_empathy``).
EMPATHY_PATTERNS: tuple[str, ...] = (
    r"\bi (?:completely |totally |fully |really |do )?(?:understand|see why|see how|see that|can see|hear you|"
    r"get (?:it|that|why)|can imagine|realise|realize|appreciate|know how)\b",
    r"\bsorry\b|\bapologi[sz]e\b|\bapologies\b",
    r"\bthat must (?:be|have been|feel)\b|\bthat sounds\b|\bwhat a (?:pain|nuisance|shame)\b",
    r"\b(?:frustrating|annoying|disappointing|inconvenient|upsetting|stressful|worrying|maddening)\b",
    r"\bthank(?:s| you) (?:so much |very much )?for\b",
    r"\byou'?re (?:right|not wrong)\b|\bfair (?:point|question|enough)\b|\bgood question\b",
    r"\bmakes (?:complete |total |perfect )?sense\b|\bunderstandabl[ey]\b|\bi(?:'d| would) feel\b",
    r"\b(?:good|great|fair) idea\b|\bglad you (?:called|asked|told|mentioned|came)\b",
)

#: A first-person commitment (``takes_ownership``).
OWNERSHIP_PATTERNS: tuple[str, ...] = (
    r"\b(?:i'll|i will|we'll|we will|i shall)\b(?! not\b)",
    rf"{_NOT_BEFORE}\blet me\b|\bleave it with me\b|\bi'?m going to\b|\bi am going to\b",
    rf"{_NOT_AFTER_NOTHING}\b(?:i|we) {_CAN}",
    r"\bi(?:'d| would) (?:like|love|be happy|be glad|be pleased) to\b|\bi'?m (?:happy|glad|pleased) to\b",
    r"\bi(?:'ve| have) (?:already )?(?:checked|asked|called|booked|arranged|logged|raised|sent|spoken|put|"
    r"reserved|ordered|added|set)\b",
    r"\bpersonally\b|\bmyself\b|\bi take (?:responsibility|ownership)\b|\bmy (?:responsibility|priority)\b",
    r"\bon (?:our|my) side\b|\bour mistake\b|\bmy mistake\b",
)

#: A plain-words reason (not scored; only a tip suggests one).
REASON_PATTERNS: tuple[str, ...] = (r"\bbecause\b|\bthe reason\b|\bso that\b|\bwhich means\b|\bsince\b|, so\b",)

#: A stated limit (``states_limit``): what the customer cannot have.
LIMIT_PATTERNS: tuple[str, ...] = (
    r"\b(?:can't|cannot|can not|unable to|not able to|won't be able to)\b",
    r"\b(?:isn't|aren't|is not|are not|not) possible\b",
)

#: Refusals: inside such a clause, alternative cues ("options", "instead", "I can …") do not count.
REFUSAL_PATTERNS: tuple[str, ...] = (
    rf"\b(?:can't|cannot|can not|won't|will not|unable to|not able to|{_NEG} going to) (?:offer|give|provide|suggest)\b",
    r"\bno (?:other )?(?:alternatives?|options?|other way)\b",
    r"\b(?:don't|do not|haven't|have no|has no) (?:have )?(?:any )?(?:other )?(?:alternatives?|options?)\b",
    r"\bthere (?:is|are|'s) no (?:other )?(?:way|alternative|option|choice)\b",
)

#: Points each signal adds to the score (sum 100): three good moves, and two traps avoided.
WEIGHTS: dict[str, int] = {"shows_empathy": 20, "takes_ownership": 25, "offers_alternative": 35,
                           "no_policy": 10, "no_blame": 10}
#: Highest score a phrase can reach while it still hides behind policy or blames others.
CAP_WHEN_HIDING: int = 40

_CLAUSE_SPLIT = re.compile(r"[.!?;:\n]+|,?\s*\b(?:but|however|although|though|yet)\b")


@dataclass(frozen=True)
class Review:
    """What a service phrase does (five signals), its score (0–100) and what to try next."""

    hides_behind_policy: bool
    blames_others: bool
    offers_alternative: bool
    shows_empathy: bool
    takes_ownership: bool
    score: int
    tips: list[str] = field(default_factory=list)
    #: What the phrase already does well, in words a learner reads.
    strengths: list[str] = field(default_factory=list)
    #: Whether a plain-words reason was found ("because …"); not scored.
    explains_reason: bool = False
    #: Whether the phrase states a limit ("I can't …", "isn't possible"); see :data:`LIMIT_PATTERNS`.
    states_limit: bool = False
    #: The words that triggered each signal, e.g. ``{"hides_behind_policy": ["policy"]}``.
    cues: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        """True when the phrase shows openness (see :func:`is_open`)."""
        return (not self.hides_behind_policy and not self.blames_others and self.offers_alternative
                and (self.shows_empathy or self.takes_ownership))


def _normalise(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"A phrase must be text, but got {text!r}.")
    cleaned = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").lower()
    cleaned = " ".join(cleaned.split())
    if not re.search(r"[a-z]", cleaned):
        raise ValueError("The phrase is empty: type what you would say to the customer.")
    return cleaned


def _find(patterns: tuple[str, ...], text: str) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            cue = match.group(0).strip(" ,")
            if cue and cue not in found:
                found.append(cue)
    return found


def _alternatives(text: str) -> list[str]:
    """Alternative cues, skipping clauses that refuse (see :data:`REFUSAL_PATTERNS`)."""
    found: list[str] = []
    for clause in _CLAUSE_SPLIT.split(text):
        if not clause.strip() or _find(REFUSAL_PATTERNS, clause):
            continue
        found += [c for c in _find(ALTERNATIVE_PATTERNS, clause) if c not in found]
    return found


def review(text: str) -> Review:
    """Check one service phrase (see the module docstring); raises ``ValueError`` on empty or non-text input."""
    low = _normalise(text)
    cues = {
        "hides_behind_policy": _find(POLICY_PATTERNS, low),
        "blames_others": _find(BLAME_PATTERNS, low),
        "offers_alternative": _alternatives(low),
        "shows_empathy": _find(EMPATHY_PATTERNS, low),
        "takes_ownership": _find(OWNERSHIP_PATTERNS, low),
    }
    hides, blames = bool(cues["hides_behind_policy"]), bool(cues["blames_others"])
    offers, empathy, owns = (bool(cues["offers_alternative"]), bool(cues["shows_empathy"]),
                             bool(cues["takes_ownership"]))
    reason = bool(_find(REASON_PATTERNS, low))
    limit = bool(_find(LIMIT_PATTERNS, low))
    score = (WEIGHTS["shows_empathy"] * empathy + WEIGHTS["takes_ownership"] * owns
             + WEIGHTS["offers_alternative"] * offers + WEIGHTS["no_policy"] * (not hides)
             + WEIGHTS["no_blame"] * (not blames))
    if hides or blames:
        score = min(score, CAP_WHEN_HIDING)

    strengths: list[str] = []
    if empathy:
        strengths.append(f"You acknowledge the customer (\"{cues['shows_empathy'][0]}\").")
    if owns:
        strengths.append(f"You take ownership (\"{cues['takes_ownership'][0]}\").")
    if offers:
        strengths.append(f"You offer something the customer can have (\"{cues['offers_alternative'][0]}\").")
    if reason and not hides:
        strengths.append("You give a reason in plain words.")
    if not hides and not blames:
        strengths.append("You do not lean on a policy or pass the problem to someone else.")

    tips: list[str] = []
    if hides:
        words = ", ".join(f"'{c}'" for c in cues["hides_behind_policy"])
        tips.append(f"You still point to a rule ({words}). Customers hear that as a closed door: leave it out, "
                    "say what you can do, and if a reason helps, give the real one in everyday words.")
    if blames:
        words = ", ".join(f"'{c}'" for c in cues["blames_others"])
        tips.append(f"You pass the problem on ({words}). Keep it yours: say what you will do next, for example "
                    "'I'll call the warehouse and ring you back by four.'")
    if not offers:
        tips.append("Offer something you CAN do: an alternative, a next step, or when you will come back to them.")
    if not empathy:
        tips.append("Acknowledge the customer first, e.g. 'I can see why that matters' or 'Thanks for your "
                    "patience.'")
    if not owns:
        tips.append("Take ownership with 'I' and a commitment: 'Let me…', 'I'll…', 'I can…'.")
    if limit and not reason and not hides:
        tips.append("You state a limit. Say why in everyday words ('because …'), so the customer hears a reason, "
                    "not a closed door.")
    if not reason and not tips:
        tips.append("Optional: if the customer may wonder why, add a short reason in plain words ('because …').")
    return Review(hides_behind_policy=hides, blames_others=blames, offers_alternative=offers,
                  shows_empathy=empathy, takes_ownership=owns, score=int(score), tips=tips,
                  strengths=strengths, explains_reason=reason, states_limit=limit, cues=cues)


def is_open(text: str) -> bool:
    """True when ``text`` shows openness: no policy, no blame, an alternative, and empathy or ownership."""
    return review(text).is_open


#: Fields every prompt needs.
PROMPT_FIELDS: tuple[str, ...] = ("id", "situation", "phrase", "example")
#: Longest rewrite checked (characters); a few sentences is plenty for one reply.
MAX_CHARS = 1200


def load_prompts(path: str | Path | None = None) -> list[dict[str, str]]:
    """The prompts (default: the shipped ones): a list of ``{"id", "situation", "phrase", "example"}``.

    Raises ``ValueError`` naming the file and the prompt when the file is unreadable or malformed.
    """
    file = Path(path) if path is not None else Path(str(resources.files("csworkbook").joinpath(
        "data", "policy_phrases.json")))
    doc = read_json(file, what="policy-phrase")
    try:
        return validate_prompts(doc["prompts"] if isinstance(doc, dict) else None)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{file}: {exc}") from None


def validate_prompts(prompts: Any) -> list[dict[str, str]]:
    """Check a list of prompts (every field present and non-empty text, ids unique); raise ``ValueError``."""
    if not isinstance(prompts, list) or not prompts:
        raise ValueError("the policy rewriter needs a non-empty list of prompts.")
    seen: set[str] = set()
    for n, prompt in enumerate(prompts, 1):
        if not isinstance(prompt, dict):
            raise ValueError(f"prompt {n} must be an object with {', '.join(PROMPT_FIELDS)}.")
        for key in PROMPT_FIELDS:
            if not isinstance(prompt.get(key), str) or not prompt[key].strip():
                raise ValueError(f"prompt {n} needs a non-empty '{key}'.")
        if prompt["id"] in seen:
            raise ValueError(f"prompt {n}: the id '{prompt['id']}' appears twice.")
        seen.add(prompt["id"])
    return [dict(p) for p in prompts]
