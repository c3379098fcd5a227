"""Properties of the day-counting checks, against the day-by-day reference walk of planted.py."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.calendar import Calendar
from evaltool.check.spec import CheckContext
from evaltool.checklist.model import Item
from evaltool.model import Case, Register
from evaltool.pipeline.engine import evaluate
from kit.planted import after, rolled, two_years_on

REVISION = dt.date(2021, 7, 15)
DATES = st.dates(min_value=dt.date(2021, 7, 15), max_value=dt.date(2026, 9, 30))
OLD_DATES = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2021, 7, 14))
GAP = st.integers(min_value=0, max_value=40)


@pytest.fixture(scope="module")
def judge(registry):
    """``judge(check_id, values)`` → the outcome of the check, with default params, on one in-memory case."""
    columns = {
        key: [chr(65 + n)]
        for n, key in enumerate(
            (
                "procedure",
                "filed_on",
                "discovered_on",
                "violation_on",
                "notified_on",
                "hearing_notified",
                "decided_on",
                "served_on",
                "publicized_on",
                "extension_days",
                "life_health_finance",
            )
        )
    }
    register = Register("r.xlsx", "Sheet1", 1, columns)

    def run(check_id: str, values: dict) -> str:
        check = registry.checks[check_id]
        params = {name: param.default for name, param in check.info.params.items()}
        item = Item(id="T", title="t", group="g", points=1, check=check_id, params=params)
        case = Case(register, 2, "单位", {"procedure": "普通程序", **values})
        ctx = CheckContext(calendar=Calendar(), cases=[case], review_date=dt.date(2030, 1, 1))
        return str(evaluate(item, check, case, ctx).outcome)

    return run


@given(DATES, GAP)
def test_service_passes_exactly_up_to_the_seventh_working_day(judge, decided, gap):
    served = decided + dt.timedelta(days=gap)
    expected = "pass" if served <= after(decided, 7) else "fail"
    assert judge("deadline.service", {"decided_on": decided, "served_on": served}) == expected


@given(OLD_DATES, GAP)
def test_service_before_the_revision_counts_seven_calendar_days_rolled(judge, decided, gap):
    served = decided + dt.timedelta(days=gap)
    expected = "pass" if served <= rolled(decided + dt.timedelta(days=7)) else "fail"
    assert judge("deadline.service", {"decided_on": decided, "served_on": served}) == expected


@given(DATES, GAP)
def test_publicity_passes_exactly_up_to_the_seventh_working_day(judge, decided, gap):
    published = decided + dt.timedelta(days=gap)
    expected = "pass" if published <= after(decided, 7) else "fail"
    outcome = judge("publicity.deadline", {"decided_on": decided, "publicized_on": published})
    assert outcome == expected


@given(DATES, st.integers(min_value=1, max_value=30))
def test_a_decision_waits_until_the_fifth_working_day_after_notice_has_passed(judge, notified, gap):
    decided = notified + dt.timedelta(days=gap)
    expected = "pass" if decided > after(notified, 5) else "fail"
    values = {"notified_on": notified, "hearing_notified": True, "decided_on": decided}
    assert judge("notice.waiting_period", values) == expected


@given(
    st.dates(min_value=dt.date(2021, 4, 1), max_value=dt.date(2026, 6, 30)),
    st.integers(80, 130),
    st.integers(0, 30),
)
def test_the_decision_deadline_is_ninety_days_plus_extension_rolled(judge, filed, gap, extension):
    decided = filed + dt.timedelta(days=gap)
    values = {"filed_on": filed, "decided_on": decided, "extension_days": extension}
    if decided < REVISION:
        expected = "not_applicable"
    else:
        expected = (
            "pass" if decided <= rolled(filed + dt.timedelta(days=90 + extension)) else "fail"
        )
    assert judge("deadline.decision", values) == expected


@given(
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2023, 12, 31)), st.integers(600, 900)
)
def test_limitation_is_two_years_to_the_corresponding_day_rolled(judge, violated, gap):
    found = violated + dt.timedelta(days=gap)
    values = {
        "violation_on": violated,
        "discovered_on": found,
        "life_health_finance": False,
        "decided_on": found + dt.timedelta(days=30),
    }
    expected = "pass" if found <= two_years_on(violated) else "fail"
    assert judge("limitation.period", values) == expected


@given(DATES, st.integers(0, 40))
def test_filing_is_fifteen_working_days_then_review_up_to_thirty(judge, found, gap):
    filed = found + dt.timedelta(days=gap)
    outcome = judge("deadline.filing", {"discovered_on": found, "filed_on": filed})
    if filed <= after(found, 15):
        assert outcome == "pass"
    elif filed <= after(found, 30):
        assert outcome == "needs_review"
    else:
        assert outcome == "fail"
