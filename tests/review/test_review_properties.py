"""Invariants of merging reviewers' marks, over random checklists, automatic results and marks."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.checklist.model import Checklist, Deduction, Group, Item
from evaltool.model import Case, Finding, Outcome, Register
from evaltool.review.inputs import CellRef
from evaltool.review.marks import Mark, MarkSet
from evaltool.review.merge import DISPUTED, RESOLVED, REVIEWED, decide, review_cases, standing
from evaltool.review.plan import CasePlan, Row
from evaltool.score.case import score_case

KINDS = ("manual", "auto_pass", "auto_fail", "auto_needs_review", "not_assessed")
REVIEWERS = ("甲", "乙", "丙")
IDENT = ("某局", "某罚〔2024〕1号")

item_specs = st.lists(
    st.tuples(st.integers(0, 40), st.booleans(), st.sampled_from(KINDS)), min_size=1, max_size=8
)


def build(specs) -> tuple[Checklist, CasePlan]:
    items, rows = [], []
    register = Register(file="登记表.xlsx", sheet="Sheet1", header_row=1, columns={})
    case = Case(register=register, row=2, unit=IDENT[0], values={"case_no": IDENT[1]})
    for n, (points, veto, kind) in enumerate(specs):
        item = Item(id=f"I{n}", title="t", group="g", points=0 if veto else points, veto=veto)
        item.rules = [Deduction("whole")]
        if kind != "manual":
            item.check = "some.check"
        items.append(item)
        finding = None
        if kind.startswith("auto"):
            outcome = {
                "auto_pass": Outcome.PASS,
                "auto_fail": Outcome.FAIL,
                "auto_needs_review": Outcome.NEEDS_REVIEW,
            }[kind]
            deduction = item.points if outcome is Outcome.FAIL else 0.0
            finding = Finding(item.id, "some.check", outcome, deduction, "自动", [], "", veto)
        rows.append(Row(item, finding))
    checklist = Checklist(id="p", title="p", version="1", groups=[Group("g", "g", items)])
    return checklist, CasePlan(case, IDENT[1], rows, checklist)


@st.composite
def reviews(draw):
    checklist, plan = build(draw(item_specs))
    names = draw(st.lists(st.sampled_from(REVIEWERS), min_size=1, max_size=3, unique=True))
    marks = []
    for name in names:
        for row in plan.rows:
            overrules = not (row.needs_input or row.confirmable) and draw(st.integers(0, 4)) == 0
            if (
                not (row.needs_input or row.confirmable or overrules)
                or draw(st.integers(0, 9)) == 0
            ):
                continue  # a row this reviewer left blank (or whose automatic verdict stands)
            values = {}
            if overrules:  # a pass the reviewer overrules
                if row.item.veto:
                    values["hit"] = True
                else:
                    values["deduction"] = float(draw(st.integers(1, max(int(row.item.points), 1))))
                    values["deduction"] = min(values["deduction"], row.item.points)
            elif row.confirmable:
                values["confirmed"] = draw(st.booleans())
            elif row.item.veto:
                values["hit"] = draw(st.booleans())
            else:
                values["deduction"] = draw(st.integers(0, int(row.item.points) * 2)) / 2
            where = CellRef("评分表.xlsx", name, f"J{len(marks) + 2}")
            marks.append(Mark(IDENT, row.item.id, name, where, reason="理由", **values))
    margin = draw(st.sampled_from([0.0, 5.0, 100.0]))
    return checklist, plan, marks, margin, draw(st.booleans())


def merge(checklist, plan, marks, margin, review_failing, rule="从严"):
    mark_set = MarkSet(marks=list(marks), listed={IDENT})
    (review,) = review_cases(
        [plan], mark_set, margin=margin, review_failing=review_failing, rule=rule
    )
    return review


@settings(max_examples=300)
@given(reviews(), st.sampled_from(["从严", "从宽"]))
def test_a_merged_deduction_is_one_somebody_gave_never_a_mean(case, rule):
    checklist, plan, marks, margin, review_failing = case
    review = merge(checklist, plan, marks, margin, review_failing, rule)
    if review.findings is None:
        return
    for finding in review.findings:
        row = plan.row(finding.item_id)
        given = {decide(row, m).value for m in marks if m.item_id == finding.item_id}
        if standing(row) is not None:  # the automatic verdict a reviewer may leave standing
            given.add(standing(row).value)
        if not row.item.veto and finding.source == "manual":
            assert finding.deduction in {deduction for deduction, _ in given} | {0.0}
        if finding.rule:
            assert finding.rule == rule and len(given) > 1


@settings(max_examples=300)
@given(reviews())
def test_scores_stay_in_range_and_no_item_deducts_more_than_its_points(case):
    checklist, plan, *_ = case
    review = merge(*case)
    points = {item.id: item.points for item in checklist.items}
    results = []
    if review.findings is not None:
        results.append(score_case(plan.case, review.findings, checklist))
    if review.dispute:
        results += review.dispute.views.values()
    for result in results:
        assert 0 <= result.score <= checklist.scoring.total
        for finding in result.findings:
            assert 0 <= finding.deduction <= points[finding.item_id]


@settings(max_examples=300)
@given(reviews())
def test_a_veto_decides_the_grade(case):
    checklist, plan, *_ = case
    review = merge(*case)
    if review.status not in (REVIEWED, RESOLVED):
        return
    result = score_case(plan.case, review.findings, checklist)
    hits = [f.item_id for f in review.findings if f.veto and f.outcome is Outcome.FAIL]
    assert result.vetoed == bool(hits)
    if hits:
        assert result.grade == checklist.scoring.failing_grade
    else:
        assert result.grade == checklist.scoring.grade_for(result.score)


@settings(max_examples=300)
@given(reviews(), st.randoms(use_true_random=False))
def test_merging_is_independent_of_the_order_of_the_reviewers(case, rng: random.Random):
    checklist, plan, marks, margin, review_failing = case
    shuffled = list(marks)
    rng.shuffle(shuffled)
    first = merge(checklist, plan, marks, margin, review_failing)
    second = merge(checklist, plan, shuffled, margin, review_failing)
    assert (first.status, first.reviewers, first.missing) == (
        second.status,
        second.reviewers,
        second.missing,
    )
    if first.findings is not None:
        assert [f.as_dict() for f in first.findings] == [f.as_dict() for f in second.findings]
    if first.status == DISPUTED:
        assert first.dispute.reasons == second.dispute.reasons
        assert first.dispute.items == second.dispute.items
