"""Procedure-type checks: the simple procedure (简易程序) only within its legal limits."""

from decimal import Decimal

import evaltool
from evaltool import NeedsReview, Param, check_info, dated, failed, not_applicable, passed
from evaltool.check.helpers import (
    BEFORE_2021,
    INDIVIDUAL_BUSINESS,
    NATURAL,
    OLD_LAW,
    ORGANISATION,
    REVISION_2021,
    cite,
    kinds_of,
    law,
    money,
    one_of,
)

SUMMARY = "简易程序"
SUMMARY_KINDS = ("警告", "罚款")


def _check_limits(value: dict) -> str | None:
    missing = {NATURAL, ORGANISATION} - set(value)
    unknown = set(value) - {NATURAL, ORGANISATION, INDIVIDUAL_BUSINESS}
    if missing or unknown:
        return f"应为 {{{NATURAL}: 元, {ORGANISATION}: 元}}（可加 {INDIVIDUAL_BUSINESS}），实际为「{dict(value)}」"
    if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in value.values()):
        return "的金额应为非负数（元）"
    return None


def _limits_for(case, party, limits: dict, individual_as: str | None):
    """The limits that may apply to the party, and why more than one may (or how one was chosen)."""
    if party == INDIVIDUAL_BUSINESS and party not in limits:
        if individual_as:
            return [(individual_as, limits[individual_as])], f"个体工商户按{individual_as}计"
        both = [(k, limits[k]) for k in (NATURAL, ORGANISATION)]
        return both, "评查标准未规定个体工商户按自然人还是按组织计算限额"
    if party is None:
        both = [(k, limits[k]) for k in (NATURAL, ORGANISATION)]
        return both, f"{case.describe('party_type')}未填写"
    return [(party, limits[party])], ""


def _summary_clear(batch, params, ctx):
    """Fast form of ``summary_eligibility``: a simple-procedure case with a warning, or a fine
    within every limit that may apply to its party."""
    limits, individual_as = params["limits"], params["individual_business_as"]

    def clear(case) -> bool:
        if case.get("procedure") != SUMMARY:
            return False
        kinds = kinds_of(case)
        if not kinds or any(k not in SUMMARY_KINDS for k in kinds):
            return False
        if "罚款" not in kinds:
            return True
        fine = case.get("fine")
        if fine is None:
            return False
        allowed, _ = _limits_for(case, case.get("party_type"), limits, individual_as)
        return not any(fine > Decimal(str(v)) for _, v in allowed)

    return [clear(case) for case in batch.cases]


@check_info(
    title="简易程序适用条件合法",
    basis=law("第五十一条"),
    reads=("procedure", "penalty_kinds", "fine", "party_type", "decided_on"),
    requires=("procedure", "penalty_kinds"),
    optional=("fine", "party_type"),
    params={
        "limits": Param(
            dict,
            dated(
                (None, BEFORE_2021, {NATURAL: 50, ORGANISATION: 1000}, OLD_LAW + "第三十三条"),
                (REVISION_2021, None, {NATURAL: 200, ORGANISATION: 3000}, law("第五十一条")),
            ),
            f"当场处罚的罚款上限（元，含本数）：{{{NATURAL}: 元, {ORGANISATION}: 元}}",
            _check_limits,
        ),
        "individual_business_as": Param(
            str,
            None,
            "个体工商户按哪一类当事人计算限额（自然人 或 法人及非法人组织）；未规定时，"
            "只有两类结果不同的案件需人工核对",
            one_of(NATURAL, ORGANISATION),
        ),
    },
    clear_passes=_summary_clear,
)
def summary_eligibility(case, params, ctx):
    """A simple-procedure case imposes only a warning or a fine within the limit for its party type."""
    procedure = case.get("procedure")
    if procedure is None:
        raise NeedsReview(
            f"{case.describe('procedure')}未填写，无法判断是否适用简易程序", "procedure"
        )
    if procedure != SUMMARY:
        return not_applicable(f"本案为{procedure}，不适用简易程序的条件", "procedure")
    kinds = kinds_of(case)
    if not kinds:
        raise NeedsReview(
            f"{case.describe('penalty_kinds')}未填写，无法核对简易程序适用条件", "penalty_kinds"
        )
    article = cite(case, "第五十一条", "第三十三条")
    other = [k for k in kinds if k not in SUMMARY_KINDS]
    if other:
        return failed(
            f"适用简易程序但处罚种类含{'、'.join(other)}：简易程序只能当场作出警告或者小额罚款（{article}）",
            "procedure",
            "penalty_kinds",
        )
    if "罚款" not in kinds:
        return passed("适用简易程序，处罚种类为警告", "procedure", "penalty_kinds")
    fine = case.get("fine")
    if fine is None:
        raise NeedsReview(f"处罚种类含罚款，但{case.describe('fine')}未填写，无法核对限额", "fine")
    limits, source = params["limits"], params.source("limits") or "本评查标准规定的限额"
    party = case.get("party_type")
    allowed, assumption = _limits_for(case, party, limits, params["individual_business_as"])
    rule = "，".join(f"对{k}罚款{money(v)}以下" for k, v in allowed)
    over = [k for k, v in allowed if fine > Decimal(str(v))]
    cells = ("procedure", "fine", "party_type")
    note = f"（{assumption}）" if assumption else ""
    if not over:
        return passed(
            f"适用简易程序，罚款 {money(fine)}，在限额内（按{source}，{rule}）{note}", *cells
        )
    if len(over) < len(allowed):
        raise NeedsReview(
            f"适用简易程序，罚款 {money(fine)}；{assumption}，按{source}，{rule}，需人工核对",
            *cells,
        )
    return failed(
        f"罚款 {money(fine)} 超过简易程序限额：按{source}，{rule}方可当场处罚{note}，"
        f"本案应适用普通程序（{article}）",
        *cells,
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("procedure.summary_eligibility", summary_eligibility)
