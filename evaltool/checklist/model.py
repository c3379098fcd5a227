"""A review standard (评查标准) in memory: groups of items, points, deduction rules, vetoes, grades."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaltool.model import Outcome, Verdict


@dataclass(frozen=True)
class Deduction:
    """How much an item deducts when its check fails.

    ``whole``: the item's points; ``fixed``: ``amount`` once; ``each``: ``amount``
    per occurrence; ``range``: the reviewer picks between ``amount`` and ``high``
    (an automatic failure pre-fills the minimum). Always capped at the points.
    """

    kind: str = "whole"
    amount: float = 0.0
    high: float = 0.0

    def deduct(self, points: float, occurrences: int = 1) -> float:
        raw = {
            "whole": points,
            "fixed": self.amount,
            "each": self.amount * max(occurrences, 1),
            "range": self.amount,
        }[self.kind]
        return min(raw, points)

    def describe(self, points: float) -> str:
        """The 扣分标准 as reviewers write it."""
        if self.kind == "whole":
            return f"扣{_num(points)}分"
        if self.kind == "fixed":
            return f"扣{_num(self.amount)}分"
        if self.kind == "each":
            return f"每处扣{_num(self.amount)}分，扣完为止"
        return f"视情况扣{_num(self.amount)}-{_num(self.high)}分"


def _num(value: float) -> str:
    return f"{value:g}"


@dataclass
class Item:
    """One checklist item (评查项目)."""

    id: str
    title: str
    group: str
    requirement: str = ""
    points: float = 0.0
    deduction: Deduction = field(default_factory=Deduction)
    veto: bool = False
    category: str = ""
    basis: str = ""
    remediation: str = ""
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    manual: bool = False
    line: int = 0

    def deduction_for(self, verdict: Verdict) -> float:
        """Points lost for a verdict: only a failure deducts, never more than the item's points."""
        if verdict.outcome is not Outcome.FAIL:
            return 0.0
        return self.deduction.deduct(self.points, verdict.occurrences)


@dataclass
class Group:
    """A section of the checklist (立案, 调查取证 … or the veto tier)."""

    id: str
    title: str
    items: list[Item]
    points: float | None = None
    veto: bool = False


@dataclass(frozen=True)
class Grade:
    """A grade band: files scoring at least ``min`` (inclusive) get ``name``."""

    name: str
    min: float


@dataclass
class Scoring:
    """Totals, the veto effect and the grade bands."""

    total: float = 100.0
    veto_effect: str = "zero"
    grades: list[Grade] = field(
        default_factory=lambda: [Grade("优秀", 90), Grade("合格", 60), Grade("不合格", 0)]
    )

    @property
    def failing_grade(self) -> str:
        return self.grades[-1].name

    def grade_for(self, score: float) -> str:
        for grade in self.grades:
            if score >= grade.min:
                return grade.name
        return self.failing_grade


@dataclass
class Checklist:
    """A whole review standard as loaded and validated from YAML."""

    id: str
    title: str
    version: str
    groups: list[Group]
    scoring: Scoring = field(default_factory=Scoring)
    applies_to: list[str] = field(default_factory=list)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source: str = ""
    path: str = ""

    @property
    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)

    def applies(self, procedure: str | None) -> bool:
        """Whether a case of this procedure type is scored by this checklist (blank: yes, flagged)."""
        return not self.applies_to or procedure is None or procedure in self.applies_to
