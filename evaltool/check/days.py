"""Day counting for legal periods: working days per the State Council schedule, and calendar periods.

The start day is never counted. Holidays and 调休 make-up days come from the
``chinesecalendar`` package; for a year it has no data for, Monday to Friday
are taken as working days and the year is recorded in ``fallback_years`` so
that the results and the terminal can say so.
"""

import datetime as dt

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


class Calendar:
    """Working-day arithmetic for one run."""

    def __init__(self, *, roll_to_workday: bool = True):
        self.roll_to_workday = roll_to_workday
        self.fallback_years: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (调休 make-up days included)."""
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.fallback_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day, counted = start, 0
        while counted < n:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def add_days(self, start: dt.date, n: int) -> dt.date:
        """The last day of a calendar period of n days from ``start``.

        When that day is not a working day and ``roll_to_workday`` is on, the
        period ends on the next working day (民事诉讼法 art. 85 by analogy).
        """
        end = start + dt.timedelta(days=n)
        while self.roll_to_workday and not self.is_workday(end):
            end += ONE_DAY
        return end
