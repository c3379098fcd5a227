"""A review standard (评查标准) in memory: groups of items, points, deduction rules, vetoes, grades."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaltool.check.params import Dated
from evaltool.model import Outcome, Verdict

# The keys an item may have in a checklist file (docs/checklists.md).
ITEM_KEYS = {
    "id",
    "title",
    "requirement",
    "points",
    "deduct",
    "veto",
    "category",
    "basis",
    "remediation",
    "check",
    "params",
    "manual",
}


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
            return f"扣{fmt_points(points)}分"
        if self.kind == "fixed":
            return f"扣{fmt_points(self.amount)}分"
        if self.kind == "each":
            return f"每处扣{fmt_points(self.amount)}分，扣完为止"
        return f"视情况扣{fmt_points(self.amount)}-{fmt_points(self.high)}分"


def fmt_points(value: float) -> str:
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
    origin: str = ""  # where the item is defined: "file:第 N 行"
    position: int = 0  # order in the checklist, kept when items are disabled, re-enabled or moved

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
    origin: str = ""

    @property
    def maximum(self) -> float:
        """The section maximum: its declared points, else the sum of its items."""
        return self.points if self.points is not None else sum(i.points for i in self.items)


@dataclass(frozen=True)
class Grade:
    """A grade band: files scoring at least ``min`` (inclusive) get ``name``."""

    name: str
    min: float


VETO_EFFECTS = {
    "zero": "案卷总分计0分，评为{failing}",
    "fail": "案卷评为{failing}，保留得分",
    "block_excellent": "不得评为{top}（一票否决）",
    "deduct": "扣{amount}分，总分扣完为止",
}


@dataclass
class Scoring:
    """Totals, the veto effect (one of VETO_EFFECTS) and the grade bands, best first."""

    total: float = 100.0
    veto_effect: str = "zero"
    veto_deduction: float = 100.0  # per failed veto item, only for the ``deduct`` effect
    grades: list[Grade] = field(
        default_factory=lambda: [Grade("优秀", 90), Grade("合格", 60), Grade("不合格", 0)]
    )
    origin: str = ""

    @property
    def top_grade(self) -> str:
        return self.grades[0].name

    @property
    def failing_grade(self) -> str:
        return self.grades[-1].name

    def grade_for(self, score: float) -> str:
        """The band of a score: the first grade whose inclusive lower bound it reaches."""
        for grade in self.grades:
            if score >= grade.min:
                return grade.name
        return self.failing_grade

    def describe_veto(self, *, item: bool = False) -> str:
        """The veto rule as a scoring sheet states it, for the whole file or (``item``) one row."""
        rule = VETO_EFFECTS[self.veto_effect].format(
            failing=self.failing_grade, top=self.top_grade, amount=fmt_points(self.veto_deduction)
        )
        if item:
            return f"不符合的，{rule}"
        each = "每一否决项" if self.veto_effect == "deduct" else "任一否决项"
        return f"{each}不符合的，{rule}"


@dataclass(frozen=True)
class Change:
    """One difference a tailoring file made to the checklist it extends, and where it was made."""

    target: str  # an item id, "分组 <id>" or "评分规则"
    field: str  # e.g. "points", "params.days", "enabled"
    old: Any
    new: Any
    source: str  # "file:第 N 行"
    reason: str = ""

    def describe(self) -> str:
        """A Chinese line such as ``L03 params.days：15 → 20（market.yaml:第 12 行）``."""
        reason = f"；理由：{self.reason}" if self.reason else ""
        if self.field == "新增":
            what = f"新增：{self.new}"
        elif self.field == "enabled":
            what = "重新启用" if self.new else "停用"
        else:
            what = f"{self.field}：{_show(self.old)} → {_show(self.new)}"
        return f"{self.target} {what}（{self.source}{reason}）"


def _show(value: Any) -> str:
    if isinstance(value, Dated):
        return "；".join(f"{span.describe()}：{_show(span.value)}" for span in value.spans)
    if isinstance(value, dict):
        return "{" + "、".join(f"{k} {_show(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return fmt_points(value)
    if isinstance(value, list | tuple):
        return "[" + "、".join(_show(v) for v in value) + "]"
    return str(value)


@dataclass
class Checklist:
    """A whole review standard as loaded and validated from YAML."""

    id: str
    title: str
    version: str
    groups: list[Group]
    scoring: Scoring = field(default_factory=Scoring)
    applies_to: list[str] = field(default_factory=list)
    # the standards that score this one's other procedures: procedure → id or path (docs/checklists.md)
    companions: dict[str, str] = field(default_factory=dict)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source: str = ""
    path: str = ""
    description: str = ""
    extends: list[str] = field(default_factory=list)  # the checklists it tailors, nearest first
    changes: list[Change] = field(default_factory=list)  # every tailoring change, oldest first
    disabled: list[Item] = field(default_factory=list)  # items switched off by tailoring

    @property
    def items(self) -> list[Item]:
        """The enabled items, in sheet order."""
        return [item for group in self.groups for item in group.items]

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)

    def group(self, group_id: str) -> Group:
        return next(group for group in self.groups if group.id == group_id)

    def changes_of(self, target: str) -> list[Change]:
        """The tailoring changes made to one item (by id) or group (``分组 <id>``)."""
        return [change for change in self.changes if change.target == target]

    def applies(self, procedure: str | None) -> bool:
        """Whether a case of this procedure type is scored by this checklist (blank: yes, flagged)."""
        return not self.applies_to or procedure is None or procedure in self.applies_to
