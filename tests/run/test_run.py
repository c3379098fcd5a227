"""`evaltool run`: one review config in, every deliverable in one folder, and a closing list."""

import json
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.score.metrics import is_problem
from evaltool.score.uncertainty import MIN_FILES
from kit.outputs import files_naming
from kit.registers import FIXED_CHECKLIST, case_row

ROOT = Path(__file__).parents[2]
DISTRICT = ROOT / "examples" / "district" / "evaltool.yaml"

CONFIG = f"""\
name: 2024年度行政处罚案卷评查
reviewing_body: 某区司法局
checklist: {FIXED_CHECKLIST}
review_date: 2024-06-30
inputs: [登记表.xlsx]
document_number: {{prefix: 某司发, first: 5}}
issue_date: 2024-07-15
units:
  - {{name: 区市场监督管理局, full_name: 某区市场监督管理局, group: 区级部门}}
  - {{name: 某镇人民政府, full_name: 某区某镇人民政府, group: 街镇}}
"""


@pytest.fixture
def review(tmp_path, write_register):
    write_register(
        [
            case_row(),
            case_row(案号="区市监罚〔2023〕2号", 执法人员="王明"),
            case_row(执法单位="某镇人民政府", 案号="某镇罚〔2023〕1号"),
        ]
    )
    config = tmp_path / "evaltool.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def test_run_writes_every_deliverable_and_lists_where(runner, review, tmp_path):
    out = tmp_path / "输出"
    result = runner.invoke(cli, ["run", str(review), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "评查完成：2 个单位、3 件案卷" in result.output
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [c["score"] for c in results["cases"]] == [100.0, 0.0, 100.0]
    assert load_workbook(out / "评查结果.xlsx").sheetnames[:3] == [
        "案卷得分",
        "单位汇总",
        "问题统计",
    ]
    notices = sorted(p.name for p in (out / "整改通知书").iterdir())
    assert notices == [
        f"{unit}-整改通知书{suffix}"
        for unit in ("区市场监督管理局", "某镇人民政府")
        for suffix in (".docx", ".html", ".md")
    ]
    notice = Document(out / "整改通知书" / "区市场监督管理局-整改通知书.docx")
    text = "\n".join(p.text for p in notice.paragraphs)
    assert "某司发〔2024〕5号" in text and "某区市场监督管理局：" in text
    assert {p.suffix for p in out.glob("评查情况通报.*")} == {".html", ".md", ".docx"}
    ledger = load_workbook(out / "整改台账.xlsx").active
    assert any("执法人员不少于两人" in str(c.value) for row in ledger.iter_rows() for c in row)
    for line in ("评查结果（自动检查）：", "整改通知书（2 个单位）：", "整改台账（问题 1 个）："):
        assert line in result.output
    assert "没有评分表「marks」" in result.output
    assert "整改通知书" not in [
        line.strip() for line in result.output.splitlines()
    ]  # no stray bar label


def test_output_defaults_to_the_config_and_then_a_folder_beside_it(runner, review, tmp_path):
    assert runner.invoke(cli, ["run", str(review)]).exit_code == 0
    assert (tmp_path / "评查输出" / "results.json").is_file()
    review.write_text(CONFIG + "output: 结果/2024\n", encoding="utf-8")
    assert runner.invoke(cli, ["run", str(review)]).exit_code == 0
    assert (tmp_path / "结果" / "2024" / "整改台账.xlsx").is_file()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (CONFIG.replace("inputs: [登记表.xlsx]\n", ""), "没有指定登记表「inputs」"),
        (CONFIG.replace("inputs:", "input:"), "第 5 行：评查配置中有未知的键「input」"),
        (
            CONFIG.replace("review_date: 2024-06-30", "review_date: 明天"),
            "「review_date」应为日期",
        ),
        (CONFIG.replace("登记表.xlsx", "没有这个.xlsx"), "没有这个.xlsx：文件不存在"),
    ],
)
def test_config_problems_are_chinese_errors_with_exit_2(runner, review, text, message):
    review.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["run", str(review)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_config_is_named(runner, tmp_path):
    result = runner.invoke(cli, ["run", str(tmp_path / "evaltool.yaml")])
    assert result.exit_code == 2
    assert "找不到评查配置文件" in result.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo district's run (as `make demo` does it, but started from another folder), once
    for this module."""
    out = tmp_path_factory.mktemp("demo")
    with chdir(tmp_path_factory.mktemp("elsewhere")):
        result = CliRunner().invoke(cli, ["run", str(DISTRICT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_demo_district_produces_22_notices_the_summary_and_the_ledger(demo):
    out = demo
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(results["units"]) == 22
    assert results["review"]["marks"]  # the reviewers' marks were merged
    assert len(list((out / "整改通知书").glob("*.docx"))) == 22
    assert len(list((out / "整改通知书").glob("*.html"))) == 22
    assert len(list((out / "整改通知书").glob("*.md"))) == 22
    assert (out / "评查情况通报.docx").is_file() and (out / "整改台账.xlsx").is_file()


def test_the_demo_names_its_standards_and_index_config_without_a_path_of_this_machine(demo):
    results = json.loads((demo / "results.json").read_text(encoding="utf-8"))
    index = json.loads((demo / "行政执法指数" / "index.json").read_text(encoding="utf-8"))
    named = [index["config"]["path"]]
    for standard in results["checklists"]:
        named += [standard["path"], *standard["extends"]]
    assert any(standard["extends"] for standard in results["checklists"])  # chongqing extends
    assert not [name for name in named if name and str(ROOT) in name], named


def test_a_run_started_from_another_folder_writes_no_path_of_this_machine(demo):
    """Registers, marks and 文书 are recorded as the config names them, relative to its folder."""
    assert files_naming(demo, str(ROOT)) == []
    assert files_naming(demo, str(demo)) == []
    results = json.loads((demo / "results.json").read_text(encoding="utf-8"))
    assert {Path(i["file"]).parent.as_posix() for i in results["inputs"]} == {"registers"}
    assert results["review"]["marks"] == ["marks/评分表.xlsx"]


def test_the_demo_district_reads_like_a_real_year(demo):
    """Published 通报 report about 22–27% 优秀, 0.3–0.7% 不合格 and 1–3.3 problems per file
    (domain.md §4.2): the demo's reviewed results, and the 通报 made from them, have that shape."""
    results = json.loads((demo / "results.json").read_text(encoding="utf-8"))
    graded = [c for c in results["cases"] if c["final"]]
    assert len(graded) == len(results["cases"]) >= 300  # every file reviewed, none left open
    count = {grade: sum(c["grade"] == grade for c in graded) for grade in ("优秀", "不合格")}
    assert 0.22 <= count["优秀"] / len(graded) <= 0.27
    assert 0.003 <= count["不合格"] / len(graded) <= 0.007
    problems = sum(is_problem(f) for c in graded for f in c["findings"])
    assert 1 <= problems / len(graded) <= 3.3
    # most problems are the reviewers' (evidence, 笔录, 裁量), not the register's
    manual = sum(is_problem(f) and f["source"] == "manual" for c in graded for f in c["findings"])
    assert manual > problems / 2
    # the units differ, as real ones do
    means = [u["mean_score"] for u in results["units"]]
    assert max(means) - min(means) >= 10  # from the low 80s to the mid 90s
    summary = (demo / "评查情况通报.md").read_text(encoding="utf-8")
    for grade, n in count.items():
        assert f"{grade}{n}件（占{n / len(graded):.1%}）" in summary
    assert f"共发现问题{problems}个" in summary


def _rank_column(summary: str) -> list[tuple[int, int, int]]:
    """The 通报's unit table as (first rank, last rank, files) per unit, from its 排名 column."""
    rows = []
    for line in summary.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[0][:1].isdigit():  # 排名 执法单位 类别 评查数 …
            first, _, last = cells[0].partition("–")
            rows.append((int(first), int(last or first), int(cells[3])))
    return rows


def test_the_demo_summary_ranks_separate_the_clearly_good_units_from_the_clearly_weak(demo):
    """Real districts differ: the 通报's rank ranges (overlapping intervals share ranks) set the
    best units apart from the weakest, while a unit of fewer than 5 files is never separated."""
    summary = (demo / "评查情况通报.md").read_text(encoding="utf-8")
    rows = _rank_column(summary)
    assert len(rows) == 22
    small = [row for row in rows if row[2] < MIN_FILES]
    assert small and all(row[:2] == (1, len(rows)) for row in small)
    best = sorted(last for _, last, _ in rows)[:3]
    worst = sorted((first for first, _, _ in rows), reverse=True)[:2]
    assert max(best) < min(worst), (best, worst)


def test_a_configured_index_is_computed_and_shown_in_the_summary(runner, review, tmp_path):
    review.write_text(CONFIG + "index: {config: default}\n", encoding="utf-8")
    out = tmp_path / "输出"
    result = runner.invoke(cli, ["run", str(review), "-o", str(out)])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "行政执法指数" / "index.json").read_text(encoding="utf-8"))
    assert {u["unit"] for u in index["units"]} == {"区市场监督管理局", "某镇人民政府"}
    assert "行政执法指数：" in result.output
    summary = (out / "评查情况通报.md").read_text(encoding="utf-8")
    assert "各单位行政执法指数（评查）" in summary


def test_the_index_key_is_validated(runner, review):
    review.write_text(CONFIG + "index: {config: default, weights: 3}\n", encoding="utf-8")
    result = runner.invoke(cli, ["run", str(review)])
    assert result.exit_code == 2
    assert "index中有未知的键「weights」" in result.output


def test_two_years_of_the_demo_district_give_a_trend_report_with_charts(demo, runner, tmp_path):
    out = demo
    previous = DISTRICT.parent / "previous" / "2022年度评查结果.json"
    args = [
        "trend",
        str(previous),
        str(out / "results.json"),
        "--label",
        "2022年度",
        "--label",
        "2023年度",
        "--config",
        str(DISTRICT),
        "-o",
        str(tmp_path / "趋势"),
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    trend = json.loads((tmp_path / "趋势" / "trend.json").read_text(encoding="utf-8"))
    assert trend["labels"] == ["2022年度", "2023年度"] and len(trend["units"]) == 22
    html = (tmp_path / "趋势" / "行政执法指数趋势.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "<script" not in html


def test_without_the_issuing_fields_run_stops_before_work_unless_a_draft(runner, review, tmp_path):
    review.write_text(CONFIG.replace("reviewing_body: 某区司法局\n", ""), encoding="utf-8")
    out = tmp_path / "输出"
    refused = runner.invoke(cli, ["run", str(review), "-o", str(out)])
    assert refused.exit_code == 2 and "评查组织单位（reviewing_body）" in refused.stderr
    assert not out.exists()  # refused before anything was written
    draft = runner.invoke(cli, ["run", str(review), "-o", str(out), "--draft"])
    assert draft.exit_code == 0, draft.output
    notice = (out / "整改通知书" / "区市场监督管理局-整改通知书.md").read_text(encoding="utf-8")
    assert "草稿" in notice and "【待填写：评查组织单位】" in notice


def test_one_run_builds_one_registry_and_fires_each_hook_once(
    runner, review, tmp_path, monkeypatch
):
    """`evaltool run` builds the plugin registry once and tells plugins the run finished once."""
    import evaltool.plugins

    builds = []
    real_build = evaltool.plugins.build_registry

    def counting_build(pm):
        builds.append(pm)
        return real_build(pm)

    monkeypatch.setattr(evaltool.plugins, "build_registry", counting_build)
    log = tmp_path / "hooks.log"
    plugin = tmp_path / "listener.py"
    plugin.write_text(
        "import evaltool\n"
        f"LOG = {str(log)!r}\n"
        "@evaltool.hookimpl\n"
        "def evaltool_run_finished(results):\n"
        "    open(LOG, 'a', encoding='utf-8').write(f\"finished {len(results['cases'])}\\n\")\n"
        "@evaltool.hookimpl\n"
        "def evaltool_case_scored(case_result, checklist):\n"
        "    open(LOG, 'a', encoding='utf-8').write(f'scored {case_result.case.case_no}\\n')\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["--plugin", str(plugin), "run", str(review), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert len(builds) == 1
    lines = log.read_text(encoding="utf-8").splitlines()
    finished = [line for line in lines if line.startswith("finished")]
    scored = [line for line in lines if line.startswith("scored")]
    assert len(finished) == 1
    assert len(scored) == len(set(scored)) == int(finished[0].split()[1])
