"""Day counting: working days with 2022's holidays and 调休 days, calendar periods, fallback years."""

import calendar
import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.calendar import Calendar, HolidaySchedule

D = dt.date.fromisoformat
COVERED = st.dates(min_value=D("2004-01-01"), max_value=D("2026-06-30"))
ANY = st.dates(min_value=D("1990-01-01"), max_value=D("2099-06-30"))


def reference_add_workdays(start: dt.date, n: int) -> dt.date:
    """Walk day by day with the library itself: the obvious, slow definition."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    return day


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day 2022: 10-01..10-07 off, 10-08 (Sat) and 10-09 (Sun) are 调休 working days.
        ("2022-09-28", 7, "2022-10-12"),
        ("2022-09-28", 2, "2022-09-30"),
        ("2022-09-30", 1, "2022-10-08"),
        ("2022-09-30", 2, "2022-10-09"),
        ("2022-10-07", 1, "2022-10-08"),
        # Spring Festival 2022: 01-31..02-06 off, 01-29 (Sat) and 01-30 (Sun) are working days.
        ("2022-01-27", 2, "2022-01-29"),
        ("2022-01-27", 7, "2022-02-10"),
        ("2022-01-28", 3, "2022-02-07"),
        # Qingming 2022: 04-03..04-05 off, 04-02 (Sat) worked.
        ("2022-04-01", 1, "2022-04-02"),
        ("2022-04-01", 2, "2022-04-06"),
        # Labour Day 2022: 04-30..05-04 off, 04-24 (Sun) and 05-07 (Sat) worked.
        ("2022-04-22", 1, "2022-04-24"),
        ("2022-04-29", 5, "2022-05-10"),
        # A period across New Year 2022/2023.
        ("2022-12-29", 5, "2023-01-06"),
        ("2022-09-28", 0, "2022-09-28"),
    ],
)
def test_add_workdays_across_2022_holidays(start, n, expected):
    assert Calendar().add_workdays(D(start), n) == D(expected)


def test_make_up_days_are_working_days_and_holidays_are_not():
    calendar = Calendar()
    assert calendar.is_workday(D("2022-10-08"))  # Saturday, 调休
    assert calendar.is_workday(D("2022-01-30"))  # Sunday, 调休
    assert not calendar.is_workday(D("2022-10-03"))  # Monday, National Day
    assert not calendar.is_workday(D("2022-02-01"))  # Tuesday, Spring Festival
    assert not calendar.is_workday(D("2022-10-15"))  # ordinary Saturday


def test_workdays_between_counts_after_the_start_up_to_the_end():
    calendar = Calendar()
    assert calendar.workdays_between(D("2022-09-28"), D("2022-10-12")) == 7
    assert calendar.workdays_between(D("2022-09-28"), D("2022-10-13")) == 8
    assert calendar.workdays_between(D("2022-09-30"), D("2022-10-07")) == 0
    assert calendar.workdays_between(D("2022-10-12"), D("2022-09-28")) == 0


@pytest.mark.parametrize(
    ("start", "n", "roll", "expected"),
    [
        (
            "2022-07-03",
            90,
            True,
            "2022-10-08",
        ),  # 10-01 is National Day: next working day, a Saturday
        ("2022-07-03", 90, False, "2022-10-01"),
        ("2022-03-01", 90, True, "2022-05-30"),  # an ordinary Monday stays
        ("2022-04-30", 7, True, "2022-05-07"),  # a Saturday, but a 调休 working day: it stays
        ("2022-04-27", 4, True, "2022-05-05"),  # 05-01 is Labour Day: rolls past 05-02..05-04
    ],
)
def test_calendar_periods_roll_to_the_next_working_day(start, n, roll, expected):
    assert Calendar().add_days(D(start), n, roll=roll) == D(expected)


@pytest.mark.parametrize(
    ("start", "years", "roll", "expected"),
    [
        ("2020-03-02", 2, True, "2022-03-02"),
        ("2020-02-29", 2, False, "2022-02-28"),  # no 29 February: the month's last day
        ("2020-10-03", 2, True, "2022-10-08"),  # 2022-10-03 is National Day
        ("2020-10-03", 2, False, "2022-10-03"),
    ],
)
def test_year_periods(start, years, roll, expected):
    assert Calendar().add_years(D(start), years, roll=roll) == D(expected)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 10))
def test_a_year_period_ends_on_the_same_day_or_the_month_s_last(start, years):
    """民法典 art. 202: the same day n years on, or the last day of a month that lacks it."""
    end = Calendar().add_years(start, years, roll=False)
    last = calendar.monthrange(start.year + years, start.month)[1]
    assert end == dt.date(start.year + years, start.month, min(start.day, last))


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_recorded():
    calendar = Calendar()
    assert calendar.add_workdays(D("2026-12-30"), 3) == D("2027-01-04")  # 2027-01-01 counted
    assert calendar.fallback_years == {2027}
    assert "2027年没有法定节假日数据" in calendar.fallback_note(D("2027-01-04"))
    assert calendar.fallback_note(D("2022-01-04")) == ""


def test_years_with_data_are_not_recorded_as_fallback():
    calendar = Calendar()
    calendar.add_workdays(D("2022-09-28"), 7)
    assert calendar.fallback_years == set()


@given(COVERED, st.integers(min_value=0, max_value=60))
def test_add_workdays_matches_the_library_walked_day_by_day(start, n):
    assert Calendar().add_workdays(start, n) == reference_add_workdays(start, n)


@given(ANY, st.integers(min_value=1, max_value=400))
def test_the_nth_working_day_is_a_working_day_with_n_working_days_up_to_it(start, n):
    calendar = Calendar()
    end = calendar.add_workdays(start, n)
    assert end > start
    assert calendar.is_workday(end)
    assert calendar.workdays_between(start, end) == n
    assert calendar.workdays_between(start, end - dt.timedelta(days=1)) == n - 1


@given(ANY, ANY, ANY)
def test_workdays_between_adds_up(a, b, c):
    a, b, c = sorted((a, b, c))
    calendar = Calendar()
    assert calendar.workdays_between(a, b) + calendar.workdays_between(b, c) == (
        calendar.workdays_between(a, c)
    )


@given(ANY, st.integers(min_value=0, max_value=400))
def test_a_rolled_period_ends_on_the_first_working_day_at_or_after_its_last_day(start, n):
    calendar = Calendar()
    plain, rolled = calendar.add_days(start, n, roll=False), calendar.add_days(start, n)
    assert plain == start + dt.timedelta(days=n)
    assert rolled >= plain and calendar.is_workday(rolled)
    assert calendar.workdays_between(plain - dt.timedelta(days=1), rolled) == 1


@given(st.dates(min_value=D("2027-01-01"), max_value=D("2090-12-31")))
def test_fallback_years_count_monday_to_friday(day):
    calendar = Calendar()
    assert calendar.is_workday(day) == (day.weekday() < 5)
    assert day.year in calendar.fallback_years


# The State Council's 2027 schedule, as a review config would carry it before chinesecalendar does.
SCHEDULE_2027 = HolidaySchedule(
    off=frozenset({dt.date(2027, 1, 1), dt.date(2027, 2, 8), dt.date(2027, 2, 9)}),
    workdays=frozenset({dt.date(2027, 2, 6)}),  # a Saturday worked (调休)
)


def test_a_published_schedule_counts_a_year_the_package_lacks():
    calendar = Calendar(SCHEDULE_2027)
    assert not calendar.is_workday(dt.date(2027, 1, 1))  # 元旦, a Friday
    assert calendar.is_workday(dt.date(2027, 2, 6))  # Saturday, worked
    # Thursday 2026-12-31 + 1 working day: not 元旦 but Monday 4 January
    assert calendar.add_workdays(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert calendar.fallback_years == set()
    plain = Calendar()
    assert plain.add_workdays(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 1)
    assert plain.fallback_years == {2027}


def test_a_rest_day_of_a_year_only_the_schedule_knows_is_named():
    calendar = Calendar(SCHEDULE_2027)
    assert calendar.rest_day(dt.date(2027, 2, 8)) == "法定节假日"  # a Monday off
    assert calendar.rest_day(dt.date(2027, 1, 2)) == "星期六"
    assert calendar.rest_day(dt.date(2027, 2, 6)) is None  # the Saturday worked


def test_the_schedule_overrides_the_package_for_a_year_it_knows():
    day_off = dt.date(2024, 7, 15)  # an ordinary Monday, made a day off by the schedule
    calendar = Calendar(HolidaySchedule(off=frozenset({day_off})))
    assert Calendar().is_workday(day_off) and not calendar.is_workday(day_off)
    assert calendar.add_workdays(dt.date(2024, 7, 12), 1) == dt.date(2024, 7, 16)
