"""Score step: findings into a score and grade per case file, and a summary per unit."""

from dataclasses import dataclass, field
from statistics import mean

from evaltool.checklist.model import Checklist
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


def score_case(case: Case, findings: list[Finding], checklist: Checklist) -> CaseResult:
    """Deduct each non-veto failure (capped per item, never below 0); a failed veto item zeroes the file."""
    scoring = checklist.scoring
    veto_items = [f.item_id for f in findings if f.veto and f.outcome is Outcome.FAIL]
    lost = sum(f.deduction for f in findings if not f.veto)
    score = max(scoring.total - lost, 0.0)
    if veto_items:
        score = 0.0
        grade = scoring.failing_grade
    else:
        grade = scoring.grade_for(score)
    return CaseResult(case, findings, round(score, 2), grade, bool(veto_items), veto_items)


@dataclass
class UnitSummary:
    """Cases, mean score (vetoed files count as scored, i.e. 0 under the zero effect) and grades."""

    unit: str
    cases: int
    mean_score: float | None
    grades: dict[str, int]
    vetoed: int
    problems: int
    needs_review: int


def summarize_units(results: list[CaseResult], checklist: Checklist) -> list[UnitSummary]:
    """One summary per unit, in order of first appearance."""
    by_unit: dict[str, list[CaseResult]] = {}
    for result in results:
        by_unit.setdefault(result.case.unit, []).append(result)
    summaries = []
    for unit, unit_results in by_unit.items():
        grades = {grade.name: 0 for grade in checklist.scoring.grades}
        for result in unit_results:
            grades[result.grade] += 1
        findings = [f for r in unit_results for f in r.findings]
        summaries.append(
            UnitSummary(
                unit=unit,
                cases=len(unit_results),
                mean_score=round(mean(r.score for r in unit_results), 2),
                grades=grades,
                vetoed=sum(r.vetoed for r in unit_results),
                problems=sum(f.outcome is Outcome.FAIL for f in findings),
                needs_review=sum(f.outcome is Outcome.NEEDS_REVIEW for f in findings),
            )
        )
    return summaries
