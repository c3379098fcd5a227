"""The index configuration: the shipped default, and every mistake reported with file and line."""

import pytest

from evaltool.cli import cli
from evaltool.index.config import IndexConfigError, default_config_path, load_index_config
from evaltool.plugins import build_registry, get_plugin_manager

CHECKS = build_registry(get_plugin_manager()).checks


def test_the_shipped_default_is_the_register_computable_proposal():
    config = load_index_config(known_checks=CHECKS)
    assert config.shipped
    weights = {i.id: i.weight for i in config.indicators}
    assert weights == {"Q": 40, "L": 20, "T": 15, "P": 10, "R": 15}
    formulas = {i.id: i.formula for i in config.indicators}
    assert formulas["Q"] == "mean_score" and formulas["R"] == "rectification_rate"
    assert config.indicator("T").checks == (
        "deadline.*",
        "notice.waiting_period",
        "hearing.timing",
    )
    assert config.indicator("P").checks == ("publicity.deadline",)
    assert "默认" in default_config_path().read_text(encoding="utf-8")


def test_a_copy_of_the_default_is_not_marked_as_the_default(tmp_path):
    copy = tmp_path / "指数配置.yaml"
    copy.write_text(default_config_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert not load_index_config(copy).shipped


BROKEN = """\
id: broken
aggregation: median
provisional_below: 2
indicators:
  - {id: Q, title: 案卷质量, formula: mean_score, weight: 40, checks: [deadline.*]}
  - {id: T, title: 时效, formula: check_pass_share, checks: [deadline.typo], weight: 10}
  - {id: T, title: 重复, formula: veto_free_share, weight: 10}
  - {id: S, title: 满意度, formula: external, weight: -1}
  - {id: F, title: 纠错率, formula: external, column: 纠错率, weight: 0, direction: lower,
     normalise: {method: bands, target: 10, floor: 0}}
  - {id: X, title: 未知, formula: magic, weight: 1}
  - {id: M, title: 区间, formula: coverage, weight: 1, normalise: {method: minmax, max: 5}}
  - {id: N, title: 未写权重, formula: coverage, direction: [up]}
special:
  - {id: X1, title: 专项, indicators: {T: 1, Z: 1}}
"""


def test_every_problem_is_reported_with_its_line(tmp_path):
    path = tmp_path / "index.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(IndexConfigError) as caught:
        load_index_config(path, known_checks=CHECKS)
    problems = caught.value.problems
    expected = [
        (2, "「aggregation」应为"),
        (3, "应在 0 到 1 之间"),
        (5, "「checks」只用于 check_pass_share"),
        (6, "没有编号为「deadline.typo」的检查"),
        (7, "指标编号「T」重复（第 6 行已出现）"),
        (8, "「weight」不能小于 0"),
        (8, "指标「S」缺少「column」"),
        (10, "越低越好的指标，target（10）应小于 floor（0）"),
        (11, "计算公式「magic」未知"),
        (12, "「max」只用于 scale"),
        (13, "缺少权重「weight」"),
        (13, "「direction」应为 higher（越高越好）、lower（越低越好） 之一"),
        (15, "没有编号为「Z」的指标"),
    ]
    for line, text in expected:
        assert any(p.startswith(f"{path}:第 {line} 行：") and text in p for p in problems), (
            line,
            text,
            problems,
        )


def test_yaml_syntax_errors_name_the_line(tmp_path):
    path = tmp_path / "index.yaml"
    path.write_text("id: x\nindicators: [\n", encoding="utf-8")
    with pytest.raises(IndexConfigError, match="YAML 格式错误"):
        load_index_config(path)


def test_show_config_prints_the_default_for_copying(runner):
    result = runner.invoke(cli, ["index", "--show-config"])
    assert result.exit_code == 0, result.output
    assert result.output == default_config_path().read_text(encoding="utf-8")


def test_a_broken_config_is_an_input_error(runner, tmp_path):
    path = tmp_path / "index.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(cli, ["index", "--show-config", "--index-config", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("错误：")
    assert f"{path}:第 6 行：指标「T」：没有编号为「deadline.typo」的检查" in result.output
    assert "Traceback" not in result.output
