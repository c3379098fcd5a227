"""Deadline checks: decision within 90 days of filing, service within 7 working days."""

import evaltool
from evaltool.check.helpers import PROCEDURES_PARAM, day, outside_procedures
from evaltool.check.spec import Param, check_info
from evaltool.model import failed, needs_review, passed

ART_60 = "《中华人民共和国行政处罚法》第六十条"
ART_61_85 = "《中华人民共和国行政处罚法》第六十一条、第八十五条"


@check_info(
    title="在法定期限内作出处罚决定",
    basis=ART_60,
    reads=("filed_on", "decided_on", "extension_days", "excluded_days", "procedure"),
    requires=("filed_on", "decided_on"),
    params={
        "days": Param(int, 90, "立案之日起作出决定的期限（日）"),
        "procedures": PROCEDURES_PARAM,
    },
)
def decision(case, params, ctx):
    """Decision within N calendar days of 立案, plus approved extension and excluded periods."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    filed, decided = case.get("filed_on"), case.get("decided_on")
    if filed is None or decided is None:
        missing = [k for k in ("filed_on", "decided_on") if case.get(k) is None]
        return needs_review(
            f"{'、'.join(case.describe(k) for k in missing)}未填写，无法计算办案期限", *missing
        )
    extension, excluded = case.get("extension_days", 0), case.get("excluded_days", 0)
    days = params["days"] + extension + excluded
    deadline = ctx.calendar.add_days(filed, days)
    used = (decided - filed).days
    if decided <= deadline:
        return passed(
            f"立案 {day(filed)}，决定 {day(decided)}，用时 {used} 日，期限至 {day(deadline)}",
            "filed_on",
            "decided_on",
        )
    detail = (
        f"立案日期 {day(filed)}，决定日期 {day(decided)}，用时 {used} 日，"
        f"超过{params['days']}日期限（计入延期 {extension} 日、不计入期间 {excluded} 日，应于 "
        f"{day(deadline)} 前作出决定）"
    )
    register = case.register
    if not (register.has_column("extension_days") or register.has_column("excluded_days")):
        return needs_review(
            f"{detail}；登记表没有延期和不计入期间的记录，需人工核对是否经批准延期（{ART_60}）",
            "filed_on",
            "decided_on",
        )
    return failed(
        f"超期作出处罚决定：{detail}（{ART_60}）",
        "filed_on",
        "decided_on",
        "extension_days",
        "excluded_days",
    )


@check_info(
    title="处罚决定书在七个工作日内送达",
    basis=ART_61_85,
    reads=("decided_on", "served_on", "procedure"),
    requires=("decided_on", "served_on"),
    params={
        "days": Param(int, 7, "决定之日起送达的期限（工作日）"),
        "procedures": PROCEDURES_PARAM,
    },
)
def service(case, params, ctx):
    """Decision served within N working days of the decision (start day not counted)."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    decided, served = case.get("decided_on"), case.get("served_on")
    if decided is None or served is None:
        missing = [k for k in ("decided_on", "served_on") if case.get(k) is None]
        return needs_review(
            f"{'、'.join(case.describe(k) for k in missing)}未填写，无法核对送达期限", *missing
        )
    if served < decided:
        return needs_review(
            f"送达日期 {day(served)} 早于决定日期 {day(decided)}，需人工核对",
            "decided_on",
            "served_on",
        )
    deadline = ctx.calendar.add_workdays(decided, params["days"])
    used = ctx.calendar.workdays_between(decided, served)
    if served <= deadline:
        return passed(
            f"决定 {day(decided)}，送达 {day(served)}，期限至 {day(deadline)}",
            "decided_on",
            "served_on",
        )
    return failed(
        f"处罚决定书送达超期：决定日期 {day(decided)}，送达日期 {day(served)}（第 {used} 个工作日），"
        f"应在 {params['days']} 个工作日内即 {day(deadline)} 前送达（{ART_61_85}）",
        "decided_on",
        "served_on",
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("deadline.decision", decision)
    register("deadline.service", service)
