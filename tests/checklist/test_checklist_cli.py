"""``evaltool checklist list|show|validate|schema`` as a user runs them."""

import json

import pytest

from evaltool.checklist.load import load_checklist, shipped_checklists
from evaltool.cli import cli

BASE = """
    id: base
    title: 基础标准
    version: "1"
    applies_to: [普通程序]
    scoring:
      total: 10
      grades: [{name: 合格, min: 6}, {name: 不合格, min: 0}]
    groups:
      - id: veto
        title: 否决项
        veto: true
        items:
          - {id: V1, title: 执法人员不少于两人, check: officers.min_two}
      - id: main
        title: 送达
        points: 10
        items:
          - {id: S1, title: 按期送达, points: 6, check: deadline.service, remediation: 及时送达}
          - {id: S2, title: 回证规范, points: 4, deduct: {each: 1}, manual: true}
"""
CITY = """
    extends: base.yaml
    id: city
    title: 某市标准
    version: "2"
    overrides:
      S1: {params: {days: 5}, reason: 本市规定}
      S2: {enabled: false}
      V1: {veto: false, points: 4, group: main}
"""


@pytest.fixture
def city(write_checklist):
    write_checklist(BASE, "base.yaml")
    return write_checklist(CITY, "city.yaml")


def test_list_shows_every_shipped_checklist(runner):
    result = runner.invoke(cli, ["checklist", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "编号",
        "名称",
        "版本",
        "适用程序",
        "项目（否决）",
        "扩展自",
        "提供者",
    ]
    for checklist_id in shipped_checklists():
        assert any(line.startswith(checklist_id) and line.endswith("内置") for line in lines)


def test_show_prints_the_sheet_as_a_table(runner, write_checklist):
    result = runner.invoke(cli, ["checklist", "show", str(write_checklist(BASE))])
    assert result.exit_code == 0, result.output
    assert "基础标准（base，版本 1）" in result.output
    assert "【送达（10分）】" in result.output and "【否决项】" in result.output
    assert "S1    按期送达" in result.output and "自动检查 deadline.service" in result.output
    assert "每处扣1分，扣完为止" in result.output
    assert "否决规则：任一否决项不符合的，案卷总分计0分，评为不合格" in result.output


def test_show_resolved_prints_a_standalone_checklist_with_provenance(
    runner, city, registry, tmp_path
):
    result = runner.invoke(cli, ["checklist", "show", str(city), "--resolved"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert f"# 扩展自：base（{city.parent / 'base.yaml'}）" in text
    assert f"# 修改：S1 params.days：7 → 5（{city}:第 6 行；理由：本市规定）" in text
    assert "# 已停用：S2 回证规范" in text
    flat = tmp_path / "flat.yaml"
    flat.write_text(text, encoding="utf-8")
    again, original = load_checklist(flat, registry.checks), load_checklist(city, registry.checks)
    assert not again.extends
    fields = (
        "id",
        "group",
        "title",
        "points",
        "veto",
        "check",
        "params",
        "deduction",
        "remediation",
    )
    as_rows = lambda c: [tuple(getattr(i, f) for f in fields) for i in c.items]  # noqa: E731
    assert as_rows(again) == as_rows(original)
    scoring = lambda c: (c.scoring.total, c.scoring.veto_effect, c.scoring.grades)  # noqa: E731
    assert scoring(again) == scoring(original)


def test_validate_reports_success_with_a_summary(runner, city):
    result = runner.invoke(cli, ["checklist", "validate", str(city)])
    assert result.exit_code == 0, result.output
    assert (
        "有效" in result.output
        and "2 个评查项目（自动检查 2 个、人工评查 0 个），总分 10" in result.output
    )


def test_validate_lists_every_problem_with_line_and_exits_2(runner, write_checklist):
    bad = write_checklist(
        BASE.replace("title: 回证规范", "titel: 回证规范").replace(
            "deadline.service", "deadline.sevice"
        ),
        "bad.yaml",
    )
    result = runner.invoke(cli, ["checklist", "validate", str(bad)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith(f"{bad}:第 18 行") and "deadline.sevice" in line for line in lines)
    assert any(line.startswith(f"{bad}:第 19 行") and "未知的键「titel」" in line for line in lines)
    assert lines[-1] == f"{bad}：共 3 个问题"  # titel, missing title, unknown check


def test_unknown_checklist_is_a_chinese_error(runner):
    result = runner.invoke(cli, ["checklist", "show", "no-such"])
    assert result.exit_code == 2
    assert result.output.startswith("错误：找不到评查标准「no-such」")


def test_schema_is_printed_or_written(runner, tmp_path):
    out = tmp_path / "checklist.schema.json"
    result = runner.invoke(cli, ["checklist", "schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "officers.min_two" in schema["definitions"]["params"]


def test_check_scores_with_a_tailored_checklist(runner, city, write_register):
    from kit.registers import case_row

    register = write_register([case_row(执法人员="王明"), case_row(案号="2号")])
    result = runner.invoke(
        cli,
        [
            "check",
            str(register),
            "-c",
            str(city),
            "--format",
            "json",
            "--review-date",
            "2024-06-30",
        ],
    )
    data = json.loads(result.output)
    assert data["checklist"]["id"] == "city"
    first, second = data["cases"]
    assert not first["vetoed"] and first["score"] == 6  # V1 is a 4-point item in this city
    assert second["score"] == 10 and result.exit_code == 0
