"""Score step: findings into a score and grade per case file, and a summary per unit."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

from evaltool.checklist.model import Checklist, Scoring
from evaltool.model import Case, Finding, Outcome


@dataclass
class CaseResult:
    """A scored case file."""

    case: Case
    findings: list[Finding]
    score: float
    grade: str
    vetoed: bool
    veto_items: list[str] = field(default_factory=list)
    checklist: Checklist | None = None  # the standard it was scored by


def score_case(case: Case, findings: list[Finding], checklist: Checklist) -> CaseResult:
    """Deduct every failure (each capped at its item's points, the total never below 0), grade the
    score, then apply the checklist's veto effect when a veto item failed."""
    scoring = checklist.scoring
    veto_items = [f.item_id for f in findings if f.veto and f.outcome is Outcome.FAIL]
    score = deducted_score(scoring.total, (f.deduction for f in findings))
    grade = scoring.grade_for(score)  # graded as shown: 89.996 shows as 90 and is graded 90
    if veto_items:
        score, grade = apply_veto(scoring, score, grade, len(veto_items))
    return CaseResult(
        case, findings, round(score, 2), grade, bool(veto_items), veto_items, checklist
    )


def deducted_score(total: float, deductions: Iterable[float]) -> float:
    """A file's score before any veto effect: the total less every deduction, never below 0."""
    return round(max(total - sum(deductions), 0.0), 2)


def apply_veto(scoring: Scoring, score: float, grade: str, vetoes: int) -> tuple[float, str]:
    """Score and grade of a file with ``vetoes`` failed veto items, by ``scoring.veto_effect``.

    ``zero``: 0 and the failing grade; ``fail``: the failing grade, score kept;
    ``block_excellent``: score kept, grade at most the second best; ``deduct``:
    ``veto_deduction`` per veto item off the score (never below 0), graded as usual.
    """
    effect = scoring.veto_effect
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


def score_for_mean(result: CaseResult, scoring: Scoring) -> float:
    """What a file adds to a mean score: 0 when a veto failed it (``zero``, ``fail``), else its score.

    Under ``block_excellent`` and ``deduct`` the veto is already in the grade or the score.
    """
    if result.vetoed and scoring.veto_effect in ("zero", "fail"):
        return 0.0
    return result.score


@dataclass
class UnitSummary:
    """Cases, mean score (see ``score_for_mean``: vetoed files count as 0 unless the veto only
    caps the grade or deducts points), grades, vetoed files, problems and items left to review."""

    unit: str
    cases: int
    mean_score: float | None
    grades: dict[str, int]
    vetoed: int
    problems: int
    needs_review: int


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
        findings = [f for r in unit_results for f in r.findings]
        summaries.append(
            UnitSummary(
                unit=unit,
                cases=len(unit_results),
                mean_score=round(
                    mean(
                        score_for_mean(r, (r.checklist or checklist).scoring) for r in unit_results
                    ),
                    2,
                ),
                grades=grades,
                vetoed=sum(r.vetoed for r in unit_results),
                problems=sum(f.outcome is Outcome.FAIL for f in findings),
                needs_review=sum(f.outcome is Outcome.NEEDS_REVIEW for f in findings),
            )
        )
    return summaries


def grade_names(checklists: Iterable[Checklist]) -> list[str]:
    """The grade names of several standards, each once, the first standard's order first."""
    return list(dict.fromkeys(g.name for c in checklists for g in c.scoring.grades))
