"""Small pieces that checks share: procedure scoping and wording of dates and periods."""

import datetime as dt

from evaltool.check.spec import Param
from evaltool.model import Case, Verdict, not_applicable

PROCEDURES_PARAM = Param(list, ["普通程序"], "适用的程序类型列表，如 [普通程序, 简易程序]")


def outside_procedures(case: Case, procedures: list[str]) -> Verdict | None:
    """``not_applicable`` when the case's procedure type is known and not covered, else None."""
    procedure = case.get("procedure")
    if procedure is not None and procedure not in procedures:
        return not_applicable(
            f"本项只适用于{'、'.join(procedures)}，本案为{procedure}", "procedure"
        )
    return None


def day(value: dt.date) -> str:
    """A date as messages show it: 2022-09-28."""
    return value.isoformat()
