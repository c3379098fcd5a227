"""Legal review checks: 法制审核 and 集体讨论 before the decision where the case requires them."""

import datetime as dt
from collections.abc import Callable

import evaltool
from evaltool import NeedsReview, Param, check_info, failed, not_applicable, passed
from evaltool.check.helpers import (
    REVISION_DATE,
    canonical_kinds,
    check_kinds,
    cite,
    day,
    kinds_of,
    law,
    money,
    non_negative,
    outside_procedures,
    procedures_param,
    within_procedures,
)


def _params() -> dict[str, Param]:
    return {
        "major_fine": Param(
            (int, float),
            None,
            "罚款达到此金额（元）即属重大案件；各地标准不同，未配置时有罚款而无其他情形的案件需人工核对",
            non_negative,
        ),
        "heavy_kinds": Param(
            list,
            ["降低资质等级", "吊销许可证件", "责令停产停业", "责令关闭", "限制从业"],
            "作出即需本项审核或讨论的处罚种类",
            check_kinds,
        ),
        "procedures": procedures_param(),
    }


def _optional(params) -> tuple[str, ...]:
    return ("hearing_on", "penalty_kinds", "fine")


NO_MAJOR_FINE = (
    "本评查标准未规定罚款达到多少属于重大案件，无法判断本案是否{what}；可改用写明重大案件标准的"
    "评查标准，或在评查标准的本评查项目中写明重大案件的罚款金额及其出处（docs/checklists.md）"
)


def _undecided_fine(case, params) -> str | None:
    """The fine that might make the case major, when the standard sets no major-case figure."""
    if params["major_fine"] is not None:
        return None
    fine = case.get("fine")
    if fine:
        return f"罚款 {money(fine)}"
    if fine is None and "罚款" in kinds_of(case):
        return f"处罚种类含罚款，{case.describe('fine')}未填写"
    return None


def _triggers(case, params) -> list[str]:
    """Why this case needs the review: a hearing, a heavy penalty kind, a major fine."""
    triggers = []
    if isinstance(case.get("hearing_on"), dt.date):
        triggers.append(f"经过听证程序（听证日期 {day(case.get('hearing_on'))}）")
    heavy = [k for k in kinds_of(case) if k in params["heavy_kinds"]]
    if heavy:
        triggers.append(f"处罚种类含{'、'.join(heavy)}")
    major, fine = params["major_fine"], case.get("fine")
    if major is not None:
        source = params.source("major_fine") or "本评查标准规定的重大案件标准"
        if fine is None and "罚款" in kinds_of(case):
            raise NeedsReview(
                f"{case.describe('fine')}未填写，无法判断是否达到重大案件标准（按{source}，"
                f"罚款{money(major)}以上）",
                "fine",
            )
        if fine is not None and fine >= major:
            triggers.append(
                f"罚款 {money(fine)}，达到重大案件标准（按{source}，罚款{money(major)}以上）"
            )
    return triggers


def _review(case, params, key: str, what: str, noun: str, article: Callable[[], str]):
    """The review ``key`` where the case needs it; ``article`` names the rule broken (asked for
    only when the review is missing or late)."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    triggers = _triggers(case, params)
    if not triggers:
        undecided = _undecided_fine(case, params)
        if undecided is None:
            return not_applicable(_no_trigger(case, params, what), "penalty_kinds", "fine")
        return _maybe_major(case, key, noun, f"{undecided}；{NO_MAJOR_FINE.format(what=what)}")
    why = "本案" + "；".join(triggers)
    recorded = case.get(key)
    where = case.describe(key)
    if recorded is None:
        raise NeedsReview(f"{why}，应当在作出决定前{what}，但{where}未填写，需人工核对", key)
    if recorded is False:
        return failed(f"{why}，应当在作出决定前{what}，但{where}登记为“否”（{article()}）", key)
    if recorded is True:
        return passed(f"{why}，登记为已{noun}（未记录日期，未核对先后）", key)
    decided = case.get("decided_on")
    if decided is None:
        raise NeedsReview(
            f"{why}，{noun}日期 {day(recorded)}；{case.describe('decided_on')}未填写，无法核对先后",
            "decided_on",
        )
    if recorded > decided:
        return failed(
            f"{why}，应当在作出决定前{what}，但{where}为 {day(recorded)}，晚于决定日期 {day(decided)}"
            f"（{article()}）",
            key,
            "decided_on",
        )
    return passed(f"{why}，{noun}日期 {day(recorded)}，决定日期 {day(decided)}", key, "decided_on")


def _no_trigger(case, params, what: str) -> str:
    """Why the case does not need the review, in the terms the standard sets."""
    heavy = "、".join(params["heavy_kinds"])
    fine, major = case.get("fine"), params["major_fine"]
    if fine and major is not None:
        source = params.source("major_fine") or "本评查标准规定的重大案件标准"
        amount = f"罚款 {money(fine)}，未达到重大案件标准（按{source}，罚款{money(major)}以上）"
    else:
        amount = "无罚款"
    return f"本案未经听证，处罚种类不含{heavy}，{amount}，不属于应当{what}的情形"


def _maybe_major(case, key: str, noun: str, question: str):
    """No known trigger, but the fine may make the case major: a recorded review passes, else a reviewer decides."""
    recorded = case.get(key)
    decided = case.get("decided_on")
    if recorded is True or (
        isinstance(recorded, dt.date) and isinstance(decided, dt.date) and recorded <= decided
    ):
        shown = "" if recorded is True else f"（{day(recorded)}）"
        return passed(f"登记为已{noun}{shown}，在作出决定前", key)
    raise NeedsReview(f"{question}，需人工核对", "fine", key)


def _clear_for(key: str):
    """Fast form of a review check: the review is recorded before the decision (or as done without
    a date) and the case needs it, or may need it for a fine the standard does not size."""

    def clear_passes(batch, params, ctx):
        procedures, heavy_kinds, major = (
            params["procedures"],
            params["heavy_kinds"],
            params["major_fine"],
        )

        def clear(procedure, held, raw_kinds, fine, recorded, decided) -> bool:
            if not within_procedures(procedure, procedures):
                return False
            if not (
                recorded is True
                or (isinstance(recorded, dt.date) and decided is not None and recorded <= decided)
            ):
                return False
            kinds = canonical_kinds(raw_kinds)
            if major is not None:  # a case the review is required for
                if fine is None and "罚款" in kinds:
                    return False  # the check asks for the fine first
                return (
                    isinstance(held, dt.date)
                    or any(k in heavy_kinds for k in kinds)
                    or (fine is not None and fine >= major)
                )
            # a required review, or one a fine the standard does not size may call for
            return (
                isinstance(held, dt.date)
                or any(k in heavy_kinds for k in kinds)
                or bool(fine)
                or (fine is None and "罚款" in kinds)
            )

        columns = ("procedure", "hearing_on", "penalty_kinds", "fine", key, "decided_on")
        return list(map(clear, *(batch[k] for k in columns)))

    return clear_passes


@check_info(
    title="重大执法决定经法制审核",
    basis=law("第五十八条"),
    reads=("legal_review_on", "decided_on", "hearing_on", "penalty_kinds", "fine", "procedure"),
    requires=("legal_review_on",),
    optional=_optional,
    params=_params(),
    clear_passes=_clear_for("legal_review_on"),
)
def legal(case, params, ctx):
    """法制审核 before the decision when a hearing was held, a heavy kind applies or the fine is major."""

    def article() -> str:
        decided = case.get("decided_on")
        if isinstance(decided, dt.date) and decided < REVISION_DATE:
            return "国办发〔2018〕118号（重大执法决定法制审核制度）"
        return law("第五十八条")

    return _review(case, params, "legal_review_on", "进行法制审核", "法制审核", article)


@check_info(
    title="情节复杂或重大违法行为经集体讨论决定",
    basis=law("第五十七条"),
    reads=("collective_on", "decided_on", "hearing_on", "penalty_kinds", "fine", "procedure"),
    requires=("collective_on",),
    optional=_optional,
    params=_params(),
    clear_passes=_clear_for("collective_on"),
)
def collective(case, params, ctx):
    """集体讨论 before the decision, on the same triggers as ``review.legal`` with its own params."""

    def article() -> str:
        return cite(case, "第五十七条第二款", "第三十八条第二款")

    return _review(case, params, "collective_on", "经行政机关负责人集体讨论", "集体讨论", article)


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("review.legal", legal)
    register("review.collective", collective)
