"""The review config (evaltool.yaml): loaded safely, every problem reported with file and line."""

import datetime as dt

import pytest

from evaltool.cli.options import find_config
from evaltool.config import ConfigError, ReviewConfig, load_config
from kit.documents import CONFIG_TEXT, write_config


def test_a_complete_config_is_read(tmp_path):
    config = load_config(write_config(tmp_path))
    assert config.name == "2024年度行政处罚案卷评查"
    assert config.reviewing_body == "重庆市綦江区司法局"
    assert (config.period_from, config.period_to) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert config.issue_date == dt.date(2024, 7, 15)
    assert config.document_number(3, 2024) == "綦司发〔2024〕3号"
    assert config.unit("区市场监督管理局").full_name == "重庆市綦江区市场监督管理局"
    assert config.unit("区市场监督管理局").group == "区级部门"
    assert config.unit("未配置的单位").full_name == "未配置的单位"
    assert config.contacts[0].phone == "023-48661234"


def test_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "模板").mkdir()
    text = CONFIG_TEXT + "inputs: [登记表/]\ntemplates: 模板\n"
    config = load_config(write_config(tmp_path, text))
    assert config.inputs == (tmp_path / "登记表",)
    assert config.templates == tmp_path / "模板"


def test_without_a_config_the_defaults_apply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config(None) is None
    config = load_config(None)
    assert config == ReviewConfig()
    assert config.document_number(1, 2024) == ""
    write_config(tmp_path)
    assert find_config(None).name == "evaltool.yaml"


def test_every_problem_is_reported_with_its_line(tmp_path):
    text = """\
name: 评查
reviewing_bdy: 某司法局
period: {from: 2023-12-31, to: 2023-01-01}
document_number: {prefix: 綦司发〔2024〕}
issue_date: 2024年13月15日
deadline_workdays: 0
units:
  - {name: 区市场监督管理局}
  - {name: 区市场监督管理局}
privacy: {mask_names: 是}
"""
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, text))
    problems = caught.value.problems
    path = tmp_path / "evaltool.yaml"
    expected = {
        2: "未知的键「reviewing_bdy」",
        3: "结束日期",
        4: "机关代字",
        5: "issue_date",
        6: "deadline_workdays",
        9: "重复",
        10: "mask_names",
    }
    assert len(problems) == len(expected)
    for line, words in expected.items():
        assert any(p.startswith(f"{path}:第 {line} 行：") and words in p for p in problems), line


def test_yaml_syntax_errors_name_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"evaltool.yaml:第 2 行：YAML 格式错误"):
        load_config(write_config(tmp_path, "name: 评查\n\tyear: 2024\n"))


def test_duplicate_keys_are_rejected(tmp_path):
    with pytest.raises(ConfigError, match=r"重复的键「name」"):
        load_config(write_config(tmp_path, "name: 一\nname: 二\n"))


def test_options_override_the_file(tmp_path):
    config = load_config(write_config(tmp_path))
    changed = config.override(deadline_workdays=10, docno_prefix=None, mask_names=False)
    assert changed.deadline_workdays == 10
    assert changed.docno_prefix == "綦司发"
    assert not changed.mask_names
    with pytest.raises(ConfigError, match="机关代字"):
        config.override(docno_prefix="綦司发[2024]")


def test_a_holiday_schedule_in_the_config_moves_the_notice_deadline(tmp_path, write_register):
    from evaltool.render import DocumentSet
    from kit.documents import review_results

    results = review_results(write_register)
    base = CONFIG_TEXT.replace("issue_date: 2024-07-15", "issue_date: 2026-12-03")
    plain = DocumentSet(results, load_config(write_config(tmp_path, base)))
    assert plain.deadline()["date"] == dt.date(2026, 12, 31)
    text = base + "holidays:\n  days_off: [2026-12-31, 2027-01-01]\n  workdays: [2027-01-02]\n"
    config = load_config(write_config(tmp_path, text))
    assert config.holidays.workdays == frozenset({dt.date(2027, 1, 2)})
    scheduled = DocumentSet(results, config).deadline()
    assert scheduled["date"] == dt.date(2027, 1, 2) and not scheduled["beyond_holiday_data"]


def test_a_bad_holiday_schedule_is_reported_with_its_line(tmp_path):
    text = CONFIG_TEXT + "holidays:\n  days_off: [元旦]\n  workdays: [2027-01-02]\n"
    with pytest.raises(ConfigError) as error:
        load_config(write_config(tmp_path, text))
    assert "holidays 的「days_off」应为日期列表" in str(error.value)
    assert f"第 {text.splitlines().index('  days_off: [元旦]') + 1} 行" in str(error.value)


@pytest.mark.parametrize("form", ["2024-4-15", "2024/4/15", "2024年4月15日", "'2024-04-15'"])
def test_config_dates_take_the_forms_registers_take(tmp_path, form):
    config = load_config(write_config(tmp_path, f"name: 评查\nissue_date: {form}\n"))
    assert config.issue_date == dt.date(2024, 4, 15)


def test_the_disagreement_rule_is_read_and_checked(tmp_path):
    assert load_config(write_config(tmp_path)).disagreement == "从严"  # the default
    config = load_config(write_config(tmp_path, CONFIG_TEXT + "disagreement: 从宽\n"))
    assert config.disagreement == "从宽"
    with pytest.raises(
        ConfigError, match=r"第 \d+ 行：分歧处理规则「disagreement」应为 从严或从宽，实际为「平均」"
    ):
        load_config(write_config(tmp_path, CONFIG_TEXT + "disagreement: 平均\n"))
