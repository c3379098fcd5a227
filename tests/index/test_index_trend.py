"""`evaltool trend`: the index and its parts over two years, with charts and the biggest movers."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.rectify.ledger import build_ledger, write_ledger
from kit.index import JIA, YI, district_results, district_rows, write_json


@pytest.fixture
def years(write_register, tmp_path):
    """2023's review, and 2024's after 乙 fixed its veto (甲 unchanged)."""
    first = district_results(write_register)
    second = district_results(
        write_register,
        district_rows(fixed=True),
        name="2024.xlsx",
        review_date=dt.date(2025, 6, 30),
    )
    return write_json(first, tmp_path / "R2023.json"), write_json(second, tmp_path / "R2024.json")


def test_two_years_give_a_trend_with_charts_and_movers(runner, years, tmp_path):
    out = tmp_path / "趋势"
    result = runner.invoke(cli, ["trend", *map(str, years), "-o", str(out)])
    assert result.exit_code == 0, result.output
    trend = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    assert trend["labels"] == ["2024", "2025"]  # the review years
    units = {u["unit"]: u for u in trend["units"]}
    assert units[YI]["index"] == [60, 100] and units[YI]["change"] == 40
    assert units[JIA]["index"] == [89.67, 89.67] and units[JIA]["change"] == 0
    assert units[YI]["parts"]["Q"] == [50, 100] and units[YI]["mean_score"] == [50, 100]
    # the county: the mean of the units' indices as published
    assert trend["county"]["index"] == [
        pytest.approx((89.67 + 60) / 2, abs=0.006),
        pytest.approx((89.67 + 100) / 2, abs=0.006),
    ]
    (mover,) = trend["movers"]["up"]
    assert mover["unit"] == YI and mover["change"] == 40
    assert [d["id"] for d in mover["drivers"]] == ["Q", "L"]  # 26.67 and 13.33 points
    assert mover["drivers"][0]["points"] == pytest.approx(26.67, abs=0.01)
    assert mover["score_trend"] == "好转" and mover["fixed_problems"] == 1
    assert trend["movers"]["down"] == []
    (step,) = trend["steps"]
    assert step["summary"]["better"] == 1 and step["fixed_problems"] == 1
    assert "乙" not in result.output and f"{YI}：60 → 100（+40）" in result.output
    html = (out / "行政执法指数趋势.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 4  # county and groups, changes, one per unit
    assert "<polyline" in html and "<script" not in html
    assert "变化最大的单位" in html
    workbook = load_workbook(out / "行政执法指数趋势.xlsx")
    assert workbook.sheetnames == ["指数趋势", "分指数趋势", "排名与平均分", "变化最大", "逐次比较"]
    rows = [[c.value for c in row] for row in workbook["指数趋势"].iter_rows(2)]
    assert [YI, None, 60, 100, 40] in rows  # no group configured


def test_labels_can_be_given_and_must_match(runner, years, tmp_path):
    args = ["trend", *map(str, years), "-o", str(tmp_path / "out")]
    result = runner.invoke(cli, [*args, "--label", "整改前", "--label", "整改后"])
    assert result.exit_code == 0, result.output
    trend = json.loads((tmp_path / "out" / "trend.json").read_text(encoding="utf-8"))
    assert trend["labels"] == ["整改前", "整改后"]
    wrong = runner.invoke(cli, [*args, "--label", "一"])
    assert wrong.exit_code == 2 and "2 个结果文件" in wrong.output
    unknown = runner.invoke(cli, [*args, "--ledger", "2099=台账.xlsx"])
    assert unknown.exit_code == 2 and "「2099」不是任何一次评查" in unknown.output
    malformed = runner.invoke(cli, [*args, "--ledger", "台账.xlsx"])
    assert malformed.exit_code == 2 and "标签=文件" in malformed.output


def test_one_results_file_is_not_a_trend(runner, years, tmp_path):
    result = runner.invoke(cli, ["trend", str(years[0]), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "至少需要两次" in result.output


def test_each_review_gets_the_ledgers_of_its_previous_round(runner, years, tmp_path):
    first = json.loads(years[0].read_text(encoding="utf-8"))
    ledger = write_ledger(
        build_ledger(first, issued=dt.date(2024, 7, 1), workdays=20), tmp_path / "台账.xlsx"
    )  # returned untouched: nothing rectified
    out = tmp_path / "out"
    args = ["trend", *map(str, years), "-o", str(out), "--ledger", f"2025={ledger}"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    trend = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    units = {u["unit"]: u for u in trend["units"]}
    assert units[JIA]["parts"]["R"] == [None, 0]  # 2024 had no previous round
    assert units[YI]["parts"]["R"] == [None, 0]
    assert any("整改（R）所有单位均无数据" in n for n in trend["periods"][0]["notes"])
    assert not any("整改（R）" in n for n in trend["periods"][1]["notes"])


def test_mixing_reviewed_and_automatic_only_results_is_warned_and_marked(runner, years, tmp_path):
    reviewed = json.loads(years[0].read_text(encoding="utf-8"))
    reviewed["review"] = {"marks": ["评分表.xlsx"], "status": {"已评查": 4}}  # as `score` writes
    first = write_json(reviewed, tmp_path / "R2023-评分.json")
    out = tmp_path / "趋势"
    result = runner.invoke(cli, ["trend", str(first), str(years[1]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "警告：2025（仅自动检查）的结果只有自动检查、没有评查人评分" in result.output
    trend = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    assert trend["labels"] == ["2024", "2025（仅自动检查）"] and trend["mixed_review"]
    html = (out / "行政执法指数趋势.html").read_text(encoding="utf-8")
    assert "2025（仅自动检查）" in html and "口径不同" in html
    plain = runner.invoke(cli, ["trend", *map(str, years), "-o", str(tmp_path / "同口径")])
    assert "警告" not in plain.output and "仅自动检查" not in plain.output
