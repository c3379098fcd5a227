"""The limitation period (追责时效): the violation must be discovered within two (or five) years."""

from functools import cache

import evaltool
from evaltool import NeedsReview, check_info, dated, failed, passed
from evaltool.check.helpers import (
    BEFORE_2021,
    OLD_LAW,
    REVISION_2021,
    ROLL_PARAM,
    cite,
    day,
    days_param,
    law,
    period_end,
)

# Where the discovery date is blank, a later date of the case bounds it from above.
FOUND = {"discovered_on": "发现", "filed_on": "立案", "decided_on": "决定"}


def _period_clear(batch, params, ctx):
    """Fast form of ``period``: the first recorded of 发现、立案、决定 dates within ``years``."""
    years, roll = params["years"], params["roll_to_workday"]

    @cache
    def limit(start):
        end = ctx.calendar.add_years(start, years, roll=roll)
        period_end(ctx, ctx.calendar.add_years(start, years, roll=False), end, "")  # as the check
        return end

    def clear(start, end, discovered, filed, decided) -> bool:
        start = end or start
        found = next((d for d in (discovered, filed, decided) if d is not None), None)
        return start is not None and found is not None and found <= limit(start)

    columns = ("violation_on", "violation_end_on", "discovered_on", "filed_on", "decided_on")
    return list(map(clear, *(batch[k] for k in columns)))


@check_info(
    title="在追责时效内发现违法行为",
    basis=law("第三十六条"),
    reads=(
        "violation_on",
        "violation_end_on",
        "discovered_on",
        "filed_on",
        "life_health_finance",
        "decided_on",
    ),
    requires=("violation_on",),
    optional=("violation_end_on", "discovered_on", "life_health_finance"),
    params={
        "years": days_param(
            2, "违法行为（有连续或者继续状态的，自行为终了之日）起发现的期限（年）"
        ),
        "years_serious": days_param(
            dated(
                (None, BEFORE_2021, None, f"{OLD_LAW}第二十九条只规定二年"),
                (
                    REVISION_2021,
                    None,
                    5,
                    law("第三十六条") + "：涉及公民生命健康安全、金融安全且有危害后果的",
                ),
            ),
            "涉及公民生命健康安全、金融安全且有危害后果的期限（年）",
        ),
        "roll_to_workday": ROLL_PARAM,
    },
    clear_passes=_period_clear,
)
def period(case, params, ctx):
    """Discovered within ``years`` of the violation (of its end when continuing); ``years_serious`` where
    life, health or financial safety is involved with harm.

    Without a discovery date the filing (or else the decision) date stands in: a
    date inside the period proves discovery inside it; a date after it leaves the
    question to a reviewer.
    """
    start_key = "violation_end_on" if case.get("violation_end_on") else "violation_on"
    start = case.get(start_key)
    if start is None:
        raise NeedsReview(
            f"{case.describe('violation_on')}未填写，无法核对追责时效", "violation_on"
        )
    found_key = next((k for k in FOUND if case.get(k) is not None), None)
    if found_key is None:
        raise NeedsReview(
            f"{case.describe('discovered_on')}、立案日期和决定日期均未填写，无法核对追责时效",
            "discovered_on",
        )
    found = case.get(found_key)
    roll = params["roll_to_workday"]
    years = params["years"]
    limit = ctx.calendar.add_years(start, years, roll=roll)
    until = period_end(ctx, ctx.calendar.add_years(start, years, roll=False), limit, "期满之日")
    begin = "违法行为终了日期" if start_key == "violation_end_on" else "违法行为发生日期"
    seen = f"{begin} {day(start)}，{FOUND[found_key]}日期 {day(found)}"
    cells = (start_key, found_key)
    if found <= limit:
        return passed(f"{seen}，在 {years} 年时效内（至 {until}）", *cells)
    if found_key != "discovered_on":
        raise NeedsReview(
            f"{seen}，已超过 {years} 年（至 {until}）；发现日期未填写，需人工核对发现时是否已过时效",
            *cells,
        )
    serious = params["years_serious"]
    serious_limit = ctx.calendar.add_years(start, serious, roll=roll) if serious else None
    serious_until = serious_limit and period_end(
        ctx, ctx.calendar.add_years(start, serious, roll=False), serious_limit, "期满之日"
    )
    flagged = case.get("life_health_finance")
    if serious_limit and found <= serious_limit and flagged is not False:
        if flagged:
            return passed(
                f"{seen}，超过 {years} 年，但登记为涉及生命健康或金融安全，按 {serious} 年时效"
                f"（至 {serious_until}）未超期（以有危害后果为前提）",
                *cells,
                "life_health_finance",
            )
        raise NeedsReview(
            f"{seen}，超过 {years} 年时效（至 {until}）；如涉及公民生命健康安全、金融安全且有危害后果，"
            f"时效为 {serious} 年（至 {serious_until}），登记表未记录，需人工核对",
            *cells,
        )
    article = cite(case, "第三十六条", "第二十九条")
    return failed(
        f"超过追责时效：{seen}，已超过 {years} 年（应于 {until} 前发现），违法行为在时效内未被发现的，"
        f"不再给予行政处罚（{article}）",
        *cells,
    )


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("limitation.period", period)
