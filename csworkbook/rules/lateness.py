"""The model behind the lateness explorer (notebook 03): how long a wait for a late arrival is accepted.

**Where the numbers come from.** The article *Impact of Time on Customer Service* gives three facts,
and the model keeps to them:

- in the United States and other monochronic (clock-first) settings, a wait of five to ten minutes for
  someone who is late is acceptable (:data:`csworkbook.content.MONOCHRONIC_WAIT_MINUTES`). The whole
  range counts as acceptable here, so 8 minutes is within the accepted wait and the limit is 10 minutes;
- in some cultures, lateness of as much as an hour is acceptable: the limit is 60 minutes;
- the higher the late person's status, the longer others may have to wait, because senior people in
  organisations, government or the military are more often held up by unplanned meetings and calls.

**Where the model departs from the article, and why** (:data:`DEPARTURES`, shown to learners):

- the article gives two anchors, not a scale. Edward T. Hall's monochronic/polychronic idea is used as a
  *continuum* (``orientation`` 0 = strongly monochronic … 1 = strongly polychronic), and between the two
  anchors the limit moves in a straight line: a teaching choice, so that the slider has something to show;
- the article says only that rank means a *longer* wait, not how much longer. The status factors
  (:data:`STATUSES`: 1 for a peer, 1.5 for a manager, 2 for a senior leader) are the course's
  illustration, not figures from the article or from research;
- arriving within a minute (:data:`ON_TIME_MINUTES`) counts as on time: a convention of this model.

Hall's continuum describes tendencies of groups, never a fact about the person you are serving: use it
to decide what to ask, not what to assume. Every function is pure and raises ``ValueError`` with a
sentence a student understands on bad input.
"""
from __future__ import annotations

from dataclasses import dataclass

from csworkbook.content import MONOCHRONIC_WAIT_MINUTES
from csworkbook.rules.inputs import finite_number, key_named
from csworkbook.rules.wording import minutes as fmt_minutes

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Status:
    """Who is late, and an illustrative factor (no unit) by which their rank stretches the accepted wait."""

    key: str
    label: str
    description: str
    multiplier: float


#: The statuses the explorer knows, from lowest to highest. Keys are what :func:`accepted_wait_minutes`
#: accepts. The article says only that rank lengthens the wait; the factors are the course's illustration.
STATUSES: dict[str, Status] = {
    s.key: s
    for s in (
        Status("peer", "Peer or everyday customer",
               "Someone of about your own rank, or a customer with no special standing.", 1.0),
        Status("manager", "Manager",
               "A manager or valued client whose time is in demand.", 1.5),
        Status("senior leader", "Senior leader",
               "A senior executive, government official or high-ranking officer, often held up by unplanned "
               "meetings and calls.", 2.0),
    )
}

#: The article's acceptable wait (minutes) in the U.S. and other monochronic settings: five to ten minutes.
MONOCHRONIC_RANGE: tuple[float, float] = (float(MONOCHRONIC_WAIT_MINUTES[0]), float(MONOCHRONIC_WAIT_MINUTES[1]))
#: Longest accepted wait (minutes) for a peer in a strongly monochronic setting: the top of the article's range.
MONOCHRONIC_LIMIT: float = MONOCHRONIC_RANGE[1]
#: Longest accepted wait (minutes) for a peer in a strongly polychronic setting: the article's "as much as an hour".
POLYCHRONIC_LIMIT: float = 60.0
#: Arriving less than this many minutes after the agreed time counts as on time (a convention of the model).
ON_TIME_MINUTES: float = 1.0

#: The labels :func:`perceive` gives, from least to most serious.
LABELS: tuple[str, ...] = ("on time", "within the accepted wait", "beyond the accepted wait")

#: What each label means, in one sentence.
LABEL_NOTES: dict[str, str] = {
    "on time": "Arriving within a minute of the agreed time counts as punctual almost anywhere.",
    "within the accepted wait": "This delay is inside the wait that people in this setting commonly accept.",
    "beyond the accepted wait": "This is longer than the wait this setting commonly accepts: those waiting may "
                                "feel their time is not valued, and an apology with a reason is expected.",
}

#: The closing advice of every perception: frameworks describe groups, not the person in front of you.
ASK_ADVICE = ("These are tendencies of groups, not facts about the person you are serving: when timing "
              "matters, ask what they expect instead of assuming.")

#: Where the model goes beyond the article, in words a learner reads (the explorer and notebook 03 show them).
DEPARTURES: tuple[str, ...] = (
    "The article gives two anchors: five to ten minutes in monochronic settings such as the U.S., and as much "
    "as an hour in some other cultures. Between them the explorer draws a straight line; that scale is ours.",
    "The article says that higher rank means a longer wait, but not how much longer. The factors used here "
    "(one and a half times for a manager, twice for a senior leader) are illustrations, not findings.",
)

#: Said wherever the numbers are shown.
ILLUSTRATION_NOTE = ("The article's figures are kept exactly: five to ten minutes is an acceptable wait in the "
                     "U.S. and other monochronic settings, and as much as an hour in some cultures. Everything "
                     "between those anchors, and how far rank stretches the wait, is a teaching illustration, "
                     "not a measured law.")

# --------------------------------------------------------------------------- validation


def check_orientation(orientation: object) -> float:
    """The time orientation as a float from 0 (strongly monochronic) to 1 (strongly polychronic)."""
    value = finite_number(orientation, "time orientation")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"The time orientation must be between 0 (strongly monochronic) and 1 (strongly "
                         f"polychronic); {value:g} is outside that range.")
    return value


def check_minutes(minutes_late: object) -> float:
    """Minutes late as a float of zero or more."""
    value = finite_number(minutes_late, "number of minutes late")
    if value < 0:
        raise ValueError(f"Minutes late cannot be negative ({value:g}); someone who arrives early is 0 minutes "
                         "late.")
    return value


def check_status(status: object) -> Status:
    """The :class:`Status` for a key such as ``"manager"`` (case and surrounding spaces are ignored)."""
    return STATUSES[key_named(status, {key: key for key in STATUSES}, what="status")]


# --------------------------------------------------------------------------- model


def orientation_words(orientation: float) -> str:
    """Describe a point on the monochronic–polychronic continuum in words (orientation 0 to 1)."""
    value = check_orientation(orientation)
    if value <= 0.15:
        return "strongly monochronic"
    if value < 0.4:
        return "leaning monochronic"
    if value <= 0.6:
        return "mixed"
    if value < 0.85:
        return "leaning polychronic"
    return "strongly polychronic"


def accepted_wait_minutes(time_orientation: float, status: str) -> float:
    """The longest wait for a late arrival that a setting commonly accepts, in minutes.

    time_orientation: 0 (strongly monochronic) to 1 (strongly polychronic); status: a key of
    :data:`STATUSES`. Anchored to the article: ``accepted_wait_minutes(0, "peer") == 10.0`` (five to
    ten minutes is acceptable) and ``accepted_wait_minutes(1, "peer") == 60.0`` (as much as an hour).
    The straight line between the anchors and the status factors are a teaching illustration, not a
    measured law (see :data:`DEPARTURES`).
    """
    o = check_orientation(time_orientation)
    factor = check_status(status).multiplier
    return (MONOCHRONIC_LIMIT + (POLYCHRONIC_LIMIT - MONOCHRONIC_LIMIT) * o) * factor


@dataclass(frozen=True)
class Perception:
    """How a late arrival is likely to be seen in a setting.

    minutes_late and limit (the longest accepted wait) are in minutes; orientation runs from 0
    (monochronic) to 1 (polychronic).
    """

    minutes_late: float
    orientation: float
    status: str
    limit: float
    label: str
    note: str
    advice: str = ASK_ADVICE

    @property
    def severity(self) -> int:
        """Position of :attr:`label` in :data:`LABELS` (0 = on time … 2 = beyond the accepted wait)."""
        return LABELS.index(self.label)

    @property
    def acceptable(self) -> bool:
        """True when the delay is on time or within the accepted wait."""
        return self.label != LABELS[2]


def classify(minutes_late: float, limit: float) -> str:
    """The label for ``minutes_late`` (minutes) against the longest accepted wait ``limit`` (minutes)."""
    minutes = check_minutes(minutes_late)
    if minutes < ON_TIME_MINUTES:
        return LABELS[0]
    if minutes <= limit:
        return LABELS[1]
    return LABELS[2]


def perceive(minutes_late: float, orientation: float, status: str) -> Perception:
    """How ``minutes_late`` minutes of lateness by someone of ``status`` is likely to be seen in a setting.

    orientation: 0 (strongly monochronic) to 1 (strongly polychronic). Returns a :class:`Perception`
    with a label from :data:`LABELS` and a teaching note. The article's anchors are kept (8 minutes by
    a peer in the U.S. is within the accepted wait); what lies between them is a teaching illustration,
    not a measured law. Raises ``ValueError`` on bad input.
    """
    minutes = check_minutes(minutes_late)
    o = check_orientation(orientation)
    who = check_status(status)
    limit = accepted_wait_minutes(o, who.key)
    label = classify(minutes, limit)
    parts = [LABEL_NOTES[label]]
    if o == 0 and who.key == "peer":
        parts.append("The article puts the acceptable wait in the U.S. and other monochronic settings at five to "
                     "ten minutes, so up to 10 minutes is fine here.")
    else:
        parts.append(f"In a {orientation_words(o)} setting the accepted wait for {_who(who)} runs to about "
                     f"{fmt_minutes(limit)} minutes in this illustration.")
    if who.key != "peer" and label != LABELS[0]:
        parts.append("People of higher rank are often delayed by unplanned demands on their time, so others "
                     "tend to wait longer for them; by how much is the course's illustration.")
    if label == LABELS[2]:
        parts.append("If you are the one waiting, patience can pay: the article notes that it is sometimes "
                     "rewarded with a big order. If you are the one running late, send word as early as you can.")
    return Perception(minutes_late=minutes, orientation=o, status=who.key, limit=limit, label=label,
                      note=" ".join(parts))


def _who(status: Status) -> str:
    return {"peer": "a peer", "manager": "a manager", "senior leader": "a senior leader"}.get(
        status.key, status.label.lower())
