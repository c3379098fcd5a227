"""What each file of a run shows as assessed (已评分值、未评项目、待核对) is its own, though a run
works it out once per pattern of findings (``Assessments``)."""

from hypothesis import given
from hypothesis import strategies as st

from evaltool.checklist.model import Item
from evaltool.model import Finding, Outcome
from evaltool.score.results import Assessments, assessment

IDS = ["A1", "A2", "B1", "B2", "C1"]
# points as standards write them, tenths included (their float sums are not exact)
points = st.integers(min_value=1, max_value=100).map(lambda n: n / 10)
items = st.lists(
    st.builds(
        lambda i, p, check: Item(id=i, title="t", group="g", points=p, check=check),
        st.sampled_from(IDS),
        points,
        st.sampled_from([None, "deadline"]),
    ),
    max_size=5,
    unique_by=lambda item: item.id,
)
findings = st.lists(  # an item may have several findings, and one may be outside the items
    st.builds(
        lambda i, outcome: Finding(i, "deadline", outcome, 0.0, "", [], ""),
        st.sampled_from([*IDS, "Z9"]),
        st.sampled_from(list(Outcome)),
    ),
    max_size=6,
)
files = st.lists(
    st.tuples(st.integers(0, 1), findings, st.frozensets(st.sampled_from(IDS), max_size=2)),
    max_size=30,
)


@given(st.tuples(items, items), files)
def test_every_file_shows_what_its_own_findings_assessed(standards, run):
    """Two standards of one run share item ids with other points; registers lack other columns."""
    assess = Assessments()
    shown = [assess(standards[which], found, missing) for which, found, missing in run]
    assert shown == [assessment(standards[which], f, missing) for which, f, missing in run]


def test_past_the_limit_files_are_still_assessed_one_by_one():
    listed = [Item(id=i, title="t", group="g", points=1.5, check="deadline") for i in IDS]
    assess = Assessments()
    assess.LIMIT = 1
    for outcome in (Outcome.PASS, Outcome.NEEDS_REVIEW, Outcome.FAIL):
        found = [Finding("A1", "deadline", outcome, 0.0, "", [], "")]
        assert assess(listed, found) == assessment(listed, found)
