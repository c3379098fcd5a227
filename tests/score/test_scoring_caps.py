"""Invariants of section caps, several rules per item, bonus points, rescaling and 不适用 items."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from evaltool.checklist.model import Checklist, Condition, Deduction, Group, Item, Scoring
from evaltool.model import Case, Finding, Outcome, Register, Verdict
from evaltool.pipeline.engine import not_applicable_finding
from evaltool.score.case import Layout, score_case

# Points as standards write them: whole and half points.
halves = st.integers(min_value=1, max_value=80).map(lambda n: n / 2)
amounts = st.integers(min_value=1, max_value=40).map(lambda n: n / 2)
rules = st.lists(
    st.one_of(
        st.builds(Deduction, st.just("fixed"), amounts),
        st.builds(Deduction, st.just("each"), amounts),
        st.builds(lambda low: Deduction("range", low, low * 1.5), amounts),
    ),
    min_size=1,
    max_size=3,
)
item_specs = st.tuples(
    st.one_of(st.none(), halves),  # the row's own points, or none (its section caps it)
    rules,
    st.sampled_from([Outcome.FAIL, Outcome.PASS, Outcome.NOT_APPLICABLE, Outcome.NEEDS_REVIEW]),
    st.dictionaries(st.integers(1, 3), st.integers(1, 6), max_size=3),  # rule → times
)
group_specs = st.lists(
    st.tuples(halves, st.lists(item_specs, min_size=1, max_size=5)),
    min_size=1,
    max_size=4,
)
bonus_specs = st.lists(st.tuples(amounts, st.booleans()), max_size=4)


def make_case() -> Case:
    register = Register(file="x.xlsx", sheet="Sheet1", header_row=1, columns={})
    return Case(register=register, row=2, unit="某局", values={})


def build(groups_spec, bonus_spec, *, rescale: bool, bonus_cap: float):
    """A checklist of capped sections (rows with or without points) and a bonus section, and the
    findings a file gets: each failure deducts by the rules the reviewer names."""
    groups, findings = [], []
    for g, (cap, specs) in enumerate(groups_spec):
        items = []
        for n, (own, item_rules, outcome, applied) in enumerate(specs):
            item = Item(
                id=f"G{g}I{n}",
                title="t",
                group=f"g{g}",
                points=min(own, cap) if own else cap,
                rules=item_rules,
                own_points=own is not None,
            )
            items.append(item)
            used = {k: v for k, v in applied.items() if k <= len(item_rules)} or {1: 1}
            deduction = item.deduct_by_rules(used) if outcome is Outcome.FAIL else 0.0
            findings.append(Finding(item.id, None, outcome, deduction, "", [], ""))
        groups.append(Group(f"g{g}", f"第{g}部分", items, points=cap))
    bonus_items = []
    for n, (points, earned) in enumerate(bonus_spec):
        bonus_items.append(Item(id=f"B{n}", title="t", group="bonus", points=points, bonus=True))
        outcome = Outcome.PASS if earned else Outcome.FAIL
        findings.append(Finding(f"B{n}", None, outcome, 0.0, "", [], "", bonus=points * earned))
    if bonus_items:
        groups.append(Group("bonus", "加分项", bonus_items, bonus=True))
    total = sum(cap for cap, _ in groups_spec)
    scoring = Scoring(total=total, bonus_cap=bonus_cap, rescale=rescale)
    return Checklist(id="p", title="p", version="1", groups=groups, scoring=scoring), findings


@given(
    group_specs,
    bonus_specs,
    st.booleans(),
    st.integers(min_value=0, max_value=8).map(lambda n: n / 2),
)
def test_score_stays_within_zero_and_total_and_sections_never_lose_more_than_their_points(
    groups_spec, bonus_spec, rescale, bonus_cap
):
    checklist, findings = build(groups_spec, bonus_spec, rescale=rescale, bonus_cap=bonus_cap)
    result = score_case(make_case(), findings, checklist)
    total = checklist.scoring.total
    assert 0 <= result.score <= total + 1e-9
    assert 0 <= result.bonus <= bonus_cap + 1e-9
    for item in checklist.items:
        for applied in ({1: 1}, {1: 3, 2: 2}, {i + 1: 5 for i in range(len(item.rules))}):
            applied = {k: v for k, v in applied.items() if k <= len(item.rules)}
            assert 0 <= item.deduct_by_rules(applied) <= item.points
    if not rescale:
        # Each section loses at most its points, whatever its rows say.
        failing = {
            g.id
            for g in checklist.groups
            for f in findings
            if f.deduction and f.item_id in {i.id for i in g.items}
        }
        floor = total - sum(g.points for g in checklist.groups if g.id in failing)
        assert result.score >= round(floor, 2) - 1e-9


@given(group_specs, st.booleans())
def test_an_item_that_does_not_apply_never_deducts_and_never_lowers_the_score(groups_spec, rescale):
    checklist, findings = build(groups_spec, [], rescale=rescale, bonus_cap=0)
    before = score_case(make_case(), findings, checklist)
    item = checklist.items[0]
    outside = not_applicable_finding(item, Condition(penalty_kind=("罚款",)))
    assert outside.deduction == 0 and outside.outcome is Outcome.NOT_APPLICABLE
    assert item.deduction_for(Verdict(Outcome.NOT_APPLICABLE, "")) == 0
    changed = [outside if f.item_id == item.id else f for f in findings]
    after = score_case(make_case(), changed, checklist)
    assert 0 <= after.score <= checklist.scoring.total + 1e-9
    assert after.possible <= before.possible
    if not rescale:
        assert after.score >= before.score


@given(st.lists(amounts, min_size=1, max_size=6), amounts)
def test_bonus_never_exceeds_its_cap_nor_lifts_a_score_above_the_total(points, cap):
    bonus_items = [
        Item(id=f"B{n}", title="t", group="bonus", points=p, bonus=True)
        for n, p in enumerate(points)
    ]
    scored = Item(id="A", title="t", group="g", points=10)
    checklist = Checklist(
        id="b",
        title="b",
        version="1",
        groups=[
            Group("g", "g", [scored], points=10),
            Group("bonus", "加分项", bonus_items, bonus=True),
        ],
        scoring=Scoring(total=10, bonus_cap=cap),
    )
    findings = [
        Finding(i.id, None, Outcome.PASS, 0.0, "", [], "", bonus=i.points) for i in bonus_items
    ]
    findings.append(Finding("A", None, Outcome.FAIL, 3.0, "", [], ""))
    result = score_case(make_case(), findings, checklist)
    assert result.bonus == round(min(sum(points), cap), 2)
    assert result.score == round(min(10 - 3 + min(sum(points), cap), 10), 2)


@given(group_specs, bonus_specs, st.booleans(), st.data())
def test_files_scored_in_one_run_each_get_the_score_of_their_own_findings(
    groups_spec, bonus_spec, rescale, data
):
    """A run scores by one Layout, which works out files with the same findings once."""
    checklist, findings = build(groups_spec, bonus_spec, rescale=rescale, bonus_cap=2)
    variants = {  # files differ from one another by one attribute of a finding
        "as is": lambda f: f,
        "veto": lambda f: replace(f, veto=True),
        "deduction": lambda f: replace(f, deduction=f.deduction + 0.5),
        "outcome": lambda f: replace(f, outcome=Outcome.NOT_APPLICABLE),
    }
    picks = st.tuples(st.sampled_from(findings[:2]), st.sampled_from(list(variants)))
    files = [
        [variants[variant](f) for f, variant in picked]
        for picked in data.draw(st.lists(st.lists(picks, max_size=2), min_size=4, max_size=16))
    ]
    layout = Layout.of(checklist)
    run = [score_case(make_case(), found, checklist, layout) for found in files]
    assert run == [score_case(make_case(), found, checklist) for found in files]
    if len(run) > 1:  # each file's veto items are its own list
        run[0].veto_items.append("X")
        assert "X" not in run[1].veto_items
