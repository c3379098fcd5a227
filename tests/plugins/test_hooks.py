"""Each hook does what docs/plugins.md says; a guard fails when a hook is undocumented or untested."""

import ast
import inspect
import re
from pathlib import Path

import evaltool
from evaltool import hookspecs
from evaltool.check.spec import check_info
from evaltool.model import passed
from evaltool.pipeline import check_registers
from evaltool.plugins import build_registry, get_plugin_manager
from evaltool.read.table import build_register
from kit.registers import REVIEW_DATE, case_row

ROOT = Path(__file__).parents[2]
CHECKLIST = """\
id: hooks
title: 钩子测试
version: "1"
groups:
  - id: g
    title: g
    items:
      - {id: A, title: 插件检查, points: 100, check: test.case_no_present}
"""


def hook_names() -> list[str]:
    return [
        name
        for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("evaltool_")
    ]


def with_plugin(plugin):
    pm = get_plugin_manager()
    pm.register(plugin, name="test-plugin")
    return build_registry(pm)


@check_info(title="登记了案号", basis="测试", reads=("case_no",))
def case_no_present(case, params, ctx):
    return passed("有案号", "case_no")


class CheckPlugin:
    @evaltool.hookimpl
    def evaltool_register_checks(self, register):
        register("test.case_no_present", case_no_present)


def test_hook_evaltool_register_checks(tmp_path, write_register):
    registry = with_plugin(CheckPlugin())
    check = registry.checks["test.case_no_present"]
    assert (check.info.title, check.plugin) == ("登记了案号", "test-plugin")
    (tmp_path / "c.yaml").write_text(CHECKLIST, encoding="utf-8")
    results = check_registers(
        [write_register([case_row()])],
        checklist=tmp_path / "c.yaml",
        registry=registry,
        include_pass=True,
        review_date=REVIEW_DATE,
    )
    assert results["cases"][0]["findings"][0]["check"] == "test.case_no_present"


class TabReader:
    """Reads tab-separated text files through the shared table logic."""

    name = "tsv"
    suffixes = (".tsv",)

    def read(self, path, *, review_date):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        return [
            build_register(
                str(path),
                path.name,
                enumerate(rows, start=1),
                default_unit=path.stem,
                reader=self.name,
                review_date=review_date,
            )
        ]


class ReaderPlugin:
    @evaltool.hookimpl
    def evaltool_register_readers(self, register):
        register(TabReader())


def test_hook_evaltool_register_readers(tmp_path):
    registry = with_plugin(ReaderPlugin())
    path = tmp_path / "某局.tsv"
    path.write_text("案号\t执法人员\t决定日期\n1号\t王明\t2023-04-20\n", encoding="utf-8")
    results = check_registers([path], registry=registry, review_date=REVIEW_DATE)
    assert results["inputs"][0]["reader"] == "tsv"
    case = results["cases"][0]
    assert (case["unit"], case["case_no"], case["vetoed"]) == ("某局", "1号", True)


def test_hook_evaltool_register_reporters(runner, tmp_path, write_register):
    plugin = tmp_path / "csv_reporter.py"
    plugin.write_text(
        "import evaltool\n"
        "def render(results):\n"
        "    return ''.join(f\"{c['case_no']},{c['score']}\\n\" for c in results['cases'])\n"
        "@evaltool.hookimpl\n"
        "def evaltool_register_reporters(register):\n"
        "    register('scores', render, suffix='.csv')\n",
        encoding="utf-8",
    )
    from evaltool.cli import cli

    result = runner.invoke(
        cli,
        [
            "--plugin",
            str(plugin),
            "check",
            str(write_register([case_row()])),
            "--format",
            "scores",
            "--review-date",
            "2024-06-30",
        ],
    )
    assert result.output == "区市监罚〔2023〕1号,100.0\n"


def test_a_reporter_may_write_its_output_file_itself(runner, tmp_path, write_register):
    plugin = tmp_path / "streaming_reporter.py"
    plugin.write_text(
        "import evaltool\n"
        "def render(results):\n"
        "    return 'rendered\\n'\n"
        "def write(results, path):\n"
        "    with open(path, 'w', encoding='utf-8') as handle:\n"
        "        for case in results['cases']:\n"
        "            handle.write(f\"{case['case_no']}\\n\")\n"
        "@evaltool.hookimpl\n"
        "def evaltool_register_reporters(register):\n"
        "    register('numbers', render, suffix='.txt', write=write)\n",
        encoding="utf-8",
    )
    from evaltool.cli import cli

    register = str(write_register([case_row(), case_row(案号="2号")]))
    arguments = ["--plugin", str(plugin), "check", register, "--format", "numbers"]
    output = tmp_path / "out" / "案号.txt"
    assert runner.invoke(cli, [*arguments, "-o", str(output)]).exit_code == 0
    assert output.read_text(encoding="utf-8") == "区市监罚〔2023〕1号\n2号\n"
    assert [p.name for p in output.parent.iterdir()] == ["案号.txt"]  # no temp file left
    assert runner.invoke(cli, arguments).output == "rendered\n"


class Listener:
    def __init__(self):
        self.scored, self.finished = [], []

    @evaltool.hookimpl
    def evaltool_case_scored(self, case_result, checklist):
        self.scored.append((case_result.case.case_no, case_result.score, checklist.id))

    @evaltool.hookimpl
    def evaltool_run_finished(self, results):
        self.finished.append(len(results["cases"]))


def test_hook_evaltool_case_scored(write_register):
    listener = Listener()
    register = write_register([case_row(), case_row(案号="2号", 执法人员="王明")])
    check_registers([register], registry=with_plugin(listener), review_date=REVIEW_DATE)
    assert listener.scored == [
        ("区市监罚〔2023〕1号", 100.0, "national-ordinary"),
        ("2号", 0.0, "national-ordinary"),
    ]


def test_hook_evaltool_run_finished(write_register):
    listener = Listener()
    check_registers(
        [write_register([case_row()])], registry=with_plugin(listener), review_date=REVIEW_DATE
    )
    assert listener.finished == [1]


def test_every_hook_is_documented_and_tested():
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#+ `?(evaltool_\w+)", docs, flags=re.MULTILINE))
    tested = {
        node.name.removeprefix("test_hook_")
        for path in (ROOT / "tests").rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_hook_")
    }
    for name in hook_names():
        assert name in documented, f"{name} has no section in docs/plugins.md"
        assert name in tested, f"{name} has no test_hook_{name} test"
        assert getattr(hookspecs, name).__doc__, f"{name} has no docstring"


def test_the_quick_manager_finds_the_hooks_pluggy_finds(tmp_path):
    """Passing over a module's names that cannot be hooks finds exactly what pluggy finds, for
    every built-in plugin and for a local plugin with a hook under another name (specname)."""
    import importlib

    import pluggy

    from evaltool.plugins import PluginManager, builtin_plugin_names

    local = tmp_path / "local.py"
    local.write_text(
        "import evaltool\nfrom evaltool import hookimpl\nHELPER = 1\n"
        "def helper():\n    return 1\n"
        "@hookimpl(specname='evaltool_register_checks')\ndef more(register):\n    pass\n"
        "class evaltool_register_readers:\n    pass\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("evaltool_local_quick", local)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plugins = [importlib.import_module(name) for name in builtin_plugin_names()] + [module]

    def found(manager):
        manager.add_hookspecs(hookspecs)
        for plugin in plugins:
            manager.register(plugin)
        return {
            name: [(impl.plugin_name, impl.function) for impl in caller.get_hookimpls()]
            for name, caller in vars(manager.hook).items()
        }

    quick = found(PluginManager("evaltool"))
    assert quick == found(pluggy.PluginManager("evaltool"))
    assert any(function is module.more for _, function in quick["evaltool_register_checks"])
