"""The 整改通知书 (and, briefly, the 通报) lists a unit's unit-level problems (``level: unit``) in a part of their own,
in the document's words: masked, without item ids or cell references; a unit whose unit-level
items are still open (待评查) is told so; a standard without such items changes nothing."""

import pytest

from evaltool.config import load_config
from evaltool.pipeline import check_registers
from evaltool.rectify.counts import rectification_counts
from evaltool.render import DocumentSet, make_environment, write_notices, write_summary
from evaltool.score.case import UnitMark
from kit.documents import document_text, write_config
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row
from kit.unit_level import CITY, MARKET, PERSON_ID, U2_REASON, unit_level_results

FORMATS = ["html", "md", "docx"]


def notices(results, folder) -> dict[str, dict[str, str]]:
    """unit → format → the text of its notice."""
    folder.mkdir(exist_ok=True)
    config = load_config(write_config(folder))
    written = write_notices(DocumentSet(results, config), make_environment(), folder, FORMATS)
    texts: dict[str, dict[str, str]] = {}
    for document in written:
        for path in document.paths:
            unit = MARKET if path.name.startswith(MARKET) else CITY
            texts.setdefault(unit, {})[path.suffix[1:]] = document_text(path)
    return texts


@pytest.fixture
def texts(write_register, tmp_path):
    return notices(unit_level_results(write_register, tmp_path), tmp_path / "文书")


def test_unit_level_problems_have_their_own_part_after_the_files(texts):
    markdown = texts[MARKET]["md"]
    files = markdown.index("### （一）案卷存在的问题")
    unit = markdown.index("### （二）单位层面存在的问题")
    assert files < unit < markdown.index("## 三、整改要求")
    assert "经评查，你单位在单位层面存在问题2个，具体如下：" in markdown
    # numbered after the file problems (one officer; served late), in the standard's order
    assert (
        "| 3 | 建立案卷管理制度 | 未建立案卷管理制度，档案员王某（50\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*34）"
        "称制度在修订中 | 《重庆市行政执法案卷管理办法》第五条 | 2 | 制定案卷管理制度并明确专人负责 |"
    ) in markdown
    assert f"| 4 | 开展年度案卷自查 | {U2_REASON} |   | 1 |   |" in markdown
    # U3 was marked without deduction: not a problem
    assert "集中归档" not in markdown


def test_unit_level_problems_are_in_the_feedback_form_as_单位层面(texts):
    markdown = texts[MARKET]["md"]
    form = markdown[markdown.index("# 整改情况反馈表") :]
    assert "| 3 | 单位层面 | 建立案卷管理制度 |   |   |   |" in form
    assert "| 4 | 单位层面 | 开展年度案卷自查 |   |   |   |" in form


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_level_part_carries_no_internal_detail(texts, fmt):
    text = texts[MARKET][fmt]
    assert "单位层面存在的问题" in text
    for detail in (PERSON_ID, "王明", "（B7）", "U1", "U2", "张评", "management"):
        assert detail not in text, (fmt, detail)


def test_a_unit_whose_unit_level_items_are_open_is_told_so(texts):
    markdown = texts[CITY]["md"]
    assert "### （二）单位层面存在的问题" in markdown
    assert (
        "单位层面的评查项目（共3项）尚未评查，本通知暂不包括单位层面的问题，评查完成后另行通知。"
    ) in markdown


def test_a_partly_marked_unit_lists_what_is_marked_and_says_the_rest_is_open(
    write_register, tmp_path
):
    marks = {MARKET: {"U2": UnitMark(1, U2_REASON, ("张评",))}}
    results = unit_level_results(write_register, tmp_path, marks=marks)
    markdown = notices(results, tmp_path / "文书")[MARKET]["md"]
    assert f"| 3 | 开展年度案卷自查 | {U2_REASON} |   | 1 |   |" in markdown
    assert "另有2项单位层面的评查项目尚未评查，评查完成后另行通知。" in markdown


def test_a_unit_without_file_problems_still_gets_its_unit_level_problems(write_register, tmp_path):
    results = unit_level_results(write_register, tmp_path)
    for case in results["cases"]:
        case["findings"] = [f for f in case["findings"] if f["outcome"] != "fail"]
    markdown = notices(results, tmp_path / "文书")[MARKET]["md"]
    assert "### （一）案卷存在的问题" in markdown
    assert "经评查，未发现你单位案卷存在需要整改的问题。" in markdown
    assert "经评查，你单位在单位层面存在问题2个，具体如下：" in markdown
    assert "## 三、整改要求" in markdown
    assert "| 1 | 单位层面 | 建立案卷管理制度 |   |   |   |" in markdown


def test_all_marked_without_deduction_says_no_unit_level_problem(write_register, tmp_path):
    marks = {MARKET: {i: UnitMark(0, "", ("张评",)) for i in ("U1", "U2", "U3")}}
    results = unit_level_results(write_register, tmp_path, marks=marks)
    markdown = notices(results, tmp_path / "文书")[MARKET]["md"]
    assert "经评查，未发现你单位在单位层面存在需要整改的问题。" in markdown


def test_a_standard_without_unit_level_items_changes_nothing(write_register, tmp_path):
    register = write_register([case_row(执法人员="王明")])
    results = check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)
    markdown = notices(results, tmp_path / "文书")[MARKET]["md"]
    assert "单位层面" not in markdown
    assert "（一）案卷存在的问题" not in markdown
    assert "## 二、存在的问题" in markdown


def summary_text(results, folder, fmt="md", **extra) -> str:
    folder.mkdir(exist_ok=True)
    config = load_config(write_config(folder))
    documents = DocumentSet(results, config, **extra)
    written = write_summary(documents, make_environment(), folder / "通报", [fmt])
    return document_text(written.paths[0])


def test_the_docx_notice_has_the_unit_level_table_and_feedback_rows(texts):
    cells = texts[MARKET]["docx"].split("\n")
    assert "（二）单位层面存在的问题" in cells
    table = cells.index("评查项目")
    assert cells[table + 4 : table + 11] == [
        "整改建议",
        "3",
        "建立案卷管理制度",
        "未建立案卷管理制度，档案员王某（50**************34）称制度在修订中",
        "《重庆市行政执法案卷管理办法》第五条",
        "2",
        "制定案卷管理制度并明确专人负责",
    ]
    form = cells.index("存在的问题")
    assert cells[form:].count("单位层面") == 2


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_通报_names_the_unit_level_problems_and_the_units_still_open(
    write_register, tmp_path, fmt
):
    results = unit_level_results(write_register, tmp_path)
    counts = rectification_counts(results).summary()
    text = summary_text(results, tmp_path / "文书", fmt, rectification=counts)
    assert (
        "单位层面，1个单位存在问题2个，主要是：建立案卷管理制度（1个单位）、开展年度案卷自查（1个单位）。"
        "另有1个单位的单位层面评查项目尚未评查完毕。"
    ) in text
    # 3 file problems and 2 unit-level ones: the total says what it holds
    assert "本次评查共发现问题5个（其中单位层面2个）" in text
    assert "U1" not in text and "（B7）" not in text


def test_the_通报_of_a_standard_without_unit_level_items_says_nothing_of_them(
    write_register, tmp_path
):
    register = write_register([case_row(执法人员="王明")])
    results = check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)
    assert "单位层面" not in summary_text(results, tmp_path / "文书")
