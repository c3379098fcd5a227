"""Fixtures shared by the test areas: registers written with openpyxl into tmp_path, the built-in
registry, and a CliRunner. Each area folder's conftest.py holds the fixtures only it uses; helpers
(data and functions, no fixtures) live in tests/kit/."""

import os

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from evaltool.plugins import load_registry


@pytest.fixture(scope="session", autouse=True)
def parse_cache(tmp_path_factory):
    """Parsed standards are kept in a folder of the test session, not in the user's cache folder
    (commands run as subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("解析缓存")
    previous = os.environ.get("EVALTOOL_CACHE")
    os.environ["EVALTOOL_CACHE"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["EVALTOOL_CACHE"]
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
