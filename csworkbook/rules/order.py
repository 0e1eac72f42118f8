"""Display order of options and choices: shuffled per learner, stable for that learner.

A knowledge-check item or a scenario decision shows its options in an order derived from the
learner's id (kept in the journal) and the item's own key, so two learners see different orders,
while one learner who reopens a notebook sees exactly what they saw before.
"""
from __future__ import annotations

import hashlib
import random


def display_order(count: int, learner: str, key: str) -> list[int]:
    """A permutation of ``range(count)`` that depends only on ``learner`` and ``key``.

    ``count`` is the number of options (a whole number, 0 or more); ``learner`` is the learner id
    from :meth:`csworkbook.journal.Journal.learner_id`; ``key`` names the item or node, e.g.
    ``"05-open-openers"`` or ``"late_vip/open"``.
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    seed = int.from_bytes(hashlib.sha256(f"{learner}\x00{key}".encode("utf-8")).digest()[:8], "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order
