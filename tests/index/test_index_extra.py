"""External indicators from the bureau's workbook: values read, every unreadable cell named."""

import pytest
from openpyxl import Workbook, load_workbook

from evaltool.cli import cli
from evaltool.config import load_config
from evaltool.errors import EvaltoolError
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from kit.index import BING, JIA, REVIEW_CONFIG, YI, district_results, index_yaml, write_json

EXTERNAL = """\
  - {id: S, title: 社会满意度, formula: external, column: 社会满意度, weight: 10}
  - id: F
    title: 复议纠错率
    formula: external
    column: 复议纠错率
    direction: lower
    normalise: {method: bands, target: 0, floor: 10}
    weight: 0
special:
  - {id: X2, title: 社会满意度指数, indicators: {S: 1}}
  - {id: X3, title: 复议指数, indicators: {F: 1}}
"""


def write_extra(path, rows, headers=("序号", "执法单位", "社会满意度", "复议纠错率")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "外部指标"
    sheet.append(["2024年度行政执法外部指标"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def extra(tmp_path):
    path = write_extra(
        tmp_path / "外部指标.xlsx",
        [
            (1, "重庆市某某区市场监督管理局", 92.5, "5%"),
            (2, YI, 0.88, None),
            (3, BING, "良好", 3),
            (4, "不存在的单位", 90, 1),
            ("合计", None, None, None),
        ],
    )
    workbook = load_workbook(path)
    workbook.active["C4"].number_format = "0%"  # 0.88 shown as 88%
    workbook.save(path)
    return path


@pytest.fixture
def setup(write_register, tmp_path):
    review = tmp_path / "evaltool.yaml"
    review.write_text(REVIEW_CONFIG, encoding="utf-8")
    config = tmp_path / "index.yaml"
    config.write_text(index_yaml(40, 20, 15) + EXTERNAL, encoding="utf-8")
    results = district_results(write_register)
    return results, load_index_config(config), load_config(review), config, review


def parts_of(index, unit):
    entry = next(u for u in index["units"] if u["unit"] == unit)
    return {p["id"]: p for p in entry["parts"]}, {s["id"]: s["value"] for s in entry["special"]}


def test_values_are_read_and_unreadable_ones_reported_with_their_cell(setup, extra):
    results, config, review, *_ = setup
    index = compute_index(results, config, review_config=review, extra=extra)
    jia, jia_special = parts_of(index, JIA)
    assert jia["S"]["raw"] == 92.5 and "工作表「外部指标」C3" in jia["S"]["explanation"]
    assert jia["F"]["raw"] == 5 and jia["F"]["normalised"] == 50  # 100 × (10 − 5) ÷ 10
    assert jia["F"]["weight_used"] == 0  # weight 0: only in its special index
    assert jia_special == {"X2": 92.5, "X3": 50}
    yi, _ = parts_of(index, YI)
    assert yi["S"]["raw"] == 88  # a percentage cell
    assert yi["F"]["raw"] is None and "为空" in yi["F"]["explanation"]
    bing, bing_special = parts_of(index, BING)
    assert bing["S"]["raw"] is None and "不是数字" in bing["S"]["explanation"]
    assert bing_special == {"X2": None, "X3": 70}  # external-only: computed without files
    assert index["problems"] == [
        f"{extra} 工作表「外部指标」C5：「社会满意度」的值「良好」不是数字，按无数据处理"
    ]
    assert any("「不存在的单位」不在评查结果和评查配置中" in note for note in index["notes"])
    # S weighs 10 of 85 in the index: 甲 = (90 × 40 + 100 × 20 + 75 × 15 + 92.5 × 10) ÷ 85
    jia_index = next(u for u in index["units"] if u["unit"] == JIA)["index"]
    assert jia_index == pytest.approx((3600 + 2000 + 1125 + 925) / 85, abs=0.005)


def test_without_the_workbook_external_indicators_have_no_data(setup):
    results, config, review, *_ = setup
    index = compute_index(results, config, review_config=review)
    assert any(
        "社会满意度（S）所有单位均无数据（未提供外部数据表（--extra））" in n
        for n in index["notes"]
    )


def test_a_missing_column_or_unit_column_is_an_error(setup, tmp_path):
    results, config, review, *_ = setup
    no_column = write_extra(tmp_path / "a.xlsx", [(1, JIA, 90)], ("序号", "执法单位", "社会满意度"))
    with pytest.raises(EvaltoolError, match="没有指数配置要求的列：「复议纠错率」"):
        compute_index(results, config, review_config=review, extra=no_column)
    no_units = write_extra(tmp_path / "b.xlsx", [(1, 2, 3)], ("序号", "名称", "社会满意度"))
    with pytest.raises(EvaltoolError, match="没有「执法单位」列"):
        compute_index(results, config, review_config=review, extra=no_units)


def test_the_command_exits_1_and_names_the_cell(setup, extra, runner, tmp_path):
    results, _, _, config, review = setup
    path = write_json(results, tmp_path / "results.json")
    args = ["index", str(path), "-o", str(tmp_path / "out"), "--extra", str(extra)]
    args += ["--index-config", str(config), "--config", str(review)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "无法识别：" in result.stderr and "C5" in result.stderr
    html = (tmp_path / "out" / "行政执法指数.html").read_text(encoding="utf-8")
    assert "数据问题" in html and "C5" in html
