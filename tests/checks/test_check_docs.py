"""Every registered check has a page in docs/checks/ whose examples are true, and which lists its params."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from evaltool.check.params import Dated
from evaltool.plugins import build_registry, get_plugin_manager

DOCS = Path(__file__).parents[2] / "docs" / "checks"
EXAMPLE = re.compile(r"```yaml\n(.*?)```", re.S)
REQUIRED_OUTCOMES = {"pass", "fail", "needs_review"}
OUTCOMES = {*REQUIRED_OUTCOMES, "not_applicable", "not_assessed"}
IDENTITY = {"执法单位": "示例执法单位"}

CHECKS = build_registry(get_plugin_manager()).checks
BUILTIN = sorted(cid for cid, check in CHECKS.items() if check.plugin.startswith("evaltool."))


def page(check_id: str) -> Path:
    return DOCS / f"{check_id}.md"


def examples(check_id: str) -> list[dict]:
    """The yaml blocks of a page that state an outcome."""
    if not page(check_id).is_file():
        return []
    blocks = [yaml.safe_load(b) for b in EXAMPLE.findall(page(check_id).read_text("utf-8"))]
    return [b for b in blocks if isinstance(b, dict) and "outcome" in b]


def flow(value) -> str:
    """A value as YAML flow text, the way the params tables show defaults."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
    )
    return text.removesuffix("\n...\n").strip()


def shows_default(text: str, name: str, value) -> bool:
    """A default is shown as `flow` text, or in a yaml block that sets the param to it."""
    if f"`{flow(value)}`" in text:
        return True
    blocks = [yaml.safe_load(b) for b in EXAMPLE.findall(text)]
    return any(isinstance(b, dict) and "outcome" not in b and b.get(name) == value for b in blocks)


@pytest.mark.parametrize("check_id", BUILTIN)
def test_every_check_has_a_page_with_pass_fail_and_needs_review_examples(check_id):
    assert page(check_id).is_file(), f"docs/checks/{check_id}.md is missing"
    text = page(check_id).read_text("utf-8")
    assert text.startswith(f"# {check_id}"), "a page starts with '# <check id>'"
    outcomes = {example["outcome"] for example in examples(check_id)}
    assert outcomes >= REQUIRED_OUTCOMES, f"examples lack {REQUIRED_OUTCOMES - outcomes}"
    assert outcomes <= OUTCOMES


@pytest.mark.parametrize("check_id", BUILTIN)
def test_every_param_is_documented_with_its_default(check_id):
    text = page(check_id).read_text("utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.M))
    declared = CHECKS[check_id].info.params
    assert listed == set(declared), "the params table lists exactly the check's params"
    for name, param in declared.items():
        defaults = (
            [span.value for span in param.default.spans]
            if isinstance(param.default, Dated)
            else [param.default]
        )
        for value in defaults:
            assert shows_default(text, name, value), f"{name}: default {flow(value)} not shown"


def test_the_index_links_every_check():
    index = (DOCS / "README.md").read_text("utf-8")
    for check_id in BUILTIN:
        assert f"({check_id}.md)" in index


CASES = [
    pytest.param(check_id, n, example, id=f"{check_id}-{n}")
    for check_id in BUILTIN
    for n, example in enumerate(examples(check_id), 1)
]


@pytest.mark.parametrize(("check_id", "n", "example"), CASES)
def test_the_examples_are_true(run_check, check_id, n, example):
    rows = example.get("rows") or [example["register"]]
    rows = [{**IDENTITY, **row} for row in rows]
    review_date = example.get("review_date")
    run = run_check(
        check_id,
        rows,
        example.get("params"),
        review_date=dt.date.fromisoformat(str(review_date)) if review_date else None,
        documents=example.get("documents"),
    )
    if example["outcome"] == "not_assessed":
        assert run.not_assessed and not run.findings
        shown = run.not_assessed[0]["message"]
    else:
        shown = run.finding["message"]
        assert run.finding["outcome"] == example["outcome"], shown
    expected = example.get("message", [])
    for text in [expected] if isinstance(expected, str) else expected:
        assert str(text) in shown, shown
