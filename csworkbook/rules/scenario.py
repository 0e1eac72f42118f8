"""Branching role-play scenarios: load one data file, validate it, and score paths through it.

A scenario is one JSON file in ``csworkbook/data/scenarios/<id>.json`` (schema: ``docs/scenario_schema.md``
and ``docs/contracts.md``). :func:`load` validates the whole file before returning it and raises
:class:`ScenarioError` naming the file and the broken node when anything is wrong: a ``next`` that
names no node, a node that cannot be reached, a cycle, a tag that names no item of
:mod:`csworkbook.content`, an ending with choices, a non-ending without choices, bad points, or a
choice marked ``tempting`` (the polite or by-the-book answer that is not the best) that is a best choice.

Scoring rule. Points are whole numbers 0–3 per choice. A play-through is scored decision by decision:
its ``points`` are the points of the choices taken, its ``best`` is the sum, over the same decision
points, of the most points any choice offered there, and its score is ``points / best`` (a fraction
0–1; 1.0 when ``best`` is 0). So the score is 100 % exactly when every decision taken was a best one
available at that point, and a longer route cannot make up for a weaker choice. A weak choice that
leads to a recovery node is still counted where it was made; the recovery node's own best then
joins ``best``, so recovering well lifts the score but never back to 100 %.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from csworkbook import content
from csworkbook.rules.files import DataFileError, read_json

MIN_POINTS, MAX_POINTS = 0, 3
#: The most choices one play of a scenario may ask for (a longer file is refused when it is loaded).
MAX_STEPS = 200

#: Tag prefix -> (what the items are called, the content table they come from).
TAG_TABLES: dict[str, tuple[str, tuple[content.Item, ...]]] = {
    "positive": ("POSITIVE behaviour", content.POSITIVE),
    "recovery": ("recovery strategy", content.RECOVERY_STRATEGIES),
    "emotion": ("emotion-reducing move", content.EMOTION_REDUCING_MOVES),
    "loyalty": ("loyalty strategy", content.LOYALTY_STRATEGIES),
    "communication": ("communication strategy", content.COMMUNICATION_STRATEGIES),
    "technique": ("relationship-building technique", content.RELATIONSHIP_TECHNIQUES),
    "nonverbal": ("nonverbal dimension", content.NONVERBAL),
}

_TOP_KEYS = {"id", "title", "notebook", "summary", "start", "nodes"}
_NODE_KEYS = {"text", "choices", "ending"}
_CHOICE_KEYS = {"text", "next", "points", "consequence", "shows", "misses", "tempting"}


class ScenarioError(ValueError):
    """A scenario file is missing or broken; the message names the file and, if known, the node."""

    def __init__(self, file: str | Path, problem: str, node: str | None = None) -> None:
        self.file = str(file)
        self.node = node
        self.problem = problem
        where = f"{Path(file).name}" + (f", node '{node}'" if node is not None else "")
        super().__init__(f"Scenario file {where}: {problem}")


@dataclass(frozen=True)
class Choice:
    """One option at a decision point: what the learner does, where it leads, points 0–3, and its tags."""

    text: str
    next: str
    points: int
    consequence: str
    shows: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()
    #: Marked by the author: the answer that sounds right (polite, or by the book) but is not the best here.
    tempting: bool = False


@dataclass(frozen=True)
class Node:
    """A moment in the scenario: a decision point (with choices) or an ending (without)."""

    key: str
    text: str
    choices: tuple[Choice, ...] = ()
    ending: bool = False


@dataclass(frozen=True)
class Scenario:
    """A validated scenario; ``path`` is the file it came from."""

    id: str
    title: str
    notebook: str
    summary: str
    start: str
    nodes: dict[str, Node]
    path: str

    def node(self, key: str) -> Node:
        """The node called ``key``."""
        return self.nodes[key]

    def best_total(self, start: str | None = None) -> int:
        """The highest number of points any path from ``start`` (default: the start node) can collect.

        Not the score's denominator (see :func:`path_result`); kept to describe a scenario's size.
        """
        return _best_from(self, start or self.start)

    def best_at(self, key: str) -> int:
        """The most points (0–3) any single choice at node ``key`` offers; 0 for an ending."""
        return max((c.points for c in self.nodes[key].choices), default=0)

    def endings(self) -> list[str]:
        """Keys of the ending nodes, in file order."""
        return [k for k, n in self.nodes.items() if n.ending]


# --------------------------------------------------------------------------- tags


def tag_item(tag: str) -> tuple[str, content.Item]:
    """Look up a tag such as ``"positive:T"``: return (kind of item, the item); ``KeyError`` if unknown."""
    prefix, _, key = tag.partition(":")
    if prefix not in TAG_TABLES:
        raise KeyError(f"unknown tag prefix '{prefix}' in '{tag}'; use one of {', '.join(TAG_TABLES)}")
    kind, table = TAG_TABLES[prefix]
    for item in table:
        if item.key == key:
            return kind, item
    raise KeyError(f"'{tag}' names no {kind}; known keys: {', '.join(i.key for i in table)}")


def tag_name(tag: str) -> str:
    """A readable name for a tag, e.g. ``"POSITIVE T: Take time to know your customers"``."""
    kind, item = tag_item(tag)
    if tag.startswith("positive:"):
        return f"POSITIVE {getattr(item, 'letter', item.key)}: {item.name}"
    return f"{item.name} ({kind})"


# --------------------------------------------------------------------------- loading


def scenario_dir() -> Path:
    """The folder of shipped scenario files."""
    return Path(str(resources.files("csworkbook").joinpath("data", "scenarios")))


def available() -> list[str]:
    """Ids of the shipped scenarios, sorted."""
    return sorted(p.stem for p in scenario_dir().glob("*.json"))


def load(id_or_path: str | Path) -> Scenario:
    """Load and validate a scenario by id (a shipped file) or by path; raise :class:`ScenarioError`."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith(".json") or "/" in text or "\\" in text:
        path = Path(id_or_path)
    else:
        path = scenario_dir() / f"{text}.json"
        if not path.exists():
            known = ", ".join(available()) or "none"
            raise ScenarioError(path, f"there is no scenario called '{text}'. Available scenarios: {known}.")
    try:
        doc = read_json(path, what="scenario")
    except DataFileError as exc:
        raise ScenarioError(path, exc.where_and_problem) from None
    return parse(doc, path)


def parse(doc: Any, path: str | Path = "<scenario>") -> Scenario:
    """Validate a scenario already read from JSON (``doc``) and build it; ``path`` is used in errors."""
    if not isinstance(doc, dict):
        raise ScenarioError(path, "the file must hold one JSON object with id, title, notebook, summary, start "
                                  "and nodes.")
    _keys(path, None, "the scenario", doc, _TOP_KEYS, _TOP_KEYS)
    for key in ("id", "title", "notebook", "summary", "start"):
        _text(path, None, key, doc[key])
    stem = Path(path).stem
    if Path(path).suffix == ".json" and doc["id"] != stem:
        raise ScenarioError(path, f"the id '{doc['id']}' must match the file name '{stem}'.")
    raw_nodes = doc["nodes"]
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise ScenarioError(path, "'nodes' must be a non-empty object of named nodes.")
    if doc["start"] not in raw_nodes:
        raise ScenarioError(path, f"the start node '{doc['start']}' does not exist.", node=doc["start"])
    nodes = {key: _node(path, key, raw, raw_nodes) for key, raw in raw_nodes.items()}
    scenario = Scenario(id=doc["id"], title=doc["title"], notebook=doc["notebook"], summary=doc["summary"],
                        start=doc["start"], nodes=nodes, path=str(path))
    _check_graph(scenario)
    return scenario


def _keys(path: str | Path, node: str | None, what: str, raw: dict, required: set[str], allowed: set[str]) -> None:
    missing = sorted(required - raw.keys())
    if missing:
        raise ScenarioError(path, f"{what} is missing {', '.join(missing)}.", node)
    extra = sorted(raw.keys() - allowed)
    if extra:
        raise ScenarioError(path, f"{what} has unknown field(s) {', '.join(extra)}; allowed: "
                                  f"{', '.join(sorted(allowed))}.", node)


def _text(path: str | Path, node: str | None, what: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(path, f"'{what}' must be non-empty text.", node)
    return value


def _node(path: str | Path, key: str, raw: Any, all_nodes: dict) -> Node:
    if not isinstance(raw, dict):
        raise ScenarioError(path, "a node must be an object with text and choices (or ending: true).", key)
    _keys(path, key, "the node", raw, {"text"}, _NODE_KEYS)
    text = _text(path, key, "text", raw["text"])
    ending = raw.get("ending", False)
    if not isinstance(ending, bool):
        raise ScenarioError(path, "'ending' must be true or false.", key)
    raw_choices = raw.get("choices", [])
    if not isinstance(raw_choices, list):
        raise ScenarioError(path, "'choices' must be a list.", key)
    if ending and raw_choices:
        raise ScenarioError(path, "an ending node cannot have choices.", key)
    if not ending and not raw_choices:
        raise ScenarioError(path, "this node has no choices; give it at least one, or mark it \"ending\": true.",
                            key)
    choices = tuple(_choice(path, key, i, c, all_nodes) for i, c in enumerate(raw_choices, start=1))
    best = max((c.points for c in choices), default=0)
    for number, choice in enumerate(choices, start=1):
        if choice.tempting and choice.points == best:
            raise ScenarioError(path, f"choice {number} is marked tempting but is a best choice here; a tempting "
                                      "choice must score fewer points than the best one.", key)
    return Node(key=key, text=text, choices=choices, ending=ending)


def _choice(path: str | Path, key: str, number: int, raw: Any, all_nodes: dict) -> Choice:
    what = f"choice {number}"
    if not isinstance(raw, dict):
        raise ScenarioError(path, f"{what} must be an object.", key)
    _keys(path, key, what, raw, {"text", "next", "points", "consequence"}, _CHOICE_KEYS)
    _text(path, key, f"{what} text", raw["text"])
    _text(path, key, f"{what} consequence", raw["consequence"])
    nxt = raw["next"]
    if not isinstance(nxt, str) or nxt not in all_nodes:
        raise ScenarioError(path, f"{what} leads to node '{nxt}', which does not exist.", key)
    points = raw["points"]
    if isinstance(points, bool) or not isinstance(points, int) or not MIN_POINTS <= points <= MAX_POINTS:
        raise ScenarioError(path, f"{what} has points {points!r}; points must be a whole number from "
                                  f"{MIN_POINTS} to {MAX_POINTS}.", key)
    tags: dict[str, tuple[str, ...]] = {}
    for field in ("shows", "misses"):
        values = raw.get(field, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ScenarioError(path, f"{what} '{field}' must be a list of tags such as \"positive:T\".", key)
        for tag in values:
            try:
                tag_item(tag)
            except KeyError as exc:
                raise ScenarioError(path, f"{what} has a bad tag: {exc.args[0]}.", key) from None
        tags[field] = tuple(values)
    tempting = raw.get("tempting", False)
    if not isinstance(tempting, bool):
        raise ScenarioError(path, f"{what} has 'tempting' {tempting!r}; it must be true or false.", key)
    return Choice(text=raw["text"], next=nxt, points=points, consequence=raw["consequence"], tempting=tempting,
                  **tags)


def _check_graph(scenario: Scenario) -> None:
    """Refuse cycles, nodes that cannot be reached from the start, and paths longer than :data:`MAX_STEPS`.

    Iterative (an explicit stack, no recursion), so a long chain of nodes is refused with a clear
    message instead of ``RecursionError``.
    """
    colour: dict[str, int] = {scenario.start: 1}  # 1 = on the current path, 2 = finished
    depth: dict[str, int] = {}  # choices on the longest path from a finished node to an ending
    trail: list[str] = [scenario.start]
    stack: list[tuple[str, Iterator[Choice]]] = [(scenario.start, iter(scenario.nodes[scenario.start].choices))]
    while stack:
        key, pending = stack[-1]
        choice = next(pending, None)
        if choice is None:
            stack.pop()
            trail.pop()
            colour[key] = 2
            depth[key] = max((1 + depth[c.next] for c in scenario.nodes[key].choices), default=0)
            if depth[key] > MAX_STEPS:
                raise ScenarioError(scenario.path, f"a path from this node is {depth[key]} choices long; a scenario "
                                                   f"may ask for at most {MAX_STEPS} choices in one play.", key)
            continue
        state = colour.get(choice.next, 0)
        if state == 1:
            loop = " -> ".join([*trail[trail.index(choice.next):], choice.next])
            raise ScenarioError(scenario.path, f"a choice leads back to an earlier node, making a cycle "
                                               f"({loop}); scenarios must always move forward.", key)
        if state == 0:
            colour[choice.next] = 1
            trail.append(choice.next)
            stack.append((choice.next, iter(scenario.nodes[choice.next].choices)))
    for key in scenario.nodes:
        if key not in colour:
            raise ScenarioError(scenario.path, f"this node cannot be reached from the start node "
                                               f"'{scenario.start}'.", key)


# --------------------------------------------------------------------------- scoring


def _best_from(scenario: Scenario, key: str) -> int:
    memo: dict[str, int] = {}

    def best(k: str) -> int:
        if k not in memo:
            node = scenario.nodes[k]
            memo[k] = max((c.points + best(c.next) for c in node.choices), default=0)
        return memo[k]

    return best(key)


def path_points(scenario: Scenario, choices: Sequence[int]) -> tuple[int, list[str]]:
    """Follow ``choices`` (0-based index at each node) from the start; return (points, nodes visited).

    Raises ``ValueError`` if an index does not exist at its node or the path goes past an ending.
    """
    key, total, visited = scenario.start, 0, [scenario.start]
    for step, index in enumerate(choices, start=1):
        node = scenario.nodes[key]
        if not 0 <= index < len(node.choices):
            raise ValueError(f"step {step}: node '{key}' has no choice {index}.")
        choice = node.choices[index]
        total += choice.points
        key = choice.next
        visited.append(key)
    return total, visited


@dataclass(frozen=True)
class PathResult:
    """A scored play-through: ``points`` taken, ``best`` points available at the same decisions, ``score`` 0–1."""

    points: int
    best: int
    score: float
    visited: tuple[str, ...]

    @property
    def percent(self) -> float:
        """The score as a percentage (0–100), rounded to one decimal place, as the journal stores it."""
        return round(100 * self.score, 1)


def score_of(points: int, best: int) -> float:
    """The score (fraction 0–1) of ``points`` taken where the best choices offered ``best``; 1.0 if ``best`` is 0."""
    return points / best if best else 1.0


def path_result(scenario: Scenario, choices: Sequence[int]) -> PathResult:
    """Score the path ``choices`` (0-based file index at each node) by the module's decision-by-decision rule."""
    points, visited = path_points(scenario, choices)
    best = sum(scenario.best_at(key) for key in visited[:-1])
    return PathResult(points=points, best=best, score=score_of(points, best), visited=tuple(visited))


def path_score(scenario: Scenario, choices: Sequence[int]) -> float:
    """The score (fraction 0–1) of the path ``choices``: points taken over the best available at each decision."""
    return path_result(scenario, choices).score


def is_best_path(scenario: Scenario, choices: Sequence[int]) -> bool:
    """True when every choice on the path offers the most points available at its node."""
    _, visited = path_points(scenario, choices)
    return all(scenario.nodes[key].choices[i].points == scenario.best_at(key) for key, i in zip(visited, choices))


def all_paths(scenario: Scenario) -> Iterable[list[int]]:
    """Every complete path from the start to an ending, as lists of 0-based choice indices."""
    def walk(key: str, prefix: list[int]) -> Iterable[list[int]]:
        node = scenario.nodes[key]
        if not node.choices:
            yield prefix
        for i, choice in enumerate(node.choices):
            yield from walk(choice.next, [*prefix, i])

    return walk(scenario.start, [])

