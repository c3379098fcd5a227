"""A run takes shortcuts on large registers; the results must be those of the plain definition.

The register holds clean cases and every check's planted defects (kit/planted.py), plus
cases decided before the 2021 revision, cases without a decision date and unreadable
values; the checklist adds a dated param with a gap between its periods. Expected
findings come from evaluating every item on every case on its own (``evaluate`` with
the case's own ``CaseParams``), not from the engine's per-date resolution.
"""

import datetime as dt
import json
from collections import defaultdict

import pytest
import yaml
from openpyxl import Workbook

from evaltool.calendar import Calendar
from evaltool.check.spec import CheckContext
from evaltool.cli import cli
from evaltool.pipeline import check_registers, run_automatic
from evaltool.pipeline.engine import evaluate
from kit.planted import HEADERS, PARAMS, PLANTERS, Generator

REVIEW_DATE = dt.date(2024, 6, 30)
# A period gap: decisions in the first half of 2022 fall in no period of publicity.deadline's days.
GAPPED_DAYS = [
    {"to": dt.date(2021, 12, 31), "value": 7, "source": "旧规定"},
    {"from": dt.date(2022, 7, 1), "value": 5, "source": "新规定"},
]


def rows(seed: int = 11) -> list[dict]:
    generator = Generator(seed)
    cases = [generator.case() for _ in range(60)]
    for plant in PLANTERS.values():
        for _ in range(4):
            cases += plant(generator)
    for n in range(6):  # decided under the old law: the other period of every dated default
        cases.append(generator.case(decided=dt.date(2020, 3, 2) + dt.timedelta(days=40 * n)))
    cases[1]["决定日期"] = cases[2]["决定日期"] = None  # no date: needs_review or agreeing periods
    cases[3]["决定日期"] = "二〇二二年某日"  # unreadable
    cases[4]["送达日期"] = "待补"
    generator.rng.shuffle(cases)
    return cases


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The register and a checklist of every planted check (with a gapped dated param)."""
    folder = tmp_path_factory.mktemp("lean")
    by_unit = defaultdict(list)
    for row in rows():
        by_unit[row["执法单位"]].append(row)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for unit, unit_rows in by_unit.items():
        sheet = workbook.create_sheet(unit)
        sheet.append(list(HEADERS))
        for row in unit_rows:
            sheet.append([row.get(h) for h in HEADERS])
    register = folder / "登记表.xlsx"
    workbook.save(register)
    params = PARAMS | {"publicity.deadline": {"days": GAPPED_DAYS}}
    items = [
        {"id": f"I{n}", "title": check_id, "check": check_id}
        | ({"veto": True} if n == 2 else {"points": 5})
        | ({"params": params[check_id]} if check_id in params else {})
        for n, check_id in enumerate(PLANTERS)
    ]
    checklist = folder / "checklist.yaml"
    checklist.write_text(
        yaml.safe_dump(
            {
                "id": "lean",
                "title": "评测",
                "version": "1",
                "scoring": {"total": 5 * (len(items) - 1)},
                "groups": [{"id": "g", "title": "全部", "items": items}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return register, checklist


def expected_findings(register, checklist, registry) -> list[list[dict]]:
    """Every case's findings (passes included) by evaluating each item on the case alone."""
    run = run_automatic([register], checklist=checklist, registry=registry, review_date=REVIEW_DATE)
    checks = registry.checks
    ctx = CheckContext(calendar=Calendar(), cases=run.read.cases, review_date=REVIEW_DATE)
    expected = []
    for case in run.cases:
        findings = []
        for item in run.checklist.items:
            verdict = evaluate(item, checks[item.check], case, ctx)
            findings.append(
                {
                    "item_id": item.id,
                    "outcome": str(verdict.outcome),
                    "deduction": item.deduction_for(verdict),
                    "message": verdict.message,
                    "cells": case.cells(*verdict.fields),
                }
            )
        expected.append(findings)
    return expected


def shown(findings: list[dict]) -> list[dict]:
    keys = ("item_id", "outcome", "deduction", "message", "cells")
    return [{k: f[k] for k in keys} for f in findings]


def test_findings_match_each_case_evaluated_on_its_own(inputs, registry):
    register, checklist = inputs
    expected = expected_findings(register, checklist, registry)
    results = check_registers(
        [register],
        checklist=checklist,
        registry=registry,
        review_date=REVIEW_DATE,
        include_pass=True,
    )
    assert [shown(case["findings"]) for case in results["cases"]] == expected
    outcomes = {f["outcome"] for case in expected for f in case}
    messages = " ".join(f["message"] for case in expected for f in case)
    # the register exercises what the shortcuts must get right
    assert outcomes == {"pass", "fail", "not_applicable", "needs_review"}
    assert "不在参数「days」的任何有效期内" in messages
    assert "无法确定参数" in messages and "决定日期（" in messages
    assert "待核对（见数据问题）" in messages


def test_results_without_passes_are_the_full_results_less_the_passes(inputs, registry):
    register, checklist = inputs
    kwargs = {"checklist": checklist, "registry": registry, "review_date": REVIEW_DATE}
    full = check_registers([register], include_pass=True, **kwargs)
    lean = check_registers([register], **kwargs)
    for case in full["cases"]:
        case["findings"] = [f for f in case["findings"] if f["outcome"] != "pass"]
    full.pop("generated_at"), lean.pop("generated_at")
    assert lean == full
    assert any(case["vetoed"] for case in lean["cases"])
    assert len({case["score"] for case in lean["cases"]}) > 3


def without_time(text: str) -> list[str]:
    return [line for line in text.splitlines() if '"generated_at"' not in line]


def test_the_json_file_is_the_json_text_of_the_results(inputs, runner, tmp_path):
    register, checklist = inputs
    output = tmp_path / "结果.json"
    arguments = ["check", str(register), "-c", str(checklist), "--review-date", "2024-06-30"]
    written = runner.invoke(cli, [*arguments, "--format", "json", "-o", str(output)])
    printed = runner.invoke(cli, [*arguments, "--format", "json"])
    assert written.exit_code == printed.exit_code == 1  # a veto item failed
    text = output.read_text(encoding="utf-8")
    assert json.loads(text)["cases"] == json.loads(printed.output)["cases"]
    assert without_time(text) == without_time(printed.output)
    assert text.endswith("}\n") and "\\u" not in text
