"""The model behind the lateness explorer (notebook 03): how long a late arrival is commonly tolerated.

**A teaching illustration, not a measured law.** The numbers are built on the figures in the article
*Impact of Time on Customer Service* and nothing more:

- in the United States and other monochronic (clock-first) settings, a wait of about 5 to 10 minutes
  for someone who is late is usually accepted (:data:`csworkbook.content.MONOCHRONIC_WAIT_MINUTES`);
- in some cultures, lateness of up to about an hour can be acceptable;
- the higher the late person's status, the longer others may expect to wait, because senior people in
  organisations, government or the military are often held up by unplanned meetings and calls.

Edward T. Hall's monochronic/polychronic idea is used as a *continuum* (``orientation`` 0 = strongly
monochronic … 1 = strongly polychronic) that describes tendencies of groups, never a fact about the
person you are serving: use it to decide what to ask, not what to assume.

How the band is built (all times in minutes):

- a peer in a strongly monochronic setting (orientation 0) gets the article's 5–10 minute band;
- a peer in a strongly polychronic setting (orientation 1) gets 30–60 minutes ("up to an hour");
- in between, both ends move in a straight line with the orientation;
- status multiplies both ends (:data:`STATUSES`): 1 for a peer, 1.5 for a manager, 2 for a senior leader.

Every function is pure and raises ``ValueError`` with a sentence a student understands on bad input.
"""
from __future__ import annotations

from dataclasses import dataclass

from csworkbook.content import MONOCHRONIC_WAIT_MINUTES
from csworkbook.rules.inputs import finite_number, key_named
from csworkbook.rules.wording import minutes as fmt_minutes

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Status:
    """Who is late, and how much their rank usually stretches others' patience (a multiplier, no unit)."""

    key: str
    label: str
    description: str
    multiplier: float


#: The statuses the explorer knows, from lowest to highest. Keys are what :func:`tolerance_minutes` accepts.
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

#: Tolerated wait (minutes) for a peer in a strongly monochronic setting: the article's 5 to 10 minutes.
MONOCHRONIC_BAND: tuple[float, float] = (float(MONOCHRONIC_WAIT_MINUTES[0]), float(MONOCHRONIC_WAIT_MINUTES[1]))
#: Tolerated wait (minutes) for a peer in a strongly polychronic setting: up to about an hour.
POLYCHRONIC_BAND: tuple[float, float] = (30.0, 60.0)
#: Arriving less than this many minutes after the agreed time counts as on time.
ON_TIME_MINUTES: float = 1.0

#: The labels :func:`perceive` gives, from least to most serious.
LABELS: tuple[str, ...] = ("on time", "within the usual grace", "noticeably late", "likely to cause offence")

#: What each label means, in one sentence.
LABEL_NOTES: dict[str, str] = {
    "on time": "Arriving within a minute of the agreed time counts as punctual almost anywhere.",
    "within the usual grace": "This delay sits inside the wait that people in this setting commonly accept "
                              "without comment.",
    "noticeably late": "This is where patience starts to run out for some people in this setting: a message "
                       "ahead of time or a short apology helps.",
    "likely to cause offence": "A wait this long is beyond what this setting commonly accepts, so those waiting "
                               "may feel their time is not valued.",
}

#: The closing advice of every perception: frameworks describe groups, not the person in front of you.
ASK_ADVICE = ("These are tendencies of groups, not facts about the person you are serving: when timing "
              "matters, ask what they expect instead of assuming.")

#: Said wherever the numbers are shown.
ILLUSTRATION_NOTE = ("The minutes here are a teaching illustration built on the article's figures (5 to 10 "
                     "minutes in the U.S. and other monochronic settings, up to about an hour in some cultures, "
                     "longer waits for people of high status); they are not a measured law.")

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


def tolerance_minutes(time_orientation: float, status: str) -> tuple[float, float]:
    """The commonly tolerated wait for a late arrival, as ``(low, high)`` in minutes.

    Up to ``low`` minutes, most people in the setting accept the delay without comment; between ``low``
    and ``high`` patience runs out for some; beyond ``high`` the delay is outside what is commonly
    accepted. time_orientation: 0 (strongly monochronic) to 1 (strongly polychronic); status: a key of
    :data:`STATUSES`. A teaching illustration anchored to the article's figures, not a measured law:
    ``tolerance_minutes(0, "peer") == (5.0, 10.0)`` and ``tolerance_minutes(1, "peer") == (30.0, 60.0)``.
    """
    o = check_orientation(time_orientation)
    factor = check_status(status).multiplier
    low = MONOCHRONIC_BAND[0] + (POLYCHRONIC_BAND[0] - MONOCHRONIC_BAND[0]) * o
    high = MONOCHRONIC_BAND[1] + (POLYCHRONIC_BAND[1] - MONOCHRONIC_BAND[1]) * o
    return low * factor, high * factor


@dataclass(frozen=True)
class Perception:
    """How a late arrival is likely to be seen in a setting (a teaching illustration).

    minutes_late and band are in minutes; orientation runs from 0 (monochronic) to 1 (polychronic).
    """

    minutes_late: float
    orientation: float
    status: str
    band: tuple[float, float]
    label: str
    note: str
    advice: str = ASK_ADVICE

    @property
    def severity(self) -> int:
        """Position of :attr:`label` in :data:`LABELS` (0 = on time … 3 = likely to cause offence)."""
        return LABELS.index(self.label)


def classify(minutes_late: float, band: tuple[float, float]) -> str:
    """The label for ``minutes_late`` (minutes) against a tolerance band ``(low, high)`` in minutes."""
    minutes = check_minutes(minutes_late)
    low, high = band
    if minutes < ON_TIME_MINUTES:
        return LABELS[0]
    if minutes <= low:
        return LABELS[1]
    if minutes <= high:
        return LABELS[2]
    return LABELS[3]


def perceive(minutes_late: float, orientation: float, status: str) -> Perception:
    """How ``minutes_late`` minutes of lateness by someone of ``status`` is likely to be seen in a setting.

    orientation: 0 (strongly monochronic) to 1 (strongly polychronic). Returns a :class:`Perception`
    with a label from :data:`LABELS` and a teaching note. A teaching illustration built on the
    article's figures, not a measured law; raises ``ValueError`` on bad input.
    """
    minutes = check_minutes(minutes_late)
    o = check_orientation(orientation)
    who = check_status(status)
    band = tolerance_minutes(o, who.key)
    label = classify(minutes, band)
    parts = [LABEL_NOTES[label],
             f"In a {orientation_words(o)} setting the commonly tolerated wait for {_who(who)} runs to about "
             f"{fmt_minutes(band[0])}–{fmt_minutes(band[1])} minutes in this illustration."]
    if who.key != "peer" and label != LABELS[0]:
        parts.append("People of higher rank are often delayed by unplanned demands on their time, so others "
                     "tend to wait longer for them.")
    if label in LABELS[2:]:
        parts.append("If you are the one waiting, patience can pay: a relationship kept intact may bring a large "
                     "order. If you are the one running late, send word as early as you can.")
    return Perception(minutes_late=minutes, orientation=o, status=who.key, band=band, label=label,
                      note=" ".join(parts))


def _who(status: Status) -> str:
    return {"peer": "a peer", "manager": "a manager", "senior leader": "a senior leader"}.get(
        status.key, status.label.lower())
