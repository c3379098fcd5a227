"""The examples in docs/checklists.md are real: they validate, resolve and score as the page says."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from evaltool.checklist.dump import resolved_yaml
from evaltool.checklist.load import load_checklist
from evaltool.cli import cli
from evaltool.pipeline import check_registers
from kit.checklists import ZHUZHOU
from kit.registers import REVIEW_DATE, case_row

DOC = Path(__file__).parents[2] / "docs" / "checklists.md"
BLOCK = re.compile(r"```yaml\n(# 文件：(\S+)\n.*?)```", re.S)


def examples() -> dict[str, str]:
    """File name -> text (its first line the ``# 文件：`` comment, so lines match the page)."""
    return {name: body for body, name in BLOCK.findall(DOC.read_text(encoding="utf-8"))}


@pytest.fixture
def example(tmp_path):
    def write(name: str) -> Path:
        path = tmp_path / name
        path.write_text(examples()[name], encoding="utf-8")
        return path

    return write


def test_the_page_has_the_worked_examples():
    assert set(examples()) == {
        "city-2024.yaml",
        "transcribed.yaml",
        "zhuzhou.yaml",
        "mou-sheng.yaml",
    }


def test_a_province_writes_its_own_standard_in_about_twenty_lines(
    example, registry, write_register
):
    assert len(examples()["mou-sheng.yaml"].splitlines()) <= 25
    province = load_checklist(example("mou-sheng.yaml"), registry.checks)
    assert province.companions == {"简易程序": "simple"}
    thresholds = province.item("N03").params["thresholds"]
    assert thresholds.at(dt.date(2023, 5, 1)).value == {"自然人": 3000, "法人及非法人组织": 30000}
    assert province.item("D02").params["major_fine"] == province.item("D03").params["major_fine"]
    row = case_row(处罚种类="罚款", 听证告知="否", 当事人类别="自然人")
    row["罚款金额（元）"] = 4000
    results = check_registers(
        [write_register([row, case_row(案号="简1", 程序类型="简易程序")])],
        checklist=example("mou-sheng.yaml"),
        registry=registry,
        review_date=REVIEW_DATE,
    )
    assert [c["checklist"] for c in results["cases"]] == ["mou-sheng", "simple"]
    hearing = next(f for f in results["cases"][0]["findings"] if f["item_id"] == "N03")
    assert hearing["outcome"] == "fail" and "某省人民政府令第 M 号" in hearing["message"]


def test_city_example_resolves_as_described(example, registry):
    city = load_checklist(example("city-2024.yaml"), registry.checks)
    national = load_checklist("national-ordinary", registry.checks)
    assert [i.id for i in city.disabled] == ["W02"]
    assert city.item("A07").group == "archive" and city.item("P01").params["days"] == 5
    assert [g.name for g in city.scoring.grades] == ["优秀", "良好", "合格", "不合格"]
    assert len(city.items) == len(national.items) == 61
    thresholds = city.item("N03").params["thresholds"]
    assert [span.start for span in thresholds.spans] == [dt.date(2000, 1, 1), dt.date(2023, 3, 1)]
    assert national.item("N03").params["thresholds"] is None
    resolved = resolved_yaml(city)
    console = DOC.read_text(encoding="utf-8").split("$ evaltool checklist show city-2024.yaml")[1]
    quoted = [line for line in console.split("```")[0].splitlines() if "city-2024.yaml:第" in line]
    assert len(quoted) >= 5
    for line in quoted:
        change, where = re.search(
            r"^[#\s]*(?:修改：)?(.*?)（?(city-2024\.yaml:第 \d+ 行)", line
        ).groups()
        assert any(change in actual and where in actual for actual in resolved.splitlines()), line
    summary = re.search(r"# 剪裁修改 \d+ 处，停用项目 \d+ 个", console).group()
    assert summary in resolved


def test_transcribed_standard_validates_and_scores_a_register(
    example, runner, write_register, registry
):
    path = example("transcribed.yaml")
    result = runner.invoke(cli, ["checklist", "validate", str(path)])
    assert result.exit_code == 0, result.output
    register = write_register(
        [
            case_row(),
            case_row(案号="2号", 执法人员="王明", 执法证号="50020001"),
            case_row(
                案号="3号", 违法行为发生日期=dt.date(2022, 12, 1), 发现日期=dt.date(2023, 1, 3)
            ),
        ]
    )
    checked = runner.invoke(
        cli,
        [
            "check",
            str(register),
            "-c",
            str(path),
            "--format",
            "json",
            "--review-date",
            "2024-06-30",
        ],
    )
    cases = json.loads(checked.output)["cases"]
    assert [(c["score"], c["grade"], c["veto_items"]) for c in cases] == [
        (25, "合格", []),
        (0, "不合格", ["B9"]),  # fewer than two officers: a veto here, also −2 on X5
        (24, "合格", []),  # filed two months after discovery: L6 loses its point
    ]


def test_zhuzhou_example_is_the_tested_transcription_and_scores_the_district_as_stated(
    example, runner
):
    assert examples()["zhuzhou.yaml"] == "# 文件：zhuzhou.yaml\n" + ZHUZHOU
    path = example("zhuzhou.yaml")
    page = DOC.read_text(encoding="utf-8")
    validated = runner.invoke(cli, ["checklist", "validate", str(path)])
    assert validated.exit_code == 0, validated.output
    stated = re.search(r"zhuzhou.yaml：有效。.*", page).group()
    assert validated.output.strip().endswith(stated.removeprefix("zhuzhou.yaml"))
    shown = runner.invoke(cli, ["checklist", "show", str(path)]).output
    quoted = page.split("$ evaltool checklist show zhuzhou.yaml")[1].split("```")[0]
    for line in quoted.splitlines():
        if line.strip() and line != "…":
            assert line in shown, line
    district = Path(__file__).parents[2] / "examples" / "district" / "registers"
    checked = runner.invoke(
        cli,
        [
            "check",
            str(district),
            "-c",
            str(path),
            "--format",
            "json",
            "--review-date",
            "2024-03-29",
        ],
    )
    results = json.loads(checked.output)
    lost = [c for c in results["cases"] if c["score"] < 25]
    stated = re.search(r"(\d+) 件普通程序案卷中，(\d+) 件登记的执法证号少于执法人员", page).groups()
    assert (len(results["cases"]), len(lost)) == tuple(map(int, stated))
    assert all(c["score"] == 23 and c["findings"][0]["item_id"] == "ZT2" for c in lost)
    assert not any(c["vetoed"] for c in results["cases"])
    skipped = int(re.search(r"(\d+) 件简易程序案卷不在本标准适用范围内", page).group(1))
    assert len(results["skipped"]) == skipped
