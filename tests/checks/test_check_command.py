"""`evaltool check`: what a reviewer or a unit sees, the results file, and the exit codes."""

import json
from pathlib import Path

import pytest

from evaltool.cli import cli
from evaltool.config import load_config
from evaltool.errors import ChecklistError
from evaltool.pipeline import check_registers
from kit.registers import case_row

EXAMPLE = Path(__file__).parents[2] / "examples" / "案卷登记表.xlsx"
REVIEW = ["--review-date", "2024-06-30"]


def test_example_register_prints_unit_summary_and_failing_findings(runner):
    result = runner.invoke(cli, ["check", str(EXAMPLE), *REVIEW])
    assert result.exit_code == 1, result.output  # the example has veto failures
    out = result.output
    for unit in ("区市场监督管理局", "区城市管理综合行政执法局", "区生态环境局"):
        assert unit in out
    assert "【否决项】V03 不符合" in out
    assert "仅记录 1 人（王明）" in out and "［V5］" in out
    assert "送达日期（P24）待核对（见数据问题）" in out  # unreadable value: needs_review, located
    assert "P24 送达日期：日期不存在（原值：2023年13月5日）" in out  # the reading problem, once


def test_clean_register_exits_zero_and_scores_full_marks(runner, write_register):
    path = write_register([case_row(), case_row(案号="区市监罚〔2023〕2号")])
    result = runner.invoke(cli, ["check", str(path), *REVIEW, "--format", "json"])
    assert result.exit_code == 0, result.output
    results = json.loads(result.output)
    assert [c["score"] for c in results["cases"]] == [100.0, 100.0]
    assert results["units"][0]["grades"]["优秀"] == 2


@pytest.mark.parametrize(
    ("fail_on", "changes", "code"),
    [
        ("veto", {"执法人员": "王明"}, 1),
        ("veto", {"送达日期": "2023-05-05"}, 0),  # late service deducts but is no veto
        ("fail", {"送达日期": "2023-05-05"}, 1),
        ("never", {"执法人员": "王明"}, 0),
        ("fail", {}, 0),
    ],
)
def test_fail_on_sets_the_exit_code(runner, write_register, fail_on, changes, code):
    path = write_register([case_row(**changes)])
    result = runner.invoke(cli, ["check", str(path), *REVIEW, "--fail-on", fail_on])
    assert result.exit_code == code, result.output


def test_json_results_file_matches_the_documented_shape(runner, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(
        cli,
        ["check", str(EXAMPLE), *REVIEW, "--format", "json", "-o", str(out), "--fail-on", "never"],
    )
    assert result.exit_code == 0, result.output
    assert f"结果已写入：{out}" in result.output
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["schema_version"] == 2
    assert [c["id"] for c in results["checklists"]] == ["national-ordinary"]
    assert {c["checklist"] for c in results["cases"]} == {"national-ordinary"}
    case = next(c for c in results["cases"] if c["case_no"] == "区市监罚〔2023〕3号")
    assert {"unit", "case_no", "source", "score", "grade", "vetoed", "findings"} <= set(case)
    assert case["source"] == {"file": str(EXAMPLE), "sheet": "案卷登记表", "row": 5}
    assert (case["score"], case["grade"], case["vetoed"]) == (0.0, "不合格", True)
    finding = next(f for f in case["findings"] if f["check"] == "officers.min_two")
    assert finding["item_id"] == "V03" and finding["veto"]
    assert finding["outcome"] == "fail" and finding["cells"] == ["V5"]
    assert "第四十二条" in finding["basis"]
    assert all(f["outcome"] != "pass" for c in results["cases"] for f in c["findings"])
    issue = results["data_issues"][0]
    assert (issue["cell"], issue["field"], issue["raw"]) == ("P24", "served_on", "2023年13月5日")


def test_include_pass_lists_passing_findings(runner, write_register):
    path = write_register([case_row()])
    result = runner.invoke(cli, ["check", str(path), *REVIEW, "--format", "json", "--include-pass"])
    outcomes = {f["check"]: f["outcome"] for f in json.loads(result.output)["cases"][0]["findings"]}
    for check in ("officers.min_two", "dates.order", "deadline.decision", "deadline.service"):
        assert outcomes[check] == "pass"
    without = runner.invoke(cli, ["check", str(path), *REVIEW, "--format", "json"])
    assert "pass" not in {f["outcome"] for f in json.loads(without.output)["cases"][0]["findings"]}


def test_missing_column_is_reported_once_per_register(runner, write_register):
    rows = [case_row(送达日期=None), case_row(案号="2号", 送达日期=None)]
    path = write_register(rows, headers=[h for h in rows[0] if h != "送达日期"])
    result = runner.invoke(cli, ["check", str(path), *REVIEW, "--format", "json"])
    results = json.loads(result.output)
    gaps = [g for g in results["not_assessed"] if g["check"] == "deadline.service"]
    assert [(g["item_id"], g["missing"]) for g in gaps] == [("S01", ["served_on"])]
    assert all(f["check"] != "deadline.service" for c in results["cases"] for f in c["findings"])


def test_each_case_is_scored_by_its_procedures_standard(runner, write_register):
    path = write_register(
        [
            case_row(),
            case_row(案号="简1", 程序类型="简易程序"),
            case_row(案号="快1", 程序类型="快速办理"),
        ]
    )
    results = json.loads(
        runner.invoke(cli, ["check", str(path), *REVIEW, "--format", "json"]).output
    )
    scored = {c["case_no"]: c["checklist"] for c in results["cases"]}
    assert scored == {"区市监罚〔2023〕1号": "national-ordinary", "简1": "simple"}
    assert [(c["id"], c["procedures"], c["cases"]) for c in results["checklists"]] == [
        ("national-ordinary", ["普通程序"], 1),
        ("simple", ["简易程序"], 1),
    ]
    assert [s["case_no"] for s in results["skipped"]] == ["快1"]
    assert "没有适用于快速办理的评查标准" in results["skipped"][0]["reason"]


def test_a_single_standard_leaves_other_procedures_unscored(runner, write_register):
    path = write_register([case_row(), case_row(案号="简1", 程序类型="简易程序")])
    output = runner.invoke(cli, ["check", str(path), *REVIEW, "-c", "simple", "--format", "json"])
    results = json.loads(output.output)
    assert [c["case_no"] for c in results["cases"]] == ["简1"]
    assert [s["case_no"] for s in results["skipped"]] == ["区市监罚〔2023〕1号"]


def test_unit_option_overrides_the_register(runner, write_register):
    path = write_register([case_row()])
    result = runner.invoke(
        cli, ["check", str(path), *REVIEW, "--unit", "某镇人民政府", "--format", "json"]
    )
    assert json.loads(result.output)["units"][0]["unit"] == "某镇人民政府"


def test_missing_file_is_a_chinese_error_with_exit_2(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(tmp_path / "无.xlsx")])
    assert result.exit_code == 2
    assert "文件不存在" in result.output and "无.xlsx" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(runner):
    result = runner.invoke(cli, ["check", str(EXAMPLE), "--format", "pdf"])
    assert result.exit_code == 2
    assert "未知的输出格式「pdf」" in result.output


def test_output_file_is_not_left_behind_when_nothing_can_be_read(runner, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["check", str(bad), "--format", "json", "-o", str(out)])
    assert result.exit_code == 2
    assert "坏.xlsx" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_the_config_maps_procedure_types_to_standards(runner, write_register, tmp_path):
    register = write_register([case_row(), case_row(案号="简1", 程序类型="简易程序")])
    config = tmp_path / "evaltool.yaml"
    config.write_text(
        f"checklist: {{普通程序: chongqing, 简易程序: simple}}\ninputs: [{register.name}]\n"
        "review_date: 2024-06-30\n",
        encoding="utf-8",
    )
    assert load_config(config).checklist == {"普通程序": "chongqing", "简易程序": "simple"}
    result = runner.invoke(cli, ["run", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [c["checklist"] for c in results["cases"]] == ["chongqing", "simple"]


def test_a_standard_named_for_a_procedure_it_does_not_cover_is_an_error(runner, write_register):
    path = write_register([case_row()])
    with pytest.raises(ChecklistError, match="不含简易程序"):
        check_registers(
            [path], checklist={"普通程序": "chongqing", "简易程序": "national-ordinary"}
        )
    with pytest.raises(ChecklistError, match="程序类型「当场」未知"):
        check_registers([path], checklist={"当场": "simple"})
