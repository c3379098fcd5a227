"""The three rectification counts, kept apart as the domain does: 建议, 问题 and 整改到位.

A year-end report says "400+ suggestions made" and "711 shortcomings fixed": these
count different things and are never added together or divided by each other.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool.errors import EvaltoolError
from evaltool.rectify.ledger import SUGGESTION, build_ledger
from evaltool.rectify.reading import State
from evaltool.rectify.status import ledger_status


@dataclass(frozen=True)
class RectificationCounts:
    """Suggestions made (建议), defects found (问题) and defects closed (整改到位 = 已销号 问题).

    ``closed`` is None when no returned ledger was given: nothing is known about closure yet.
    """

    suggestions: int
    problems: int
    closed: int | None

    def as_dict(self) -> dict[str, int | None]:
        return {"suggestions": self.suggestions, "problems": self.problems, "closed": self.closed}


@dataclass(frozen=True)
class CountsTable:
    """The counts per unit (in order of first appearance) and over all units; with ledgers, the
    units with problems that returned none and the problems reported done awaiting the bureau."""

    units: dict[str, RectificationCounts]
    total: RectificationCounts
    not_returned: tuple[str, ...] = ()
    pending: int | None = None

    def summary(self) -> dict[str, Any]:
        """What the 评查情况通报 says about rectification."""
        return {
            **self.total.as_dict(),
            "pending": self.pending,
            "not_returned": list(self.not_returned),
        }


def rectification_counts(
    results: dict[str, Any] | None = None,
    ledgers: Iterable[str | Path] = (),
    *,
    as_of: dt.date | None = None,
    reviewers: tuple[str, ...] = (),
) -> CountsTable:
    """Count from a results document, from returned ledgers, or both.

    With results, 建议 and 问题 are those of the results (waived findings excluded), the
    ledgers are checked against them, and 整改到位 counts those of its problems that a ledger
    shows 已销号 (by one of ``reviewers`` when given); with ledgers only, all three come from
    the ledgers. Raises EvaltoolError when a ledger cannot be read.
    """
    ledgers = list(ledgers)
    if results is None and not ledgers:
        raise ValueError("rectification_counts needs results, ledgers or both")
    states = None
    reference = build_ledger(results, issued=dt.date.today(), workdays=0) if results else None
    not_returned, pending = (), None
    if ledgers:
        report = ledger_status(ledgers, as_of=as_of, reference=reference, reviewers=reviewers)
        if report.errors:
            raise EvaltoolError("\n".join(report.errors))
        states = {entry.key.id: entry.state for entry in report.entries}
        keys = [entry.key for entry in report.entries]
        not_returned = tuple(t.unit for t in report.units if not t.returned and t.problems)
        pending = report.total.reported
    if reference is not None:
        keys = reference.keys
    tallies: dict[str, list[int]] = {}
    for key in keys:
        tally = tallies.setdefault(key.unit, [0, 0, 0])
        if key.kind == SUGGESTION:
            tally[0] += 1
        else:
            tally[1] += 1
            tally[2] += states is not None and states.get(key.id) is State.CLOSED
    units = {
        unit: RectificationCounts(s, p, c if states is not None else None)
        for unit, (s, p, c) in tallies.items()
    }
    total = RectificationCounts(
        sum(c.suggestions for c in units.values()),
        sum(c.problems for c in units.values()),
        sum(c.closed for c in units.values()) if states is not None else None,
    )
    return CountsTable(units, total, not_returned, pending)
