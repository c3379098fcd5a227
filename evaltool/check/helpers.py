"""Small pieces that checks share: procedure scoping, required values, penalty kinds, wording."""

import datetime as dt
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any

from evaltool.check.params import dated
from evaltool.check.spec import NeedsReview, Param
from evaltool.fields import PENALTY_KINDS
from evaltool.model import Case, Verdict, not_applicable
from evaltool.read.values import ENUMS

LAW = "《中华人民共和国行政处罚法》"
REVISION_2021 = "2021-07-15"  # the 2021 revision applies to decisions from this day
BEFORE_2021 = "2021-07-14"
REVISION_DATE = dt.date.fromisoformat(REVISION_2021)
OLD_LAW = "《中华人民共和国行政处罚法》（2021年修订前）"

PROCEDURES = tuple(dict.fromkeys(ENUMS["procedure"].values()))
PARTY_TYPES = tuple(dict.fromkeys(ENUMS["party_type"].values()))
NATURAL, ORGANISATION, INDIVIDUAL_BUSINESS = PARTY_TYPES


def law(*articles: str) -> str:
    """A citation of the 行政处罚法: ``law("第六十一条", "第八十五条")``."""
    return LAW + "、".join(articles)


def cite(case: Case, new: str, old: str | None = None) -> str:
    """The article in force at the decision: 2021 numbering, or ``old`` for decisions before 2021-07-15."""
    decided = case.get("decided_on")
    if old and isinstance(decided, dt.date) and decided < REVISION_DATE:
        return OLD_LAW + old
    return law(new)


def _members(allowed: tuple[str, ...], what: str):
    def check(value: list) -> str | None:
        wrong = [v for v in value if v not in allowed]
        if wrong:
            shown = "、".join(map(str, wrong))
            return f"中有未知的{what}「{shown}」（可选：{'、'.join(allowed)}）"
        return None

    return check


def non_negative(value: Any) -> str | None:
    """Param check: a number that is not negative."""
    return "不能为负数" if value < 0 else None


def one_of(*allowed: str):
    """Param check: one of the given texts."""

    def check(value: str) -> str | None:
        return None if value in allowed else f"应为 {'、'.join(allowed)} 之一，实际为「{value}」"

    return check


check_procedures = _members(PROCEDURES, "程序类型")
check_kinds = _members(PENALTY_KINDS, "处罚种类")


def procedures_param(*default: str) -> Param:
    """The ``procedures`` param: the procedure types a check applies to."""
    return Param(
        list,
        list(default or ("普通程序",)),
        "适用的程序类型列表，如 [普通程序, 简易程序]",
        check_procedures,
    )


def days_param(default: Any, description: str) -> Param:
    """A count of days (or years): a whole number, not negative."""
    return Param(int, default, description, non_negative)


ROLL_PARAM = Param(
    bool,
    True,
    "期间（按日、按年计算）的最后一日是法定节假日的，是否顺延至节假日后的第一个工作日",
)

# 行政处罚法 art. 85 (new in 2021): its 二日、三日、五日、七日 are working days.
LAW_WORKING_DAYS_PARAM = Param(
    bool,
    dated(
        (None, BEFORE_2021, False, f"{OLD_LAW}未规定按工作日计算，按自然日计算"),
        (REVISION_2021, None, True, law("第八十五条") + "：二日、三日、五日、七日指工作日"),
    ),
    "行政处罚法规定的期间是否按工作日计算（2021年7月15日起按工作日）",
)


def outside_procedures(case: Case, procedures: list[str]) -> Verdict | None:
    """``not_applicable`` when the case's procedure type is known and not covered, else None."""
    procedure = case.get("procedure")
    if procedure is not None and procedure not in procedures:
        return not_applicable(
            f"本项只适用于{'、'.join(procedures)}，本案为{procedure}", "procedure"
        )
    return None


def within_procedures(procedure: str | None, procedures: list[str]) -> bool:
    """Whether a check scoped to ``procedures`` goes on for this procedure type (the converse
    of ``outside_procedures``, for fast forms: an unknown type goes on too)."""
    return procedure is None or procedure in procedures


def require(case: Case, keys: tuple[str, ...], purpose: str) -> list[Any]:
    """The values of ``keys``; ``NeedsReview`` naming the blank ones and what they were needed for."""
    values = [case.get(key) for key in keys]
    missing = [key for key, value in zip(keys, values, strict=True) if value is None]
    if missing:
        raise NeedsReview(
            f"{'、'.join(case.describe(k) for k in missing)}未填写，{purpose}", *missing
        )
    return values


def canonical_kind(text: str) -> str:
    """A penalty kind as the contract names it; common longer wordings folded (吊销营业执照 → 吊销许可证件)."""
    if text in PENALTY_KINDS:
        return text
    for prefix, kind in (("吊销", "吊销许可证件"), ("暂扣", "暂扣许可证件")):
        if text.startswith(prefix):
            return kind
    if text.startswith("没收"):
        return "没收违法所得" if "所得" in text else "没收非法财物"
    if "罚款" in text:
        return "罚款"
    return text


def kinds_of(case: Case) -> list[str]:
    """The case's penalty kinds in canonical form, in order, without repeats."""
    return canonical_kinds(case.get("penalty_kinds"))


def canonical_kinds(kinds: list[str] | None) -> list[str]:
    """Penalty kinds as read (a list, or None) in canonical form, in order, without repeats."""
    return list(_canonical_kinds(tuple(kinds or ())))


@lru_cache(maxsize=4096)  # a register holds a few dozen combinations of kinds, over and over
def _canonical_kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(map(canonical_kind, kinds)))


def flat(text: str) -> str:
    """A text as numbers are compared: NFKC-folded (full-width to half-width), without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def day(value: dt.date) -> str:
    """A date as messages show it: 2022-09-28."""
    return value.isoformat()


def money(value: Any) -> str:
    """An amount in 元 as messages show it: 5000元, 0.5元."""
    amount = Decimal(str(value))
    text = f"{amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}元"


def count_days(n: int, working: bool) -> str:
    """``7个工作日`` or ``7日``."""
    return f"{n}个工作日" if working else f"{n}日"


def add_law_days(ctx, start: dt.date, n: int, working: bool, roll: bool = True) -> dt.date:
    """The last day of an n-day period from ``start``: working days, or calendar days (rolled)."""
    return (
        ctx.calendar.add_workdays(start, n)
        if working
        else ctx.calendar.add_days(start, n, roll=roll)
    )


def law_deadline(ctx, start: dt.date, n: int, working: bool, roll: bool = True):
    """``(last day, its text)`` of an n-day period: working days, or calendar days with ``period_end``."""
    end = add_law_days(ctx, start, n, working, roll)
    if working:
        return end, day(end)
    return end, period_end(ctx, start + dt.timedelta(days=n), end, f"第 {n} 日")


def on_day(ctx, value: dt.date) -> str:
    """A date with the rest day it falls on: ``2023-03-18（星期六）``, or the bare date on a working day."""
    rest = ctx.calendar.rest_day(value)
    return f"{day(value)}（{rest}）" if rest else day(value)


def working_position(ctx, start: dt.date, end: dt.date, since: str) -> str:
    """Where ``end`` stands in working days after ``start``, true on rest days too.

    ``决定后第 7 个工作日`` on a working day; on a rest day the count of working days already
    passed: ``星期六，已过决定后第 7 个工作日``.
    """
    used = ctx.calendar.workdays_between(start, end)
    rest = ctx.calendar.rest_day(end)
    return f"{rest}，已过{since}第 {used} 个工作日" if rest else f"{since}第 {used} 个工作日"


def period_end(ctx, nominal: dt.date, end: dt.date, count: str) -> str:
    """The last day of a calendar period with the rule that moved it, or why it was not moved.

    ``nominal`` is the period's last day by count, ``end`` the day it ends (rolled or not);
    ``count`` names the nominal day: ``第 90 日``.
    """
    if end != nominal:
        rest = ctx.calendar.rest_day(nominal)
        return f"{day(end)}（{count} {day(nominal)} 为{rest}，顺延至其后第一个工作日）"
    rest = ctx.calendar.rest_day(end)
    return f"{day(end)}（{rest}，按本评查标准不顺延）" if rest else day(end)
