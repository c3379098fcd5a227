"""Hostile and unlucky inputs: every one ends in a Chinese message and the right exit code, never
a traceback, an unbounded allocation, a leaked ID number or an overwritten input.

The tests build the hostile files themselves: sparse corners, DTDs behind comments, alias
bombs, PII typed in every way, read-only and full output folders, ``-o`` naming an input.
"""

import errno
import json
import re
import unicodedata
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.output import MAX_NAME_BYTES, safe_filename
from evaltool.read import package
from evaltool.render.blocks import html_to_blocks
from evaltool.render.markdown import blocks_to_markdown
from evaltool.render.mask import mask_ids, mask_party
from evaltool.review.inputs import InputProblems
from evaltool.yamlfile import read_yaml
from kit.outputs import output_files
from kit.registers import FIXED_CHECKLIST, case_row
from kit.workbooks import raw_workbook, sheet_xml

CHECK = ["check", "-c", str(FIXED_CHECKLIST), "--review-date", "2024-06-30"]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exit_code != 3, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception


# ---------------------------------------------------------------- workbooks -----------------


@pytest.fixture
def good_register(write_register):
    return write_register([case_row()], name="好登记表.xlsx")


@pytest.mark.parametrize(
    "cells, dimension, words",
    [
        (["A1", "XFD1048576"], None, "1048576 行 × 16384 列，超过上限"),
        (["A1", "CV1048576"], None, "1048576 行 × 100 列，超过上限"),
        # a far cell filed under the first row: the cell's own reference counts
        (["A1", "ZZ99999"], None, "99999 行 × 702 列，超过上限"),
        (["A1", "B2"], "A1:XFD1048577", "超出 Excel 的上限"),
    ],
)
def test_a_sheet_spanning_too_many_cells_is_refused_and_the_run_goes_on(
    cells, dimension, words, tmp_path, good_register, runner
):
    hostile = raw_workbook(tmp_path / "稀疏.xlsx", sheet_xml(cells, dimension=dimension))
    assert hostile.stat().st_size < 3000
    result = runner.invoke(cli, [*CHECK, str(hostile), str(good_register), "--format", "json"])
    no_traceback(result)
    assert "稀疏.xlsx：工作表「表1」" in result.output and words in result.output
    results = json.loads(result.stdout)
    assert len(results["cases"]) == 1  # the good register is still read


def test_a_wrong_but_small_dimension_is_no_reason_to_refuse(tmp_path):
    path = raw_workbook(tmp_path / "维度.xlsx", sheet_xml(["A1", "B2"], dimension="A1:Z100000"))
    with package.open_package(path) as opened:
        opened.check_extents()  # neither reader allocates by the declared dimension


def test_a_comment_before_the_doctype_does_not_hide_it(tmp_path, good_register, runner):
    prolog = '<!-- <a> --><!DOCTYPE x [<!ENTITY e "e">]>'
    hostile = raw_workbook(tmp_path / "注释.xlsx", sheet_xml(["A1"], prolog=prolog))
    result = runner.invoke(cli, [*CHECK, str(hostile), str(good_register)])
    no_traceback(result)
    assert "注释.xlsx：「xl/worksheets/sheet1.xml」包含 XML 实体声明（DTD）" in result.output


def test_the_zip_is_opened_once_for_all_sheets(tmp_path, monkeypatch):
    opened = []

    class Counting(zipfile.ZipFile):
        def __init__(self, *args, **kwargs):
            opened.append(args[0])
            super().__init__(*args, **kwargs)

    path = raw_workbook(tmp_path / "多表.xlsx", sheet_xml(["A1"]), sheets=40)
    monkeypatch.setattr(package.zipfile, "ZipFile", Counting)
    with package.open_package(path) as workbook:
        for sheet in workbook.sheets:
            workbook.layout(sheet)
    assert len(opened) == 1


def test_many_empty_sheets_are_named_in_one_short_line(tmp_path, runner):
    path = raw_workbook(tmp_path / "多表.xlsx", sheet_xml(["A1"]), sheets=60)
    result = runner.invoke(cli, [*CHECK, str(path)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "另有 55 个工作表同样没有登记表" in result.output
    assert result.output.count("多表.xlsx「") == 5


def returned_ledger(tmp_path, runner, write_register):
    register = write_register([case_row(执法人员="王明")], name="登记表.xlsx")
    results = tmp_path / "results.json"
    runner.invoke(cli, [*CHECK, str(register), "--format", "json", "-o", str(results)])
    ledger = tmp_path / "整改台账.xlsx"
    result = runner.invoke(cli, ["ledger", str(results), "-o", str(ledger)])
    assert result.exit_code == 0, result.output
    return ledger


def test_ledgers_get_the_same_extent_and_ratio_limits(tmp_path, runner, write_register):
    ledger = returned_ledger(tmp_path, runner, write_register)
    sparse = raw_workbook(tmp_path / "稀疏台账.xlsx", sheet_xml(["A1", "XFD1048576"]))
    bomb = tmp_path / "炸弹台账.xlsx"
    with zipfile.ZipFile(ledger) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/media/padding.xml", b" " * (8 << 20))
    result = runner.invoke(cli, ["rectify", "status", str(ledger), str(sparse), str(bomb)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "稀疏台账.xlsx：工作表「表1」的单元格跨越 1048576 行 × 16384 列" in result.output
    assert "炸弹台账.xlsx：「xl/media/padding.xml」压缩比异常" in result.output
    assert "读取台账 1 个" in result.output  # the good ledger is still reported


# ---------------------------------------------------------------- configuration -------------


ALIAS_BOMB = """\
id: bomb
title: 炸弹
version: "1"
scoring: {total: 100, grades: [{name: 合格, min: 0}]}
a: &a ["哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
groups:
  - id: g1
    title: 组
    items:
      - {id: T1, title: 项, points: 10, check: officers.min_two, params: {x: *g}}
"""


def test_an_alias_bomb_in_checklist_params_is_refused_before_it_expands(
    tmp_path, good_register, runner
):
    checklist = tmp_path / "炸弹.yaml"
    checklist.write_text(ALIAS_BOMB, encoding="utf-8")
    result = runner.invoke(cli, ["check", "-c", str(checklist), str(good_register)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "炸弹.yaml:第 11 行" in result.output and "别名炸弹" in result.output


def test_an_alias_that_contains_itself_is_refused(tmp_path):
    path = tmp_path / "循环.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(InputProblems, match="循环引用"):
        read_yaml(path, error=InputProblems, what="豁免文件")


def test_a_checklist_with_too_many_items_is_refused(tmp_path, good_register, runner):
    items = "\n".join(
        f"      - {{id: T{n}, title: 项{n}, points: 0.01, check: officers.min_two}}"
        for n in range(2001)
    )
    checklist = tmp_path / "巨大.yaml"
    checklist.write_text(
        ALIAS_BOMB.split("a: &a")[0] + "groups:\n  - id: g1\n    title: 组\n"
        "    items:\n" + items + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["check", "-c", str(checklist), str(good_register)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "巨大.yaml：评查标准有 2001 个评查项目，超过上限 2000 个" in result.output


def test_a_huge_checklist_file_is_refused_unread(tmp_path, good_register, runner):
    checklist = tmp_path / "超大.yaml"
    checklist.write_text("# " + "注" * (1 << 19) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "-c", str(checklist), str(good_register)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "超大.yaml：评查标准文件大小 1.5 MB，超过上限 1 MB" in result.output


# ---------------------------------------------------------------- outputs -------------------


@pytest.mark.parametrize(
    "failure, words",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
        (OSError(errno.EROFS, "Read-only file system"), "所在磁盘是只读的"),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    ],
)
def test_an_unwritable_output_is_the_users_problem(
    failure, words, tmp_path, good_register, runner, monkeypatch
):
    import evaltool.output

    def refuse(*args, **kwargs):
        raise failure

    monkeypatch.setattr(evaltool.output.os, "replace", refuse)
    out = tmp_path / "out" / "results.json"
    result = runner.invoke(cli, [*CHECK, str(good_register), "--format", "json", "-o", str(out)])
    no_traceback(result)
    assert result.exit_code == 2
    assert f"错误：{out}：{words}" in result.output
    assert "内部错误" not in result.output
    assert list(out.parent.iterdir()) == []  # no temp file left behind


def test_an_output_folder_below_a_file_is_refused(tmp_path, good_register, runner):
    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "results.json"
    result = runner.invoke(cli, [*CHECK, str(good_register), "-o", str(out)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "文件夹" in result.output


def test_o_naming_an_input_is_refused_by_every_command(tmp_path, runner, write_register):
    ledger = returned_ledger(tmp_path, runner, write_register)
    register = tmp_path / "登记表.xlsx"
    results = tmp_path / "results.json"
    checklist = tmp_path / "checklist.yaml"
    checklist.write_bytes(FIXED_CHECKLIST.read_bytes())
    commands = [
        [*CHECK, str(register), "-o", str(register)],
        ["check", "-c", str(checklist), str(register), "-o", str(checklist)],
        ["rectify", "verify", str(ledger), str(register), "-o", str(register)],
        ["rectify", "verify", str(ledger), str(register), "-o", str(ledger)],
        ["rectify", "status", str(ledger), "-o", str(ledger)],
        ["ledger", str(results), "-o", str(results)],
        ["diff", str(results), str(results), "-o", str(results)],
    ]
    before = {path: path.read_bytes() for path in (register, results, checklist, ledger)}
    for args in commands:
        result = runner.invoke(cli, args)
        no_traceback(result)
        assert result.exit_code == 2, (args, result.output)
        assert "这是本次读取的输入文件，不会被覆盖" in result.output, args
    assert {path: path.read_bytes() for path in before} == before


def test_names_and_terminal_output_from_data_are_safe(tmp_path, runner, write_register):
    unit = "区" * 80 + "\x00\x1b[2J\u202e局"
    row = case_row(执法单位=unit, 执法人员="王明")
    register = tmp_path / "登记表.csv"
    register.write_text(
        ",".join(row) + "\n" + ",".join(str(value) for value in row.values()) + "\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.json"
    result = runner.invoke(cli, [*CHECK, str(register), "--format", "json", "-o", str(results)])
    assert result.exit_code in (0, 1), result.output
    out = tmp_path / "通知书"
    result = runner.invoke(cli, ["notices", str(results), "-o", str(out), "--draft"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", result.output)
    ledgers = tmp_path / "台账"
    result = runner.invoke(cli, ["ledger", str(results), "--split", "-o", str(ledgers)])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    names = [path.name for path in [*output_files(out), *output_files(ledgers)]]
    assert {name.rsplit(".", 1)[1] for name in names} == {"html", "md", "docx", "xlsx"}
    for name in names:
        assert len(name.encode()) <= MAX_NAME_BYTES
        assert not re.search("[\x00-\x1f\u202a-\u202e]", name)


@given(st.text(max_size=300), st.sampled_from(["-整改通知书.docx", ".xlsx", ""]))
def test_a_safe_filename_always_fits(name, suffix):
    safe = safe_filename(name)
    assert len((safe + suffix).encode()) <= MAX_NAME_BYTES
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]', safe)
    assert safe not in ("", ".", "..")


def test_text_over_ten_megabytes_is_written_whole():
    long = "长" * (4 << 20)  # 12 MB of UTF-8
    html = f"<html><body><table><tr><td>{long}</td></tr><tr><td>第二行</td></tr></table><p>尾</p>"
    markdown = blocks_to_markdown(html_to_blocks(html))
    assert long in markdown and "第二行" in markdown and markdown.rstrip().endswith("尾")


# ---------------------------------------------------------------- masking -------------------

FULL_WIDTH = str.maketrans("0123456789+X", "０１２３４５６７８９＋Ｘ")
SEPARATORS = ["-", " ", "\u200b", "－", "\u3000", " - "]


def ids():
    return st.builds(
        lambda area, year, month, day, seq, check: f"{area}{year}{month:02d}{day:02d}{seq}{check}",
        st.sampled_from(["500222", "110101", "440305"]),
        st.integers(1950, 2010).map(str),
        st.integers(1, 12),
        st.integers(1, 28),
        st.text("0123456789", min_size=3, max_size=3),
        st.sampled_from("0123456789X"),
    )


def mobiles():
    return st.builds(
        lambda second, rest: f"1{second}{rest}",
        st.sampled_from("3456789"),
        st.text("0123456789", min_size=9, max_size=9),
    )


@st.composite
def typed(draw, numbers):
    """A number as people type it: grouped, full-width, zero-width, +86 in front."""
    number = draw(numbers)
    groups = (
        [number[:6], number[6:14], number[14:]]
        if len(number) == 18
        else [number[:3], number[3:7], number[7:]]
    )
    separator = draw(st.sampled_from(["", *SEPARATORS]))
    text = separator.join(groups)
    if len(number) == 11 and draw(st.booleans()):
        text = draw(st.sampled_from(["+86", "+86 ", "０086", "86-"])) + text
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return number, text


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", unicodedata.normalize("NFKC", text))


CONTEXTS = st.sampled_from(
    ["当事人联系电话{}，", "渝市监罚〔2024〕{}号", "身份证号：{}。", "{}", "（{}）罚款 5000 元"]
)


@settings(max_examples=300)
@given(st.one_of(typed(ids()), typed(mobiles())), CONTEXTS)
def test_no_id_or_mobile_survives_however_it_is_typed(number_and_text, context):
    number, text = number_and_text
    masked = mask_ids(context.format(text))
    assert number not in digits_of(masked)
    assert number[2:-2] not in digits_of(masked)
    assert len(masked) == len(context.format(text))


@given(st.sampled_from(["2024-01-01 2024-03-05", "023-48661234", "罚款 5000 元", "第 3 项"]))
def test_dates_amounts_and_landlines_stay(text):
    assert mask_ids(text) == text


@pytest.mark.parametrize(
    "party, party_type, shown",
    [
        ("张 三丰", "个体工商户", "张某某"),
        ("张三、李四", None, "张某、李某"),
        ("张三，李四", "自然人", "张某，李某"),
        ("钱八(摊贩)", None, "钱某(摊贩)"),
        ("钱八（摊贩）", "个体工商户", "钱某（摊贩）"),
        ("欧阳娜娜", None, "欧阳某某"),
        ("张三、重庆某商贸有限公司", None, "张某、重庆某商贸有限公司"),
        ("张三水果店", "个体工商户", "张三水果店"),  # a 字号 is no person's name
    ],
)
def test_person_names_are_masked_in_lists_with_notes_and_spaced(party, party_type, shown):
    assert mask_party(party, party_type) == shown


def test_ids_in_case_numbers_leave_no_published_file(tmp_path, runner, write_register):
    case_no = "渝罚〔2024〕500222-19900101-1234号"
    register = write_register(
        [case_row(案号=case_no, 执法人员="王明", 当事人="张 三丰", 当事人类别="个体工商户")],
        name="登记表.xlsx",
    )
    out = tmp_path / "out"
    results = out / "results.json"
    runner.invoke(cli, [*CHECK, str(register), "--format", "json", "-o", str(results)])
    runner.invoke(cli, ["ledger", str(results), "-o", str(out / "整改台账.xlsx")])
    runner.invoke(cli, ["notices", str(results), "-o", str(out / "通知书"), "--draft"])
    from evaltool.render.workbook import write_results_workbook

    write_results_workbook(json.loads(results.read_text(encoding="utf-8")), out / "评查结果.xlsx")
    published = [out / "整改台账.xlsx", out / "评查结果.xlsx", *output_files(out / "通知书")]
    assert len(published) >= 5
    for path in published:
        if path.suffix == ".xlsx":
            workbook = load_workbook(path)
            text = " ".join(
                str(cell)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
                if cell is not None
            )
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                text = archive.read("word/document.xml").decode()
        else:
            text = path.read_text(encoding="utf-8")
        assert "19900101" not in digits_of(text), path.name
        assert "三丰" not in text, path.name
    # the bureau's rectify verify still finds the case behind the masked number
    verified = runner.invoke(
        cli,
        [
            "rectify",
            "verify",
            str(out / "整改台账.xlsx"),
            str(register),
            "-c",
            str(FIXED_CHECKLIST),
            "--review-date",
            "2024-06-30",
            "-o",
            str(tmp_path / "回头看.xlsx"),
        ],
    )
    no_traceback(verified)
    assert "没有找到案号" not in verified.output
    assert "仍存在" in verified.output or "问题仍存在" in verified.output


SURNAMES = ["张", "王", "李", "欧阳", "司马"]
GIVEN = "三丰明芳娜伟"


@st.composite
def persons(draw):
    """A person's name as registers hold it: maybe spaced, maybe with a note."""
    surname = draw(st.sampled_from(SURNAMES))
    given = draw(st.text(GIVEN, min_size=1, max_size=2))
    name = surname + draw(st.sampled_from(["", " ", "\u3000"])) + given
    return name + draw(st.sampled_from(["", "(摊贩)", "（流动摊点）"]))


@given(
    st.lists(persons(), min_size=1, max_size=3),
    st.sampled_from(["、", "，", ";", "/"]),
    st.sampled_from(["自然人", "个体工商户", None]),
)
def test_no_given_name_survives_in_a_party_field(names, separator, party_type):
    shown = mask_party(separator.join(names), party_type)
    assert not set(GIVEN) & set(shown)
    assert all(surname in shown for surname in (n.split()[0][:1] for n in names))


def test_a_file_of_the_wrong_kind_is_named_as_such(tmp_path, good_register, runner):
    cases = [
        (["notices", str(good_register), "-o", str(tmp_path / "通知书")], "评查结果文件"),
        (["check", "-c", str(good_register), str(good_register)], "评查标准文件"),
        (["ledger", str(good_register), "-o", str(tmp_path / "台账.xlsx")], "评查结果文件"),
    ]
    for args, what in cases:
        result = runner.invoke(cli, args)
        no_traceback(result)
        assert result.exit_code == 2
        assert f"好登记表.xlsx：这是 Excel 工作簿或其他压缩文件，不是{what}" in result.output
    assert not (tmp_path / "台账.xlsx").exists()


def test_a_docx_title_from_a_long_unit_name_is_bounded(tmp_path):
    from docx import Document

    from evaltool.render.docx import write_docx

    path = tmp_path / "通知书.docx"
    write_docx(html_to_blocks("<p>正文</p>"), path, title="区" * 300 + "\u202e整改通知书")
    title = Document(str(path)).core_properties.title
    assert len(title) == 255 and "\u202e" not in title


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{name}.xlsx"],
        ["rectify", "status", "{name}.xlsx"],
        ["run", "{name}.yaml"],
        ["notices", "{name}.json", "-o", "通知书"],
    ],
)
def test_an_input_name_too_long_to_look_up_is_the_users_problem(tmp_path, runner, command):
    name = str(tmp_path / ("长" * 100))
    result = runner.invoke(cli, [part.format(name=name) for part in command])
    no_traceback(result)
    assert result.exit_code == 2
    assert "文件名过长" in result.output
