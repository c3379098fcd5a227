"""A ledger that cannot be forged (issue 20): the bureau's results are the reference, so editing
the visible sheet and the hidden keys together is still found."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool.cli import cli
from evaltool.rectify.ledger import build_ledger, write_ledger
from evaltool.rectify.status import ledger_status
from kit.ledger import (
    CITY,
    ISSUED,
    MARKET,
    district_results,
    district_rows,
    forge,
    pid,
)
from kit.registers import FIXED_CHECKLIST

M2 = pid(MARKET, "区市监罚〔2023〕2号", "V01")
M3 = pid(MARKET, "区市监罚〔2023〕3号", "S01")
C1 = pid(CITY, "区城管罚〔2023〕1号", "V01")
AS_OF = dt.date(2024, 9, 2)  # after the 整改时限 2024-08-12


@pytest.fixture
def issued(write_register, tmp_path):
    results = district_results(write_register)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    reference = build_ledger(results, issued=ISSUED, workdays=30)
    return path, reference, write_ledger(reference, tmp_path / "整改台账.xlsx")


def kinds(report, number):
    return {f.kind for f in report.flags if f.problem_id == number}


def test_a_row_deleted_with_its_key_is_still_counted(issued, tmp_path):
    _, reference, ledger = issued
    forged = forge(ledger, tmp_path / "反馈.xlsx", drop=(M3,))
    assert M3 not in {e.key.id for e in ledger_status([forged]).entries}  # no reference: gone
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    entry = next(e for e in report.entries if e.key.id == M3)
    assert entry.state.label == "未整改" and entry.overdue_days == 21
    assert "missing_row" in kinds(report, M3)


def test_deadlines_moved_to_2030_do_not_clear_overdue(issued, tmp_path):
    _, reference, ledger = issued
    later = dt.date(2030, 1, 1)
    forged = forge(
        ledger,
        tmp_path / "反馈.xlsx",
        visible={M2: {"整改时限": later}},
        hidden={M2: {"deadline": later.isoformat()}},
    )
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    entry = next(e for e in report.entries if e.key.id == M2)
    assert entry.key.deadline == dt.date(2024, 8, 12) and entry.overdue_days == 21
    (flag,) = [f for f in report.flags if f.kind == "forged" and f.problem_id == M2]
    assert "整改时限原为「2024-08-12」，现为「2030-01-01」" in flag.message


def test_a_key_repointed_at_a_clean_case_is_reported(issued, tmp_path):
    _, reference, ledger = issued
    forged = forge(ledger, tmp_path / "反馈.xlsx", hidden={C1: {"case_no": "区城管罚〔2023〕3号"}})
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    (flag,) = [f for f in report.flags if f.kind == "forged" and f.problem_id == C1]
    assert "案号原为「区城管罚〔2023〕1号」，现为「区城管罚〔2023〕3号」" in flag.message
    entry = next(e for e in report.entries if e.key.id == C1)
    assert entry.key.case_no == "区城管罚〔2023〕1号"


def test_an_added_row_is_reported_and_not_counted(issued, tmp_path):
    _, reference, ledger = issued  # the ledger holds 城管's rows the bureau never issued here
    report = ledger_status([ledger], as_of=AS_OF, reference=reference.for_unit(MARKET))
    added = [f for f in report.flags if f.kind == "forged" and f.problem_id == C1]
    assert added and "未印发" in added[0].message
    assert C1 not in {e.key.id for e in report.entries}


def test_an_edited_evaluator_column_is_reported_even_with_its_key(issued, tmp_path):
    _, reference, ledger = issued
    text = "V01 执法人员不少于两人：已核实为两人"
    forged = forge(
        ledger,
        tmp_path / "反馈.xlsx",
        visible={C1: {"问题描述": text}},
        hidden={C1: {"description": text}},
    )
    assert "tampered" not in kinds(ledger_status([forged], as_of=AS_OF), C1)  # keys agree
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    assert "forged" in kinds(report, C1)


def test_a_unit_cannot_sign_off_its_own_rows(issued, tmp_path):
    _, reference, ledger = issued
    signed = {"整改状态": "已整改", "佐证材料": "笔录", "复核人": "本单位", "复核意见": "已整改"}
    forged = forge(
        ledger, tmp_path / "反馈.xlsx", visible={M2: {**signed, "销号日期": dt.date(2024, 8, 1)}}
    )
    report = ledger_status([forged], as_of=AS_OF, reference=reference, reviewers=("周某",))
    assert report.total.closed == 0 and report.total.reported == 1
    assert "signoff" in kinds(report, M2)
    trusted = {**signed, "复核人": "周某", "销号日期": dt.date(2024, 8, 1)}
    honest = forge(ledger, tmp_path / "反馈2.xlsx", visible={M2: trusted})
    report = ledger_status([honest], as_of=AS_OF, reference=reference, reviewers=("周某",))
    assert report.total.closed == 1


def test_verify_close_checks_the_real_case_of_a_repointed_key(
    runner, issued, write_register, tmp_path
):
    results, _, ledger = issued
    forged = forge(
        ledger,
        tmp_path / "反馈.xlsx",
        visible={C1: {"案号": "区城管罚〔2023〕3号", "佐证材料": "笔录"}},
        hidden={C1: {"case_no": "区城管罚〔2023〕3号"}},
    )
    corrected = write_register(district_rows(), name="整改后.xlsx")  # nothing fixed
    out = tmp_path / "回头看.xlsx"
    args = ["rectify", "verify", str(forged), str(corrected), "-o", str(out), "--close"]
    args += ["--reviewer", "周某", "-c", str(FIXED_CHECKLIST), "--review-date", "2024-09-02"]
    trusting = runner.invoke(cli, args)
    assert trusting.exit_code == 0, trusting.output
    assert "本次销号 1 个" in trusting.output  # without the reference the forged case passes
    checked = runner.invoke(cli, [*args, "--results", str(results)])
    assert checked.exit_code == 0, checked.output
    assert "本次销号" not in checked.output
    assert f"区城管罚〔2023〕1号 {C1}" in checked.output.split("【仍存在】")[1]


ALL = [
    M2,
    M3,
    pid(MARKET, "区市监罚〔2023〕4号", "V02"),
    C1,
    pid(CITY, "区城管罚〔2023〕2号", "S01"),
]


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dropped=st.sets(st.sampled_from(ALL), max_size=3),
    redated=st.sets(st.sampled_from(ALL), max_size=3),
)
def test_no_combination_of_deletions_and_redating_goes_unnoticed(
    issued, tmp_path, dropped, redated
):
    _, reference, ledger = issued
    later = dt.date(2030, 1, 1)
    redated = redated - dropped
    forged = forge(
        ledger,
        tmp_path / "反馈.xlsx",
        visible={n: {"整改时限": later} for n in redated},
        hidden={n: {"deadline": later.isoformat()} for n in redated},
        drop=tuple(dropped),
    )
    report = ledger_status([forged], as_of=AS_OF, reference=reference)
    assert report.total.problems == len(ALL)  # nothing vanished
    assert report.total.overdue == len(ALL)  # nothing was rectified: all overdue, none cleared
    silent = {f.unit for f in report.flags if f.kind == "not_returned"}
    for number in dropped:
        unit = MARKET if number in ALL[:3] else CITY
        if {n for n in ALL if n not in dropped and (n in ALL[:3]) == (unit == MARKET)}:
            assert "missing_row" in kinds(report, number)  # the unit sent other rows back
        else:
            assert unit in silent  # every row of the unit deleted: the unit did not report
    for number in redated:
        assert "forged" in kinds(report, number)
