"""An installable evaltool plugin: one check, ``example.cause_recorded``, usable from any checklist."""

import evaltool
from evaltool import check_info, failed, passed


@check_info(title="登记了案由", basis="《中华人民共和国行政处罚法》第五十九条", reads=("cause",))
def cause_recorded(case, params, ctx):
    """The register records the cause (案由) of the case."""
    if case.get("cause"):
        return passed(f"案由：{case.get('cause')}", "cause")
    return failed(f"{case.describe('cause')}未填写案由", "cause")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("example.cause_recorded", cause_recorded)
