"""Waivers: accepted exceptions shown as waived, not deducted; expired and unused ones reported."""

import json

import pytest
from openpyxl import Workbook

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import REVIEW_DATE, fill, write_checklist

LATE, ON_TIME = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"


@pytest.fixture
def scored(tmp_path, write_register, runner):
    """Score a fully marked review of two files (one served late) with the given options."""
    register = write_register([case_row(案号=LATE, 送达日期="2023-05-05"), case_row(案号=ON_TIME)])
    checklist = write_checklist(tmp_path)
    workbook = tmp_path / "评分表.xlsx"
    args = ["sheet", str(register), "-c", str(checklist), "--review-date", REVIEW_DATE]
    assert runner.invoke(cli, [*args, "-o", str(workbook)]).exit_code == 0
    marks = fill(workbook, tmp_path / "甲.xlsx", "区市场监督管理局", reviewer="甲")

    def score(*options):
        out = tmp_path / "out"
        result = runner.invoke(
            cli, ["score", str(register), "--marks", str(marks), "-o", str(out), *options]
        )
        results = None
        if (out / "results.json").exists():
            results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        return result, results

    return score


def waiver_file(tmp_path, text):
    path = tmp_path / "豁免.yaml"
    path.write_text(text, encoding="utf-8")
    return path


WAIVERS = f"""\
waivers:
  - unit: 区市场监督管理局
    case: {LATE}
    item: S01
    reason: 当事人下落不明，公告送达期间依法不计入
    approved_by: 区司法局 李某
    expires: 2024-12-31
  - unit: 区市场监督管理局
    case: 全部
    item: D01
    reason: 试行期
    approved_by: 区司法局 李某
  - unit: 区市场监督管理局
    item: D02
    reason: 旧版文书格式
    approved_by: 区司法局 李某
    expires: 2024-01-31
"""


def test_a_waived_finding_is_shown_as_waived_and_not_deducted(scored, tmp_path):
    result, results = scored("--waivers", str(waiver_file(tmp_path, WAIVERS)))
    assert result.exit_code == 0, result.output
    case = next(c for c in results["cases"] if c["case_no"] == LATE)
    (s01,) = [f for f in case["findings"] if f["item_id"] == "S01"]
    assert (s01["outcome"], s01["deduction"], s01["waived"]) == ("fail", 0, True)
    assert "公告送达期间依法不计入" in s01["waiver"] and "区司法局 李某" in s01["waiver"]
    assert case["score"] == 100
    assert results["units"][0]["problems"] == 0 and results["units"][0]["waived"] == 1
    report = results["review"]["waivers"]
    assert [w["item_id"] for w in report["expired"]] == ["D02"]
    assert [w["item_id"] for w in report["unmatched"]] == ["D01"]
    assert "豁免已过期，未适用：" in result.output and "豁免未匹配任何问题：" in result.output


def test_no_waivers_ignores_them_for_auditors(scored, tmp_path):
    result, results = scored("--waivers", str(waiver_file(tmp_path, WAIVERS)), "--no-waivers")
    assert result.exit_code == 0, result.output
    case = next(c for c in results["cases"] if c["case_no"] == LATE)
    assert case["score"] == 80
    assert results["review"]["waivers"]["used"] is False
    assert "未适用豁免" in result.output


def test_waivers_from_an_xlsx_file(scored, tmp_path):
    workbook = Workbook()
    workbook.active.append(["执法单位", "案号", "评查项目编号", "豁免理由", "批准人", "有效期至"])
    workbook.active.append(["区市场监督管理局", LATE, "S01", "公告送达", "李某", "2024-12-31"])
    path = tmp_path / "豁免.xlsx"
    workbook.save(path)
    result, results = scored("--waivers", str(path))
    assert result.exit_code == 0, result.output
    assert next(c for c in results["cases"] if c["case_no"] == LATE)["score"] == 100


def test_every_invalid_waiver_is_reported(scored, tmp_path):
    text = """\
waivers:
  - {unit: 区市场监督管理局, item: S01, approved_by: 李某}
  - {unit: 区市场监督管理局, item: X9, reason: 无, approved_by: 李某}
  - {unit: 区市场监督管理局, item: V01, reason: 无, approved_by: 李某}
  - {unit: 区市场监督管理局, item: S01, reason: 无, approved_by: 李某, expires: 明年}
"""
    result, results = scored("--waivers", str(waiver_file(tmp_path, text)))
    assert result.exit_code == 2
    out = result.output
    assert "第 1 条豁免：缺少豁免理由" in out
    assert "第 2 条豁免：未知评查项目「X9」" in out
    assert "第 3 条豁免：评查项目 V01 是否决项，不能豁免" in out
    assert "第 4 条豁免：有效期至「明年」无法识别" in out
    assert results is None


def test_a_waiver_file_that_is_not_a_list_is_an_error(scored, tmp_path):
    result, _ = scored("--waivers", str(waiver_file(tmp_path, "unit: 某局\n")))
    assert result.exit_code == 2
    assert "豁免文件应为 waivers: 下的列表" in result.output
