"""The 整改台账 holds one row per deducted unit-level item (案号 「单位层面」), keyed like a file's
problem so that a returned ledger cannot drop or re-point it undetected, and `rectify status`
and the counts include it."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.rectify.counts import rectification_counts
from evaltool.rectify.ledger import build_ledger, problem_id, write_ledger
from evaltool.rectify.status import ledger_status
from kit.ledger import ISSUED, fill, forge
from kit.unit_level import (
    CITY,
    MARKET,
    unit_level_checklist,
    unit_level_results,
    unit_level_rows,
)

U1 = problem_id(MARKET, "单位层面", "U1")
U2 = problem_id(MARKET, "单位层面", "U2")
AS_OF = dt.date(2024, 9, 2)  # after the 整改时限 2024-08-12


@pytest.fixture
def results(write_register, tmp_path):
    return unit_level_results(write_register, tmp_path)


@pytest.fixture
def issued(results, tmp_path):
    reference = build_ledger(results, issued=ISSUED, workdays=30)
    return reference, write_ledger(reference, tmp_path / "整改台账.xlsx")


def test_one_row_per_deducted_unit_item(results):
    keys = build_ledger(results, issued=ISSUED, workdays=30).keys
    unit_rows = [k for k in keys if k.case_no == "单位层面"]
    # U3 marked without deduction, the city's items still open: no rows for them
    assert [(k.unit, k.id, k.item_id) for k in unit_rows] == [
        (MARKET, U1, "U1"),
        (MARKET, U2, "U2"),
    ]
    u1 = unit_rows[0]
    assert u1.kind == "问题" and u1.category == "案卷管理"
    assert u1.description == (
        "U1 建立案卷管理制度：未建立案卷管理制度，档案员王某（50**************34）"
        "称制度在修订中（B7）"
    )
    assert u1.basis == "《重庆市行政执法案卷管理办法》第五条"
    assert u1.remediation == "制定案卷管理制度并明确专人负责"
    assert u1.deadline == dt.date(2024, 8, 12)
    assert (u1.source_file, u1.source_sheet, u1.source_row) == (None, None, None)
    assert unit_rows[1].description == "U2 开展年度案卷自查：2023年第四季度未开展自查"
    # the files' problems are still there, before the unit's rows
    assert [k.case_no for k in keys if k.unit == MARKET][-2:] == ["单位层面", "单位层面"]
    assert sum(k.unit == CITY for k in keys) == 1


def test_status_and_counts_include_unit_level_rows(results, issued, tmp_path):
    reference, ledger = issued
    returned = fill(
        ledger,
        tmp_path / "反馈.xlsx",
        {U1: {"整改状态": "已整改", "佐证材料": "案卷管理制度（2024年8月印发）"}},
    )
    report = ledger_status([returned], as_of=AS_OF, reference=reference)
    market = next(t for t in report.units if t.unit == MARKET)
    assert market.problems == 4 and market.reported == 1
    entry = next(e for e in report.entries if e.key.id == U2)
    assert entry.state.label == "未整改" and entry.overdue_days == 21
    assert rectification_counts(results).units[MARKET].problems == 4


def test_a_unit_level_row_deleted_with_its_key_is_still_counted(issued, tmp_path):
    reference, ledger = issued
    forged = forge(ledger, tmp_path / "反馈.xlsx", drop=(U1,))
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    entry = next(e for e in report.entries if e.key.id == U1)
    assert entry.state.label == "未整改" and entry.overdue_days == 21
    assert any(f.kind == "missing_row" and f.problem_id == U1 for f in report.flags)


def test_a_unit_level_row_repointed_at_a_file_is_reported(issued, tmp_path):
    reference, ledger = issued
    case_no = "区市监罚〔2023〕1号"
    forged = forge(
        ledger,
        tmp_path / "反馈.xlsx",
        visible={U1: {"案号": case_no}},
        hidden={U1: {"case_no": case_no}},
    )
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    (flag,) = [f for f in report.flags if f.kind == "forged" and f.problem_id == U1]
    assert f"案号原为「单位层面」，现为「{case_no}」" in flag.message
    assert next(e for e in report.entries if e.key.id == U1).key.case_no == "单位层面"


def test_an_edited_unit_level_description_is_reported(issued, tmp_path):
    _, ledger = issued
    forged = fill(ledger, tmp_path / "反馈.xlsx", {U2: {"问题描述": "已开展自查"}})
    report = ledger_status([forged], as_of=AS_OF)
    assert any(f.kind == "tampered" and f.problem_id == U2 for f in report.flags)


def test_回头看_leaves_unit_level_rows_to_people(runner, results, issued, write_register, tmp_path):
    _, ledger = issued
    returned = fill(
        ledger, tmp_path / "反馈.xlsx", {U1: {"整改状态": "已整改", "佐证材料": "制度"}}
    )
    corrected = write_register(unit_level_rows(), name="整改后.xlsx")
    out = tmp_path / "回头看.xlsx"
    args = ["rectify", "verify", str(returned), str(corrected), "-o", str(out)]
    args += ["--review-date", "2024-09-02", "-c", str(unit_level_checklist(tmp_path))]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["整改台账"]
    header = {c.value: c.column - 1 for c in sheet[3] if c.value}
    marks = {
        row[header["问题编号"]]: (row[header["回头看结果"]], row[header["回头看说明"]])
        for row in sheet.iter_rows(min_row=4, values_only=True)
    }
    assert marks[U1] == ("无法自动核实", "单位层面的问题不涉及具体案卷，不作自动核实，需人工复核")
    assert marks[U2][0] == "无法自动核实"
