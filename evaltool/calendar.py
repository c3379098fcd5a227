"""Day counting for legal periods: working days per the State Council schedule, and calendar periods.

The start day is never counted. Holidays and 调休 make-up days come from the
``chinesecalendar`` package and from the review config's ``holidays`` schedule
(the State Council publishes next year's schedule weeks before the package has
it): the schedule's dates off and 调休 workdays override the package, and a year
the schedule names counts as known. For a year neither knows, Monday to Friday
are taken as working days and the year is recorded in ``fallback_years`` so
that the results and the terminal can say so.

Each year's working days are computed once per run and kept as a sorted list
of ordinals, so every operation is a few binary searches, whatever the period.
"""

import bisect
import datetime as dt
from dataclasses import dataclass

import chinese_calendar

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class HolidaySchedule:
    """A published holiday schedule: dates off (法定节假日) and 调休 working days (weekend days
    worked). Every year it names a date of counts as known."""

    off: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    @property
    def years(self) -> set[int]:
        return {day.year for day in self.off | self.workdays}


class Calendar:
    """Working-day and calendar-period arithmetic for one run."""

    def __init__(self, schedule: HolidaySchedule | None = None):
        self.schedule = schedule or HolidaySchedule()
        self.fallback_years: set[int] = set()
        self._workdays: dict[int, list[int]] = {}
        self._rest: dict[dt.date, str | None] = {}  # rest_day, once per day asked about

    def _year(self, year: int) -> list[int]:
        """The ordinals of the working days of ``year``, in order."""
        days = self._workdays.get(year)
        if days is None:
            first = dt.date(year, 1, 1).toordinal()
            every = [
                dt.date.fromordinal(o) for o in range(first, dt.date(year, 12, 31).toordinal() + 1)
            ]
            try:
                chinese_calendar.is_workday(every[0])  # raises for a year without data
            except NotImplementedError:
                if year not in self.schedule.years:
                    self.fallback_years.add(year)
                extra, off = set(), set()
            else:
                extra, off = set(chinese_calendar.workdays), set(chinese_calendar.holidays)
            extra = (extra - self.schedule.off) | self.schedule.workdays
            off = (off - self.schedule.workdays) | self.schedule.off
            # the rule of chinese_calendar.is_workday, applied to the tables
            days = [
                d.toordinal() for d in every if d in extra or (d.weekday() < 5 and d not in off)
            ]
            self._workdays[year] = days
        return days

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (调休 make-up days included)."""
        days = self._year(day.year)
        index = bisect.bisect_left(days, day.toordinal())
        return index < len(days) and days[index] == day.toordinal()

    def rest_day(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day, in Chinese (``星期六``, ``国庆节假日``), or None."""
        if day not in self._rest:
            self._rest[day] = self._rest_day(day)
        return self._rest[day]

    def _rest_day(self, day: dt.date) -> str | None:
        if self.is_workday(day):
            return None
        try:
            _, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:  # a year only the review config's schedule knows
            name = None
        if name:
            return f"{chinese_calendar.Holiday(name).chinese}假日"
        if day in self.schedule.off:
            return "法定节假日"
        return WEEKDAYS[day.weekday()]

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself not counted); ``start`` for n = 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        year, after = start.year, start.toordinal()
        while True:
            days = self._year(year)
            index = bisect.bisect_right(days, after)
            if len(days) - index >= n:
                return dt.date.fromordinal(days[index + n - 1])
            n -= len(days) - index
            year += 1

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        if end <= start:
            return 0
        first, last = start.toordinal(), end.toordinal()
        if start.year == end.year:
            days = self._year(start.year)
            return bisect.bisect_right(days, last) - bisect.bisect_right(days, first)
        return sum(
            bisect.bisect_right(days, last) - bisect.bisect_right(days, first)
            for days in map(self._year, range(start.year, end.year + 1))
        )

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)

    def add_days(self, start: dt.date, n: int, *, roll: bool = True) -> dt.date:
        """The last day of a calendar period of n days from ``start``.

        With ``roll``, a period whose last day is not a working day ends on the
        next working day (民事诉讼法 art. 85, applied by analogy).
        """
        end = start + dt.timedelta(days=n)
        return self.next_workday(end) if roll else end

    def add_years(self, start: dt.date, n: int, *, roll: bool = True) -> dt.date:
        """The last day of a period of n years from ``start``: the same day n years on.

        A start day that the final month lacks (29 February) ends on that month's
        last day (民法典 art. 202); ``roll`` as for ``add_days``.
        """
        year = start.year + n
        end = dt.date(year, start.month, min(start.day, _days_in_month(year, start.month)))
        return self.next_workday(end) if roll else end

    def fallback_note(self, *days: dt.date) -> str:
        """A Chinese remark for messages when a period between these days was counted Monday–Friday.

        Pass every date of the computation, the computed deadline included.
        """
        if not self.fallback_years:
            return ""
        low, high = min(d.year for d in days), max(d.year for d in days)
        years = sorted(y for y in self.fallback_years if low <= y <= high)
        if not years:
            return ""
        return f"（{no_data_warning(years)}，请更新 chinesecalendar 后复核）"


def no_data_warning(years) -> str:
    """The one Chinese warning for years counted Monday–Friday for want of holiday data ("" if none)."""
    years = sorted(set(years))
    if not years:
        return ""
    return f"注意：{'、'.join(map(str, years))}年没有法定节假日数据，按周一至周五计算工作日"


def _days_in_month(year: int, month: int) -> int:
    """28 to 31 (the calendar module would cost a start-up import of locale for this)."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day
