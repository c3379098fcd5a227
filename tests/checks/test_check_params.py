"""Check params in checklists: validation with file and line, effective dates chosen by decision date."""

import datetime as dt
import textwrap

import pytest

from evaltool.check.params import CaseParams, Dated, Span, dated, parse_param
from evaltool.check.spec import NeedsReview, Param
from evaltool.checklist.load import load_checklist
from evaltool.errors import ChecklistError
from evaltool.model import Case, Register
from kit.registers import case_row

HEAD = """\
id: t
title: 测试
version: "1"
scoring: {total: 5, grades: [{name: 合格, min: 3}, {name: 不合格, min: 0}]}
groups:
  - id: g
    title: 组
    items:
      - id: A1
        title: 项目
        points: 5
"""


def problems(tmp_path, registry, item_yaml: str) -> str:
    path = tmp_path / "cl.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(item_yaml), " " * 8), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    return "\n".join(caught.value.problems)


def loads(tmp_path, registry, item_yaml: str):
    path = tmp_path / "cl.yaml"
    path.write_text(HEAD + textwrap.indent(textwrap.dedent(item_yaml), " " * 8), encoding="utf-8")
    return load_checklist(path, registry.checks).item("A1").params


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "check: deadline.service\nparams: {dayz: 7}\n",
            ["第 13 行", "没有参数「dayz」", "可用参数：days"],
        ),
        ("check: deadline.service\nparams: {days: 七}\n", ["第 13 行", "参数「days」应为整数"]),
        ("check: deadline.service\nparams: {days: true}\n", ["参数「days」应为整数"]),
        ("check: deadline.service\nparams: {days: -1}\n", ["参数「days」不能为负数"]),
        (
            "check: deadline.service\nparams: {procedures: [一般过程]}\n",
            ["未知的程序类型「一般过程」", "普通程序、简易程序、快速办理"],
        ),
        (
            "check: publicity.deadline\nparams: {exempt_kinds: [口头警告]}\n",
            ["未知的处罚种类「口头警告」"],
        ),
        (
            "check: hearing.right_notified\nparams: {thresholds: {公民: 5000, 单位: 50000}}\n",
            ["按当事人类别", "实际的键为「公民、单位」"],
        ),
        (
            "check: hearing.right_notified\nparams: {thresholds: {自然人: 五千, 法人及非法人组织: 1}}\n",
            ["「自然人」的金额应为非负数"],
        ),
        (
            "check: procedure.summary_eligibility\nparams: {individual_business_as: 个人}\n",
            ["应为 自然人、法人及非法人组织 之一"],
        ),
        (
            "check: fields.required\nparams: {fields: {普通程序: [case_no, 文号]}}\n",
            ["未知的字段「文号」"],
        ),
    ],
)
def test_a_bad_param_is_a_checklist_error_naming_file_line_and_param(
    tmp_path, registry, item, expected
):
    message = problems(tmp_path, registry, item)
    assert "cl.yaml" in message
    for text in expected:
        assert text in message


def test_every_bad_param_is_reported_at_once(tmp_path, registry):
    message = problems(
        tmp_path,
        registry,
        "check: notice.waiting_period\nparams: {hearing_days: x, defence_days: y, foo: 1}\n",
    )
    assert "hearing_days" in message and "defence_days" in message and "「foo」" in message


def test_dated_entries_are_validated_with_their_own_lines(tmp_path, registry):
    message = problems(
        tmp_path,
        registry,
        """\
            check: procedure.summary_eligibility
            params:
              limits:
                - {to: 2021-07-14, value: {自然人: 50, 法人及非法人组织: 1000}, source: 旧法}
                - {from: 2021-07-01, value: {自然人: 200, 法人及非法人组织: 3000}, note: x}
                - {from: "2030-13-01", value: 5}
            """,
    )
    assert "第 16 行" in message and "未知的键「note」" in message
    assert "有效期相互重叠" in message
    assert "第 17 行" in message and "from 应为日期" in message
    assert "「limits」应为键值映射" in message


def test_a_from_after_to_is_an_error(tmp_path, registry):
    message = problems(
        tmp_path,
        registry,
        "check: deadline.service\nparams:\n  days: [{from: 2022-01-01, to: 2021-01-01, value: 7}]\n",
    )
    assert "from 2022-01-01 晚于 to 2021-01-01" in message


def test_valid_params_load_plain_and_dated(tmp_path, registry):
    params = loads(
        tmp_path,
        registry,
        """\
        check: publicity.deadline
        params:
          days:
            - {to: 2022-12-31, value: 7, source: 旧规定}
            - {from: 2023-01-01, value: 20, source: 新规定}
          exempt_kinds: [警告]
        """,
    )
    assert params["exempt_kinds"] == ["警告"]
    assert params["procedures"] == ["普通程序"]  # default kept
    assert isinstance(params["days"], Dated)
    assert [(s.start, s.end, s.value, s.source) for s in params["days"].spans] == [
        (None, dt.date(2022, 12, 31), 7, "旧规定"),
        (dt.date(2023, 1, 1), None, 20, "新规定"),
    ]


def test_null_is_allowed_only_for_optional_params():
    assert parse_param("major_fine", Param((int, float), None, "x"), None) == (None, [])
    _, found = parse_param("days", Param(int, 7, "期限"), None)
    assert "参数「days」不能为空" in found[0][2]


def test_a_list_param_is_not_mistaken_for_dated_values():
    value, found = parse_param("procedures", Param(list, [], "x"), ["普通程序"])
    assert value == ["普通程序"] and not found


def _case(decided):
    register = Register("r.xlsx", "Sheet1", 1, {"decided_on": ["F"]})
    return Case(register, 5, "单位", {"decided_on": decided} if decided else {})


LIMITS = dated(
    (None, "2021-07-14", 50, "旧法第三十三条"),
    ("2021-07-15", None, 200, "新法第五十一条"),
)


@pytest.mark.parametrize(
    ("decided", "value", "source"),
    [
        (dt.date(2021, 7, 14), 50, "旧法第三十三条"),
        (dt.date(2021, 7, 15), 200, "新法第五十一条"),
        (dt.date(2000, 1, 1), 50, "旧法第三十三条"),
    ],
)
def test_a_dated_value_is_chosen_by_the_decision_date(decided, value, source):
    params = CaseParams({"limit": LIMITS, "plain": 3}, _case(decided))
    assert params["limit"] == value and params.source("limit") == source
    assert params["plain"] == 3 and params.source("plain") == ""
    assert dict(params) == {"limit": value, "plain": 3}


def test_without_a_decision_date_a_choice_that_matters_needs_review():
    params = CaseParams({"limit": LIMITS}, _case(None))
    with pytest.raises(NeedsReview) as caught:
        params["limit"]
    assert "决定日期（F5）未填写" in caught.value.message and caught.value.fields == ("decided_on",)


def test_without_a_decision_date_agreeing_periods_need_no_date():
    same = Dated(
        (Span(None, dt.date(2021, 7, 14), 7, "a"), Span(dt.date(2021, 7, 15), None, 7, "b"))
    )
    assert CaseParams({"days": same}, _case(None))["days"] == 7


def test_a_decision_date_outside_every_period_needs_review():
    later = Dated((Span(dt.date(2023, 3, 1), None, 5000, "新规"),))
    with pytest.raises(NeedsReview) as caught:
        CaseParams({"t": later}, _case(dt.date(2022, 1, 1)))["t"]
    assert "不在参数「t」的任何有效期内" in caught.value.message


def test_the_resolved_source_appears_in_the_finding(run_check):
    params = {
        "days": [
            {"to": dt.date(2022, 12, 31), "value": 7, "source": "国办发〔2018〕118号"},
            {"from": dt.date(2023, 1, 1), "value": 20, "source": "某省公示办法"},
        ]
    }
    rows = [
        case_row(决定日期=dt.date(2022, 9, 28), 公示日期=dt.date(2022, 10, 13)),
        case_row(决定日期=dt.date(2023, 9, 27), 公示日期=dt.date(2023, 10, 27)),
        case_row(决定日期=None, 公示日期=dt.date(2023, 10, 27)),
    ]
    run = run_check("publicity.deadline", rows, params)
    assert run.outcomes == ["fail", "pass", "needs_review"]
    assert "国办发〔2018〕118号" in run.findings[0]["message"]
    assert "无法核对是否按期公示" in run.findings[2]["message"]
