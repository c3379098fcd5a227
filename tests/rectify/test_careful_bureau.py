"""The done-when district of issue 15: three units, three ways of answering a 整改台账.

With the fixed checklist (veto effect ``zero``), issued 2024-07-01 with 30 working days
(整改时限 2024-08-12), status as of 2024-09-02:

- 甲 (区市场监督管理局) returns every row 已整改 with 佐证材料, awaiting the bureau's check.
  Files: clean (100), one officer (V01 veto → 0), served late (S01 −20 → 80).
- 乙 (区城市管理综合行政执法局) fakes closure of C2 (served late) by editing 送达日期 in its
  corrected register and signs its own rows off; fixes C3 (one officer) for real with 佐证材料;
  reports C4 (one officer) 已整改 without any 佐证材料.
  Files: clean (100), S01 (80), V01 (0), V01 (0).
- 丙 (区交通运输局) never returns its ledger. Files as 甲's.

The index a careful bureau writes by hand (Q 40, L 20, T 15, R 15; P has no data anywhere and is
dropped, so the weights are out of 90):

- 甲: Q (100 + 0 + 80) ÷ 3 = 60; L 2 of 3 = 66.67; T (D01 3/3 + S01 2/3) = 83.33;
  R = 2 reported of 2 = 100 (pending the bureau: 暂定). (2400 + 1333.33 + 1250 + 1500) ÷ 90 = 72.04
- 乙: Q 180 ÷ 4 = 45; L 2 of 4 = 50; T 7 of 8 = 87.5; R = C2 and C3 reported (the self sign-off
  is not counted) of 3 = 66.67. (1800 + 1000 + 1312.5 + 1000) ÷ 90 = 56.81
- 丙: as 甲 but R = 0 (never reported: not rectified, never dropped). 4983.33 ÷ 90 = 55.37

So 甲 ranks 1st, 乙 2nd and 丙 last; rewarding silence (dropping 丙's R) would give 丙 66.44.
"""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.pipeline import check_registers
from evaltool.rectify.ledger import build_ledger, write_ledger
from kit.ledger import CITY, MARKET, fill, pid
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row

TRANSPORT = "区交通运输局"
ISSUED = dt.date(2024, 7, 1)
ONE_OFFICER = {"执法人员": "王明"}
LATE = {"送达日期": dt.date(2023, 5, 5)}
ROWS = [
    (MARKET, "区市监罚〔2023〕1号", {}),
    (MARKET, "区市监罚〔2023〕2号", ONE_OFFICER),
    (MARKET, "区市监罚〔2023〕3号", LATE),
    (CITY, "区城管罚〔2023〕1号", {}),
    (CITY, "区城管罚〔2023〕2号", LATE),
    (CITY, "区城管罚〔2023〕3号", ONE_OFFICER),
    (CITY, "区城管罚〔2023〕4号", ONE_OFFICER),
    (TRANSPORT, "区交罚〔2023〕1号", {}),
    (TRANSPORT, "区交罚〔2023〕2号", ONE_OFFICER),
    (TRANSPORT, "区交罚〔2023〕3号", LATE),
]
M2, M3 = pid(MARKET, "区市监罚〔2023〕2号", "V01"), pid(MARKET, "区市监罚〔2023〕3号", "S01")
C2, C3 = pid(CITY, "区城管罚〔2023〕2号", "S01"), pid(CITY, "区城管罚〔2023〕3号", "V01")
C4 = pid(CITY, "区城管罚〔2023〕4号", "V01")
T2, T3 = pid(TRANSPORT, "区交罚〔2023〕2号", "V01"), pid(TRANSPORT, "区交罚〔2023〕3号", "S01")
CONFIG = f"""\
name: 2023年度行政处罚案卷评查
reviewing_body: 区司法局
issue_date: {ISSUED.isoformat()}
deadline_workdays: 30
reviewers: [周某]
"""
SELF_SIGNED = {"复核人": "乙局法制科", "复核意见": "已整改到位", "销号日期": dt.date(2024, 8, 1)}


@pytest.fixture
def district(write_register, tmp_path):
    """The results, the bureau's config, and the two ledgers that came back."""
    rows = [case_row(执法单位=u, 案号=n, **changes) for u, n, changes in ROWS]
    register = write_register(rows, name="登记表.xlsx")
    results = check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)
    results_file = tmp_path / "results.json"
    results_file.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    config = tmp_path / "evaltool.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    book = build_ledger(results, issued=ISSUED, workdays=30)
    issued = {
        unit: write_ledger(book.for_unit(unit), tmp_path / f"台账-{unit}.xlsx")
        for unit in book.units
    }
    market = fill(
        issued[MARKET],
        tmp_path / "甲反馈.xlsx",
        {
            M2: {"整改状态": "已整改", "佐证材料": "补充执法人员询问笔录"},
            M3: {"整改状态": "已整改", "佐证材料": "送达制度培训记录"},
        },
    )
    city = fill(
        issued[CITY],
        tmp_path / "乙反馈.xlsx",
        {
            C2: {"整改状态": "已整改", "佐证材料": "送达回证", **SELF_SIGNED},
            C3: {"整改状态": "已整改", "佐证材料": "执法证复印件、询问笔录"},
            C4: {"整改状态": "已整改"},
        },
    )
    corrected = [
        case_row(执法单位=CITY, 案号="区城管罚〔2023〕1号"),
        case_row(执法单位=CITY, 案号="区城管罚〔2023〕2号", 送达日期=dt.date(2023, 4, 21)),
        case_row(执法单位=CITY, 案号="区城管罚〔2023〕3号"),
        case_row(执法单位=CITY, 案号="区城管罚〔2023〕4号"),
    ]
    return {
        "results": results_file,
        "config": config,
        "market": market,
        "city": city,
        "corrected": write_register(corrected, name="乙整改后登记表.xlsx"),
    }


def test_the_index_counts_silence_as_not_rectified(runner, district, tmp_path):
    out = tmp_path / "指数"
    args = ["index", str(district["results"]), "-o", str(out), "--config", str(district["config"])]
    ledgers = ["--ledger", str(district["market"]), "--ledger", str(district["city"])]
    result = runner.invoke(cli, [*args, *ledgers])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    units = {u["unit"]: u for u in index["units"]}
    assert [(u["unit"], u["index"], u["rank"]) for u in index["units"]] == [
        (MARKET, 72.04, 1),
        (CITY, 56.81, 2),
        (TRANSPORT, 55.37, 3),
    ]
    rectified = {name: next(p for p in u["parts"] if p["id"] == "R") for name, u in units.items()}
    assert rectified[TRANSPORT]["raw"] == 0 and rectified[TRANSPORT]["weight_used"] > 0
    assert "未反馈台账" in rectified[TRANSPORT]["explanation"]
    assert rectified[MARKET]["raw"] == 100 and rectified[MARKET]["provisional"]
    assert "待评查机构复核 2 个" in rectified[MARKET]["explanation"]
    assert round(rectified[CITY]["raw"], 2) == 66.67


def test_status_names_the_silent_unit_and_keeps_the_bureau_backlog_apart(runner, district):
    args = ["rectify", "status", str(district["market"]), str(district["city"])]
    args += ["--results", str(district["results"]), "--config", str(district["config"])]
    result = runner.invoke(cli, [*args, "--as-of", "2024-09-02"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "未反馈台账的单位 1 个：区交通运输局（问题 2 个），其问题全部按未整改计。" in out
    overdue = out.split("【逾期未整改】")[1].split("【")[0]
    # the silent unit's two problems and 乙's C4 (已整改 without 佐证材料) are the units' overdue
    assert overdue.startswith("3 项")
    for number in (T2, T3, C4):
        assert number in overdue
    for number in (M2, M3, C2, C3):  # reported with 佐证材料: waiting for the bureau
        assert number not in overdue
    backlog = out.split("【单位已报整改、待评查机构复核】")[1].split("【")[0]
    assert backlog.startswith("4 项") and "不计为单位逾期" in backlog
    assert "待评查机构复核销号的问题 4 个，其中 4 个已超过整改时限" in out
    signoff = out.split("【销号信息不完整或矛盾】")[1].split("【")[0]
    assert C2 in signoff and "复核人「乙局法制科」不在评查配置的复核人名单中" in signoff
    market = next(line for line in out.splitlines() if line.startswith(MARKET))
    assert market.split()[-3:] == ["0.0%", "100.0%", "0.0%"]  # 整改率, 单位整改率, 严格


def test_the_look_back_shows_the_edited_date_and_closes_only_on_evidence(
    runner, district, tmp_path
):
    out = tmp_path / "乙回头看.xlsx"
    args = ["rectify", "verify", str(district["city"]), str(district["corrected"])]
    args += ["--results", str(district["results"]), "--config", str(district["config"])]
    args += ["-c", str(FIXED_CHECKLIST), "--review-date", "2024-09-02", "-o", str(out)]
    refused = runner.invoke(cli, [*args, "--close", "--reviewer", "乙局法制科"])
    assert refused.exit_code == 2 and "不在评查配置的复核人名单" in refused.output
    result = runner.invoke(cli, [*args, "--close", "--reviewer", "周某"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "送达日期：2023-05-05 → 2023-04-21" in text
    assert "执法人员：王明 → 王明、李静" in text
    sheet = load_workbook(out)["整改台账"]
    header = {c.value: c.column - 1 for c in sheet[3] if c.value}
    rows = {
        row[header["问题编号"]]: row
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if row[header["问题编号"]]
    }
    assert rows[C2][header["回头看结果"]] == "待核实"  # gone only because a date was edited
    assert "需核对佐证材料" in rows[C2][header["回头看说明"]]
    assert rows[C3][header["回头看结果"]] == "已消除"
    assert rows[C3][header["复核人"]] == "周某" and rows[C3][header["销号日期"]]
    assert rows[C4][header["回头看结果"]] == "已消除" and not rows[C4][header["销号日期"]]
    assert "本次销号 1 个" in text
    refusals = text.split("【未销号】")[1]
    assert C2 in refusals and C4 in refusals and "没有佐证材料" in refusals


def test_the_summary_names_the_silent_unit_and_what_waits_for_the_bureau(
    runner, district, tmp_path
):
    out = tmp_path / "通报.md"
    args = ["summary", str(district["results"]), "--config", str(district["config"])]
    args += ["--ledger", str(district["market"]), "--ledger", str(district["city"])]
    result = runner.invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "截至目前，区交通运输局未报送整改台账，其问题均按未整改统计。" in text
    # 甲's two and 乙's C2 (self sign-off refused) and C3; C4 has no 佐证材料
    assert "另有问题4个，单位已报整改并附佐证材料，待区司法局复核确认后销号。" in text
    assert "已整改到位的问题0个" in text
