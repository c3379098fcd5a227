"""Shared fixtures: registers written with openpyxl into tmp_path, and a CliRunner."""

import datetime as dt
import itertools
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook

from evaltool.pipeline import check_registers
from evaltool.plugins import load_registry

REVIEW_DATE = dt.date(2024, 6, 30)
# Four checks (officers.min_two, dates.order, deadline.decision, deadline.service) and manual items,
# for tests whose expected scores must not move when the shipped standards change.
FIXED_CHECKLIST = Path(__file__).with_name("fixed-checklist.yaml")

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
    """The registry of built-in plugins, shared by the tests of a session."""
    return load_registry()


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


def one_item_checklist(check_id: str, params: dict | None = None, item_id: str = "T1") -> dict:
    """A checklist worth 10 points, one item that runs ``check_id`` with ``params``."""
    item = {"id": item_id, "title": "测试项目", "points": 10, "check": check_id}
    if params:
        item["params"] = params
    return {
        "id": "test",
        "title": "测试用评查标准",
        "version": "1",
        "scoring": {
            "total": 10,
            "grades": [{"name": "合格", "min": 6}, {"name": "不合格", "min": 0}],
        },
        "groups": [{"id": "g", "title": "测试", "items": [item]}],
    }


class CheckRun:
    """The results of a run, and the findings of item ``T1`` per case row in register order."""

    def __init__(self, results: dict):
        self.results = results

    @property
    def findings(self) -> list[dict]:
        return [f for c in self.results["cases"] for f in c["findings"] if f["item_id"] == "T1"]

    @property
    def outcomes(self) -> list[str]:
        return [f["outcome"] for f in self.findings]

    @property
    def finding(self) -> dict:
        """The finding on the first case row."""
        return self.findings[0]

    @property
    def not_assessed(self) -> list[dict]:
        return [n for n in self.results["not_assessed"] if n["item_id"] == "T1"]


@pytest.fixture
def run_check(write_register, tmp_path, registry):
    """``run_check(check_id, rows, params=None, *, review_date=, checklist=, headers=)`` → CheckRun.

    Writes the rows (dicts keyed by header, see ``case_row``) as an xlsx register
    and a one-item checklist (or ``checklist``, a dict) as YAML, then runs the
    real pipeline with every finding included.
    """
    counter = itertools.count()

    def run(
        check_id,
        rows,
        params=None,
        *,
        review_date=None,
        checklist=None,
        headers=None,
        documents=None,
    ):
        n = next(counter)
        folder = None
        if documents is not None:  # {file name: text}: 文书 as .txt files in their own folder
            folder = tmp_path / f"documents-{n}"
            folder.mkdir()
            for name, text in documents.items():
                (folder / name).write_text(text, encoding="utf-8")
        path = tmp_path / f"checklist-{n}.yaml"
        path.write_text(
            yaml.safe_dump(checklist or one_item_checklist(check_id, params), allow_unicode=True),
            encoding="utf-8",
        )
        register = write_register(rows, name=f"register-{n}.xlsx", headers=headers)
        results = check_registers(
            [register],
            checklist=path,
            registry=registry,
            review_date=review_date or REVIEW_DATE,
            include_pass=True,
            documents=[folder] if folder else None,
        )
        return CheckRun(results)

    return run


@pytest.fixture
def write_sheets(tmp_path):
    """Write raw rows (lists, None for an empty cell) to an xlsx file, as messy as units keep them.

    ``sheets`` maps sheet names to row lists; ``merges`` maps sheet names to ranges such as
    ``"A1:H1"``; ``hidden`` names sheets to hide; ``formats`` maps a cell (``"E5"``) to an
    Excel number format. Returns the path.
    """

    def write(sheets, *, name="登记表.xlsx", merges=None, hidden=(), formats=None):
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet_name, rows in sheets.items():
            sheet = workbook.create_sheet(sheet_name)
            for row in rows:
                sheet.append(list(row))
            for ref in (merges or {}).get(sheet_name, ()):
                sheet.merge_cells(ref)
            for ref, number_format in (formats or {}).items():
                sheet[ref].number_format = number_format
            if sheet_name in hidden:
                sheet.sheet_state = "hidden"
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        return path

    return write


MESSY_HEADER = [
    "序号",
    "执法机关",
    "案件编号",
    "当事人名称",
    "适用程序",
    "立案时间",
    "处罚决定日期",
    "罚款（万元）",
    "承办人1",
    "执法证号1",
    "承办人2",
    "执法证号2",
    "是否告知听证权利",
    "办案科室",
    "处罚种类",
]


@pytest.fixture
def messy_register(write_sheets):
    """A register as units really keep them (tests/read/test_read_messy.py states what it holds).

    Title and subtitle rows, aliases, a 万元 header, the wide officer form, the unit merged
    down two rows, a blank row, dates as cells, text and serials, a 合计 row, notes under the
    table, and two values that cannot be read.
    """
    rows = [
        ["XX区2023年度行政处罚案卷登记表"],
        ["填报单位：（盖章）", None, None, None, None, None, None, None, None, None, "单位：万元"],
        MESSY_HEADER,
        [
            1,
            "甲局",
            "甲罚〔2023〕1号",
            "某甲公司",
            "普通程序",
            dt.date(2023, 3, 1),
            dt.date(2023, 4, 20),
            0.5,
            "王明",
            "50020001",
            "李静",
            "50020002",
            "是",
            "一科",
            "罚款",
        ],
        [],
        [
            2,
            "乙局",
            "乙罚〔2023〕7号",
            "张某",
            "一般程序",
            "2023/3/5",
            "2023年4月20日",
            "3500元",
            "张伟",
            "50020003",
            "刘洋",
            None,
            "否",
            "二科",
            "警告、罚款",
        ],
        [
            3,
            None,
            "乙罚〔2023〕8号",
            "某丙店",
            "普通程序",
            45000,
            "20230601",
            "伍仟元",
            "陈杰",
            "50020005",
            None,
            None,
            "√",
            None,
            "罚款；没收违法所得",
        ],
        [
            4,
            "乙局",
            "乙罚〔2023〕9号",
            "某丁店",
            "普通程序",
            "2023年13月5日",
            dt.date(2023, 7, 1),
            "五千块",
            "杨帆",
            "50020006",
            "赵磊",
            "50020007",
            "是",
            "二科",
            "罚款",
        ],
        ["合计", None, None, None, None, None, None, 0.85],
        ["注：罚款金额以万元计。"],
        ["填表人：张三", None, None, "审核人：李四"],
    ]
    return write_sheets(
        {"2023年": rows},
        name="区登记表.xlsx",
        merges={"2023年": ["A1:O1", "B6:B7", "A10:O10"]},
        formats={"F4": "yyyy-mm-dd", "G4": "yyyy-mm-dd", "G8": "yyyy-mm-dd"},
    )


@pytest.fixture
def run_documents(write_register, tmp_path, registry):
    """``run_documents(check_id, rows, documents, params=None)`` → CheckRun.

    ``documents`` maps file names to paragraph lists (written as .docx) or to a writer
    ``f(path)``; they go into a 文书 folder beside the register, found automatically.
    """
    counter = itertools.count()

    def run(check_id, rows, documents, params=None, *, checklist=None, folder_given=False):
        n = next(counter)
        base = tmp_path / f"run-{n}"
        base.mkdir()
        path = base / "checklist.yaml"
        path.write_text(
            yaml.safe_dump(checklist or one_item_checklist(check_id, params), allow_unicode=True),
            encoding="utf-8",
        )
        register = write_register(rows, name=f"run-{n}/登记表.xlsx")
        folder = base / ("案卷文书" if folder_given else "文书")
        folder.mkdir()
        for name, content in documents.items():
            if callable(content):
                content(folder / name)
            else:
                from document_samples import write_docx

                write_docx(folder / name, content)
        results = check_registers(
            [register],
            checklist=path,
            registry=registry,
            review_date=REVIEW_DATE,
            include_pass=True,
            documents=[folder] if folder_given else None,
        )
        return CheckRun(results)

    return run
