"""Usage mistakes on the command line get a Chinese message and exit code 2, like input errors."""

import pytest

from evaltool.cli import cli, usage_message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "错误：缺少参数 REGISTERS..."),
        (
            ["check", "x.xlsx", "--fail-on", "maybe"],
            "错误：选项 --fail-on 的值无效：'maybe' 不是以下之一：",
        ),
        (["chek"], "错误：没有命令 chek"),
        (["check", "x.xlsx", "--nope"], "错误：没有选项 --nope"),
        (
            ["check", "x.xlsx", "--review-date", "2024/13/1"],
            "日期应为 2024-03-01、2024/3/1 或 2024年3月1日 这样的形式：2024/13/1",
        ),
        (["check", "x.xlsx", "--review-date", "45000"], "这样的形式：45000"),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(runner, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Usage:" not in result.output and "Error:" not in result.output
    assert "--help" in result.output


def test_an_unknown_click_message_passes_through_unchanged():
    assert usage_message("something new") == "something new"


@pytest.mark.parametrize(
    "form", ["2024-03-01", "2024/3/1", "2024-3-1", "2024年3月1日", "2024.03.01"]
)
def test_options_take_the_date_forms_registers_take(runner, write_register, form):
    from kit.registers import case_row

    register = write_register([case_row()])
    result = runner.invoke(cli, ["check", str(register), "--review-date", form, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"review_date": "2024-03-01"' in result.output
