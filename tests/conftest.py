"""Shared fixtures: registers written with openpyxl into tmp_path, and a CliRunner."""

import datetime as dt
import textwrap

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from evaltool.plugins import build_registry, get_plugin_manager

REVIEW_DATE = dt.date(2024, 6, 30)

BASE_CASE = {
    "执法单位": "区市场监督管理局",
    "案号": "区市监罚〔2023〕1号",
    "程序类型": "普通程序",
    "当事人": "重庆某商贸有限公司",
    "当事人类别": "法人及非法人组织",
    "违法行为发生日期": dt.date(2023, 3, 1),
    "发现日期": dt.date(2023, 3, 2),
    "立案日期": dt.date(2023, 3, 3),
    "告知日期": dt.date(2023, 4, 3),
    "决定日期": dt.date(2023, 4, 20),
    "送达日期": dt.date(2023, 4, 21),
    "结案日期": dt.date(2023, 5, 10),
    "处罚种类": "罚款",
    "罚款金额（元）": 5000,
    "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
    "执法人员": "王明、李静",
    "执法证号": "50020001、50020002",
}


def case_row(**changes) -> dict:
    """A clean ordinary-procedure case (headers as keys) with some values changed or removed (None)."""
    row = dict(BASE_CASE)
    row.update(changes)
    return row


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
    """The registry of built-in plugins."""
    return build_registry(get_plugin_manager())


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def write_checklist(tmp_path):
    """Write checklist YAML (dedented) to ``tmp_path / name``; returns its path."""

    def write(text: str, name: str = "checklist.yaml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


# Check ids that shipped checklists reference but no built-in plugin registers yet (they are
# being written in the checks branch). tests/checklist/test_national.py fails unless this is
# exactly the set still missing; tests that load shipped checklists are skipped until it is empty.
PENDING_CHECKS = frozenset(
    {
        "basis.citation",
        "case.duplicate_no",
        "docno.format",
        "fields.required",
        "hearing.right_notified",
        "hearing.timing",
        "limitation.period",
        "notice.prior",
        "notice.waiting_period",
        "officers.certificates",
        "penalty.consistency",
        "procedure.summary_eligibility",
        "publicity.deadline",
        "review.collective",
        "review.legal",
        "deadline.filing",
    }
)
needs_pending_checks = pytest.mark.skipif(
    bool(PENDING_CHECKS), reason=f"等待检查：{'、'.join(sorted(PENDING_CHECKS))}"
)
