"""Scoring invariants: deductions capped per item, no negative scores, a veto failure zeroes the file."""

import statistics

from hypothesis import given
from hypothesis import strategies as st

from evaltool.checklist.model import Checklist, Deduction, Group, Item
from evaltool.model import Case, Finding, Outcome, Register, Verdict
from evaltool.score.case import exact_mean, score_case, summarize_units

OUTCOMES = st.sampled_from(list(Outcome))


def make_case(unit="某局") -> Case:
    register = Register(file="x.xlsx", sheet="Sheet1", header_row=1, columns={})
    return Case(register=register, row=2, unit=unit, values={})


def checklist_with(items: list[Item]) -> Checklist:
    return Checklist(id="t", title="t", version="1", groups=[Group("g", "g", items)])


items_strategy = st.lists(
    st.tuples(
        st.floats(min_value=0.5, max_value=60, allow_nan=False),
        st.sampled_from(["whole", "fixed", "each", "range"]),
        st.floats(min_value=0.5, max_value=30, allow_nan=False),
        st.booleans(),
        OUTCOMES,
        st.integers(min_value=1, max_value=20),
    ),
    min_size=1,
    max_size=15,
)


@given(items_strategy)
def test_score_stays_within_zero_and_total_and_no_item_deducts_more_than_its_points(spec):
    items, findings = [], []
    for n, (points, kind, amount, veto, outcome, occurrences) in enumerate(spec):
        deduction = Deduction(kind, amount, amount * 2)
        item = Item(id=f"I{n}", title="t", group="g", points=points, rules=[deduction], veto=veto)
        items.append(item)
        lost = item.deduction_for(Verdict(outcome, "", (), occurrences))
        assert 0 <= lost <= points
        assert lost == 0 or outcome is Outcome.FAIL
        findings.append(Finding(item.id, "c", outcome, lost, "", [], "", veto))
    result = score_case(make_case(), findings, checklist_with(items))
    assert 0 <= result.score <= 100
    assert result.vetoed == any(f.veto and f.outcome is Outcome.FAIL for f in findings)
    if result.vetoed:
        assert (result.score, result.grade) == (0, "不合格")


def test_per_occurrence_deduction_is_capped_at_the_item_points():
    item = Item(id="D02", title="t", group="g", points=5, rules=[Deduction("each", 2)])
    assert item.deduction_for(Verdict(Outcome.FAIL, "", (), 2)) == 4
    assert item.deduction_for(Verdict(Outcome.FAIL, "", (), 3)) == 5


def test_grades_follow_inclusive_lower_bounds():
    checklist = checklist_with([Item(id="A", title="t", group="g", points=100)])
    grade = checklist.scoring.grade_for
    assert (grade(90), grade(89.5), grade(60), grade(59.99), grade(0)) == (
        "优秀",
        "合格",
        "合格",
        "不合格",
        "不合格",
    )


def test_unit_summary_counts_vetoed_files_as_zero_in_the_mean():
    items = [
        Item(id="V", title="t", group="g", veto=True),
        Item(id="A", title="t", group="g", points=100),
    ]
    checklist = checklist_with(items)
    vetoed = score_case(
        make_case(), [Finding("V", "c", Outcome.FAIL, 0, "", [], "", True)], checklist
    )
    clean = score_case(make_case(), [], checklist)
    (summary,) = summarize_units([vetoed, clean], checklist)
    assert (summary.cases, summary.mean_score, summary.vetoed) == (2, 50.0, 1)
    assert summary.grades == {"优秀": 1, "合格": 0, "不合格": 1}


@given(
    st.lists(
        st.one_of(
            st.integers(0, 120),
            st.floats(0, 120, allow_nan=False),
            st.decimals(0, 120, places=2).map(float),  # scores as shown: two decimals
        ),
        min_size=1,
        max_size=40,
    )
)
def test_unit_mean_is_the_exact_mean_statistics_gives(scores):
    """A unit's mean score is statistics.mean's to the last bit (and its type, 90 not 90.0):
    a mean score at a tie such as 87.345 rounds as the exact mean says, never one cent off."""
    expected = statistics.mean(scores)
    got = exact_mean(scores)
    assert (got, type(got)) == (expected, type(expected))
