"""`evaltool rectify verify` (回头看): re-check corrected registers and mark each ledger row."""

import datetime as dt

from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.rectify.status import ledger_status
from kit.ledger import (
    CITY,
    MARKET,
    district_results,
    district_rows,
    fill,
    make_ledger,
    pid,
)
from kit.registers import FIXED_CHECKLIST, case_row

M2 = pid(MARKET, "区市监罚〔2023〕2号", "V01")
M3 = pid(MARKET, "区市监罚〔2023〕3号", "S01")
M4 = pid(MARKET, "区市监罚〔2023〕4号", "V02")
C1 = pid(CITY, "区城管罚〔2023〕1号", "V01")
C2 = pid(CITY, "区城管罚〔2023〕2号", "S01")
FIXED = {"区市监罚〔2023〕2号", "区城管罚〔2023〕2号"}
REVIEW = ["--review-date", "2024-09-02", "-c", str(FIXED_CHECKLIST)]


def rechecks(path) -> dict[str, tuple]:
    """问题编号 -> (回头看结果, 回头看说明, 整改状态, 销号日期) in a verified ledger."""
    sheet = load_workbook(path)["整改台账"]
    header = {c.value: c.column - 1 for c in sheet[3] if c.value}
    return {
        row[header["问题编号"]]: (
            row[header["回头看结果"]],
            row[header["回头看说明"]],
            row[header["整改状态"]],
            row[header["销号日期"]],
        )
        for row in sheet.iter_rows(min_row=4, values_only=True)
    }


def test_verify_closes_exactly_the_problems_that_were_fixed(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    returned = fill(
        ledger, tmp_path / "反馈.xlsx", {M4: {"整改状态": "已整改", "佐证材料": "说明"}}
    )
    corrected = write_register(district_rows(fixed=FIXED), name="整改后.xlsx")
    before = returned.read_bytes(), corrected.read_bytes()
    out = tmp_path / "回头看.xlsx"
    args = ["rectify", "verify", str(returned), str(corrected), "-o", str(out), *REVIEW]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "已消除 1 个；待核实 1 个；仍存在 3 个；无法自动核实 0 个" in result.output
    assert f"{MARKET} 区市监罚〔2023〕4号 {M4}（单位填报为已整改）：" in result.output
    marks = rechecks(out)
    assert {n for n, m in marks.items() if m[0] == "已消除"} == {M2}  # a second officer named
    # C2's late service "disappears" because 送达日期 was edited: evidence must show it
    assert {n for n, m in marks.items() if m[0] == "待核实"} == {C2}
    assert "送达日期：2023-05-05 → 2023-04-21" in marks[C2][1]
    assert "执法人员：王明 → 王明、李静" in marks[M2][1]
    assert {n for n, m in marks.items() if m[0] == "仍存在"} == {M3, M4, C1}
    assert "整改后.xlsx「Sheet1」第3行：复查通过" in marks[M2][1]
    assert "送达超期" in marks[M3][1]
    assert (returned.read_bytes(), corrected.read_bytes()) == before  # inputs untouched
    status = ledger_status([out], as_of=dt.date(2024, 9, 2))
    (remains,) = [f for f in status.flags if f.kind == "recheck_remains"]
    assert remains.problem_id == M4  # reported done, still there


def test_close_signs_off_only_gone_rows_with_evidence_and_names_the_reviewer(
    runner, write_register, tmp_path
):
    ledger = make_ledger(write_register, tmp_path)
    returned = fill(
        ledger,
        tmp_path / "反馈.xlsx",
        {M2: {"整改状态": "已整改", "佐证材料": "补充询问笔录"}, C2: {"佐证材料": "送达回证"}},
    )
    corrected = write_register(district_rows(fixed=FIXED), name="整改后.xlsx")
    args = ["rectify", "verify", str(returned), str(corrected), *REVIEW, "--close"]
    anonymous = runner.invoke(cli, args)
    assert anonymous.exit_code == 2 and "须指明复核人" in anonymous.output
    result = runner.invoke(cli, [*args, "--reviewer", "周某"])
    assert result.exit_code == 0, result.output
    assert "本次销号 1 个" in result.output and "复核人：周某" in result.output
    assert f"{C2}：回头看结果为待核实" in result.output.split("【未销号】")[1]
    out = tmp_path / "反馈-回头看.xlsx"  # default name next to the ledger
    assert f"回头看结果已写入：{out}" in result.output
    marks = rechecks(out)
    assert {n: (m[2], m[3].date()) for n, m in marks.items() if m[3]} == {
        M2: ("已整改", dt.date(2024, 9, 2)),
    }
    report = ledger_status([out], as_of=dt.date(2024, 9, 2))
    assert (report.total.closed, report.total.strict_rate) == (1, 0.2)


def test_close_without_evidence_is_refused(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    corrected = write_register(district_rows(fixed=FIXED), name="整改后.xlsx")
    args = ["rectify", "verify", str(ledger), str(corrected), *REVIEW, "--close"]
    result = runner.invoke(cli, [*args, "--reviewer", "周某"])
    assert result.exit_code == 0, result.output
    assert "本次销号" not in result.output
    refused = result.output.split("【未销号】")[1]
    assert f"{M2}：问题已消除，但单位没有佐证材料，不予销号" in refused


def test_rows_that_cannot_be_checked_automatically(runner, write_register, tmp_path):
    results = district_results(write_register)
    case = next(c for c in results["cases"] if c["case_no"] == "区市监罚〔2023〕1号")
    manual = {"item_id": "D02", "check": None, "outcome": "fail", "deduction": 3, "veto": False}
    suggestion = {"item_id": "S02", "check": None, "outcome": "pass", "kind": "suggestion"}
    case["findings"] += [
        {
            **manual,
            "message": "决定书未载明救济途径",
            "cells": [],
            "basis": "",
            "source": "reviewer",
        },
        {**suggestion, "deduction": 0, "veto": False, "message": "建议", "cells": [], "basis": ""},
    ]
    ledger = make_ledger(write_register, tmp_path, results)
    rows = district_rows(fixed=FIXED)
    rows = [r for r in rows if r["案号"] != "区城管罚〔2023〕1号"]  # case left out
    rows[2] = {**rows[2], "送达日期": "五月五日"}  # unreadable now: needs review
    corrected = write_register(rows, name="整改后.xlsx")
    out = tmp_path / "回头看.xlsx"
    result = runner.invoke(
        cli, ["rectify", "verify", str(ledger), str(corrected), "-o", str(out), *REVIEW]
    )
    assert result.exit_code == 0, result.output
    marks = rechecks(out)
    manual_id = pid(MARKET, "区市监罚〔2023〕1号", "D02")
    suggestion_id = f"{pid(MARKET, '区市监罚〔2023〕1号', 'S02')}-建议"
    unverifiable = {n: m[1] for n, m in marks.items() if m[0] == "无法自动核实"}
    assert set(unverifiable) == {manual_id, suggestion_id, C1, M3}
    assert "人工评查项目" in unverifiable[manual_id]
    assert "建议事项不作自动核实" in unverifiable[suggestion_id]
    assert "没有找到案号「区城管罚〔2023〕1号」" in unverifiable[C1]
    assert "需人工核对" in unverifiable[M3] and "五月五日" in unverifiable[M3]


def test_unit_names_that_differ_are_explained(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    corrected = write_register([case_row(执法单位="某县市场监管局")], name="整改后.xlsx")
    out = tmp_path / "回头看.xlsx"
    runner.invoke(cli, ["rectify", "verify", str(ledger), str(corrected), "-o", str(out)])
    assert "可用 --unit 指定" in rechecks(out)[M2][1]


def test_verify_never_overwrites_the_ledger(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    before = ledger.read_bytes()
    corrected = write_register(district_rows(), name="整改后.xlsx")
    args = ["rectify", "verify", str(ledger), str(corrected), "-o", str(ledger)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "这是本次读取的输入文件，不会被覆盖" in result.output
    assert ledger.read_bytes() == before


def test_no_readable_register_is_an_input_error(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    result = runner.invoke(cli, ["rectify", "verify", str(ledger), str(tmp_path / "无.xlsx")])
    assert result.exit_code == 2
    assert (
        "没有读取到任何整改后的登记表" in result.output and "无.xlsx：文件不存在" in result.output
    )
    assert not (tmp_path / "整改台账-回头看.xlsx").exists()


def test_verify_started_elsewhere_compares_with_the_registers_a_run_recorded(
    runner, write_register, tmp_path, monkeypatch
):
    """A run records its registers relative to the config's folder; verify with that config
    finds them from any folder and shows what changed."""
    write_register(district_rows())
    config = tmp_path / "evaltool.yaml"
    config.write_text(
        f"checklist: {FIXED_CHECKLIST}\nreview_date: 2024-06-30\ninputs: [登记表.xlsx]\n",
        encoding="utf-8",
    )
    corrected = write_register(district_rows(fixed=FIXED), name="整改后.xlsx")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    ran = runner.invoke(cli, ["run", str(config), "--draft"])
    assert ran.exit_code == 0, ran.output
    out = elsewhere / "回头看.xlsx"
    ledger = tmp_path / "评查输出" / "整改台账.xlsx"
    args = ["rectify", "verify", str(ledger), str(corrected), "-o", str(out), "--config"]
    result = runner.invoke(cli, [*args, str(config), *REVIEW])
    assert result.exit_code == 0, result.output
    assert "送达日期：2023-05-05 → 2023-04-21" in rechecks(out)[C2][1]
