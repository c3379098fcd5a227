"""Checks on enforcement officers (执法人员) and their certificates (执法证)."""

import re
import unicodedata
from functools import cache

import evaltool
from evaltool import Param, check_info, failed, passed
from evaltool.check.helpers import (
    cite,
    non_negative,
    outside_procedures,
    procedures_param,
    require,
    within_procedures,
)

JUNK_NUMBERS = {"undefined", "null", "none", "nan", "无", "暂无", "待办", "待定", "不详", "/", "-"}


def _min_two_clear(batch, params, ctx):
    """Fast form of ``min_two``: two or more distinct officers."""
    procedures = params["procedures"]
    return [
        within_procedures(procedure, procedures) and officers is not None and len(set(officers)) > 1
        for procedure, officers in zip(batch["procedure"], batch["officers"], strict=True)
    ]


@check_info(
    title="执法人员不少于两人",
    basis="《中华人民共和国行政处罚法》第四十二条",
    reads=("officers", "procedure", "decided_on"),
    requires=("officers",),
    params={"procedures": procedures_param()},
    clear_passes=_min_two_clear,
)
def min_two(case, params, ctx):
    """At least two distinct enforcement officers are recorded for the case."""
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    (officers,) = require(case, ("officers",), "无法确认执法人员人数")
    officers = list(dict.fromkeys(officers))
    article = cite(case, "第四十二条", "第三十七条")
    if len(officers) < 2:
        return failed(
            f"{case.describe('officers')}仅记录 1 人（{officers[0]}），"
            f"执法人员不得少于两人（{article}）",
            "officers",
        )
    return passed(f"执法人员 {len(officers)} 人：{'、'.join(officers)}", "officers")


def _valid(number: str, min_length: int) -> bool:
    folded = unicodedata.normalize("NFKC", number).strip()
    if folded.lower() in JUNK_NUMBERS:
        return False
    return len(re.findall(r"[0-9A-Za-z]", folded)) >= min_length


def _certificates_clear(batch, params, ctx):
    """Fast form of ``certificates``: a valid number for every officer, none shared."""
    procedures = params["procedures"]
    valid = cache(lambda number: _valid(number, params["min_length"]))

    def clear(procedure, officers, numbers) -> bool:
        if not within_procedures(procedure, procedures) or officers is None or numbers is None:
            return False
        return (
            len(numbers) >= len(officers)
            and all(valid(n) for n in numbers[: len(officers)])
            and len(set(numbers)) == len(numbers)
        )

    columns = ("procedure", "officers", "officer_certs")
    return list(map(clear, *(batch[k] for k in columns)))


@check_info(
    title="执法人员均登记执法证号",
    basis="《中华人民共和国行政处罚法》第四十二条（执法人员应当具有行政执法资格）",
    reads=("officers", "officer_certs", "procedure", "decided_on"),
    requires=("officers", "officer_certs"),
    params={
        "procedures": procedures_param(),
        "min_length": Param(int, 6, "执法证号至少包含的字母或数字个数", non_negative),
    },
    clear_passes=_certificates_clear,
)
def certificates(case, params, ctx):
    """Each officer has a certificate number of at least ``min_length`` letters or digits, none shared.

    Numbers are matched to officers by position (执法人员 and 执法证号 list them in
    the same order, as the wide form 承办人1/执法证号1 does).
    """
    if skip := outside_procedures(case, params["procedures"]):
        return skip
    officers, numbers = require(case, ("officers", "officer_certs"), "无法核对执法证号")
    article = cite(case, "第四十二条", "第三十七条")
    problems = []
    if len(numbers) < len(officers):
        lacking = "、".join(officers[len(numbers) :])
        problems.append(
            f"执法人员 {len(officers)} 人，仅登记执法证号 {len(numbers)} 个（{lacking}无证号）"
        )
    bad = [n for n in numbers[: len(officers)] if not _valid(n, params["min_length"])]
    if bad:
        problems.append(
            f"执法证号「{'」「'.join(bad)}」无效（应至少有 {params['min_length']} 位字母或数字）"
        )
    shared = [n for n in dict.fromkeys(numbers) if numbers.count(n) > 1]
    if shared:
        problems.append(f"多名执法人员登记了同一执法证号「{'」「'.join(shared)}」")
    if problems:
        return failed(
            f"{'；'.join(problems)}。执法人员应当持有效执法证件（{article}）",
            "officers",
            "officer_certs",
            occurrences=len(problems),
        )
    pairs = "、".join(f"{o}（{n}）" for o, n in zip(officers, numbers, strict=False))
    return passed(f"执法人员均登记了执法证号：{pairs}", "officers", "officer_certs")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("officers.min_two", min_two)
    register("officers.certificates", certificates)
