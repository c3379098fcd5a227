"""The three rectification counts (建议, 问题, 整改到位) for summaries, from results and/or ledgers."""

import datetime as dt
import json

import pytest

from evaltool.errors import EvaltoolError
from evaltool.rectify.counts import RectificationCounts, rectification_counts
from kit.ledger import CITY, MARKET, district_results, fill, make_ledger, pid

SIGNED = {
    "整改状态": "已整改",
    "佐证材料": "笔录",
    "复核意见": "同意",
    "销号日期": dt.date(2024, 8, 1),
}


def with_review_marks(results):
    """One waived failure and one reviewer suggestion, as manual review marks add them."""
    case = next(c for c in results["cases"] if c["case_no"] == "区城管罚〔2023〕1号")
    case["findings"][0]["waived"] = True
    case["findings"].append(
        {
            "item_id": "D02",
            "check": None,
            "outcome": "pass",
            "deduction": 0,
            "veto": False,
            "message": "建议统一决定书格式",
            "cells": [],
            "basis": "",
            "kind": "suggestion",
        }
    )
    return results


def test_counts_from_results_keep_suggestions_and_problems_apart(write_register):
    table = rectification_counts(with_review_marks(district_results(write_register)))
    assert table.units == {
        MARKET: RectificationCounts(suggestions=0, problems=3, closed=None),
        CITY: RectificationCounts(suggestions=1, problems=1, closed=None),
    }
    assert table.total == RectificationCounts(suggestions=1, problems=4, closed=None)


def test_closed_counts_only_signed_off_problems_of_the_results(write_register, tmp_path):
    results = with_review_marks(district_results(write_register))
    ledger = make_ledger(write_register, tmp_path, results)
    edits = {
        pid(MARKET, "区市监罚〔2023〕2号", "V01"): SIGNED,
        pid(MARKET, "区市监罚〔2023〕3号", "S01"): {**SIGNED, "整改状态": "无法整改（已说明）"},
        pid(CITY, "区城管罚〔2023〕2号", "S01"): {**SIGNED, "复核意见": None},  # not signed off
    }
    returned = fill(ledger, tmp_path / "反馈.xlsx", edits)
    from_both = rectification_counts(results, [returned])
    from_ledger = rectification_counts(ledgers=[returned])
    assert from_both == from_ledger
    assert from_both.units[MARKET] == RectificationCounts(0, 3, 1)  # 无法整改 is not 整改到位
    assert from_both.total == RectificationCounts(suggestions=1, problems=4, closed=1)
    assert from_both.total.as_dict() == {"suggestions": 1, "problems": 4, "closed": 1}


def test_problems_of_another_review_round_are_not_counted_as_closed(write_register, tmp_path):
    ledger = make_ledger(write_register, tmp_path)
    returned = fill(
        ledger, tmp_path / "反馈.xlsx", {pid(CITY, "区城管罚〔2023〕1号", "V01"): SIGNED}
    )
    waived = with_review_marks(district_results(write_register))  # that problem was waived since
    assert rectification_counts(waived, [returned]).total.closed == 0


def test_an_unreadable_ledger_is_an_error_not_a_silent_zero(write_register, tmp_path):
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"nope")
    with pytest.raises(EvaltoolError, match=r"坏\.xlsx"):
        rectification_counts(district_results(write_register), [broken])


def test_the_summary_states_the_counts_and_closure_from_returned_ledgers(
    write_register, tmp_path, runner
):
    from evaltool.cli import cli

    results = district_results(write_register)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    ledger = make_ledger(write_register, tmp_path, results)
    returned = fill(
        ledger, tmp_path / "报回.xlsx", {pid(MARKET, "区市监罚〔2023〕3号", "S01"): SIGNED}
    )
    before = runner.invoke(cli, ["summary", str(path), "-o", str(tmp_path / "通报.md"), "--draft"])
    assert before.exit_code == 0, before.output
    text = (tmp_path / "通报.md").read_text(encoding="utf-8")
    assert "本次评查共发现问题5个。" in text  # closure unknown before ledgers come back
    after = runner.invoke(
        cli,
        [
            "summary",
            str(path),
            "--ledger",
            str(returned),
            "-o",
            str(tmp_path / "通报2.md"),
            "--draft",
        ],
    )
    assert after.exit_code == 0, after.output
    assert "本次评查共发现问题5个；截至目前，已整改到位的问题1个。" in (
        tmp_path / "通报2.md"
    ).read_text(encoding="utf-8")
