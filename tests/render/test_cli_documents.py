"""The document commands: evaltool notices, evaltool summary and evaltool check --report."""

import pytest

from evaltool.cli import cli
from kit.documents import (
    MARKET,
    PLANTED,
    document_text,
    review_results,
    review_rows,
    write_config,
    write_results,
)
from kit.outputs import output_files
from kit.registers import REVIEW_DATE


@pytest.fixture
def results_file(write_register, tmp_path):
    return write_results(review_results(write_register), tmp_path)


@pytest.fixture
def config_file(tmp_path):
    return write_config(tmp_path)


def test_notices_writes_every_unit_in_every_format(runner, results_file, config_file, tmp_path):
    out = tmp_path / "通知书"
    result = runner.invoke(
        cli, ["notices", str(results_file), "-o", str(out), "--config", str(config_file)]
    )
    assert result.exit_code == 0, result.output
    assert "共 3 份整改通知书" in result.output
    assert len(list(out.glob("*.html"))) == len(list(out.glob("*.docx"))) == 3
    assert len(list(out.glob("*.md"))) == 3
    for path in output_files(out):
        text = document_text(path)
        assert not any(number in text for number in PLANTED)


def test_options_override_the_config(runner, results_file, config_file, tmp_path):
    out = tmp_path / "通知书"
    args = ["notices", str(results_file), "-o", str(out), "--config", str(config_file)]
    args += ["--format", "md", "--issue-date", "2024-08-01", "--deadline-workdays", "5"]
    args += ["--docno-prefix", "綦司函", "--show-names"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in output_files(out)} == {".md"}
    text = (out / f"{MARKET}-整改通知书.md").read_text(encoding="utf-8")
    assert "綦司函〔2024〕3号" in text
    assert "请于2024年8月8日前（本通知印发之日起5个工作日内）" in text
    assert "张三丰" in text  # names shown on request; ID numbers never
    assert PLANTED[0] not in text


def test_summary_writes_the_format_its_suffix_names(runner, results_file, config_file, tmp_path):
    target = tmp_path / "通报" / "评查情况通报.docx"
    result = runner.invoke(
        cli, ["summary", str(results_file), "-o", str(target), "--config", str(config_file)]
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in target.parent.iterdir()] == ["评查情况通报.docx"]
    assert "关于2024年度行政处罚案卷评查情况的通报" in document_text(target)


def test_a_format_not_regenerated_is_pointed_out_not_deleted(
    runner, results_file, config_file, tmp_path
):
    base = tmp_path / "评查情况通报"
    args = ["summary", str(results_file), "--config", str(config_file)]
    assert runner.invoke(cli, [*args, "-o", str(base)]).exit_code == 0
    result = runner.invoke(cli, [*args, "-o", f"{base}.md"])
    assert result.exit_code == 0, result.output
    for stale in ("评查情况通报.html", "评查情况通报.docx"):
        assert f"注意：{tmp_path / stale} 不是本次生成的" in result.stderr
        assert (tmp_path / stale).is_file()
    assert "评查情况通报.md 不是本次" not in result.stderr


def test_summary_without_suffix_writes_all_formats(runner, results_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["summary", str(results_file), "-o", "评查情况通报", "--draft"])
    assert result.exit_code == 0, result.output
    assert "未找到评查配置" in result.stderr
    assert sorted(p.name for p in tmp_path.glob("评查情况通报.*")) == [
        "评查情况通报.docx",
        "评查情况通报.html",
        "评查情况通报.md",
    ]


@pytest.mark.parametrize("command", ["notices", "summary"])
def test_without_the_issuing_fields_documents_are_refused_naming_them(
    runner, results_file, tmp_path, monkeypatch, command
):
    monkeypatch.chdir(tmp_path)
    config = write_config(
        tmp_path, "name: 2024年度行政处罚案卷评查\nreviewing_body: 某某区司法局\n"
    )
    out = tmp_path / "文书"
    result = runner.invoke(
        cli, [command, str(results_file), "-o", str(out), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert "发文字号" in result.stderr and "成文日期" in result.stderr
    assert "评查组织单位" not in result.stderr  # given in the config
    assert "--draft" in result.stderr and "Traceback" not in result.output
    assert not out.exists() or not output_files(out)


def test_a_draft_says_so_and_shows_no_invented_issuer(runner, results_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "文书"
    args = ["notices", str(results_file), "-o", str(out), "--draft", "--format", "md"]
    result = runner.invoke(cli, [*args, "--format", "docx", "--issue-date", "2024-07-15"])
    assert result.exit_code == 0, result.output
    for path in output_files(out):
        text = document_text(path)
        assert "草稿" in text, path.name
        assert "评查组织单位组织开展了" not in text
        assert "【待填写：评查组织单位】" in text and "【待填写：发文字号】" in text


def test_a_deadline_beyond_the_holiday_data_is_warned_and_noted(
    runner, results_file, config_file, tmp_path
):
    out = tmp_path / "文书"
    args = ["notices", str(results_file), "-o", str(out), "--config", str(config_file)]
    far = runner.invoke(cli, [*args, "--issue-date", "2099-12-01", "--format", "md"])
    assert far.exit_code == 0, far.output
    assert "整改期限 2099年12月29日" in far.stderr and "holidays" in far.stderr
    text = (out / f"{MARKET}-整改通知书.md").read_text(encoding="utf-8")
    assert "请于2099年12月29日前" in text and "节假日安排尚未公布" in text
    near = runner.invoke(cli, [*args, "--issue-date", "2024-07-15", "--format", "md"])
    assert "整改期限" not in near.stderr
    text = (out / f"{MARKET}-整改通知书.md").read_text(encoding="utf-8")
    assert "节假日安排尚未公布" not in text


def test_a_bad_config_is_reported_with_file_and_line(runner, results_file, tmp_path):
    config = write_config(tmp_path, "name: 评查\ndeadline_workdays: 十\n")
    result = runner.invoke(
        cli, ["summary", str(results_file), "-o", str(tmp_path / "x"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert f"错误：{config}:第 2 行：" in result.stderr
    assert "Traceback" not in result.output


def test_a_file_that_is_not_results_is_an_error(runner, tmp_path):
    bad = tmp_path / "results.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(cli, ["notices", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "不是本版本 evaltool 的评查结果文件" in result.stderr


def test_a_template_reaching_internals_stops_with_a_clear_error(runner, results_file, tmp_path):
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "summary.html.j2").write_text(
        "{{ review.__class__.__base__.__subclasses__() }}", encoding="utf-8"
    )
    result = runner.invoke(
        cli,
        [
            "summary",
            str(results_file),
            "-o",
            str(tmp_path / "x.html"),
            "--templates",
            str(templates),
            "--draft",
        ],
    )
    assert result.exit_code == 2
    assert "summary.html.j2:第 1 行" in result.stderr and "沙箱" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_a_plugin_file_adds_a_template_filter(runner, results_file, tmp_path):
    plugin = tmp_path / "hotline.py"
    plugin.write_text(
        "import evaltool\n\n\n@evaltool.hookimpl\ndef evaltool_register_template_extras(register):\n"
        "    register('hotline', '12345', kind='variable')\n"
        "    register('bracket', lambda text: f'【{text}】')\n",
        encoding="utf-8",
    )
    templates = tmp_path / "模板"
    templates.mkdir()
    (templates / "_masthead.html.j2").write_text(
        "<p>{{ '监督热线'|bracket }}{{ hotline }}</p>", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["--plugin", str(plugin), "notices", str(results_file), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--templates", str(templates), "--format", "md", "--draft"])
    assert result.exit_code == 0, result.output
    assert "【监督热线】12345" in (out / f"{MARKET}-整改通知书.md").read_text(encoding="utf-8")


def test_check_writes_self_check_reports(runner, write_register, tmp_path):
    register = write_register(review_rows())
    report = tmp_path / "自查报告"
    args = ["check", str(register), "--review-date", REVIEW_DATE.isoformat()]
    result = runner.invoke(cli, [*args, "--fail-on", "never", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "自查报告已写入" in result.stderr
    reports = sorted(p.name for p in report.glob("*.md"))
    assert reports == [
        "etc-自查报告.md",
        "区市场监督管理局-自查报告.md",
        "綦江区_城管局-自查报告.md",
    ]
    text = (report / f"{MARKET}-自查报告.md").read_text(encoding="utf-8")
    assert "需要整改的问题" in text and "执法人员不少于两人" in text
    assert not any(number in document_text(p) for p in output_files(report) for number in PLANTED)
