"""Notice and hearing checks: prior notice, the party's waiting period, hearing rights and hearing timing."""

from decimal import Decimal
from functools import cache

import evaltool
from evaltool import NeedsReview, Param, check_info, dated, failed, not_applicable, passed
from evaltool.check.helpers import (
    BEFORE_2021,
    INDIVIDUAL_BUSINESS,
    LAW_WORKING_DAYS_PARAM,
    NATURAL,
    OLD_LAW,
    ORGANISATION,
    REVISION_2021,
    add_law_days,
    canonical_kinds,
    check_kinds,
    check_procedures,
    cite,
    count_days,
    day,
    days_param,
    kinds_of,
    law,
    law_deadline,
    money,
    one_of,
    outside_procedures,
    procedures_param,
    require,
    within_procedures,
)

# ---------------------------------------------------------------- notice.prior


def _prior_clear(batch, params, ctx):
    """Fast form of ``prior``: notified before the decision, or the same day where allowed."""
    procedures, same_day = params["procedures"], params["same_day_procedures"]
    return [
        within_procedures(procedure, procedures)
        and notified is not None
        and decided is not None
        and (notified < decided or (notified == decided and procedure in same_day))
        for procedure, notified, decided in zip(
            batch["procedure"], batch["notified_on"], batch["decided_on"], strict=True
        )
    ]


@check_info(
    title="作出决定前已事先告知",
    basis=law("第四十四条", "第六十二条"),
    reads=("notified_on", "decided_on", "procedure"),
    params={
        "procedures": procedures_param("普通程序", "简易程序"),
        "same_day_procedures": Param(
            list,
            ["简易程序", "快速办理"],
            "可以在作出决定的当日告知的程序类型",
            check_procedures,
        ),
    },
    clear_passes=_prior_clear,
)
def prior(case, params, ctx):
    """The party was notified (事先告知) before the decision; same-day notice only where allowed."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    notified, decided = require(
        case, ("notified_on", "decided_on"), "无法确认作出决定前是否事先告知"
    )
    article = cite(case, "第四十四条、第六十二条", "第三十一条、第四十一条")
    procedure = case.get("procedure")
    seen = f"告知日期 {day(notified)}，决定日期 {day(decided)}"
    if notified < decided or (notified == decided and procedure in params["same_day_procedures"]):
        return passed(f"{seen}，作出决定前已告知", "notified_on", "decided_on")
    if notified == decided:
        if procedure is None:
            raise NeedsReview(
                f"{seen}，同日告知并决定；{case.describe('procedure')}未填写，"
                "无法判断是否允许当日告知，需人工核对",
                "notified_on",
                "decided_on",
                "procedure",
            )
        return failed(
            f"{seen}，同日告知并作出决定：{procedure}应在作出决定前告知拟处罚的内容及事实、理由、依据，"
            f"并听取当事人的陈述、申辩（{article}）",
            "notified_on",
            "decided_on",
        )
    return failed(
        f"先决定后告知：{seen}，告知晚于决定，未在作出决定前履行告知程序（{article}）",
        "notified_on",
        "decided_on",
    )


# ---------------------------------------------------------------- notice.waiting_period


def _hearing_notified(case) -> bool | None:
    """True when hearing rights were notified (or a hearing was asked for or held), False when not, None unknown."""
    if case.get("hearing_notified") or case.get("hearing_requested_on") or case.get("hearing_on"):
        return True
    return False if case.get("hearing_notified") is False else None


def _waiting_clear(batch, params, ctx):
    """Fast form of ``waiting_period``: decided after every window the check counts has closed."""
    procedures, defence = params["procedures"], params["defence_days"]
    hearing_end = cache(
        lambda notified: law_deadline(
            ctx, notified, params["hearing_days"], params["working_days"]
        )[0]
    )
    defence_end = cache(lambda notified: law_deadline(ctx, notified, defence, True)[0])

    def clear(procedure, notified, decided, hearing_notified, requested, held) -> bool:
        if not within_procedures(procedure, procedures) or notified is None or decided is None:
            return False
        hearing = bool(hearing_notified or requested or held) or hearing_notified is not False
        if not hearing and not defence:
            return False  # no window: 不适用
        return (not hearing or decided > hearing_end(notified)) and (
            not defence or decided > defence_end(notified)
        )

    columns = (
        "procedure",
        "notified_on",
        "decided_on",
        "hearing_notified",
        "hearing_requested_on",
        "hearing_on",
    )
    return list(map(clear, *(batch[k] for k in columns)))


@check_info(
    title="告知后待当事人陈述、申辩和要求听证的期限届满再作决定",
    basis=law("第四十五条", "第六十四条"),
    reads=(
        "notified_on",
        "decided_on",
        "hearing_notified",
        "hearing_requested_on",
        "hearing_on",
        "procedure",
    ),
    requires=("notified_on", "decided_on"),
    optional=("hearing_notified",),
    params={
        "hearing_days": days_param(
            dated(
                (None, BEFORE_2021, 3, OLD_LAW + "第四十二条：告知后三日内提出"),
                (REVISION_2021, None, 5, law("第六十四条") + "：告知后五日内提出"),
            ),
            "告知听证权利后当事人要求听证的期限",
        ),
        "defence_days": days_param(0, "告知后当事人陈述、申辩的期限（工作日，0 为不检查）"),
        "working_days": LAW_WORKING_DAYS_PARAM,
        "procedures": procedures_param(),
    },
    clear_passes=_waiting_clear,
)
def waiting_period(case, params, ctx):
    """The decision comes after the party's window to ask for a hearing (and to state a defence) closed.

    The hearing window applies when hearing rights were notified; the defence
    window (``defence_days`` working days) when the checklist sets one.
    """
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    notified, decided = require(case, ("notified_on", "decided_on"), "无法核对告知后的等待期限")
    hearing = _hearing_notified(case)
    windows = []  # (what, length, last day, its text)
    if hearing is not False:
        days, working = params["hearing_days"], params["working_days"]
        windows.append(
            ("要求听证", count_days(days, working), *law_deadline(ctx, notified, days, working))
        )
    if params["defence_days"]:
        days = params["defence_days"]
        windows.append(("陈述、申辩", f"{days}个工作日", *law_deadline(ctx, notified, days, True)))
    if not windows:
        return not_applicable(
            "未告知听证权利，本评查标准也未规定告知后陈述、申辩的等待期限",
            "hearing_notified",
        )
    note = ctx.calendar.fallback_note(notified, *(w[2] for w in windows))
    seen = f"告知日期 {day(notified)}，决定日期 {day(decided)}"
    still_open = [w for w in windows if decided <= w[2]]
    if not still_open:
        closed = "、".join(f"{w[0]}期限（至 {w[3]}）" for w in windows)
        return passed(f"{seen}，在{closed}届满后作出决定{note}", "notified_on", "decided_on")
    # A hearing window that may not exist (hearing rights not recorded) cannot fail the case alone.
    certain = [w for w in still_open if hearing or w[0] != "要求听证"]
    if not certain:
        what, length, _, last = still_open[0]
        when = "决定不晚于告知" if decided <= notified else "决定日期在此期限内"
        raise NeedsReview(
            f"{seen}；{case.describe('hearing_notified')}未记录，如已告知听证权利，"
            f"当事人可在告知后{length}内（至 {last}）要求听证，{when}，需人工核对{note}",
            "notified_on",
            "decided_on",
        )
    what, length, _, last = max(certain, key=lambda w: w[2])
    article = cite(case, "第四十五条、第六十四条", "第三十二条、第四十二条")
    return failed(
        f"未待期限届满即作出决定：{seen}，当事人{what}的期限为告知后{length}，至 {last} 届满，"
        f"决定应在此后作出（{article}）{note}",
        "notified_on",
        "decided_on",
    )


# ---------------------------------------------------------------- hearing.right_notified

PARTY_KEYS = (NATURAL, ORGANISATION, INDIVIDUAL_BUSINESS)
NO_THRESHOLDS = (
    "本评查标准未规定较大数额（罚没多少金额应当告知听证权利，由省、自治区、直辖市人民政府或"
    "国务院部门规定），无法判断本案是否应当告知听证权利；可改用写明本地较大数额的评查标准"
    "（如重庆市 chongqing），或在评查标准的本评查项目中写明较大数额及其出处（docs/checklists.md）"
)
ACTIVITY_KEYS = ("经营活动", "非经营活动")


HEARING_KINDS_PARAM = Param(
    list,
    dated(
        (None, BEFORE_2021, ["责令停产停业", "吊销许可证件"], OLD_LAW + "第四十二条"),
        (
            REVISION_2021,
            None,
            ["降低资质等级", "吊销许可证件", "责令停产停业", "责令关闭", "限制从业"],
            law("第六十三条"),
        ),
    ),
    "一经作出即应告知听证权利的处罚种类",
    check_kinds,
)


def _check_thresholds(value: dict) -> str | None:
    keys = set(value)
    wrong = [
        k
        for k, v in value.items()
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0
    ]
    if wrong:
        return f"中「{'、'.join(map(str, wrong))}」的金额应为非负数（元）"
    if keys <= set(PARTY_KEYS) and {NATURAL, ORGANISATION} <= keys:
        return None
    if keys == set(ACTIVITY_KEYS):
        return None
    return (
        "应按当事人类别（自然人、法人及非法人组织，可加个体工商户）或按活动性质（经营活动、非经营活动）"
        f"给出金额，实际的键为「{'、'.join(map(str, value))}」"
    )


def _thresholds_for(case, thresholds: dict, params) -> tuple[list[tuple[str, Decimal]], str]:
    """The thresholds that may apply to this case, and the assumption made to choose them."""
    if "经营活动" in thresholds:
        activity = case.get("business_activity")
        if activity is not None:
            key = "经营活动" if activity else "非经营活动"
            return [(key, thresholds[key])], ""
        if case.register.has_column("business_activity"):
            gap = f"{case.describe('business_activity')}未填写"
        else:
            gap = "登记表没有「经营活动」列"
        party = case.get("party_type")
        if party is None:
            return [(k, thresholds[k]) for k in ACTIVITY_KEYS], f"{gap}，当事人类别也未填写"
        key = "非经营活动" if party == NATURAL else "经营活动"
        return [(key, thresholds[key])], f"{gap}，按当事人类别（{party}）推定为{key}"
    party = case.get("party_type")
    if party is None:
        return list(thresholds.items()), f"{case.describe('party_type')}未填写"
    if party == INDIVIDUAL_BUSINESS and party not in thresholds:
        counted = params["individual_business_as"]
        if counted is None:
            both = [(k, thresholds[k]) for k in (NATURAL, ORGANISATION)]
            return both, "评查标准未规定个体工商户按自然人还是按组织计算较大数额"
        return [(counted, thresholds[counted])], f"个体工商户按{counted}计"
    return [(party, thresholds[party])], ""


def _right_notified_clear(batch, params, ctx):
    """Fast form of ``right_notified``: hearing rights notified where a heavy kind or an amount
    (at least one threshold it may be held to, or any amount when the standard sets none) calls
    for them."""
    procedures, heavy_kinds = params["procedures"], params["heavy_kinds"]
    thresholds, confiscation = params["thresholds"], params["confiscation_counts"]

    def clear(case, procedure, notified, requested, held, kinds, fine, confiscated) -> bool:
        # notified as _hearing_notified reads it
        if not within_procedures(procedure, procedures) or not (notified or requested or held):
            return False
        if any(k in heavy_kinds for k in canonical_kinds(kinds)):
            return True
        amounts = [fine, confiscated if confiscation else None]
        amounts = [amount for amount in amounts if amount]
        if not amounts or thresholds is None:
            return bool(amounts)
        candidates, _ = _thresholds_for(case, thresholds, params)
        return any(amount >= Decimal(str(t)) for amount in amounts for _, t in candidates)

    columns = (
        "procedure",
        "hearing_notified",
        "hearing_requested_on",
        "hearing_on",
        "penalty_kinds",
        "fine",
        "confiscated",
    )
    return list(map(clear, batch.cases, *(batch[k] for k in columns)))


@check_info(
    title="依法告知听证权利",
    basis=law("第六十三条"),
    reads=(
        "fine",
        "confiscated",
        "penalty_kinds",
        "party_type",
        "business_activity",
        "hearing_notified",
        "hearing_requested_on",
        "hearing_on",
        "procedure",
        "decided_on",
    ),
    requires=("hearing_notified",),
    optional=("penalty_kinds", "fine"),
    params={
        "thresholds": Param(
            dict,
            None,
            "较大数额：按当事人类别 {自然人: 元, 法人及非法人组织: 元} 或按活动性质 "
            "{经营活动: 元, 非经营活动: 元}，宜带有效期和出处；未配置时按金额判断的案件需人工核对",
            _check_thresholds,
        ),
        "heavy_kinds": HEARING_KINDS_PARAM,
        "confiscation_counts": Param(
            bool,
            dated(
                (None, BEFORE_2021, False, OLD_LAW + "第四十二条只规定较大数额罚款"),
                (
                    REVISION_2021,
                    None,
                    True,
                    law("第六十三条") + "：没收较大数额违法所得、较大价值非法财物",
                ),
            ),
            "没收金额达到较大数额是否也应告知听证",
        ),
        "individual_business_as": Param(
            str,
            None,
            "按当事人类别给出较大数额而未单列个体工商户时，个体工商户按哪一类计（自然人 或 "
            "法人及非法人组织）；未规定时，只有两类结果不同的案件需人工核对",
            one_of(NATURAL, ORGANISATION),
        ),
        "procedures": procedures_param(),
    },
    clear_passes=_right_notified_clear,
)
def right_notified(case, params, ctx):
    """Hearing rights notified when the fine or confiscation reaches 较大数额 or a heavy kind is imposed."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    kinds = kinds_of(case)
    amounts = [("罚款", case.get("fine"))]
    if params["confiscation_counts"]:
        amounts.append(("没收金额", case.get("confiscated")))
    amounts = [(name, amount) for name, amount in amounts if amount]
    if not kinds and not amounts:
        raise NeedsReview(
            "处罚种类和罚没金额均未填写，无法判断是否应告知听证权利", "penalty_kinds", "fine"
        )
    reasons, open_questions, below = [], [], []
    heavy = [k for k in kinds if k in params["heavy_kinds"]]
    if heavy:
        reasons.append(f"处罚种类含{'、'.join(heavy)}")
    thresholds = params["thresholds"] if amounts and not heavy else None
    assumption = ""
    if amounts and not heavy and thresholds is None:
        seen = "，".join(f"{name} {money(amount)}" for name, amount in amounts)
        open_questions.append(f"{seen}，{NO_THRESHOLDS}")
    elif thresholds is not None:
        candidates, assumption = _thresholds_for(case, thresholds, params)
        source = params.source("thresholds") or "本评查标准规定的较大数额"
        for name, amount in amounts:
            over = [(key, t) for key, t in candidates if amount >= Decimal(str(t))]
            rule = "，".join(f"{key}{name}{money(t)}以上" for key, t in (over or candidates))
            text = f"{name} {money(amount)}"
            if len(over) == len(candidates):
                reasons.append(f"{text}，达到较大数额（按{source}，{rule}为较大数额）")
            elif over:
                every = "，".join(f"{key}{name}{money(t)}以上" for key, t in candidates)
                open_questions.append(f"{text}，按{source}，{every}为较大数额")
            else:
                below.append(f"{text}，未达较大数额（按{source}，{rule}为较大数额）")
    note = f"（{assumption}）" if assumption else ""
    notified = _hearing_notified(case)
    article = cite(case, "第六十三条", "第四十二条")
    if reasons:
        why = "；".join(reasons) + note
        if notified:
            return passed(f"{why}，已告知听证权利", "hearing_notified")
        if notified is False:
            return failed(
                f"{why}，应当告知当事人有要求听证的权利，但{case.describe('hearing_notified')}"
                f"登记为“否”（{article}）",
                "hearing_notified",
                "fine",
                "penalty_kinds",
            )
        raise NeedsReview(
            f"{why}，应当告知听证权利，但{case.describe('hearing_notified')}未填写，需人工核对",
            "hearing_notified",
        )
    if open_questions:
        if notified:
            return passed(
                f"已告知听证权利（{'；'.join(open_questions)}{note}）", "hearing_notified"
            )
        raise NeedsReview(
            f"{'；'.join(open_questions)}{note}，需人工核对是否应告知听证权利",
            "fine",
            "party_type",
        )
    described = "；".join(below) if below else f"处罚种类为{'、'.join(kinds)}，无罚没金额"
    return not_applicable(
        f"{described}{note}，处罚种类不含{'、'.join(params['heavy_kinds'])}，不属于应当告知听证的情形",
        "fine",
        "penalty_kinds",
    )


# ---------------------------------------------------------------- hearing.timing


def _timing_clear(batch, params, ctx):
    """Fast form of ``timing``: a hearing held no earlier than ``notice_days`` after its notice,
    and not after the decision."""
    earliest = cache(
        lambda notice: add_law_days(
            ctx, notice, params["notice_days"], params["working_days"], roll=False
        )
    )
    return [
        held is not None
        and notice is not None
        and held >= earliest(notice)
        and not (decided and held > decided)
        for held, notice, decided in zip(
            batch["hearing_on"], batch["hearing_notice_on"], batch["decided_on"], strict=True
        )
    ]


@check_info(
    title="听证提前七个工作日通知并在决定前举行",
    basis=law("第六十四条", "第八十五条"),
    reads=("hearing_on", "hearing_notice_on", "decided_on"),
    requires=("hearing_on", "hearing_notice_on"),
    params={
        "notice_days": days_param(7, "举行听证前至少提前通知当事人的天数"),
        "working_days": LAW_WORKING_DAYS_PARAM,
    },
    clear_passes=_timing_clear,
)
def timing(case, params, ctx):
    """When a hearing was held: the party was notified ``notice_days`` before it, and it preceded the decision."""
    held = case.get("hearing_on")
    if held is None:
        return not_applicable("未举行听证", "hearing_on")
    (notice,) = require(case, ("hearing_notice_on",), "无法核对是否提前通知听证")
    days, working = params["notice_days"], params["working_days"]
    earliest = add_law_days(ctx, notice, days, working, roll=False)
    note = ctx.calendar.fallback_note(notice, earliest)
    article = cite(case, "第六十四条、第八十五条", "第四十二条")
    problems, cells = [], ["hearing_notice_on", "hearing_on"]
    if held < earliest:
        gap = (
            f"仅提前 {ctx.calendar.workdays_between(notice, held)} 个工作日"
            if working
            else f"仅提前 {(held - notice).days} 日"
        )
        problems.append(
            f"听证通知日期 {day(notice)}，听证日期 {day(held)}，{gap}，"
            f"应在举行听证的{count_days(days, working)}前通知（听证最早可在 {day(earliest)} 举行）"
        )
    decided = case.get("decided_on")
    if decided and held > decided:
        problems.append(f"听证日期 {day(held)} 晚于决定日期 {day(decided)}，应在听证后作出决定")
        cells.append("decided_on")
    if problems:
        return failed(
            f"{'；'.join(problems)}（{article}）{note}", *cells, occurrences=len(problems)
        )
    return passed(
        f"听证通知日期 {day(notice)}，听证日期 {day(held)}，已提前{count_days(days, working)}通知{note}",
        *cells,
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("notice.prior", prior)
    register("notice.waiting_period", waiting_period)
    register("hearing.right_notified", right_notified)
    register("hearing.timing", timing)
