"""Publicity (双公示): ordinary-procedure penalty decisions published within the deadline."""

from functools import cache

import evaltool
from evaltool import NeedsReview, Param, check_info, failed, not_applicable, passed
from evaltool.check.helpers import (
    canonical_kinds,
    check_kinds,
    day,
    days_param,
    kinds_of,
    outside_procedures,
    procedures_param,
    require,
    within_procedures,
    working_position,
)

GUIDELINE = "国办发〔2018〕118号"


def _deadline_clear(batch, params, ctx):
    """Fast form of ``deadline``: a decision not of exempt kinds only, published on or after it
    and within ``days`` working days."""
    procedures, exempt = params["procedures"], params["exempt_kinds"]
    last_day = cache(lambda decided: ctx.calendar.add_workdays(decided, params["days"]))

    def clear(procedure, kinds, decided, published) -> bool:
        if not within_procedures(procedure, procedures) or decided is None or published is None:
            return False
        if exempt:
            kinds = canonical_kinds(kinds)
            if not kinds or all(k in exempt for k in kinds):
                return False
        return decided <= published <= last_day(decided)

    columns = ("procedure", "penalty_kinds", "decided_on", "publicized_on")
    return list(map(clear, *(batch[k] for k in columns)))


@check_info(
    title="处罚决定按期公示",
    basis=f"《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（{GUIDELINE}）",
    reads=("decided_on", "publicized_on", "penalty_kinds", "procedure"),
    requires=("decided_on", "publicized_on"),
    params={
        "days": days_param(7, "作出决定之日起公示的期限（工作日）；可带 source 注明出处"),
        "exempt_kinds": Param(list, [], "只给予这些处罚种类的决定不公示，如 [警告]", check_kinds),
        "procedures": procedures_param(),
    },
    clear_passes=_deadline_clear,
)
def deadline(case, params, ctx):
    """Published within ``days`` working days of the decision; decisions of only exempt kinds are not published."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    exempt, kinds = params["exempt_kinds"], kinds_of(case)
    if exempt and kinds and all(k in exempt for k in kinds):
        return not_applicable(f"仅给予{'、'.join(kinds)}的处罚决定不予公示", "penalty_kinds")
    if exempt and not kinds and case.get("publicized_on") is None:
        raise NeedsReview(
            f"{case.describe('penalty_kinds')}和公示日期均未填写，无法判断是否应当公示",
            "penalty_kinds",
        )
    decided, published = require(case, ("decided_on", "publicized_on"), "无法核对是否按期公示")
    if published < decided:
        raise NeedsReview(
            f"公示日期 {day(published)} 早于决定日期 {day(decided)}，需人工核对",
            "decided_on",
            "publicized_on",
        )
    days = params["days"]
    last = ctx.calendar.add_workdays(decided, days)
    note = ctx.calendar.fallback_note(decided, published, last)
    source = params.source("days") or GUIDELINE
    seen = f"决定日期 {day(decided)}，公示日期 {day(published)}"
    if published <= last:
        return passed(f"{seen}，期限至 {day(last)}{note}", "decided_on", "publicized_on")
    position = working_position(ctx, decided, published, "决定后")
    return failed(
        f"处罚决定公示超期：{seen}（{position}），应在作出决定之日起 {days} 个工作日内公示，"
        f"最迟 {day(last)}（{source}）{note}",
        "decided_on",
        "publicized_on",
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("publicity.deadline", deadline)
