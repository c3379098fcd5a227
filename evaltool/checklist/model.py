"""A review standard (评查标准) in memory: groups of items, points, deduction rules, vetoes, grades."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from evaltool.check.params import Dated
from evaltool.fields import label
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
    "applies_to",
}

# Where an item is scored: once per case file (default) or once per unit (案卷管理制度, 年度自查).
LEVELS = {"case": "案卷", "unit": "单位"}


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
    per: str = "处"  # the counting word of an ``each`` rule as the standard writes it: 处, 项, 份
    text: str = ""  # the rule's words as the standard writes them, e.g. 记载不全每缺一项扣1分

    def deduct(self, points: float, occurrences: int = 1) -> float:
        raw = {
            "whole": points,
            "fixed": self.amount,
            "each": self.amount * max(occurrences, 1),
            "range": self.amount,
        }[self.kind]
        return min(raw, points)

    @property
    def most(self) -> float | None:
        """The most this rule deducts on one finding (None: the item's points, or per occurrence)."""
        return {"fixed": self.amount, "range": self.high}.get(self.kind)

    def describe(self, points: float) -> str:
        """The 扣分标准 as the standard writes it (``text``), else in the usual words."""
        if self.text:
            return self.text
        if self.kind == "whole":
            return f"扣{fmt_points(points)}分" if points else "扣全分"
        if self.kind == "fixed":
            return f"扣{fmt_points(self.amount)}分"
        if self.kind == "each":
            return f"每{self.per}扣{fmt_points(self.amount)}分，扣完为止"
        return f"视情况扣{fmt_points(self.amount)}-{fmt_points(self.high)}分"

    def stated_amounts(self) -> tuple[float, ...]:
        """The amounts the rule computes with, as its words should state them."""
        if self.kind == "range":
            return (self.amount, self.high)
        return (self.amount,) if self.kind in ("fixed", "each") else ()


def fmt_points(value: float) -> str:
    return f"{value:g}"


def describe_rules(rules: "list[Deduction]", points: float) -> str:
    """Every rule of an item in the 扣分标准 column, joined as the standard writes them."""
    return "；".join(rule.describe(points) for rule in rules)


# Case fields a condition may test directly, and how a rule in ``applies_to`` names them.
CONDITION_KEYS = {
    "procedure": "程序类型",
    "penalty_kind": "处罚种类",
    "party_type": "当事人类别",
    "hearing_held": "举行听证",
    "fine_above": "罚款金额超过",
    "fields": "登记表字段",
}


@dataclass(frozen=True)
class Condition:
    """When an item or group applies (``applies_to``); every rule given must hold.

    ``applies`` answers True, False, or None when a field it needs is blank (the
    item is then assessed as usual and the finding says so: 待核对, never a guess).
    """

    procedure: tuple[str, ...] = ()
    penalty_kind: tuple[str, ...] = ()
    party_type: tuple[str, ...] = ()
    hearing_held: bool | None = None
    fine_above: float | None = None
    fields: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def applies(self, case) -> bool | None:
        tests = []
        if self.procedure:
            tests.append(_among(case.get("procedure"), self.procedure))
        if self.penalty_kind:
            kinds = case.get("penalty_kinds")
            tests.append(None if not kinds else any(k in self.penalty_kind for k in kinds))
        if self.party_type:
            tests.append(_among(case.get("party_type"), self.party_type))
        if self.hearing_held is not None:
            held = case.get("hearing_on") is not None
            known = held or case.register.has_column("hearing_on")
            tests.append((held is self.hearing_held) if known else None)
        if self.fine_above is not None:
            fine = case.get("fine")
            tests.append(None if fine is None else fine > self.fine_above)
        for key, values in self.fields:
            tests.append(_among(case.get(key), values))
        if False in tests:
            return False
        return None if None in tests else True

    def describe(self) -> str:
        """The condition in words: 「处罚种类为罚款；举行听证」."""
        parts = []
        for key, values in (
            ("procedure", self.procedure),
            ("penalty_kind", self.penalty_kind),
            ("party_type", self.party_type),
        ):
            if values:
                parts.append(f"{CONDITION_KEYS[key]}为{'或'.join(values)}")
        if self.hearing_held is not None:
            parts.append("举行听证" if self.hearing_held else "未举行听证")
        if self.fine_above is not None:
            parts.append(f"罚款金额超过{fmt_points(self.fine_above)}元")
        for key, values in self.fields:
            parts.append(f"{label(key)}为{'或'.join(_show(v) for v in values)}")
        return "；".join(parts)


def _among(value: Any, allowed: tuple) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, list | tuple):
        return any(v in allowed for v in value)
    return value in allowed


@dataclass
class Item:
    """One checklist item (评查项目)."""

    id: str
    title: str
    group: str
    requirement: str = ""
    points: float = 0.0
    rules: list[Deduction] = field(default_factory=lambda: [Deduction()])
    veto: bool = False
    veto_effect: str | None = None  # this item's own veto effect; None: the checklist's
    category: str = ""
    basis: str = ""
    remediation: str = ""
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    more_checks: dict[str, dict[str, Any]] = field(default_factory=dict)  # further checks, by id
    manual: bool = False
    bonus: bool = False  # in a 加分项 group: a pass earns its points, a failure costs nothing
    level: str = "case"  # its group's level, one of LEVELS
    applies_to: Condition | None = None
    own_points: bool = True  # False: the row has no maximum of its own, its section caps it
    line: int = 0
    origin: str = ""  # where the item is defined: "file:第 N 行"
    position: int = 0  # order in the checklist, kept when items are disabled, re-enabled or moved

    @property
    def deduction(self) -> Deduction:
        """The rule an automatic failure deducts under: the first one."""
        return self.rules[0]

    @property
    def checks(self) -> list[tuple[str, dict[str, Any]]]:
        """Every automatic check of the item with its params, the first one first."""
        first = [(self.check, self.params)] if self.check else []
        return [*first, *self.more_checks.items()]

    def describe_rules(self) -> str:
        return describe_rules(self.rules, self.points if self.own_points else 0.0)

    def deduct_by_rules(self, applied: dict[int, int]) -> float:
        """What a reviewer's finding costs: rule number (1-based) → times it applied, each rule
        at its amount (a range rule at its lowest), together never more than the item's points."""
        total = 0.0
        for number, times in applied.items():
            rule = self.rules[number - 1]
            total += rule.deduct(self.points, 1) * (times if rule.kind == "each" else 1)
        return min(total, self.points)

    def deduction_for(self, verdict: Verdict) -> float:
        """Points lost for a verdict: only a failure deducts, never more than the item's points."""
        if verdict.outcome is not Outcome.FAIL or self.bonus:
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
    bonus: bool = False
    level: str = "case"
    applies_to: Condition | None = None

    @property
    def maximum(self) -> float:
        """The section maximum: its declared points, else the sum of its items."""
        if self.points is not None:
            return self.points
        return sum(i.points for i in self.items if i.own_points)

    def cap_items(self) -> None:
        """Give rows without points of their own the section's points as their cap."""
        for item in self.items:
            if not item.own_points and not item.veto:
                item.points = self.points or 0.0


@dataclass(frozen=True)
class Grade:
    """A grade band: files scoring at least ``min`` (above it, when ``exclusive``) get ``name``.

    ``words`` is the band as the standard writes it (「90分以上（含90分）」); blank: generated.
    """

    name: str
    min: float
    exclusive: bool = False
    words: str = ""

    def reached(self, score: float) -> bool:
        return score > self.min if self.exclusive else score >= self.min


VETO_EFFECTS = {
    "zero": "案卷总分计0分，评为{failing}",
    "fail": "案卷评为{failing}，保留得分",
    "block_excellent": "不得评为{top}（一票否决）",
    "deduct": "扣{amount}分，总分扣完为止",
    "no_score": "案卷评为{failing}，不再打分",
}
# When a file fails veto items of several effects, the strongest decides score and grade.
VETO_STRENGTH = ("no_score", "zero", "fail", "deduct", "block_excellent")


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
    bonus_cap: float = 0.0  # the most all bonus items (加分项) together add to a file
    rescale: bool = False  # score 实得分 ÷ 应得分 × total when items do not apply

    @property
    def top_grade(self) -> str:
        return self.grades[0].name

    @property
    def failing_grade(self) -> str:
        return self.grades[-1].name

    def grade_for(self, score: float) -> str:
        """The band of a score: the first grade whose lower bound it reaches."""
        for grade in self.grades:
            if grade.reached(score):
                return grade.name
        return self.failing_grade

    def describe_veto(self, *, item: bool = False, effect: str | None = None) -> str:
        """The veto rule as a scoring sheet states it, for the whole file or (``item``) one row;
        ``effect`` names an item's own effect instead of the checklist's."""
        effect = effect or self.veto_effect
        rule = VETO_EFFECTS[effect].format(
            failing=self.failing_grade, top=self.top_grade, amount=fmt_points(self.veto_deduction)
        )
        if item:
            return f"不符合的，{rule}"
        each = "每一否决项" if effect == "deduct" else "任一否决项"
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
    effective_origin: str = ""  # the file that set ``effective`` (a base, when inherited)
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

    def skip_reason(self, case) -> str | None:
        """Why this checklist does not score a case (procedure, or decided outside ``effective``)."""
        procedure = case.get("procedure")
        if not self.applies(procedure):
            return f"程序类型为「{procedure}」，不在本评查标准适用范围内"
        decided = case.get("decided_on")
        if isinstance(decided, dt.date):
            if self.effective_from and decided < self.effective_from:
                return (
                    f"决定日期 {decided.isoformat()} 早于本评查标准的施行日期 "
                    f"{self.effective_from.isoformat()}，不按本标准评分"
                )
            if self.effective_to and decided > self.effective_to:
                return (
                    f"决定日期 {decided.isoformat()} 晚于本评查标准的废止日期 "
                    f"{self.effective_to.isoformat()}，不按本标准评分"
                )
        return None

    @property
    def case_items(self) -> list[Item]:
        """The items scored on every case file (not the unit-level ones)."""
        return [item for item in self.items if item.level == "case"]

    @property
    def unit_items(self) -> list[Item]:
        """The items scored once per unit (案卷管理制度, 年度自查 …)."""
        return [item for item in self.items if item.level == "unit"]

    @property
    def order(self) -> dict[str, int]:
        """Item id → its row on the sheet."""
        return {item.id: n for n, item in enumerate(self.items)}

    def conditions_of(self, item: Item) -> list[Condition]:
        """The ``applies_to`` of the item's group and of the item: all must hold."""
        group = self.group(item.group)
        return [c for c in (group.applies_to, item.applies_to) if c is not None]
