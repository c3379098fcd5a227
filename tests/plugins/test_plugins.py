"""Plugins: built-ins listed like any plugin, local plugin files, installed entry-point plugins."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evaltool.cli import cli
from kit.registers import case_row

ROOT = Path(__file__).parents[2]
EXAMPLE_PLUGIN = ROOT / "examples" / "evaltool-plugin-example"

CHECKLIST_USING = """\
id: with-plugin
title: 使用插件检查的标准
version: "1"
groups:
  - id: g
    title: 立案
    items:
      - id: X01
        title: 插件检查
        points: 100
        check: {check}
"""


def write_checklist(tmp_path: Path, check_id: str) -> Path:
    path = tmp_path / "with-plugin.yaml"
    path.write_text(CHECKLIST_USING.format(check=check_id), encoding="utf-8")
    return path


def test_plugins_command_lists_builtins_with_version_and_what_they_register(runner):
    result = runner.invoke(cli, ["plugins"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "evaltool.builtins.checks.officers 0.1.0" in lines
    assert "  检查 officers.min_two" in lines
    assert "  读取器 xlsx（.xlsx、.xlsm、.xls）" in lines
    assert "  读取器 csv（.csv）" in lines
    assert "  输出格式 json" in lines


LOCAL_PLUGIN = """\
import evaltool
from evaltool.check.spec import check_info
from evaltool.model import failed


@check_info(title="总是不符合", basis="测试", reads=("case_no",))
def always_fails(case, params, ctx):
    return failed(f"{case.case_no} 不符合", "case_no")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("local.always_fails", always_fails)
"""


def test_local_plugin_file_is_loaded_only_when_asked(runner, tmp_path, write_register):
    plugin = tmp_path / "my_plugin.py"
    plugin.write_text(LOCAL_PLUGIN, encoding="utf-8")
    checklist = write_checklist(tmp_path, "local.always_fails")
    register = write_register([case_row()])

    without = runner.invoke(cli, ["check", str(register), "-c", str(checklist)])
    assert without.exit_code == 2
    assert "未知的自动检查「local.always_fails」" in without.output

    args = [
        "--plugin",
        str(plugin),
        "check",
        str(register),
        "-c",
        str(checklist),
        "--format",
        "json",
    ]
    result = runner.invoke(cli, args)
    finding = json.loads(result.output)["cases"][0]["findings"][0]
    assert (finding["check"], finding["outcome"], finding["deduction"]) == (
        "local.always_fails",
        "fail",
        100,
    )
    listed = runner.invoke(cli, ["--plugin", str(plugin), "plugins"]).output
    assert "  检查 local.always_fails" in listed


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "插件文件不存在"), ("def broken(:\n", "加载失败：SyntaxError")],
)
def test_bad_plugin_file_is_an_input_error(runner, tmp_path, content, message):
    plugin = tmp_path / "bad.py"
    if content is not None:
        plugin.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["--plugin", str(plugin), "plugins"])
    assert result.exit_code == 2
    assert message in result.output


def test_check_that_raises_makes_the_case_needs_review_and_the_run_goes_on(
    runner, tmp_path, write_register
):
    plugin = tmp_path / "crashy.py"
    plugin.write_text(
        LOCAL_PLUGIN.replace(
            'return failed(f"{case.case_no} 不符合", "case_no")', "raise ValueError('oops')"
        ),
        encoding="utf-8",
    )
    checklist = write_checklist(tmp_path, "local.always_fails")
    register = write_register([case_row(), case_row(案号="2号")])
    args = [
        "--plugin",
        str(plugin),
        "check",
        str(register),
        "-c",
        str(checklist),
        "--format",
        "json",
    ]
    results = json.loads(runner.invoke(cli, args).output)
    assert len(results["cases"]) == 2
    for case in results["cases"]:
        (finding,) = case["findings"]
        assert finding["outcome"] == "needs_review"
        assert "ValueError: oops" in finding["message"]


def test_registering_a_check_id_twice_is_an_error(runner, tmp_path):
    plugin = tmp_path / "dup.py"
    plugin.write_text(
        LOCAL_PLUGIN.replace("local.always_fails", "officers.min_two"), encoding="utf-8"
    )
    result = runner.invoke(cli, ["--plugin", str(plugin), "plugins"])
    assert result.exit_code == 2
    assert "检查编号 officers.min_two 被重复注册" in result.output


@pytest.fixture(scope="module")
def installed_example_plugin(tmp_path_factory):
    """The example plugin package installed (for real, by pip) into a separate target folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(EXAMPLE_PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    return target


def run_evaltool(args, *, pythonpath: Path, cwd: Path):
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [sys.executable, "-m", "evaltool", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_installed_package_plugin_is_discovered_through_its_entry_point(
    installed_example_plugin, tmp_path, write_register
):
    listed = run_evaltool(["plugins"], pythonpath=installed_example_plugin, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "cause_recorded 1.0.0\n  检查 example.cause_recorded" in listed.stdout

    register = write_register([case_row(), case_row(案号="2号", 案由="销售过期食品")])
    checklist = write_checklist(tmp_path, "example.cause_recorded")
    args = ["check", str(register), "-c", str(checklist), "--format", "json", "--fail-on", "fail"]
    result = run_evaltool(args, pythonpath=installed_example_plugin, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    cases = json.loads(result.stdout)["cases"]
    assert [c["score"] for c in cases] == [0.0, 100.0]
    assert "未填写案由" in cases[0]["findings"][0]["message"]


def test_example_plugin_is_not_loaded_unless_installed(tmp_path):
    listed = run_evaltool(["plugins"], pythonpath=tmp_path, cwd=tmp_path)
    assert "cause_recorded" not in listed.stdout
