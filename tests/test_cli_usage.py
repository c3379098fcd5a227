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
        (["check", "x.xlsx", "--review-date", "2024/1/1"], "日期应为 YYYY-MM-DD 格式：2024/1/1"),
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
