"""`evaltool ledger`: one row per problem, stable 问题编号, protected issuer columns, working-day deadline."""

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.config import load_config
from evaltool.pipeline import check_registers
from evaltool.rectify.ledger import build_ledger, issued_ledger, item_of, problem_id
from evaltool.rectify.status import ledger_status
from evaltool.render import DocumentSet
from evaltool.score.results import to_json
from kit.ledger import (
    CITY,
    ISSUED,
    MARKET,
    PROBLEMS,
    district_results,
    district_rows,
    make_ledger,
    pid,
)
from kit.outputs import output_files
from kit.registers import FIXED_CHECKLIST

HEADERS = [
    "序号",
    "执法单位",
    "案号",
    "问题编号",
    "类型",
    "问题类别",
    "问题描述",
    "依据",
    "整改建议",
    "整改措施",
    "责任人",
    "整改时限",
    "整改状态",
    "佐证材料",
    "复核人",
    "复核意见",
    "销号日期",
]
UNIT_COLUMNS = {"整改措施", "责任人", "整改状态", "佐证材料", "复核人", "复核意见", "销号日期"}


def results_file(tmp_path, results):
    path = tmp_path / "results.json"
    path.write_text(to_json(results), encoding="utf-8")
    return path


def test_ledger_has_one_row_per_failed_finding(runner, write_register, tmp_path):
    source = results_file(tmp_path, district_results(write_register))
    out = tmp_path / "整改台账.xlsx"
    args = ["--issue-date", "2024-07-01", "--deadline-workdays", "30"]
    result = runner.invoke(cli, ["ledger", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "问题 5 个，建议 0 条，整改时限 2024-08-12（30 个工作日）" in result.output
    assert f"已写入：{out}" in result.output
    sheet = load_workbook(out)["整改台账"]
    assert [c.value for c in sheet[3]][: len(HEADERS)] == HEADERS
    rows = [
        dict(zip(HEADERS, r, strict=False)) for r in sheet.iter_rows(min_row=4, values_only=True)
    ]
    # needs_review findings (the unreadable service date) are not problems
    assert {(r["执法单位"], r["案号"], item_of(r["问题编号"])) for r in rows} == PROBLEMS
    assert [r["序号"] for r in rows] == [1, 2, 3, 4, 5]
    assert {(r["整改状态"], r["类型"], r["整改时限"].date()) for r in rows} == {
        ("未整改", "问题", dt.date(2024, 8, 12))
    }
    veto = next(r for r in rows if r["问题编号"] == pid(MARKET, "区市监罚〔2023〕2号", "V01"))
    assert veto["问题描述"].startswith("【否决项】V01 执法人员不少于两人：")
    assert "第四十二条" in veto["依据"] and veto["问题类别"] == "程序"
    assert veto["整改建议"].startswith("办案时确保两名以上持证执法人员")


def test_deadline_counts_working_days_across_national_day(runner, write_register, tmp_path):
    source = results_file(tmp_path, district_results(write_register))
    out = tmp_path / "台账.xlsx"
    args = ["ledger", str(source), "-o", str(out), "--issue-date", "2022-09-28"]
    args += ["--deadline-workdays", "7"]
    assert runner.invoke(cli, args).exit_code == 0
    assert load_workbook(out)["整改台账"]["L4"].value.date() == dt.date(2022, 10, 12)


def test_deadline_is_the_notices_deadline_from_the_review_config(
    runner, write_register, tmp_path, monkeypatch
):
    results = district_results(write_register)
    config = tmp_path / "evaltool.yaml"
    config.write_text("issue_date: 2024-09-27\ndeadline_workdays: 5\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # evaltool.yaml is found in the current folder
    result = runner.invoke(cli, ["ledger", str(results_file(tmp_path, results))])
    assert result.exit_code == 0, result.output
    notice = DocumentSet(results, load_config(config)).deadline()
    # 09-29 (a make-up Sunday), 09-30, then 10-08 to 10-10 after National Day
    assert (notice["workdays"], notice["date"]) == (5, dt.date(2024, 10, 10))
    ledger = load_workbook(tmp_path / "整改台账.xlsx")["整改台账"]
    assert ledger["L4"].value.date() == notice["date"]
    assert "整改时限 2024-10-10（5 个工作日）" in result.output


def test_issuer_columns_are_locked_and_the_status_is_a_dropdown(write_register, tmp_path):
    workbook = load_workbook(make_ledger(write_register, tmp_path))
    sheet = workbook["整改台账"]
    assert sheet.protection.sheet
    locked = {
        header.value: sheet.cell(row=4, column=header.column).protection.locked
        for header in sheet[3][: len(HEADERS)]
    }
    assert {h for h, is_locked in locked.items() if not is_locked} == UNIT_COLUMNS
    (choices,) = sheet.data_validations.dataValidation
    assert str(choices.sqref) == "M4:M8"
    assert choices.formula1 == '"未整改,整改中,已整改,无法整改（已说明）"'
    assert choices.showErrorMessage
    assert sheet["R3"].value == "问题编号（校验）" and sheet.column_dimensions["R"].hidden
    assert workbook["_evaltool_keys"].sheet_state == "veryHidden"


def test_problem_numbers_are_stable_when_rows_move_and_cases_are_added(write_register):
    first = build_ledger(district_results(write_register), issued=ISSUED, workdays=30)
    rows = [*reversed(district_rows()), {**district_rows()[1], "案号": "区市监罚〔2023〕9号"}]
    rerun = check_registers(
        [write_register(rows, name="重排.xlsx")], checklist=FIXED_CHECKLIST, review_date=ISSUED
    )
    second = build_ledger(rerun, issued=dt.date(2024, 9, 1), workdays=10)
    numbers = {(k.unit, k.case_no, k.item_id): k.id for k in second.keys}
    assert {(k.unit, k.case_no, k.item_id): k.id for k in first.keys}.items() <= numbers.items()
    assert len(set(numbers.values())) == len(numbers) == 6


@given(
    unit=st.text(min_size=1, max_size=20),
    case_no=st.text(min_size=1, max_size=30),
    item=st.from_regex(r"[A-Z][0-9]{2}", fullmatch=True),
)
def test_problem_number_is_a_hash_prefix_and_the_item(unit, case_no, item):
    number = problem_id(unit, case_no, item)
    assert number == problem_id(unit, case_no, item)
    assert re.fullmatch(rf"[0-9A-F]{{8}}-{item}", number)
    assert item_of(number) == item == item_of(problem_id(unit, case_no, item, "建议"))
    assert problem_id(unit, case_no, item, "建议") != number


def test_waived_findings_are_dropped_and_suggestions_are_their_own_type(write_register):
    results = district_results(write_register)
    case = next(c for c in results["cases"] if c["case_no"] == "区市监罚〔2023〕2号")
    case["findings"][0].update(waived=True, reviewer="张律师", source="reviewer")
    case["findings"].append(
        {
            "item_id": "D02",
            "check": None,
            "outcome": "pass",
            "deduction": 0,
            "veto": False,
            "message": "建议决定书写明罚款缴纳的银行账户",
            "cells": [],
            "basis": "",
            "kind": "suggestion",
            "source": "reviewer",
        }
    )
    ledger = build_ledger(results, issued=ISSUED, workdays=30)
    assert (ledger.count("问题"), ledger.count("建议")) == (4, 1)
    (suggestion,) = [k for k in ledger.keys if k.kind == "建议"]
    assert suggestion.id == problem_id(MARKET, "区市监罚〔2023〕2号", "D02", "建议")
    assert suggestion.remediation.startswith("使用规范文书格式")
    assert pid(MARKET, "区市监罚〔2023〕2号", "V01") not in {k.id for k in ledger.keys}


def test_repeated_case_numbers_get_distinct_numbers_and_a_warning(write_register):
    rows = district_rows()
    results = check_registers(
        [write_register([*rows, rows[1]])], checklist=FIXED_CHECKLIST, review_date=ISSUED
    )
    ledger = build_ledger(results, issued=ISSUED, workdays=30)
    number = pid(MARKET, "区市监罚〔2023〕2号", "V01")
    assert [k.id for k in ledger.keys if k.id.startswith(number)] == [number, f"{number}#2"]
    (warning,) = ledger.warnings
    assert "区市监罚〔2023〕2号" in warning and "第9行" in warning


def test_formula_looking_text_stays_text_and_reads_back_unchanged(write_register, tmp_path):
    results = district_results(write_register)
    results["cases"][1]["case_no"] = '=HYPERLINK("http://x","点我")'
    path = make_ledger(write_register, tmp_path, results)
    cell = load_workbook(path)["整改台账"]["C4"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    report = ledger_status([path], as_of=ISSUED)
    assert report.flags == []  # nothing looks edited in an untouched ledger


def test_split_writes_one_ledger_per_unit(runner, write_register, tmp_path):
    source = results_file(tmp_path, district_results(write_register))
    folder = tmp_path / "台账"
    result = runner.invoke(cli, ["ledger", str(source), "-o", str(folder), "--split"])
    assert result.exit_code == 0, result.output
    files = [p.name for p in output_files(folder)]
    assert files == sorted(f"整改台账-{unit}.xlsx" for unit in (MARKET, CITY))
    sheet = load_workbook(folder / f"整改台账-{CITY}.xlsx")["整改台账"]
    assert sheet["A1"].value == f"{CITY}整改台账"
    assert {r[1] for r in sheet.iter_rows(min_row=4, values_only=True)} == {CITY}


def test_unreadable_results_file_is_a_chinese_error(runner, tmp_path):
    bad = tmp_path / "results.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli, ["ledger", str(bad), "-o", str(tmp_path / "台账.xlsx")])
    assert result.exit_code == 2
    assert "无法读取评查结果文件" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "台账.xlsx").exists()


def test_review_without_problems_gives_an_empty_ledger(runner, write_register, tmp_path):
    results = check_registers(
        [write_register([district_rows()[0]])], checklist=FIXED_CHECKLIST, review_date=ISSUED
    )
    out = tmp_path / "台账.xlsx"
    result = runner.invoke(cli, ["ledger", str(results_file(tmp_path, results)), "-o", str(out)])
    assert result.exit_code == 0 and "问题 0 个，建议 0 条" in result.output
    assert load_workbook(out)["整改台账"].max_row == 3
    status = runner.invoke(cli, ["rectify", "status", str(out), "--fail-on", "flags"])
    assert status.exit_code == 0 and "台账中没有问题或建议" in status.output


def test_the_columns_a_unit_writes_sentences_in_are_wide_enough(write_register, tmp_path):
    sheet = load_workbook(make_ledger(write_register, tmp_path))["整改台账"]
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[3]}
    assert min(widths["整改措施"], widths["佐证材料"], widths["复核意见"]) >= 30


def test_the_reference_ledger_counts_the_configs_days_off(write_register, tmp_path):
    """`rectify status --results` compares returned ledgers with the one the bureau issued: its
    整改时限 follow the config's holiday schedule, as the issued ledger's did."""
    results = district_results(write_register)
    text = "issue_date: 2024-07-01\ndeadline_workdays: 30\n"
    plain, scheduled = tmp_path / "无安排.yaml", tmp_path / "有安排.yaml"
    plain.write_text(text, encoding="utf-8")
    scheduled.write_text(text + "holidays:\n  days_off: [2024-07-02]\n", encoding="utf-8")
    before = issued_ledger(results, load_config(plain)).meta["deadline"]
    after = issued_ledger(results, load_config(scheduled)).meta["deadline"]
    assert (before, after) == ("2024-08-12", "2024-08-13")
