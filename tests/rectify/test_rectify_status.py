"""`evaltool rectify status`: 整改率, overdue items and flags over the ledgers units send back."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from evaltool.cli import cli
from evaltool.rectify.status import ledger_status
from kit.ledger import CITY, MARKET, fill, make_ledger, pid, row_of

M2 = pid(MARKET, "区市监罚〔2023〕2号", "V01")
M3 = pid(MARKET, "区市监罚〔2023〕3号", "S01")
M4 = pid(MARKET, "区市监罚〔2023〕4号", "V02")
C1 = pid(CITY, "区城管罚〔2023〕1号", "V01")
C2 = pid(CITY, "区城管罚〔2023〕2号", "S01")
SIGNED = {
    "复核人": "刘科长",
    "复核意见": "佐证材料齐全，同意销号",
    "销号日期": dt.date(2024, 8, 20),
}
# The scripted return of the "done when": closed with evidence, accepted 无法整改,
# 已整改 without evidence, one problem text altered, one untouched; rows sorted the other way.
EDITS = {
    M2: {"整改状态": "已整改", "佐证材料": "补签笔录、执法证复印件", "整改措施": "补正", **SIGNED},
    M3: {"整改状态": "无法整改（已说明）", "佐证材料": "情况说明", **SIGNED},
    M4: {"整改状态": "已整改", "整改措施": "已重新办理"},
    C1: {"整改状态": "整改中", "问题描述": "执法人员人数不足（已核实为两人）"},
}
AS_OF = ["--as-of", "2024-09-02"]  # three weeks after the 2024-08-12 deadline


@pytest.fixture
def returned(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    return fill(ledger, tmp_path / "反馈.xlsx", EDITS, reverse=True)


def test_scripted_return_gives_the_expected_rates_and_flags(runner, returned):
    result = runner.invoke(cli, ["rectify", "status", str(returned), *AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    units = {u["unit"]: u for u in report["units"]}
    market, city, total = units[MARKET], units[CITY], report["total"]
    assert (market["problems"], market["closed"], market["accepted"]) == (3, 1, 1)
    assert (market["awaiting_review"], market["overdue"]) == (1, 1)
    assert (market["rate"], market["strict_rate"]) == (0.6667, 0.3333)
    assert (city["problems"], city["in_progress"], city["not_started"], city["overdue"]) == (
        2,
        1,
        1,
        2,
    )
    assert (city["rate"], city["strict_rate"]) == (0.0, 0.0)
    assert (total["problems"], total["rate"], total["strict_rate"], total["overdue"]) == (
        5,
        0.4,
        0.2,
        3,
    )
    flags = {(f["kind"], f["problem_id"]): f for f in report["flags"]}
    assert set(flags) == {
        ("overdue", M4),
        ("overdue", C1),
        ("overdue", C2),
        ("no_evidence", M4),
        ("tampered", C1),
    }
    tampered = flags["tampered", C1]
    assert (tampered["sheet"], tampered["cell"]) == ("整改台账", f"G{row_of(returned, C1)}")
    assert "「问题描述」被改动" in tampered["message"]
    assert "执法人员人数不足（已核实为两人）" in tampered["message"]
    assert flags["no_evidence", M4]["cell"] == f"N{row_of(returned, M4)}"
    assert "已逾期 21 日" in flags["overdue", C2]["message"]


def test_table_reports_counts_next_to_rates_and_every_flag(runner, returned):
    result = runner.invoke(cli, ["rectify", "status", str(returned), *AS_OF])
    out = result.output
    assert "整改率" in out and "严格整改率" in out
    total = next(line for line in out.splitlines() if line.startswith("合计"))
    # 待复核 1 (M4, no 佐证材料: not counted as reported) → 单位整改率 equals 整改率
    expected = ["合计", "0", "5", "1", "1", "1", "1", "1", "3", "0", "40.0%", "40.0%", "20.0%"]
    assert total.split() == expected
    assert "建议 0 条；问题 5 个；整改到位（已销号）1 个。" in out
    assert "【逾期未整改】3 项" in out and "【已整改但未附佐证材料】1 项" in out
    assert f"反馈.xlsx「整改台账」G{row_of(returned, C1)}" in out


def test_nothing_is_overdue_on_the_deadline_itself(returned):
    report = ledger_status([returned], as_of=dt.date(2024, 8, 12))
    assert report.total.overdue == 0 and not report.has_flags("overdue")


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("overdue", 1), ("flags", 1)])
def test_fail_on_sets_the_exit_code(runner, returned, fail_on, code):
    result = runner.invoke(cli, ["rectify", "status", str(returned), *AS_OF, "--fail-on", fail_on])
    assert result.exit_code == code, result.output


def test_untouched_ledger_before_its_deadline_has_no_flags(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    args = ["rectify", "status", str(ledger), "--as-of", "2024-07-02", "--fail-on", "flags"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "未发现需要关注的事项" in result.output


def test_xlsx_report_holds_rates_flags_and_details(runner, returned, tmp_path):
    out = tmp_path / "报告.xlsx"
    result = runner.invoke(cli, ["rectify", "status", str(returned), *AS_OF, "-o", str(out)])
    assert f"报告已写入：{out}" in result.output
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["整改率", "需关注事项", "问题明细"]
    rates = list(workbook["整改率"].iter_rows(values_only=True))
    assert rates[0][-3:] == ("整改率", "单位整改率", "严格整改率")
    assert rates[3][:4] == ("合计", "是", 0, 5) and rates[3][-3:] == (0.4, 0.4, 0.2)
    assert workbook["整改率"]["L4"].number_format == "0.0%"
    flags = list(workbook["需关注事项"].iter_rows(min_row=2, values_only=True))
    assert sorted(f[0] for f in flags) == sorted(
        ["逾期未整改"] * 3 + ["已整改但未附佐证材料", "改动了不应修改的内容"]
    )
    details = list(workbook["问题明细"].iter_rows(min_row=2, values_only=True))
    assert {(d[2], d[7]) for d in details} == {
        (M2, "已销号"),
        (M3, "无法整改（已接受）"),
        (M4, "待复核"),
        (C1, "整改中"),
        (C2, "未整改"),
    }


def test_every_invalid_value_is_reported_with_its_cell(runner, write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    edits = {
        M2: {"整改状态": "搞定了", "复核意见": "同意", "销号日期": "2024年13月1日"},
        M3: {"整改状态": "无法整改(已说明)", "复核意见": "同意", "销号日期": "2024/8/20"},
        C1: {"整改状态": "整改中", "复核意见": "同意", "销号日期": dt.date(2024, 8, 20)},
        C2: {"整改状态": "已整改", "佐证材料": "照片", "销号日期": dt.date(2024, 8, 20)},
    }
    returned = fill(ledger, tmp_path / "反馈.xlsx", edits)
    result = runner.invoke(cli, ["rectify", "status", str(returned), "--as-of", "2024-08-01"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    out = result.output
    m2, c1, c2 = (row_of(returned, n) for n in (M2, C1, C2))
    assert f"反馈.xlsx「整改台账」M{m2}" in out and "整改状态「搞定了」无法识别" in out
    assert f"反馈.xlsx「整改台账」Q{m2}" in out and "销号日期「2024年13月1日」无法识别" in out
    assert f"「整改台账」M{c1}" in out and "但整改状态为「整改中」，未计为已销号" in out
    assert f"「整改台账」P{c2}" in out and "填写了销号日期但没有复核意见" in out
    report = ledger_status([returned], as_of=dt.date(2024, 8, 1))
    assert (report.total.accepted, report.total.closed) == (1, 0)  # half-width brackets accepted


def test_a_unit_returning_only_its_rows_leaves_the_other_unit_not_returned(
    write_register, tmp_path
):
    ledger = make_ledger(write_register, tmp_path)
    market = fill(ledger, tmp_path / "市场.xlsx", {M2: EDITS[M2]}, drop=[C1, C2])
    report = ledger_status([market], as_of=dt.date(2024, 8, 1))
    assert [f.kind for f in report.flags] == ["not_returned"]
    assert report.flags[0].unit == CITY and "问题 2 个" in report.flags[0].message
    assert (report.total.problems, report.total.closed) == (5, 1)
    assert [t.returned for t in report.units] == [True, False]


def test_a_deleted_row_of_a_returning_unit_is_missing(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    report = ledger_status([fill(ledger, tmp_path / "反馈.xlsx", {}, drop=[M4])])
    (missing,) = [f for f in report.flags if f.kind == "missing_row"]
    assert missing.problem_id == M4
    assert report.total.problems == 5


def test_ledgers_of_several_units_are_combined_and_conflicts_reported(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    market = fill(ledger, tmp_path / "市场.xlsx", {M2: EDITS[M2], M4: {"整改状态": "整改中"}})
    city = fill(ledger, tmp_path / "城管.xlsx", {C1: {"整改状态": "整改中"}, M4: EDITS[M4]})
    report = ledger_status([market, city], as_of=dt.date(2024, 8, 1))
    assert (report.total.closed, report.total.in_progress, report.total.awaiting_review) == (
        1,
        1,
        1,
    )
    (conflict,) = [f for f in report.flags if f.kind == "conflict"]
    assert conflict.problem_id == M4 and "采用 城管.xlsx 的内容" in conflict.message


def test_edited_problem_number_is_caught_by_the_hidden_copy(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    edits = {M2: {"问题编号": "随便写的", "整改状态": "整改中"}}
    report = ledger_status([fill(ledger, tmp_path / "反馈.xlsx", edits)])
    (flag,) = [f for f in report.flags if f.kind == "tampered"]
    assert flag.problem_id == M2 and "「问题编号」被改动" in flag.message
    assert report.units[0].in_progress == 1


def test_rows_added_by_a_unit_are_not_counted(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    workbook = load_workbook(ledger)
    workbook["整改台账"].append([9, MARKET, "自编", "ABC-1", "问题"])
    workbook.save(tmp_path / "反馈.xlsx")
    report = ledger_status([tmp_path / "反馈.xlsx"])
    (flag,) = [f for f in report.flags if f.kind == "unknown_row"]
    assert flag.cell == "D9" and "ABC-1" in flag.message
    assert report.total.problems == 5


def test_ledger_copied_without_its_hidden_keys_still_counts(write_register, tmp_path):
    source = fill(make_ledger(write_register, tmp_path), tmp_path / "a.xlsx", EDITS)
    copy = Workbook()
    for row in load_workbook(source)["整改台账"].iter_rows(values_only=True):
        copy.active.append(row)
    copy.save(tmp_path / "复制.xlsx")
    report = ledger_status([tmp_path / "复制.xlsx"], as_of=dt.date(2024, 9, 2))
    (tampered,) = [f for f in report.flags if f.kind == "tampered"]
    assert "缺少隐藏的校验工作表" in tampered.message
    assert (report.total.problems, report.total.closed, report.total.overdue) == (5, 1, 3)


def test_unreadable_ledgers_are_named_and_the_others_still_reported(runner, returned, tmp_path):
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    other = tmp_path / "别的表.xlsx"
    Workbook().save(other)
    result = runner.invoke(cli, ["rectify", "status", str(returned), str(broken), str(other)])
    assert result.exit_code == 2
    assert "坏.xlsx：不是 Excel 工作簿（.xlsx）" in result.output
    assert "别的表.xlsx：没有找到整改台账" in result.output
    assert "合计" in result.output and "Traceback" not in result.output


FILLED = st.tuples(
    st.sampled_from(["", "未整改", "整改中", "已整改", "无法整改（已说明）", "已完成"]),
    st.booleans(),  # 佐证材料 given
    st.booleans(),  # signed off (复核意见 + 销号日期)
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filled=st.lists(FILLED, min_size=5, max_size=5))
def test_states_partition_the_problems_and_rates_follow_them(write_register, tmp_path, filled):
    ledger = tmp_path / "整改台账.xlsx"
    if not ledger.exists():  # one ledger for all examples; each fills a fresh copy
        make_ledger(write_register, tmp_path)
    edits = {
        number: {
            "整改状态": status or None,
            "佐证材料": "材料" if evidence else None,
            **(SIGNED if signed else {}),
        }
        for number, (status, evidence, signed) in zip([M2, M3, M4, C1, C2], filled, strict=True)
    }
    total = ledger_status(
        [fill(ledger, tmp_path / "反馈.xlsx", edits)], as_of=dt.date(2024, 9, 2)
    ).total
    closed = sum(s == "已整改" and signed for s, _, signed in filled)
    accepted = sum(s == "无法整改（已说明）" and signed for s, _, signed in filled)
    assert (total.closed, total.accepted) == (closed, accepted)
    parts = total.closed + total.accepted + total.awaiting_review + total.in_progress
    assert parts + total.not_started == total.problems == 5
    assert total.rate == (closed + accepted) / 5 and total.strict_rate == closed / 5
    # Every open problem is past 2024-08-12: the unit's overdue, unless reported done with
    # 佐证材料 and not yet signed off, which is the bureau's backlog.
    reported = sum(s in ("已整改", "无法整改（已说明）") and e and not g for s, e, g in filled)
    assert total.backlog == total.reported == reported
    assert total.overdue == 5 - closed - accepted - reported
