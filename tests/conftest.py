"""Fixtures shared by the test areas: registers written with openpyxl into tmp_path, the built-in
registry, and a CliRunner. Each area folder's conftest.py holds the fixtures only it uses; helpers
(data and functions, no fixtures) live in tests/kit/."""

import os
import shutil
import tempfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from evaltool import pipeline
from evaltool.calendar import Calendar
from evaltool.pipeline.engine import PER_CASE_ENV, run_checks
from evaltool.plugins import load_registry


def pytest_configure(config):
    """Parsed standards and the installed-plugin answer are kept in a folder of the test run, not
    in the user's cache folder; set before collection, since some test modules build a registry
    when imported (commands run as subprocesses inherit it)."""
    config.evaltool_cache = (os.environ.get("EVALTOOL_CACHE"), tempfile.mkdtemp(prefix="evaltool-"))
    os.environ["EVALTOOL_CACHE"] = config.evaltool_cache[1]


def pytest_unconfigure(config):
    previous, folder = config.evaltool_cache
    shutil.rmtree(folder, ignore_errors=True)
    if previous is None:
        os.environ.pop("EVALTOOL_CACHE", None)
    else:
        os.environ["EVALTOOL_CACHE"] = previous


@pytest.fixture
def write_register(tmp_path):
    """Write rows (dicts keyed by header) to an xlsx file; returns its path.

    ``sheets`` maps sheet names to row lists for multi-sheet workbooks; ``title``
    adds a title row above the header, as units usually do.
    """

    def write(rows=None, *, name="登记表.xlsx", sheets=None, title=None, headers=None):
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet_name, sheet_rows in (sheets or {"Sheet1": rows or []}).items():
            sheet = workbook.create_sheet(sheet_name)
            columns = headers or list(dict.fromkeys(k for row in sheet_rows for k in row))
            if title:
                sheet.append([title])
            sheet.append(columns)
            for row in sheet_rows:
                sheet.append([row.get(column) for column in columns])
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture(scope="session")
def registry():
    """The registry of built-in plugins, shared by the tests of a session."""
    return load_registry()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(autouse=True)
def fast_forms_agree(monkeypatch):
    """Every check run of every test is also run without keeping passes twice, with the checks'
    fast forms and case by case (issue 17), on a calendar of its own: both must find the same,
    and count days into the same years without holiday data."""

    def compared(cases, checklist, checks, **options):
        lean = options | {"keep_passes": False}
        runs = []
        for per_case in ("0", "1"):
            with monkeypatch.context() as env:
                env.setenv(PER_CASE_ENV, per_case)
                calendar = Calendar(options["calendar"].schedule)
                run = run_checks(cases, checklist, checks, **lean | {"calendar": calendar})
            runs.append(([[f.as_dict() for f in fs] for fs in run.findings], calendar))
        (fast, fast_calendar), (per_case, per_case_calendar) = runs
        assert fast == per_case, "fast forms and per-case checks disagree"
        assert fast_calendar.fallback_years == per_case_calendar.fallback_years
        return run_checks(cases, checklist, checks, **options)

    monkeypatch.setattr(pipeline, "run_checks", compared)
