"""The folders show the data flow read → check → score → render: a lower stage never imports a
higher one, and no two packages import each other (docs/architecture.md)."""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "evaltool"

# Lowest first. A module may import its own stage and the stages below it.
LAYERS = (
    ("基础", ("errors", "fields", "model", "output", "text", "xlsx", "yamlfile", "cache", "calendar", "version", "cellref", "width",
              "lazy", "collector", "hookspecs", "evaltool")),
    ("读取", ("read",)),
    ("评查配置", ("config",)),
    ("检查接口", ("check",)),
    ("评查标准", ("checklist",)),
    ("插件注册", ("plugins",)),
    ("计分", ("score",)),
    ("流程", ("pipeline",)),
    ("文书", ("render",)),
    ("评查、整改、比较", ("review", "rectify", "diff")),
    ("指数", ("index",)),
    ("整次评查", ("run",)),
    ("命令行", ("cli", "__main__")),
)  # fmt: skip
RANK = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str:
    """The stage unit of a dotted module name: ``evaltool.read.table`` → ``read``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "evaltool"


def imports() -> list[tuple[str, str, str]]:
    """(file, importing unit, imported unit) for every evaltool import, at any depth of a module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        source = unit_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "evaltool":
                    names = [f"evaltool.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] == "evaltool" and not name.startswith("evaltool.builtins"):
                    target = unit_of(name) if unit_of(name) in RANK else "evaltool"
                    found.append((str(relative), source, target))
    return found


def test_every_module_has_a_stage():
    units = {
        unit_of(".".join(p.relative_to(ROOT).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")
    }
    assert units - {"__init__"} <= set(RANK), f"没有归入任何层的模块：{units - set(RANK)}"


def test_no_stage_imports_a_later_stage():
    upward = [
        f"{file}（{source}）导入了更高层的 {target}"
        for file, source, target in imports()
        if RANK[target] > RANK[source]
    ]
    assert not upward, "\n".join(upward)


def test_no_cycle_between_packages():
    graph = defaultdict(set)
    for _, source, target in imports():
        if source != target:
            graph[source].add(target)
    cycles = [(a, b) for a in graph for b in graph[a] if a in graph.get(b, ())]
    assert not cycles, f"互相导入的包：{cycles}"
    # and no longer cycle: a topological order exists
    order, done, visiting = [], set(), set()

    def visit(node, path):
        if node in visiting:
            pytest.fail(f"包之间有循环导入：{' → '.join([*path, node])}")
        if node not in done:
            visiting.add(node)
            for nxt in sorted(graph.get(node, ())):
                visit(nxt, [*path, node])
            visiting.discard(node)
            done.add(node)
            order.append(node)

    for node in sorted(graph):
        visit(node, [])


def test_the_architecture_page_lists_the_layers():
    """docs/architecture.md shows the same layers, in the same order, as this test enforces."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \| ([^|]+) \|$", text, re.M)
    documented = [(name.strip(), tuple(re.findall(r"`([\w]+)`", units))) for _, name, units in rows]
    assert documented == [(name, units) for name, units in LAYERS]


def test_the_check_package_is_only_the_check_api():
    """check/ holds what a check author uses: its declaration, parameters and helpers."""
    modules = sorted(p.stem for p in (PACKAGE / "check").glob("*.py"))
    assert modules == ["__init__", "helpers", "params", "spec"]
