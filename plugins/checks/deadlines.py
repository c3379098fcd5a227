"""Deadline checks: filing after the clue, decision after filing, service after the decision."""

import datetime as dt
from functools import cache

import evaltool
from evaltool import NeedsReview, check_info, dated, failed, needs_review, not_applicable, passed
from evaltool.check.helpers import (
    BEFORE_2021,
    LAW_WORKING_DAYS_PARAM,
    OLD_LAW,
    REVISION_2021,
    ROLL_PARAM,
    cite,
    count_days,
    day,
    days_param,
    law,
    law_deadline,
    on_day,
    outside_procedures,
    period_end,
    procedures_param,
    require,
    within_procedures,
    working_position,
)

FILING_RULE = "《市场监督管理行政处罚程序规定》第十八条"


def _filing_clear(batch, params, ctx):
    """Fast form of ``filing``: filed on or after the clue and within ``days`` working days."""
    procedures = params["procedures"]
    last_day = cache(lambda found: ctx.calendar.add_workdays(found, params["days"]))

    def clear(procedure, found, filed) -> bool:
        if not within_procedures(procedure, procedures) or found is None or filed is None:
            return False
        return found <= filed <= last_day(found)

    return list(map(clear, batch["procedure"], batch["discovered_on"], batch["filed_on"]))


@check_info(
    title="在规定期限内立案",
    basis=FILING_RULE,
    reads=("discovered_on", "filed_on", "procedure"),
    params={
        "days": days_param(15, "发现线索或者收到材料之日起决定是否立案的期限（工作日）"),
        "extension_days": days_param(15, "经负责人批准可以延长的期限（工作日，0 为不可延长）"),
        "procedures": procedures_param(),
    },
    clear_passes=_filing_clear,
)
def filing(case, params, ctx):
    """立案 within ``days`` working days of discovering the clue, or ``extension_days`` more with approval.

    The register records no approval of an extension, so a filing inside the
    extended period goes to a reviewer instead of passing or failing.
    """
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    found, filed = require(case, ("discovered_on", "filed_on"), "无法核对立案期限")
    if filed < found:
        raise NeedsReview(
            f"立案日期 {day(filed)} 早于发现日期 {day(found)}，需人工核对",
            "discovered_on",
            "filed_on",
        )
    days, extra = params["days"], params["extension_days"]
    deadline = ctx.calendar.add_workdays(found, days)
    note = ctx.calendar.fallback_note(found, filed, deadline)
    seen = f"发现日期 {day(found)}，立案日期 {day(filed)}（{working_position(ctx, found, filed, '发现后')}）"
    if filed <= deadline:
        return passed(f"{seen}，期限至 {day(deadline)}{note}", "discovered_on", "filed_on")
    extended = ctx.calendar.add_workdays(found, days + extra)
    if extra and filed <= extended:
        return needs_review(
            f"{seen}，超过 {days} 个工作日（至 {day(deadline)}），在延长后的期限 {day(extended)} 内，"
            f"需核对是否经负责人批准延长（{FILING_RULE}）{note}",
            "discovered_on",
            "filed_on",
        )
    limit = f"{days}个工作日" + (
        f"（经批准延长后 {days + extra} 个工作日，至 {day(extended)}）" if extra else ""
    )
    return failed(
        f"立案超期：{seen}，应在 {limit}内决定是否立案，最迟 {day(extended if extra else deadline)}"
        f"（{FILING_RULE}）{note}",
        "discovered_on",
        "filed_on",
    )


def _decision_clear(batch, params, ctx):
    """Fast form of ``decision``: decided by the last day of the period, computed as the check does."""
    days, procedures, roll = params["days"], params["procedures"], params["roll_to_workday"]
    if days is None:
        return [False] * len(batch)

    @cache
    def last_day(filed, total):
        deadline = ctx.calendar.add_days(filed, total, roll=roll)
        period_end(ctx, filed + dt.timedelta(days=total), deadline, "")  # the same days looked up
        return deadline

    return [
        within_procedures(procedure, procedures)
        and filed is not None
        and decided is not None
        and decided <= last_day(filed, days + (extension or 0) + (excluded or 0))
        for procedure, filed, decided, extension, excluded in zip(
            batch["procedure"],
            batch["filed_on"],
            batch["decided_on"],
            batch["extension_days"],
            batch["excluded_days"],
            strict=True,
        )
    ]


@check_info(
    title="在法定期限内作出处罚决定",
    basis=law("第六十条"),
    reads=("filed_on", "decided_on", "extension_days", "excluded_days", "procedure"),
    requires=("filed_on", "decided_on"),
    params={
        "days": days_param(
            dated(
                (None, BEFORE_2021, None, f"{OLD_LAW}未规定统一的作出处罚决定期限"),
                (REVISION_2021, None, 90, law("第六十条")),
            ),
            "立案之日起作出处罚决定的期限（日），不含批准延期和不计入期间",
        ),
        "procedures": procedures_param(),
        "roll_to_workday": ROLL_PARAM,
    },
    clear_passes=_decision_clear,
)
def decision(case, params, ctx):
    """Decision within ``days`` calendar days of 立案, plus approved extension and excluded periods.

    Late with no 延期天数 / 不计入期间天数 column in the register → needs_review
    (an approved extension may be in the file); late with them → fail.
    """
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    filed, decided = require(case, ("filed_on", "decided_on"), "无法计算办案期限")
    days, source = params["days"], params.source("days") or law("第六十条")
    if days is None:
        return not_applicable(
            f"决定日期 {day(decided)}：{source}，请按本地区、本行业规定核对", "decided_on"
        )
    extension, excluded = case.get("extension_days", 0), case.get("excluded_days", 0)
    total = days + extension + excluded
    deadline = ctx.calendar.add_days(filed, total, roll=params["roll_to_workday"])
    last = period_end(ctx, filed + dt.timedelta(days=total), deadline, f"第 {total} 日")
    used = (decided - filed).days
    note = ctx.calendar.fallback_note(filed, deadline)
    seen = f"立案日期 {day(filed)}，决定日期 {day(decided)}，用时 {used} 日"
    if decided <= deadline:
        return passed(f"{seen}，期限至 {last}{note}", "filed_on", "decided_on")
    detail = (
        f"{seen}，超过{days}日期限（计入延期 {extension} 日、不计入期间 {excluded} 日，"
        f"最迟应于 {last} 作出决定）{note}"
    )
    register = case.register
    if not (register.has_column("extension_days") or register.has_column("excluded_days")):
        return needs_review(
            f"{detail}；登记表没有延期和不计入期间的记录，需人工核对是否经批准延期（{source}）",
            "filed_on",
            "decided_on",
        )
    return failed(
        f"超期作出处罚决定：{detail}（{source}）",
        "filed_on",
        "decided_on",
        "extension_days",
        "excluded_days",
    )


def _service_clear(batch, params, ctx):
    """Fast form of ``service``: served on or after the decision and by the last day."""
    days, working, procedures = params["days"], params["working_days"], params["procedures"]
    last_day = cache(lambda decided: law_deadline(ctx, decided, days, working)[0])
    return [
        within_procedures(procedure, procedures)
        and decided is not None
        and served is not None
        and decided <= served <= last_day(decided)
        for procedure, decided, served in zip(
            batch["procedure"], batch["decided_on"], batch["served_on"], strict=True
        )
    ]


@check_info(
    title="处罚决定书在七个工作日内送达",
    basis=law("第六十一条", "第八十五条"),
    reads=("decided_on", "served_on", "procedure"),
    requires=("decided_on", "served_on"),
    params={
        "days": days_param(7, "决定之日起送达处罚决定书的期限"),
        "working_days": LAW_WORKING_DAYS_PARAM,
        "procedures": procedures_param(),
    },
    clear_passes=_service_clear,
)
def service(case, params, ctx):
    """Decision served within ``days`` working days of the decision (start day not counted).

    Before 2021-07-15 the law's 7 days were calendar days (param ``working_days``).
    """
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    decided, served = require(case, ("decided_on", "served_on"), "无法核对送达期限")
    if served < decided:
        raise NeedsReview(
            f"送达日期 {day(served)} 早于决定日期 {day(decided)}，需人工核对",
            "decided_on",
            "served_on",
        )
    days, working = params["days"], params["working_days"]
    deadline, last = law_deadline(ctx, decided, days, working)
    note = ctx.calendar.fallback_note(decided, served, deadline)
    article = cite(case, "第六十一条、第八十五条", "第四十条")
    seen = f"决定日期 {day(decided)}，送达日期 {day(served)}"
    if served <= deadline:
        return passed(f"{seen}，期限至 {last}{note}", "decided_on", "served_on")
    if working:
        seen += f"（{working_position(ctx, decided, served, '决定后')}）"
    else:
        seen = f"决定日期 {day(decided)}，送达日期 {on_day(ctx, served)}"
    return failed(
        f"处罚决定书送达超期：{seen}，应在决定之日起 {count_days(days, working)}内送达，"
        f"最迟 {last}（{article}）{note}",
        "decided_on",
        "served_on",
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("deadline.filing", filing)
    register("deadline.decision", decision)
    register("deadline.service", service)
