"""Score step: findings into a score and grade per case file, and a summary per unit."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import fsum
from typing import ClassVar

from evaltool.checklist.model import VETO_STRENGTH, Checklist, Group, Item, Scoring
from evaltool.model import Case, Finding, Outcome


@dataclass
class CaseResult:
    """A scored case file.

    ``score`` is None when a veto with the ``no_score`` effect (不再打分) failed the file.
    ``possible`` is the file's 应得分: the total less the items that do not apply to it;
    ``bonus`` the points its bonus items (加分项) added, after the cap.
    """

    case: Case
    findings: list[Finding]
    score: float | None
    grade: str
    vetoed: bool
    veto_items: list[str] = field(default_factory=list)
    possible: float | None = None
    bonus: float = 0.0
    veto_effect: str | None = None  # the effect that decided a vetoed file (the strongest)
    checklist: Checklist | None = None  # the standard it was scored by


@dataclass(frozen=True)
class Layout:
    """What scoring looks up in a standard, found once for a run rather than once per file:
    its enabled items and its sections by id, and the figures of the files scored so far."""

    items: dict[str, Item]
    groups: dict[str, Group]
    # a file's figures by what decides them (``score_case``), for as many patterns as this
    scores: dict[tuple, tuple] = field(default_factory=dict, compare=False, repr=False)
    REMEMBERED: ClassVar[int] = 10_000

    @classmethod
    def of(cls, checklist: Checklist) -> "Layout":
        return cls(
            items={item.id: item for item in checklist.items},
            groups={group.id: group for group in checklist.groups},
        )


@dataclass(frozen=True)
class Tally:
    """What a file's findings add up to, before any veto: deductions (section caps applied),
    bonus (before its cap) and the points of items that do not apply."""

    deducted: float
    bonus: float
    excluded: float


def tally(findings: list[Finding], checklist: Checklist, layout: Layout | None = None) -> Tally:
    """Sum a file's findings by section: each section's deductions capped at its points.

    ``layout`` is the checklist's ``Layout``, when the caller has it already.
    """
    layout = layout or Layout.of(checklist)
    items = layout.items
    by_group: dict[str | None, list[Finding]] = {}
    for finding in findings:
        item = items.get(finding.item_id)
        by_group.setdefault(item.group if item else None, []).append(finding)
    deducted = bonus = excluded = 0.0
    any_outside = any(f.outcome is Outcome.NOT_APPLICABLE for f in findings)
    for group_id, group_findings in by_group.items():
        lost = fsum(f.deduction for f in group_findings)
        bonus += fsum(f.bonus for f in group_findings)
        if group_id is None:
            deducted += lost
            continue
        group = layout.groups[group_id]
        if group.bonus or group.level != "case":
            continue
        if group.points is not None:
            lost = min(lost, group.points)
        deducted += lost
        if any_outside:
            excluded += _not_applicable_points(group, group_findings)
    return Tally(deducted, bonus, excluded)


def _not_applicable_points(group: Group, findings: list[Finding]) -> float:
    """The points of a section's items that do not apply: the section's when none applies."""
    outside = {f.item_id for f in findings if f.outcome is Outcome.NOT_APPLICABLE}
    scored = [item for item in group.items if not item.veto]
    if scored and all(item.id in outside for item in scored):
        return group.maximum
    points = fsum(item.points for item in scored if item.id in outside and item.own_points)
    return min(points, group.maximum)


def score_case(
    case: Case, findings: list[Finding], checklist: Checklist, layout: Layout | None = None
) -> CaseResult:
    """Deduct every failure (each capped at its item's points and its section's, the total never
    below 0), add the bonus up to its cap (never above the total), grade the score, then apply the
    veto effects of the failed veto items (the strongest decides).

    Items that do not apply are out of the file's 应得分; with ``rescale`` the score is
    实得分 ÷ 应得分 × total, otherwise they simply deduct nothing. ``layout``: the checklist's
    ``Layout``, when the caller scores many files by it (files with the same findings, but for
    their messages and cells, are then worked out once).
    """
    layout = layout or Layout.of(checklist)
    key = tuple(
        part for f in findings for part in (f.item_id, f.outcome, f.deduction, f.bonus, f.veto)
    )
    figures = layout.scores.get(key)
    if figures is None:
        figures = _figures(findings, checklist, layout)
        if len(layout.scores) < Layout.REMEMBERED:
            layout.scores[key] = figures
    score, grade, veto_items, possible, bonus, veto_effect = figures
    return CaseResult(
        case,
        findings,
        score,
        grade,
        bool(veto_items),
        list(veto_items),
        possible=possible,
        bonus=bonus,
        veto_effect=veto_effect,
        checklist=checklist,
    )


def _figures(findings: list[Finding], checklist: Checklist, layout: Layout) -> tuple:
    """Score, grade, failed veto items, 应得分, bonus and deciding veto effect of a file."""
    scoring = checklist.scoring
    items = layout.items
    counts = tally(findings, checklist, layout)
    possible = max(scoring.total - counts.excluded, 0.0)
    if scoring.rescale and possible < scoring.total:
        earned = max(possible - counts.deducted, 0.0)
        base = earned / possible * scoring.total if possible else scoring.total
    else:
        base = max(scoring.total - counts.deducted, 0.0)
    bonus = min(counts.bonus, scoring.bonus_cap)
    score = round(min(base + bonus, scoring.total), 2)
    grade = scoring.grade_for(score)  # graded as shown: 89.996 shows as 90 and is graded 90
    failed = [f for f in findings if f.veto and f.outcome is Outcome.FAIL]
    effects = [
        (items[f.item_id].veto_effect if f.item_id in items else None) or scoring.veto_effect
        for f in failed
    ]
    result_score: float | None = score
    if failed:
        result_score, grade = apply_vetoes(scoring, score, grade, effects)
    return (
        result_score,
        grade,
        tuple(f.item_id for f in failed),
        round(possible, 2),
        round(bonus, 2),
        min(effects, key=VETO_STRENGTH.index) if effects else None,
    )


def describe_score(result: CaseResult) -> str:
    """「85分 合格」, or 「不再打分 不合格」 for a file a ``no_score`` veto left without a score."""
    score = "不再打分" if result.score is None else f"{result.score:g}分"
    return f"{score} {result.grade}"


def deducted_score(total: float, deductions: Iterable[float]) -> float:
    """A file's score before any veto effect: the total less every deduction, never below 0."""
    return round(max(total - sum(deductions), 0.0), 2)


def apply_vetoes(
    scoring: Scoring, score: float, grade: str, effects: list[str]
) -> tuple[float | None, str]:
    """Score and grade of a file whose failed veto items have these effects.

    The strongest effect decides (``VETO_STRENGTH``): ``no_score`` grades it failing with no
    score; ``zero`` 0 and failing; ``fail`` failing, score kept. Otherwise ``deduct`` takes
    ``veto_deduction`` per such item off the score, and ``block_excellent`` keeps it below the
    top grade.
    """
    strongest = min(effects, key=VETO_STRENGTH.index)
    if strongest in ("no_score", "zero", "fail"):
        return apply_veto(scoring, score, grade, len(effects), strongest)
    deducts = effects.count("deduct")
    if deducts:
        score, grade = apply_veto(scoring, score, grade, deducts, "deduct")
    if "block_excellent" in effects:
        score, grade = apply_veto(scoring, score, grade, 1, "block_excellent")
    return score, grade


def apply_veto(
    scoring: Scoring, score: float, grade: str, vetoes: int, effect: str | None = None
) -> tuple[float | None, str]:
    """Score and grade of a file with ``vetoes`` failed veto items, by ``effect`` (by default
    ``scoring.veto_effect``).

    ``zero``: 0 and the failing grade; ``fail``: the failing grade, score kept;
    ``block_excellent``: score kept, grade at most the second best; ``deduct``:
    ``veto_deduction`` per veto item off the score (never below 0), graded as usual;
    ``no_score``: the failing grade and no score (不再打分).
    """
    effect = effect or scoring.veto_effect
    if effect == "no_score":
        return None, scoring.failing_grade
    if effect == "zero":
        return 0.0, scoring.failing_grade
    if effect == "fail":
        return score, scoring.failing_grade
    if effect == "block_excellent":
        return score, scoring.grades[1].name if grade == scoring.top_grade else grade
    if effect == "deduct":
        score = round(max(score - scoring.veto_deduction * vetoes, 0.0), 2)
        return score, scoring.grade_for(score)
    raise ValueError(f"unknown veto effect {effect!r}")


def score_for_mean(result: CaseResult, scoring: Scoring) -> float | None:
    """What a file adds to a mean score: 0 when a veto failed it (``zero``, ``fail``), None
    (left out of the mean) when it has no score (``no_score``), else its score.

    Under ``block_excellent`` and ``deduct`` the veto is already in the grade or the score.
    """
    if result.score is None:
        return None
    effect = result.veto_effect or scoring.veto_effect
    if result.vetoed and effect in ("zero", "fail"):
        return 0.0
    return result.score


def exact_mean(values: list[float]) -> float:
    """The mean of ``values`` as ``statistics.mean`` gives it: the exact sum divided exactly,
    rounded once (floats are sums of powers of two, and int division rounds correctly), and
    whole means of whole numbers kept as int. The statistics module would cost every command
    an import of fractions and random."""
    ratios = [value.as_integer_ratio() for value in values]
    denominator = max(d for _, d in ratios)
    total = sum(n * (denominator // d) for n, d in ratios)
    divisor = denominator * len(values)
    if total % divisor == 0 and all(isinstance(value, int) for value in values):
        return total // divisor
    return total / divisor


@dataclass
class UnitSummary:
    """Cases, mean score (see ``score_for_mean``: vetoed files count as 0 unless the veto only
    caps the grade or deducts points; files with no score, 不再打分, are left out of the mean
    and counted in ``unscored``), grades, vetoed files, problems and items left to review."""

    unit: str
    cases: int
    mean_score: float | None
    grades: dict[str, int]
    vetoed: int
    problems: int
    needs_review: int
    unscored: int = 0


def summarize_units(results: list[CaseResult], checklist: Checklist) -> list[UnitSummary]:
    """One summary per unit, in order of first appearance; each file counts by its own standard
    (``checklist``: the main one, for files scored without one)."""
    by_unit: dict[str, list[CaseResult]] = {}
    for result in results:
        by_unit.setdefault(result.case.unit, []).append(result)
    names = grade_names([checklist, *(r.checklist for r in results if r.checklist)])
    summaries = []
    for unit, unit_results in by_unit.items():
        grades = dict.fromkeys(names, 0)
        for result in unit_results:
            grades[result.grade] += 1
        outcomes = Counter(f.outcome for r in unit_results for f in r.findings)
        means = [score_for_mean(r, (r.checklist or checklist).scoring) for r in unit_results]
        scored = [value for value in means if value is not None]
        summaries.append(
            UnitSummary(
                unit=unit,
                cases=len(unit_results),
                mean_score=round(exact_mean(scored), 2) if scored else None,
                grades=grades,
                vetoed=sum(r.vetoed for r in unit_results),
                problems=outcomes[Outcome.FAIL],
                needs_review=outcomes[Outcome.NEEDS_REVIEW],
                unscored=len(means) - len(scored),
            )
        )
    return summaries


PENDING, SCORED = "待评查", "已评查"


@dataclass(frozen=True)
class UnitMark:
    """What the reviewers decided on one unit-level item of one unit: the deduction, why, who,
    and the disagreement rule that chose it when they differed (never their mean)."""

    deduction: float
    reason: str = ""
    reviewers: tuple[str, ...] = ()
    rule: str | None = None


def score_unit_items(checklist: Checklist, marks: dict[str, UnitMark] | None = None) -> dict | None:
    """A unit's unit-level items (``level: unit``), scored once for the unit, never per file.

    ``marks`` maps item id → the reviewers' ``UnitMark`` (each deduction capped at the item's
    points, each section at its points). Without a mark for every item the entry is 待评查 and
    has no score: part is never shown as the whole. None when the checklist has no unit-level item.
    """
    items = checklist.unit_items
    if not items:
        return None
    marks = marks or {}
    groups = [g for g in checklist.groups if g.level == "unit" and g.items]
    points = fsum(group.maximum for group in groups)
    lost = {
        item.id: min(max(marks[item.id].deduction, 0.0), item.points)
        for item in items
        if item.id in marks
    }
    complete = len(lost) == len(items)
    deducted = fsum(min(fsum(lost.get(i.id, 0.0) for i in g.items), g.maximum) for g in groups)
    return {
        "points": points,
        "score": round(max(points - deducted, 0.0), 2) if complete else None,
        "status": SCORED if complete else PENDING,
        "items": [_unit_item_entry(item, lost.get(item.id), marks.get(item.id)) for item in items],
    }


def _unit_item_entry(item, deduction: float | None, mark: UnitMark | None) -> dict:
    return {
        "item_id": item.id,
        "title": item.title,
        "points": item.points if item.own_points else None,  # None: the section's points
        "deduction": deduction,
        "reason": (mark.reason or None) if mark else None,
        "reviewers": list(mark.reviewers) if mark else [],
        "rule": mark.rule if mark else None,
    }


def grade_names(checklists: Iterable[Checklist]) -> list[str]:
    """The grade names of several standards, each once, the first standard's order first."""
    return list(dict.fromkeys(g.name for c in checklists for g in c.scoring.grades))
