"""`evaltool index` and `evaltool summary --index`: the files written and what they explain."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.rectify.ledger import build_ledger, problem_id, write_ledger
from evaltool.render.context import outgoing_text
from kit.index import JIA, REVIEW_CONFIG, YI, district_results, write_json


@pytest.fixture
def review(tmp_path):
    path = tmp_path / "evaltool.yaml"
    path.write_text(REVIEW_CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def results_file(results, tmp_path):
    return write_json(results, tmp_path / "results.json")


def run_index(runner, results_file, out, *args):
    result = runner.invoke(cli, ["index", str(results_file), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "index.json").read_text(encoding="utf-8"))


def test_index_writes_json_xlsx_and_html_explaining_every_figure(
    runner, results_file, review, tmp_path
):
    out = tmp_path / "指数"
    result, index = run_index(runner, results_file, out, "--config", str(review))
    assert "89.67" in result.output and "全区（县）" in result.output
    workbook = load_workbook(out / "行政执法指数.xlsx")
    assert workbook.sheetnames == ["指数排名", "分组与全区", "得分明细", "提升建议", "指标说明"]
    detail = workbook["得分明细"]
    headers = [c.value for c in detail[1]]
    rows = [dict(zip(headers, (c.value for c in row), strict=True)) for row in detail.iter_rows(2)]
    timeliness = next(r for r in rows if r["执法单位"].endswith(JIA) and r["指标"] == "时效（T）")
    assert timeliness["原始值"] == "75%" and "符合 3 项 ÷ 已评估 4 项" in timeliness["计算过程"]
    assert timeliness["归一化值（0–100）"] == 75 and timeliness["配置权重"] == 0.15
    assert timeliness["实际权重"] == 0.2 and timeliness["得分"] == 15
    total = next(r for r in rows if r["执法单位"].endswith(JIA) and r["指标"] == "合计（指数）")
    assert total["得分"] == 89.67
    no_cases = next(r for r in rows if r["指标"] == "合计（指数）" and "街道" in r["执法单位"])
    assert no_cases["得分"] == "无案卷"
    fixes = [[c.value for c in row] for row in workbook["提升建议"].iter_rows(2)]
    assert any(row[2] == "V01" and row[0].endswith(YI) for row in fixes)
    html = (out / "行政执法指数.html").read_text(encoding="utf-8")
    for unit in index["units"]:
        for part in unit["parts"]:  # as published: without the check ids index.json keeps
            assert outgoing_text(part["explanation"]) in html
    assert "默认指数配置" in html and "<script" not in html
    assert "整改提升" in html and "V01 执法人员不少于两人" in html


def test_returned_ledgers_give_the_rectification_part(runner, results, results_file, tmp_path):
    ledger = write_ledger(
        build_ledger(results, issued=dt.date(2024, 7, 1), workdays=20), tmp_path / "台账.xlsx"
    )
    workbook = load_workbook(ledger)
    sheet = workbook["整改台账"]
    columns = {c.value: c.column_letter for c in sheet[3] if c.value}
    rows = {sheet[f"{columns['问题编号']}{r}"].value: r for r in range(4, sheet.max_row + 1)}
    closed = rows[problem_id(YI, "区城管罚〔2023〕1号", "V01")]
    for header, value in {
        "整改状态": "已整改",
        "佐证材料": "补签笔录",
        "复核人": "刘科长",
        "复核意见": "同意销号",
        "销号日期": dt.date(2024, 7, 20),
    }.items():
        sheet[f"{columns[header]}{closed}"] = value
    open_ = rows[problem_id(JIA, "区市监罚〔2023〕2号", "S01")]
    sheet[f"{columns['整改状态']}{open_}"] = "整改中"
    workbook.save(ledger)
    _, index = run_index(runner, results_file, tmp_path / "out", "--ledger", str(ledger))
    parts = {u["unit"]: {p["id"]: p for p in u["parts"]} for u in index["units"]}
    assert parts[YI]["R"]["raw"] == 100 and "已销号 1 个" in parts[YI]["R"]["explanation"]
    assert parts[JIA]["R"]["raw"] == 0 and "÷ 问题 1 个 = 0%" in parts[JIA]["R"]["explanation"]
    assert parts[JIA]["R"]["weight_used"] > 0
    assert not any("整改（R）" in note for note in index["notes"])


def test_an_unreadable_ledger_is_an_input_error(runner, results_file, tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = runner.invoke(
        cli, ["index", str(results_file), "-o", str(tmp_path / "out"), "--ledger", str(bad)]
    )
    assert result.exit_code == 2 and "台账.xlsx" in result.output


def test_an_unreadable_ledger_is_left_out_and_its_units_count_as_not_returned(
    runner, results, results_file, tmp_path
):
    issued = build_ledger(results, issued=dt.date(2024, 7, 1), workdays=20)
    ledger = write_ledger(issued.for_unit(YI), tmp_path / "乙台账.xlsx")
    bad = tmp_path / "甲台账.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    ledgers = ["--ledger", str(ledger), "--ledger", str(bad)]
    result = runner.invoke(cli, ["index", str(results_file), "-o", str(tmp_path / "out"), *ledgers])
    assert result.exit_code == 1, result.output  # the run goes on, and says it was not clean
    assert "甲台账.xlsx" in result.output and "未计入" in result.output
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    parts = {u["unit"]: {p["id"]: p for p in u["parts"]} for u in index["units"]}
    assert parts[JIA]["R"]["raw"] == 0 and "未反馈台账" in parts[JIA]["R"]["explanation"]
    assert "未反馈台账" not in parts[YI]["R"]["explanation"]


def test_the_summary_includes_the_index_table(runner, results_file, review, tmp_path):
    run_index(runner, results_file, tmp_path / "指数", "--config", str(review))
    out = tmp_path / "通报.html"
    args = ["summary", str(results_file), "-o", str(out), "--config", str(review)]
    plain = runner.invoke(cli, args)
    assert plain.exit_code == 0, plain.output
    assert "各单位行政执法指数（评查）" not in out.read_text(encoding="utf-8")
    result = runner.invoke(cli, [*args, "--index", str(tmp_path / "指数" / "index.json")])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "各单位行政执法指数（评查）" in html
    assert '重庆市某某区市场监督管理局</td><td class="num">89.67' in html
    assert "无案卷" in html


def test_the_summary_refuses_an_index_of_other_results(
    runner, write_register, results_file, tmp_path
):
    other = write_json(
        district_results(write_register, name="另一.xlsx", review_date=dt.date(2024, 7, 1)),
        tmp_path / "other.json",
    )
    run_index(runner, other, tmp_path / "其他指数")
    result = runner.invoke(
        cli,
        [
            "summary",
            str(results_file),
            "-o",
            str(tmp_path / "通报.html"),
            "--index",
            str(tmp_path / "其他指数" / "index.json"),
        ],
    )
    assert result.exit_code == 2
    assert "该指数不是由本次评查结果计算的" in result.output


def test_results_and_output_are_required(runner, results_file):
    result = runner.invoke(cli, ["index", str(results_file)])
    assert result.exit_code == 2 and "-o" in result.output
