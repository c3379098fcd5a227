"""The indicator formulas: each turns a unit's facts into a raw value and says how, in Chinese.

A raw value of None means the unit has no data for the indicator (the reason is the
explanation); the index then drops the indicator for that unit and renormalises the weights.
Shares are percentages (0–100). ``assessed`` is the share of what could have been assessed
that was: files graded of files in scope, checks decided of checks applicable.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evaltool.index.facts import (
    FAIL,
    NEEDS_REVIEW,
    NOT_APPLICABLE,
    NOT_ASSESSED,
    PASS,
    WAIVED,
    ResultsFacts,
    UnitFacts,
)
from evaltool.render.filters import number
from evaltool.score.metrics import is_problem

NO_DATA = "—"


@dataclass(frozen=True)
class Raw:
    """An indicator's raw value for one unit, as shown (``text``), and how it was computed."""

    value: float | None
    text: str
    explanation: str
    inputs: dict[str, Any] = field(default_factory=dict)
    assessed: float | None = None


@dataclass(frozen=True)
class Sources:
    """Data beyond the results: 整改 tallies per unit (None: no ledger given), external values."""

    rectification: dict[str, Any] | None = None  # unit → rectify.status.Tally
    external: Any = None  # index.extra.ExternalData


@dataclass(frozen=True)
class Formula:
    title: str
    compute: Callable[..., Raw]
    direction: str = "higher"
    options: frozenset[str] = frozenset()  # formula-specific keys of an indicator
    on_points: bool = False  # the raw value is in checklist points (scale defaults to the total)
    from_results: bool = True  # computed from the results' files (none for a unit without)


def percent(value: float) -> str:
    return f"{number(value)}%"


def no_data(reason: str) -> Raw:
    return Raw(None, NO_DATA, reason)


def file_value(case: dict[str, Any]) -> float:
    """What a file adds to the index's mean score: 0 when a veto item failed, else its score."""
    return 0.0 if case["vetoed"] else float(case["score"])


def _graded_share(unit: UnitFacts) -> float | None:
    return len(unit.cases) / unit.in_scope if unit.in_scope else None


def mean_score(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    if not unit.cases:
        return no_data(unit.note)
    files = len(unit.cases)
    vetoed = sum(c["vetoed"] for c in unit.cases)
    total = sum(file_value(c) for c in unit.cases)
    value = total / files
    veto = f"，其中否决 {vetoed} 件按 0 分计" if vetoed else ""
    return Raw(
        value,
        f"{number(value)} 分",
        f"{files} 件案卷得分合计 {number(total)}{veto}，÷ {files} = {number(value)} 分"
        f"（满分 {number(facts.total)}）",
        {"files": files, "vetoed": vetoed, "sum": round(total, 2)},
        _graded_share(unit),
    )


def veto_free_share(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    if not unit.cases:
        return no_data(unit.note)
    files = len(unit.cases)
    clean = files - sum(c["vetoed"] for c in unit.cases)
    value = 100 * clean / files
    return Raw(
        value,
        percent(value),
        f"无否决项的案卷 {clean} 件 ÷ 评查案卷 {files} 件 = {percent(value)}",
        {"files": files, "veto_free": clean},
        _graded_share(unit),
    )


def check_pass_share(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    items = facts.check_items(indicator.checks)
    checks = "、".join(indicator.checks)
    if not items:
        return no_data(f"评查标准中没有运行 {checks} 检查的评查项目")
    if not unit.cases:
        return no_data(unit.note)
    counts = facts.outcomes(unit.cases, items)
    passed = counts[PASS] + counts[WAIVED]
    decided = passed + counts[FAIL]
    open_ = counts[NEEDS_REVIEW] + counts[NOT_ASSESSED]
    listed = "、".join(f"{i['id']}（{i['check']}）" for i in items)
    inputs = {
        "items": [i["id"] for i in items],
        "pass": counts[PASS],
        "waived": counts[WAIVED],
        "fail": counts[FAIL],
        "not_applicable": counts[NOT_APPLICABLE],
        "needs_review": counts[NEEDS_REVIEW],
        "not_assessed": counts[NOT_ASSESSED],
    }
    if not decided:
        return Raw(
            None,
            NO_DATA,
            f"评查项目 {listed} 没有已评估的结果（不适用 {counts[NOT_APPLICABLE]} 项，"
            f"需人工核对 {counts[NEEDS_REVIEW]} 项，未评估 {counts[NOT_ASSESSED]} 项）",
            inputs,
        )
    value = 100 * passed / decided
    waived = f"（含豁免 {counts[WAIVED]} 项）" if counts[WAIVED] else ""
    return Raw(
        value,
        percent(value),
        f"评查项目 {listed}：符合 {passed} 项{waived} ÷ 已评估 {decided} 项 = {percent(value)}；"
        f"不适用 {counts[NOT_APPLICABLE]} 项不计，需人工核对 {counts[NEEDS_REVIEW]} 项、"
        f"未评估 {counts[NOT_ASSESSED]} 项未计入分母",
        inputs,
        decided / (decided + open_),
    )


def problems_per_file(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    if not unit.cases:
        return no_data(unit.note)
    files = len(unit.cases)
    problems = sum(is_problem(f) for c in unit.cases for f in c["findings"])
    value = problems / files
    return Raw(
        value,
        f"{number(value)} 个/卷",
        f"问题 {problems} 个 ÷ 评查案卷 {files} 件 = {number(value)} 个/卷"
        "（豁免的问题和需人工核对的事项不计）",
        {"files": files, "problems": problems},
        _graded_share(unit),
    )


def coverage(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    if not unit.in_scope:
        return no_data(unit.note or "无案卷")
    files = len(unit.cases)
    value = 100 * files / unit.in_scope
    return Raw(
        value,
        percent(value),
        f"已评查 {files} 件 ÷ 范围内案卷 {unit.in_scope} 件 = {percent(value)}",
        {"graded": files, "in_scope": unit.in_scope},
    )


def rectification_rate(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    """整改率 of the previous round; what the unit reported 已整改 with 佐证材料 counts as its own,
    pending the bureau's check (the share still pending lowers ``assessed``: 暂定)."""
    if sources.rectification is None:
        return no_data("未提供上一轮的整改台账（--ledger）")
    tally = sources.rectification.get(unit.name)
    if tally is None or not tally.problems:
        return no_data("上一轮整改台账中没有该单位的问题")
    rate = tally.strict_rate if indicator.strict else tally.unit_rate
    value = 100 * rate
    accepted = "" if indicator.strict else f" + 无法整改（已接受）{tally.accepted} 个"
    pending = (
        f" + 单位已报已整改并附佐证材料、待评查机构复核 {tally.reported} 个"
        if tally.reported and not indicator.strict
        else ""
    )
    late = "" if tally.returned else "；该单位未反馈台账，其问题全部按未整改计"
    return Raw(
        value,
        percent(value),
        f"已销号 {tally.closed} 个{accepted}{pending} ÷ 问题 {tally.problems} 个 = "
        f"{percent(value)}{late}",
        {
            "problems": tally.problems,
            "closed": tally.closed,
            "accepted": tally.accepted,
            "reported": tally.reported,
            "returned": tally.returned,
        },
        None if indicator.strict else 1 - tally.reported / tally.problems,
    )


def external(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    data = sources.external
    if data is None:
        return no_data("未提供外部数据表（--extra）")
    if indicator.column not in data.columns:
        return no_data(f"外部数据表中没有「{indicator.column}」列")
    entry = data.values.get(unit.name, {}).get(indicator.column)
    if entry is None:
        return no_data("外部数据表中没有该单位")
    if entry.value is None:
        return no_data(entry.problem)
    return Raw(
        entry.value,
        number(entry.value),
        f"外部数据表 {entry.where}：{number(entry.value)}",
        {"file": data.path, "cell": entry.where},
    )


def unit_items_share(unit: UnitFacts, indicator, facts: ResultsFacts, sources: Sources) -> Raw:
    """The unit-level items (案卷管理制度, 年度自查 …): their score as a share of their points."""
    entry = unit.unit_items
    if entry is None:
        return no_data("评查标准没有按单位评查的项目")
    if entry["score"] is None:
        return no_data(f"按单位评查的项目{entry['status']}")
    value = 100 * entry["score"] / entry["points"] if entry["points"] else 0.0
    return Raw(
        value,
        percent(value),
        f"按单位评查的项目得分 {number(entry['score'])} ÷ 分值 {number(entry['points'])}"
        f" = {percent(value)}",
        {"score": entry["score"], "points": entry["points"]},
    )


FORMULAS: dict[str, Formula] = {
    "mean_score": Formula("案卷平均分（否决案卷按 0 分计）", mean_score, on_points=True),
    "veto_free_share": Formula("无否决项案卷占比", veto_free_share),
    "check_pass_share": Formula("检查符合率", check_pass_share, options=frozenset({"checks"})),
    "problems_per_file": Formula("每卷问题数", problems_per_file, direction="lower"),
    "coverage": Formula("评查面（自查覆盖率）", coverage),
    "unit_items": Formula("按单位评查的项目得分率", unit_items_share, from_results=False),
    "rectification_rate": Formula(
        "整改率", rectification_rate, options=frozenset({"strict"}), from_results=False
    ),
    "external": Formula("外部数据", external, options=frozenset({"column"}), from_results=False),
}
