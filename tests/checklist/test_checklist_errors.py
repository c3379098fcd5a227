"""A broken checklist stops `evaltool check` with exit 2 and a Chinese message giving file and line."""

import textwrap

import pytest

from evaltool.cli import cli
from kit.registers import case_row

GOOD = """\
id: test
title: 测试标准
version: "1"
groups:
  - id: g
    title: 送达
    items:
      - id: S01
        title: 按期送达
        points: 100
        check: deadline.service
"""


@pytest.fixture
def register(write_register):
    return write_register([case_row()])


def run_with(runner, tmp_path, register, text):
    path = tmp_path / "标准.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return runner.invoke(cli, ["check", str(register), "-c", str(path)]), path


def test_a_valid_checklist_scores(runner, tmp_path, register):
    result, _ = run_with(runner, tmp_path, register, GOOD)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("points: 100", "points: [100"), 10, "缺少「]」"),
        (
            GOOD.replace("        points: 100", "        points: 100\n        weight: 3"),
            11,
            "未知的键「weight」",
        ),
        (
            GOOD.replace("deadline.service", "deadline.nonexistent"),
            11,
            "未知的自动检查「deadline.nonexistent」",
        ),
        (
            GOOD.replace("        points: 100", "        points: 100\n        params: {days: 七}"),
            11,
            "参数「days」应为整数",
        ),
        (
            GOOD.replace("        points: 100", "        points: 100\n        params: {hours: 7}"),
            11,
            "没有参数「hours」",
        ),
        (GOOD.replace("        points: 100\n", ""), 8, "应有大于 0 的分值"),
        (GOOD.replace("        check: deadline.service\n", ""), 8, "manual: true"),
        (GOOD.replace("title: 测试标准", "title: 测试标准\ntitle: 重复"), 3, "重复的键「title」"),
        (GOOD.replace('version: "1"\n', ""), 1, "缺少「version」"),
    ],
)
def test_checklist_problems_name_file_and_line(runner, tmp_path, register, text, line, message):
    result, path = run_with(runner, tmp_path, register, text)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert f"{path}:第 {line} 行" in result.output
    assert "Traceback" not in result.output


def test_every_problem_is_reported_at_once(runner, tmp_path, register):
    text = GOOD.replace("deadline.service", "no.such").replace(
        "        points: 100", "        points: -1\n        colour: red"
    )
    result, _ = run_with(runner, tmp_path, register, text)
    assert result.exit_code == 2
    for message in ("未知的自动检查「no.such」", "未知的键「colour」", "应为非负数"):
        assert message in result.output


def test_unknown_checklist_id_lists_the_shipped_ones(runner, register):
    result = runner.invoke(cli, ["check", str(register), "-c", "no-such-standard"])
    assert result.exit_code == 2
    assert "找不到评查标准「no-such-standard」" in result.output
    assert "national-ordinary" in result.output


def test_yaml_is_loaded_safely(runner, tmp_path, register):
    result, _ = run_with(
        runner, tmp_path, register, "!!python/object/apply:os.system ['echo pwned']\n"
    )
    assert result.exit_code == 2
    assert "YAML 格式错误" in result.output


def test_a_date_that_does_not_exist_is_a_yaml_error_at_its_line(runner, tmp_path, register):
    text = GOOD.replace('version: "1"', 'version: "1"\neffective: {from: 2030-13-01}')
    result, path = run_with(runner, tmp_path, register, text)
    assert result.exit_code == 2
    assert f"{path}:第 4 行：YAML 格式错误：日期「2030-13-01」不存在" in result.output
