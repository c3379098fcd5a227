"""The terminal output of check stays short at any scale; the full list is there when asked."""

import datetime as dt

from evaltool.cli import cli
from kit.registers import case_row


def failing_register(write_register, n: int):
    """``n`` files of one unit, each decided before it was filed (a failure of dates.order)."""
    rows = [
        case_row(案号=f"区市监罚〔2023〕{i}号", 立案日期=dt.date(2023, 4, 25))
        for i in range(1, n + 1)
    ]
    return write_register(rows)


def test_many_problems_are_summarised_not_listed(runner, write_register):
    register = failing_register(write_register, 400)
    result = runner.invoke(cli, ["check", str(register), "--review-date", "2024-06-30"])
    lines = result.output.splitlines()
    assert len(lines) < 200
    assert "涉及 400 件案卷；最常见的" in result.output
    assert "--format details" in result.output  # where the full list is
    assert "区市监罚〔2023〕399号" not in result.output


def test_the_full_list_when_asked(runner, write_register):
    register = failing_register(write_register, 400)
    result = runner.invoke(
        cli, ["check", str(register), "--review-date", "2024-06-30", "--format", "details"]
    )
    assert "区市监罚〔2023〕399号" in result.output
    assert "区市监罚〔2023〕1号" in result.output


def test_a_few_problems_are_listed_file_by_file(runner, write_register):
    register = failing_register(write_register, 3)
    result = runner.invoke(cli, ["check", str(register), "--review-date", "2024-06-30"])
    assert "区市监罚〔2023〕3号" in result.output
    assert "最常见的" not in result.output


def test_writing_json_prints_only_the_summary(runner, write_register, tmp_path):
    register = failing_register(write_register, 400)
    out = tmp_path / "results.json"
    result = runner.invoke(
        cli,
        ["check", str(register), "--review-date", "2024-06-30", "--format", "json", "-o", str(out)],
    )
    assert out.is_file()
    assert len(result.output.splitlines()) < 200
    assert "区市监罚〔2023〕399号" in out.read_text(encoding="utf-8")
