"""Checks on the order of procedure dates (程序倒置)."""

import datetime as dt
import itertools

import evaltool
from evaltool.check.helpers import day
from evaltool.check.spec import check_info
from evaltool.fields import label
from evaltool.model import failed, needs_review, passed

CHAIN = (
    "violation_on",
    "discovered_on",
    "filed_on",
    "notified_on",
    "decided_on",
    "served_on",
    "closed_on",
)
BEFORE_DECISION = ("legal_review_on", "collective_on", "hearing_on")


@check_info(
    title="办案程序日期顺序正确",
    basis="程序倒置（各地评查标准的否决项）；《中华人民共和国行政处罚法》第五十四条至第六十一条",
    reads=CHAIN + BEFORE_DECISION,
    requires=("decided_on",),
)
def order(case, params, ctx):
    """Violation ≤ discovered ≤ filed ≤ notified ≤ decided ≤ served ≤ closed; reviews before decision."""
    dated = [(key, case.get(key)) for key in CHAIN if isinstance(case.get(key), dt.date)]
    pairs = list(itertools.pairwise(dated))
    decided = case.get("decided_on")
    if isinstance(decided, dt.date):
        pairs += [
            ((key, case.get(key)), ("decided_on", decided))
            for key in BEFORE_DECISION
            if isinstance(case.get(key), dt.date)
        ]
    if not pairs:
        return needs_review("登记的程序日期不足两个，无法核对先后顺序", *CHAIN)
    wrong = [(a, b) for a, b in pairs if a[1] > b[1]]
    if not wrong:
        return passed("程序日期先后顺序正确", *(k for k, _ in dated))
    described = "；".join(
        f"{case.describe(a)}为 {day(da)}，晚于{label(b)} {day(db)}" for (a, da), (b, db) in wrong
    )
    keys = dict.fromkeys(k for pair in wrong for k, _ in pair)
    return failed(f"程序倒置：{described}", *keys, occurrences=len(wrong))


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("dates.order", order)
