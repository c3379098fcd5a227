"""``evaltool_register_checklists``: plugins ship checklists that are used by id like the built-in ones."""

import json
import textwrap

import pytest

from evaltool.cli import cli
from evaltool.errors import PluginError
from evaltool.plugins import build_registry, get_plugin_manager
from kit.registers import case_row

STANDARD = """
    id: city-x
    title: 某市送达标准
    version: "1"
    applies_to: [普通程序]
    scoring:
      total: 10
      grades: [{name: 合格, min: 6}, {name: 不合格, min: 0}]
    groups:
      - id: main
        title: 送达
        points: 10
        items:
          - {id: S1, title: 按期送达, points: 10, check: deadline.service}
"""

PLUGIN = """
    from pathlib import Path

    import evaltool


    @evaltool.hookimpl
    def evaltool_register_checklists(register):
        register("{id}", Path(__file__).parent / "{file}")
"""


@pytest.fixture
def plugin(tmp_path):
    def make(checklist_id="city-x", file="city-x.yaml", name="city_plugin.py"):
        (tmp_path / "city-x.yaml").write_text(textwrap.dedent(STANDARD), encoding="utf-8")
        path = tmp_path / name
        code = textwrap.dedent(PLUGIN).replace("{id}", checklist_id).replace("{file}", file)
        path.write_text(code, encoding="utf-8")
        return path

    return make


def test_registered_checklist_is_listed_with_its_plugin(runner, plugin):
    result = runner.invoke(cli, ["--plugin", str(plugin()), "checklist", "list"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("city-x"))
    assert "某市送达标准" in line and line.endswith("evaltool_local_plugin_city_plugin")
    plugins = runner.invoke(cli, ["--plugin", str(plugin()), "plugins"]).output
    assert "评查标准 city-x" in plugins


def test_hook_evaltool_register_checklists(runner, plugin, write_register, write_checklist):
    path = plugin()
    register = write_register([case_row(), case_row(案号="2号", 送达日期=None)])
    result = runner.invoke(
        cli,
        [
            "--plugin",
            str(path),
            "check",
            str(register),
            "-c",
            "city-x",
            "--format",
            "json",
            "--review-date",
            "2024-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["checklist"]["title"] == "某市送达标准"
    district = write_checklist("extends: city-x\nid: d\ntitle: 某区\nversion: '1'\n", "d.yaml")
    shown = runner.invoke(cli, ["--plugin", str(path), "checklist", "show", str(district)])
    assert shown.exit_code == 0, shown.output
    assert "扩展自：city-x（" in shown.output


def test_ids_are_unique(plugin):
    with pytest.raises(PluginError, match="评查标准编号 national-ordinary 被重复注册"):
        build_registry(get_plugin_manager([plugin(checklist_id="national-ordinary")]))
    first, second = plugin(name="one.py"), plugin(name="two.py")
    with pytest.raises(PluginError, match="评查标准编号 city-x 被重复注册"):
        build_registry(get_plugin_manager([first, second]))


def test_a_missing_file_is_reported_when_registering(runner, plugin):
    result = runner.invoke(cli, ["--plugin", str(plugin(file="gone.yaml")), "checklist", "list"])
    assert result.exit_code == 2
    assert "注册的评查标准 city-x 的文件不存在" in result.output
