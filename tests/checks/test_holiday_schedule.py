"""The review config's holiday schedule counts the days of check, sheet and score alike.

The State Council publishes next year's holidays before chinesecalendar has them, so a bureau
writes them into evaltool.yaml (docs/config.md, 节假日安排). A decision of Monday 2024-03-04 served
on Thursday 2024-03-14 is served on the 8th working day: late (行政处罚法第六十一条, seven working
days). With 2024-03-06 declared a day off, the 14th is the 7th working day: on time.
"""

import datetime as dt
import json

import pytest

from evaltool.cli import cli
from kit.registers import FIXED_CHECKLIST, case_row
from kit.review import fill, sheet_rows

SCHEDULE = "holidays:\n  days_off: [2024-03-06]\n"
LATE_BY_ONE_WORKDAY = case_row(
    案号="区市监罚〔2024〕7号",
    违法行为发生日期=dt.date(2024, 1, 2),
    发现日期=dt.date(2024, 1, 3),
    立案日期=dt.date(2024, 1, 4),
    告知日期=dt.date(2024, 2, 1),
    决定日期=dt.date(2024, 3, 4),
    送达日期=dt.date(2024, 3, 14),
    结案日期=dt.date(2024, 3, 25),
)
VERDICT = {False: "fail", True: "pass"}  # S01 without and with the extra day off


@pytest.fixture
def register(write_register):
    return write_register([LATE_BY_ONE_WORKDAY])


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "评查配置.yaml"
    path.write_text(SCHEDULE, encoding="utf-8")
    return path


def options(config, scheduled: bool) -> list[str]:
    return ["--config", str(config)] if scheduled else []


def service_outcome(results: dict) -> str:
    (case,) = results["cases"]
    return next(f["outcome"] for f in case["findings"] if f["item_id"] == "S01")


def run_check(runner, register, tmp_path, extra) -> dict:
    out = tmp_path / "results.json"
    args = ["check", str(register), "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]
    result = runner.invoke(
        cli, [*args, "--format", "json", "--include-pass", "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def make_sheet(runner, register, tmp_path, extra):
    out = tmp_path / "评分表.xlsx"
    args = ["sheet", str(register), "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]
    result = runner.invoke(cli, [*args, "--reviewers", "甲", "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("scheduled", [False, True])
def test_check_counts_the_configured_day_off(runner, register, config, tmp_path, scheduled):
    results = run_check(runner, register, tmp_path, options(config, scheduled))
    assert service_outcome(results) == VERDICT[scheduled]


@pytest.mark.parametrize("scheduled", [False, True])
def test_the_scoring_sheet_is_prefilled_by_the_configured_schedule(
    runner, register, config, tmp_path, scheduled
):
    sheet = make_sheet(runner, register, tmp_path, options(config, scheduled))
    (row,) = [r for r in sheet_rows(sheet, "甲") if r["评查项目编号"] == "S01"]
    assert row["自动检查"] == {"fail": "不符合", "pass": "符合"}[VERDICT[scheduled]]


@pytest.mark.parametrize("scheduled", [False, True])
def test_score_counts_the_configured_day_off(runner, register, config, tmp_path, scheduled):
    extra = options(config, scheduled)
    sheet = make_sheet(runner, register, tmp_path, extra)
    filled = fill(sheet, tmp_path / "已填.xlsx", "甲", reviewer="甲")
    out = tmp_path / "评查输出"
    result = runner.invoke(
        cli,
        ["score", str(register), "--marks", str(filled), "-o", str(out), "--include-pass", *extra],
    )
    assert result.exit_code == 0, result.output
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert service_outcome(results) == VERDICT[scheduled]


def test_without_config_the_current_folders_evaltool_yaml_is_used(
    runner, register, tmp_path, monkeypatch
):
    (tmp_path / "evaltool.yaml").write_text(SCHEDULE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert service_outcome(run_check(runner, register, tmp_path, [])) == "pass"


def test_a_broken_schedule_is_a_chinese_error_naming_the_line(runner, register, tmp_path):
    bad = tmp_path / "评查配置.yaml"
    bad.write_text("holidays:\n  days_off: [三月六日]\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(register), "--config", str(bad)])
    assert result.exit_code == 2
    assert "holidays 的「days_off」应为日期列表" in result.output and "第 2 行" in result.output
    assert "Traceback" not in result.output
