"""Checks on enforcement officers (执法人员)."""

import evaltool
from evaltool.check.helpers import PROCEDURES_PARAM, outside_procedures
from evaltool.check.spec import check_info
from evaltool.model import failed, needs_review, passed

ART_42 = "《中华人民共和国行政处罚法》第四十二条"


@check_info(
    title="执法人员不少于两人",
    basis=ART_42,
    reads=("officers", "procedure"),
    requires=("officers",),
    params={"procedures": PROCEDURES_PARAM},
)
def min_two(case, params, ctx):
    """At least two distinct enforcement officers are recorded for the case."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    officers = list(dict.fromkeys(case.get("officers") or []))
    where = case.describe("officers")
    if not officers:
        return needs_review(f"{where}未填写，无法确认执法人员人数", "officers")
    if len(officers) < 2:
        return failed(
            f"{where}仅记录 1 人（{officers[0]}），执法人员不得少于两人（{ART_42}）", "officers"
        )
    return passed(f"执法人员 {len(officers)} 人：{'、'.join(officers)}", "officers")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("officers.min_two", min_two)
