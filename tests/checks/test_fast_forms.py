"""Differential test (issue 17): the checks' fast forms (``clear_passes``) change no result.

Each register is checked twice, with the fast forms and case by case (``EVALTOOL_PER_CASE=1``),
and the two results documents must agree field for field: verdicts, messages, cell references,
scores, data issues, items not assessed, the calendar note. The registers: the demo district,
registers generated as for the benchmark (benchmarks/make_register.py), planted registers of
kit/planted.py under every built-in standard, and planted registers damaged at random
(hypothesis). tests/conftest.py runs the same comparison on every check run of the other tests.
"""

import datetime as dt
import importlib.util
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltool import Batch, check_info, failed, passed, pipeline
from evaltool.calendar import Calendar
from evaltool.check.spec import Check
from evaltool.checklist.load import load_checklist
from evaltool.fields import FIELDS
from evaltool.pipeline import check_registers
from evaltool.pipeline.engine import PER_CASE_ENV, run_checks
from evaltool.plugins import load_registry
from evaltool.read.table import build_register
from kit.checklists import one_item_checklist
from kit.planted import HEADERS, PLANTERS, Generator, chongqing_threshold, evaluation_checklist
from kit.registers import case_row

REPO = Path(__file__).resolve().parents[2]
REVIEW_DATE = dt.date(2024, 6, 30)
STANDARDS = ("national-ordinary", "chongqing", "market-supervision", "simple")


def both_ways(monkeypatch, inputs, **options) -> tuple[dict, dict]:
    """The results document with the fast forms, and case by case (without ``generated_at``)."""
    documents = []
    for per_case in ("0", "1"):
        monkeypatch.setenv(PER_CASE_ENV, per_case)
        document = check_registers(inputs, review_date=REVIEW_DATE, **options)
        del document["generated_at"]
        documents.append(document)
    return documents[0], documents[1]


def planted_rows(seed: int, threshold=None, *, per_check: int = 6, clean: int = 120) -> list[dict]:
    generator = Generator(seed, *([threshold] if threshold else []), both_procedures=True)
    rows = [generator.case() for _ in range(clean)]
    for plant in PLANTERS.values():
        for _ in range(per_check):
            rows += plant(generator)
    generator.rng.shuffle(rows)
    return rows


def test_the_demo_district_gets_the_same_results(monkeypatch, registry):
    registers = sorted((REPO / "examples" / "district" / "registers").glob("*.xlsx"))
    assert registers
    for standard in ("chongqing", "national-ordinary"):
        fast, per_case = both_ways(monkeypatch, registers, checklist=standard, registry=registry)
        assert fast["cases"] and fast == per_case


def test_benchmark_registers_get_the_same_results(monkeypatch, registry, tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_register", REPO / "benchmarks" / "make_register.py"
    )
    make_register = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_register)
    register = make_register.write_register(tmp_path / "登记表.xlsx", 1500, seed=17)
    fast, per_case = both_ways(monkeypatch, [register], registry=registry)
    assert len(fast["cases"]) == 1500 and fast == per_case


@pytest.mark.parametrize("standard", [*STANDARDS, "eval"])
def test_planted_registers_get_the_same_results(
    standard, monkeypatch, registry, write_register, tmp_path
):
    threshold = chongqing_threshold if standard == "chongqing" else None
    rows = planted_rows(len(standard), threshold)
    path = write_register(rows, title="2023年度行政处罚案卷登记表", headers=list(HEADERS))
    checklist = evaluation_checklist(tmp_path / "eval.yaml") if standard == "eval" else standard
    fast, per_case = both_ways(monkeypatch, [path], checklist=checklist, registry=registry)
    outcomes = Counter(f["outcome"] for c in fast["cases"] for f in c["findings"])
    assert outcomes["fail"] and outcomes["needs_review"]  # the planted defects are there
    assert fast == per_case


# Planted registers damaged at random: values blanked, unreadable, shifted by a few days, or
# taken from another case's same column (dates out of order, kinds without amounts, ...).
DATE_HEADERS = {f.header for f in FIELDS if f.kind == "date"}
DAMAGE = st.lists(
    st.tuples(
        st.integers(0, 59),
        st.sampled_from(HEADERS),
        st.one_of(
            st.none(),
            st.just("不详"),
            st.integers(-12, 12),  # days, for a date; for others, another row's value
        ),
    ),
    max_size=80,
)


@pytest.fixture(scope="module")
def checklists():
    registry = load_registry()
    loaded = [load_checklist(s, registry.checks) for s in STANDARDS]
    return registry, loaded


def damaged_register(seed: int, damage):
    rows = planted_rows(seed, per_check=1, clean=40)[:60]
    rng = random.Random(seed)
    for index, header, change in damage:
        row = rows[index % len(rows)]
        if isinstance(change, int):
            value = row.get(header)
            if header in DATE_HEADERS and isinstance(value, dt.date):
                row[header] = value + dt.timedelta(days=change)
            else:
                row[header] = rng.choice(rows).get(header)
        else:
            row[header] = change
    lines = [(1, list(HEADERS))]
    lines += [(n, [row.get(h) for h in HEADERS]) for n, row in enumerate(rows, start=2)]
    return build_register(
        "登记表.xlsx", "Sheet1", lines, reader="xlsx", review_date=REVIEW_DATE, default_unit="某局"
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), damage=DAMAGE)
def test_damaged_registers_get_the_same_findings(checklists, seed, damage, monkeypatch_module):
    registry, loaded = checklists
    cases = damaged_register(seed, damage).cases
    for checklist in loaded:
        runs = []
        for per_case in ("0", "1"):
            monkeypatch_module.setenv(PER_CASE_ENV, per_case)
            calendar = Calendar()
            run = run_checks(
                cases,
                checklist,
                registry.checks,
                calendar=calendar,
                review_date=REVIEW_DATE,
                keep_passes=False,
            )
            runs.append(
                ([[f.as_dict() for f in fs] for fs in run.findings], calendar.fallback_years)
            )
        assert runs[0] == runs[1], checklist.id


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def counting(check, calls: Counter):
    """The check with its function counting the cases it is asked about."""

    def func(case, params, ctx):
        calls[check.id] += 1
        return check.func(case, params, ctx)

    return replace(check, func=func)


@pytest.fixture
def counted_runs(monkeypatch, registry):
    """A registry whose checks count the cases they are asked about, and a run that checks once
    (not also as tests/conftest.py compares), with the fast forms or case by case."""
    calls: Counter = Counter()
    monkeypatch.setattr(pipeline, "run_checks", run_checks)

    def run(inputs, *, per_case: bool, extra=None, **options):
        checks = {i: counting(c, calls) for i, c in (registry.checks | (extra or {})).items()}
        monkeypatch.setenv(PER_CASE_ENV, "1" if per_case else "0")
        calls.clear()
        document = check_registers(
            inputs, registry=replace(registry, checks=checks), review_date=REVIEW_DATE, **options
        )
        return document, Counter(calls)

    return run


def test_the_check_itself_runs_only_for_cases_that_do_not_clearly_pass(
    counted_runs, write_register
):
    rows = planted_rows(3, clean=200, per_check=2)
    path = write_register(rows, title="2023年度行政处罚案卷登记表", headers=list(HEADERS))
    _, per_case = counted_runs([path], per_case=True)
    results, fast = counted_runs([path], per_case=False)
    assert per_case["deadline.service"] == len(results["cases"])
    # most cases are clean: the service check itself runs only for the few that are not
    assert fast["deadline.service"] < per_case["deadline.service"] / 4
    kept = sum(f["check"] == "deadline.service" for c in results["cases"] for f in c["findings"])
    assert fast["deadline.service"] >= kept > 0


# A plugin check with a fast form, as docs/plugins.md shows it, and one whose fast form is broken.


def clear_two_officers(batch: Batch, params, ctx):
    return [officers is not None and len(set(officers)) >= 2 for officers in batch["officers"]]


@check_info(
    title="执法人员不少于两人", basis="示例", reads=("officers",), clear_passes=clear_two_officers
)
def two_officers(case, params, ctx):
    officers = case.get("officers") or []
    if len(set(officers)) >= 2:
        return passed(f"执法人员 {len(officers)} 人", "officers")
    return failed(f"执法人员仅 {len(officers)} 人", "officers")


def wrong_length(batch, params, ctx):
    return [True]  # one answer for many cases: the engine must not trust it


@check_info(
    title="执法人员不少于两人", basis="示例", reads=("officers",), clear_passes=wrong_length
)
def two_officers_broken(case, params, ctx):
    return two_officers(case, params, ctx)


def test_a_plugin_fast_form_is_used_and_a_broken_one_is_ignored(
    counted_runs, write_register, tmp_path
):
    plugin = {
        check_id: Check(check_id, func, func.__evaltool_check__, "example")
        for check_id, func in (
            ("example.two", two_officers),
            ("example.broken", two_officers_broken),
        )
    }
    standard = one_item_checklist("example.two")
    standard["groups"][0]["items"].append(
        {"id": "T2", "title": "测试项目", "points": 10, "check": "example.broken"}
    )
    standard["scoring"]["total"] = 20
    checklist = tmp_path / "example.yaml"
    checklist.write_text(yaml.safe_dump(standard, allow_unicode=True), encoding="utf-8")
    rows = [case_row(案号=f"区市监罚〔2023〕{n}号") for n in range(1, 11)]
    rows[4]["执法人员"] = "王明"
    path = write_register(rows)

    per_case, per_case_calls = counted_runs(
        [path], per_case=True, extra=plugin, checklist=checklist
    )
    fast, calls = counted_runs([path], per_case=False, extra=plugin, checklist=checklist)
    del fast["generated_at"], per_case["generated_at"]
    assert fast == per_case
    failing = [(c["source"]["row"], f["item_id"]) for c in fast["cases"] for f in c["findings"]]
    assert failing == [(6, "T1"), (6, "T2")]
    assert per_case_calls == {"example.two": 10, "example.broken": 10}
    # with the fast forms: only the case that does not clearly pass, and every case for the
    # check whose fast form answers wrongly
    assert calls == {"example.two": 1, "example.broken": 10}
