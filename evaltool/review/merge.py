"""Cross-review: automatic findings and reviewers' marks into one set of findings per file.

A file is complete when every row that needs a reviewer has a mark, or the reviewer confirmed
「本卷其余项目无问题」 for it. A reviewer's mark is the last word on its row, whatever the
automatic verdict was; the finding keeps the automatic verdict it overruled.

When several reviewers each completed a file on their own, their scores are compared: a
different grade, scores apart by more than ``margin``, different veto items, or
(``review_failing``) a failing grade where the reviewers differ sends the file to 复核 with every
reviewer's marks, unscored. Otherwise every row on which reviewers differ is listed for 合议
and, until a 复核 decision settles it, decided by the disagreement ``rule`` (从严: the larger
deduction; 从宽: the smaller) — never by their mean; the finding names the rule.

Everything is independent of the order of the marks: reviewers are handled by name.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from evaltool.checklist.model import Checklist
from evaltool.config import DISAGREEMENT_RULES
from evaltool.model import Finding, Outcome, Verdict
from evaltool.review.inputs import CellRef
from evaltool.review.marks import Mark, MarkSet
from evaltool.review.plan import CasePlan, Row
from evaltool.score.case import CaseResult, describe_score, score_case

NOT_REVIEWED, PARTIAL, DISPUTED, DELIBERATE, REVIEWED, RESOLVED = (
    "未评查",
    "部分评查",
    "待复核",
    "待合议",
    "已评查",
    "已复核",
)
STRICT, LENIENT = DISAGREEMENT_RULES
RULES = {STRICT: max, LENIENT: min}  # how a disagreement rule picks among (veto hit, deduction)
RULE_TEXT = {STRICT: "取较大的扣分", LENIENT: "取较小的扣分"}
FILE_OK_REASON = "本卷其余项目无问题"


@dataclass(frozen=True)
class Decision:
    """What one person decided on one row."""

    deduction: float
    hit: bool  # a veto item found failing
    reason: str
    keeps_auto: bool = False  # confirmed, or left standing, the automatic verdict

    @property
    def value(self) -> tuple[float, bool]:
        return (self.deduction, self.hit)

    def describe(self, veto: bool) -> str:
        if veto:
            text = "否决" if self.hit else "不否决"
        else:
            text = f"扣{self.deduction:g}分" if self.deduction else "不扣分"
        note = "认可自动检查结果" if self.keeps_auto else self.reason
        return f"{text}（{note}）" if note else text


def decide(row: Row, mark: Mark) -> Decision:
    """A mark as a decision on its row."""
    if mark.confirmed is True:
        return Decision(row.finding.deduction, row.item.veto, mark.reason, keeps_auto=True)
    if mark.confirmed is False:
        return Decision(0.0, False, mark.reason)
    if mark.hit is not None:
        return Decision(0.0, mark.hit, mark.reason)
    return Decision(mark.deduction, False, mark.reason)


def standing(row: Row) -> Decision | None:
    """The decision an unmarked row stands at: the automatic result, if it decided the row."""
    if row.needs_input:
        return None
    failed = row.finding.outcome is Outcome.FAIL
    return Decision(row.finding.deduction, failed and row.item.veto, "", keeps_auto=True)


@dataclass(frozen=True)
class Ruling:
    """A 复核 decision on one row of a disputed file."""

    decision: Decision
    resolver: str
    where: CellRef


@dataclass
class Dispute:
    """Why reviewers disagree, their scores, and the rows a 复核 has to decide."""

    reasons: list[str]
    views: dict[str, CaseResult]  # each reviewer's own score of the file (when each completed it)
    items: list[str]  # the rows to decide, in checklist order
    opinions: dict[str, dict[str, Decision]]  # item id -> reviewer -> decision, for those rows
    unresolved: list[str] = field(default_factory=list)  # rows a 复核 file left open
    rule: str | None = None  # the rule that decides the rows until 合议 (待合议 files)


@dataclass
class CaseReview:
    """A listed file after merging: its status, reviewers and (when final) its findings."""

    plan: CasePlan
    status: str
    reviewers: list[str]
    opinions: dict[str, dict[str, Decision]] = field(default_factory=dict)
    findings: list[Finding] | None = None
    missing: list[str] = field(default_factory=list)
    dispute: Dispute | None = None
    resolver: str | None = None


def no_waivers(case, findings: list[Finding], *, checklist: str, record: bool = False):
    return findings


def review_cases(
    plans: Sequence[CasePlan],
    marks: MarkSet,
    *,
    margin: float,
    review_failing: bool = True,
    resolution: dict | None = None,
    waive=no_waivers,
    rule: str = STRICT,
) -> list[CaseReview]:
    """Merge the marks of every file the workbooks list, in plan order; each file is scored
    by its own standard (``CasePlan.checklist``).

    ``resolution`` maps (unit, 案号, item id) to a 复核 ``Ruling``;
    ``waive(case, findings, checklist=, record=)`` returns the findings of a case scored by the
    standard ``checklist`` (its id) with waivers applied;
    ``rule`` decides rows reviewers disagree on until 合议.
    """
    listed = [plan for plan in plans if plan.ident in marks.listed]
    opinions: dict[tuple[str, str], dict[str, dict[str, Decision]]] = {
        plan.ident: {} for plan in listed
    }
    plan_of = {plan.ident: plan for plan in listed}
    for mark in marks.marks:
        row = plan_of[mark.ident].row(mark.item_id)
        opinions[mark.ident].setdefault(mark.item_id, {})[mark.reviewer] = decide(row, mark)
    for ident, reviewer in marks.files_ok:
        for row in plan_of[ident].rows:
            if row.needs_input:
                by_reviewer = opinions[ident].setdefault(row.item.id, {})
                by_reviewer.setdefault(reviewer, Decision(0.0, False, FILE_OK_REASON))
    reviews = []
    for plan in listed:
        review = merge_case(
            plan,
            opinions[plan.ident],
            margin=margin,
            review_failing=review_failing,
            waive=waive,
            rule=rule,
        )
        if review.dispute and resolution:
            review = resolve_dispute(review, resolution, waive)
        reviews.append(review)
    return reviews


def merge_case(
    plan: CasePlan,
    opinions: dict[str, dict[str, Decision]],
    *,
    margin: float,
    review_failing: bool = True,
    waive=no_waivers,
    rule: str = STRICT,
) -> CaseReview:
    """One file: status and, unless incomplete or disputed, its merged findings."""
    checklist = plan.checklist
    reviewers = sorted({name for by_reviewer in opinions.values() for name in by_reviewer})
    if not reviewers:
        return CaseReview(plan, NOT_REVIEWED, [])
    required = [row.item.id for row in plan.rows if row.required]
    missing = [item_id for item_id in required if not opinions.get(item_id)]
    if missing:
        return CaseReview(plan, PARTIAL, reviewers, opinions, missing=missing)
    independent = len(reviewers) > 1 and all(
        name in opinions[item_id] for item_id in required for name in reviewers
    )
    views: dict[str, CaseResult] = {}
    reasons: list[str] = []
    shown = opinions
    if independent:
        # each reviewer's final verdict on every row they or anyone marked: their mark, else
        # the automatic verdict they left standing
        shown = {
            item_id: {
                name: decision
                for name in reviewers
                if (decision := by_reviewer.get(name) or standing(plan.row(item_id)))
            }
            for item_id, by_reviewer in opinions.items()
        }
    differing = {
        item_id
        for item_id, by_reviewer in shown.items()
        if len({d.value for d in by_reviewer.values()}) > 1
    }
    if independent:
        views = {
            name: score_case(
                plan.case,
                waive(plan.case, _view(plan, opinions, name), checklist=checklist.id),
                checklist,
            )
            for name in reviewers
        }
        reasons = _score_disagreement(views, checklist, margin, review_failing and bool(differing))
    if reasons:
        marked_problems = {
            item_id
            for item_id, by_reviewer in opinions.items()
            if any(d.deduction or d.hit for d in by_reviewer.values())
        }
        items = _ordered(plan, differing | marked_problems)
        dispute = Dispute(reasons, views, items, {i: shown.get(i, {}) for i in items})
        return CaseReview(plan, DISPUTED, reviewers, opinions, dispute=dispute)
    findings = waive(plan.case, _merged(plan, shown, rule), checklist=checklist.id, record=True)
    if differing:
        items = _ordered(plan, differing)
        dispute = Dispute(
            [f"评查项目 {item_id} 评分不一致" for item_id in items],
            views,
            items,
            {i: shown[i] for i in items},
            rule=rule,
        )
        return CaseReview(plan, DELIBERATE, reviewers, opinions, findings=findings, dispute=dispute)
    return CaseReview(plan, REVIEWED, reviewers, opinions, findings=findings)


def _ordered(plan: CasePlan, item_ids) -> list[str]:
    return [row.item.id for row in plan.rows if row.item.id in item_ids]


def _ruled(row: Row, ruling: Ruling) -> Finding:
    """A row's finding as a 复核 decided it; confirming an automatic failure keeps its message."""
    decision = ruling.decision
    note = f"复核（{ruling.resolver}）"
    auto = standing(row)
    if row.confirmable and auto.value == decision.value:
        finding = finding_from(row, {ruling.resolver: auto})
        suffix = f"：{decision.reason}" if decision.reason else ""
        return replace(finding, message=f"{finding.message}（{note}确认{suffix}）")
    finding = finding_from(row, {ruling.resolver: decision})
    return replace(finding, message=f"{note}：{finding.message}")


def _score_disagreement(
    views: dict[str, CaseResult], checklist: Checklist, margin: float, review_failing: bool
) -> list[str]:
    reasons = []
    listing = "，".join(f"{name}：{describe_score(v)}" for name, v in views.items())
    grades = {v.grade for v in views.values()}
    scores = [v.score for v in views.values() if v.score is not None]
    if len(grades) > 1:
        reasons.append(f"等次不同（{listing}）")
    if scores and max(scores) - min(scores) > margin:
        reasons.append(
            f"得分相差 {max(scores) - min(scores):g} 分，超过 {margin:g} 分（{listing}）"
        )
    if len({tuple(sorted(v.veto_items)) for v in views.values()}) > 1:
        vetoes = "，".join(f"{n}：{'、'.join(v.veto_items) or '无'}" for n, v in views.items())
        reasons.append(f"否决项认定不一致（{vetoes}）")
    if review_failing and checklist.scoring.failing_grade in grades:
        reasons.append(f"有评查人评为{checklist.scoring.failing_grade}（{listing}）")
    return reasons


def _view(plan: CasePlan, opinions, name: str) -> list[Finding]:
    """The findings as one reviewer sees the file: their marks, else the automatic results."""
    findings = []
    for row in plan.rows:
        decision = opinions.get(row.item.id, {}).get(name)
        if decision is not None:
            findings.append(finding_from(row, {name: decision}))
        elif row.finding is not None:
            findings.append(row.finding)
    return findings


def _merged(plan: CasePlan, opinions, rule: str = STRICT) -> list[Finding]:
    findings = []
    for row in plan.rows:
        by_reviewer = opinions.get(row.item.id)
        if by_reviewer:
            findings.append(finding_from(row, by_reviewer, rule))
        elif row.finding is not None:
            findings.append(row.finding)
    return findings


def finding_from(row: Row, decisions: dict[str, Decision], rule: str = STRICT) -> Finding:
    """One row's finding from the decisions of one or more people.

    When they differ, ``rule`` picks the decision (从严: the larger deduction, a veto over
    none; 从宽: the smaller) and the finding names it. The automatic verdict a decision
    changes is kept in ``automatic``.
    """
    names = sorted(decisions)
    reviewer = "、".join(names)
    values = {decision.value for decision in decisions.values()}
    decided_by = None
    if len(values) > 1:
        chosen = RULES[rule](values, key=lambda value: (value[1], value[0]))
        decisions = {n: d for n, d in decisions.items() if d.value == chosen}
        decided_by = rule
    if all(d.keeps_auto for d in decisions.values()):
        return replace(row.finding, reviewer=reviewer, rule=decided_by)
    item = row.item
    decision = next(iter(decisions.values()))
    if item.veto:
        outcome = Outcome.FAIL if decision.hit else Outcome.PASS
        deduction = item.deduction_for(Verdict(outcome, ""))
    else:
        deduction = decision.deduction
        outcome = Outcome.FAIL if deduction > 0 else Outcome.PASS
    bonus = 0.0
    if item.bonus:  # the number typed on a bonus row is the bonus earned, never a deduction
        bonus, deduction = deduction, 0.0
        outcome = Outcome.PASS if bonus > 0 else Outcome.FAIL
    reason = "；".join(dict.fromkeys(d.reason for d in decisions.values() if d.reason))
    message = reason or ("评查人认定存在问题" if outcome is Outcome.FAIL else "评查人认定符合要求")
    automatic = None
    auto = row.finding
    if auto is not None and (auto.outcome, auto.deduction) != (outcome, deduction):
        automatic = {
            "outcome": str(auto.outcome),
            "deduction": auto.deduction,
            "message": auto.message,
            "check": auto.check,
        }
    return Finding(
        item_id=item.id,
        check=None,
        outcome=outcome,
        deduction=deduction,
        message=message,
        cells=[],
        basis=item.basis,
        veto=item.veto,
        source="manual",
        reviewer=reviewer,
        bonus=bonus,
        reason=reason or None,
        automatic=automatic,
        rule=decided_by,
    )


def resolve_dispute(review: CaseReview, resolution: dict, waive=no_waivers) -> CaseReview:
    """Settle a dispute with 复核 decisions when they cover every row the dispute lists."""
    dispute = review.dispute
    decided = {
        item_id: resolution[(*review.plan.ident, item_id)]
        for item_id in dispute.items
        if (*review.plan.ident, item_id) in resolution
    }
    dispute.unresolved = [item_id for item_id in dispute.items if item_id not in decided]
    if dispute.unresolved:
        return review
    findings = []
    for row in review.plan.rows:
        item_id = row.item.id
        if item_id in decided:
            findings.append(_ruled(row, decided[item_id]))
        elif review.opinions.get(item_id):
            findings.append(finding_from(row, review.opinions[item_id]))
        elif row.finding is not None:
            findings.append(row.finding)
    return replace(
        review,
        status=RESOLVED,
        findings=waive(review.plan.case, findings, checklist=review.plan.checklist.id, record=True),
        resolver="、".join(sorted({ruling.resolver for ruling in decided.values()})),
    )
