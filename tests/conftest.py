"""Fixtures shared by the test areas: registers written with openpyxl into tmp_path, the built-in
registry, and a CliRunner. Each area folder's conftest.py holds the fixtures only it uses; helpers
(data and functions, no fixtures) live in tests/kit/."""

import os
import shutil
import tempfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

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
