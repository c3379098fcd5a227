"""Each bad file gives a clear Chinese message naming the file and what to do, never a traceback."""

import io
import zipfile

import pytest

from evaltool.cli import cli
from evaltool.read import package

GOOD = [["案号", "当事人", "立案日期"], ["A1", "甲", "2023-01-02"]]


def rewrite_part(source, target, part, change):
    """Copy an xlsx, changing one zip member's bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item.filename, change(data) if item.filename == part else data)
    return target


def _central_entries(data: bytes):
    """Offsets of the central-directory records of a zip."""
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        yield offset
        offset = data.find(b"PK\x01\x02", offset + 4)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def make_bad(kind, tmp_path, write_sheets):
    """A bad file of the given kind and the words its message must contain."""
    good = write_sheets({"Sheet1": GOOD}, name="好表.xlsx")
    path = tmp_path / f"{kind}.xlsx"
    if kind == "empty":
        path.write_bytes(b"")
        return path, "文件为空"
    if kind == "not_zip":
        path.write_bytes("案号,当事人\nA1,甲\n".encode())
        return path, "不是 Excel 工作簿"
    if kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        return path, "文件不完整或已损坏"
    if kind == "xls":
        path = tmp_path / "旧格式.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
        return path, "另存为"
    if kind == "encrypted":
        name = "EncryptedPackage".encode("utf-16-le")
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + name + bytes(1000))
        return path, "设置了打开密码"
    if kind == "html":
        path = tmp_path / "导出.xls"
        path.write_text("<html><body><table><tr><td>案号</td></tr></table></body></html>")
        return path, "网页（HTML）"
    if kind == "no_header":
        rows = [["编号", "名称", "时间"], [1, "甲", "2023"]]
        return write_sheets({"Sheet1": rows}, name=f"{kind}.xlsx"), "找不到表头行"
    if kind == "empty_sheet":
        return write_sheets({"Sheet1": []}, name=f"{kind}.xlsx"), "工作表为空"
    if kind == "title_only":
        rows = [["2023年度行政处罚案卷登记表"]]
        return write_sheets({"Sheet1": rows}, name=f"{kind}.xlsx"), "只有标题"
    if kind == "entities":
        change = lambda data: LAUGHS + data.replace(b">A1<", b">&lol3;<")  # noqa: E731
        return rewrite_part(good, path, "xl/worksheets/sheet1.xml", change), "XML 实体声明"
    if kind == "bomb":
        change = lambda data: data.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 << 20))  # noqa: E731
        return rewrite_part(good, path, "xl/worksheets/sheet1.xml", change), "压缩炸弹"
    if kind == "deflate64":  # what Windows Explorer writes for large zips; Python cannot inflate it
        with zipfile.ZipFile(good) as archive:
            info = archive.getinfo("xl/worksheets/sheet1.xml")
        data = bytearray(good.read_bytes())
        data[info.header_offset + 8 : info.header_offset + 10] = (9).to_bytes(2, "little")
        for offset in _central_entries(bytes(data)):
            name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
            if data[offset + 46 : offset + 46 + name_length] == b"xl/worksheets/sheet1.xml":
                data[offset + 10 : offset + 12] = (9).to_bytes(2, "little")
        path.write_bytes(bytes(data))
        return path, "压缩方式不受支持"
    if kind == "no_workbook":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        return path, "缺少 xl/workbook.xml"
    raise AssertionError(kind)


KINDS = [
    "empty",
    "not_zip",
    "truncated",
    "xls",
    "encrypted",
    "html",
    "no_header",
    "empty_sheet",
    "title_only",
    "entities",
    "bomb",
    "deflate64",
    "no_workbook",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_file_alone_exits_2_with_a_clear_message_and_no_output(
    kind, tmp_path, write_sheets, runner
):
    path, words = make_bad(kind, tmp_path, write_sheets)
    output = tmp_path / "结果.json"
    result = runner.invoke(cli, ["check", str(path), "--format", "json", "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert path.name in result.stderr
    assert words in result.stderr
    assert "没有读取到任何登记表" in result.stderr
    assert not output.exists()
    assert list(tmp_path.glob(".结果.json*")) == []  # no temp file left behind


@pytest.mark.parametrize("kind", KINDS)
def test_one_bad_file_among_many_does_not_stop_the_others(kind, tmp_path, write_sheets, runner):
    path, words = make_bad(kind, tmp_path, write_sheets)
    good = write_sheets({"Sheet1": GOOD}, name="好表.xlsx")
    output = tmp_path / "结果.json"
    result = runner.invoke(
        cli, ["check", str(good), str(path), "--fail-on", "never", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.exists()
    assert f"无法读取：{path}" in result.output
    assert words in result.output


def test_the_message_lists_the_header_like_cells_it_saw(tmp_path, write_sheets, runner):
    rows = [["2023年度登记表"], ["编号", "单位", "当事人姓名", "日期"]]
    path = write_sheets({"Sheet1": rows}, name="x.xlsx")
    result = runner.invoke(cli, ["check", str(path)])
    assert "第1行「2023年度登记表」；第2行「编号」「单位」「当事人姓名」「日期」" in result.stderr


def test_a_header_below_row_ten_is_explained(tmp_path, write_sheets, runner):
    rows = [[] for _ in range(11)] + GOOD
    path = write_sheets({"Sheet1": rows}, name="x.xlsx")
    result = runner.invoke(cli, ["check", str(path)])
    assert "第 12 行才有内容" in result.stderr


def test_a_total_size_above_the_limit_is_refused(tmp_path, write_sheets, runner, monkeypatch):
    monkeypatch.setattr(package, "MAX_UNCOMPRESSED", 1000)
    path = write_sheets({"Sheet1": GOOD}, name="x.xlsx")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "超过上限" in result.stderr


def test_a_corrupt_sheet_part_is_reported(tmp_path, write_sheets, runner):
    good = write_sheets({"Sheet1": GOOD}, name="好表.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 25):  # damage the compressed stream
        data[i] ^= 0xFF
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(bytes(data))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "损坏" in result.stderr


def test_hidden_sheets_are_read_and_said_so(tmp_path, write_sheets, runner):
    path = write_sheets({"在用": GOOD, "旧表": GOOD}, hidden=("旧表",), name="x.xlsx")
    result = runner.invoke(cli, ["check", str(path), "--fail-on", "never"])
    assert result.exit_code == 0
    assert "「旧表」是隐藏工作表，已读取（1 件案卷）" in result.output


def test_formulas_without_a_saved_result_become_data_issues(tmp_path, write_sheets, runner):
    rows = [["案号", "当事人", "立案日期", "罚款金额（元）"], ["A1", "甲", "2023-01-02", "=1000*5"]]
    path = write_sheets({"Sheet1": rows}, name="x.xlsx")
    result = runner.invoke(cli, ["check", str(path), "--fail-on", "never"])
    assert result.exit_code == 0
    assert "D2 罚款金额：公式没有保存计算结果" in result.output
    assert "原值：=1000*5" in result.output


def _zip(parts: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return zipfile.ZipFile(buffer)


WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="登记表" sheetId="1" r:id="rId1"/><sheet name="图表" sheetId="2" r:id="rId2"/>'
    '<sheet name="隐藏&amp;表" sheetId="3" state="hidden" r:id="rId3"/></sheets></workbook>'
).encode()
RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="w"/>'
    b'<Relationship Id="rId2" Target="chartsheets/sheet1.xml" Type="c"/>'
    b'<Relationship Id="rId3" Target="/xl/worksheets/../worksheets/sheet3.xml" Type="w"/>'
    b"</Relationships>"
)


def test_worksheets_are_found_by_their_relationships_and_chart_sheets_left_out():
    archive = _zip({"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS})
    assert package._sheets(archive) == [
        package.SheetPart("登记表", "visible", "xl/worksheets/sheet1.xml"),
        package.SheetPart("隐藏&表", "hidden", "xl/worksheets/sheet3.xml"),
    ]


@pytest.mark.parametrize(
    "workbook",
    [LAUGHS + WORKBOOK, b'<!DOCTYPE w SYSTEM "http://example.invalid/w.dtd">' + WORKBOOK],
)
def test_the_workbook_part_is_read_without_any_dtd_even_past_the_prolog_check(workbook):
    """The second guard behind the prolog check: no entity is ever expanded or fetched."""
    archive = _zip({"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": RELS})
    with pytest.raises(package._Declaration):
        package._sheets(archive)


def test_a_broken_workbook_part_is_refused_in_chinese(tmp_path, write_sheets):
    good = write_sheets({"Sheet1": GOOD}, name="好表.xlsx")
    bad = rewrite_part(good, tmp_path / "坏.xlsx", "xl/workbook.xml", lambda data: data[:-20])
    with pytest.raises(package.RegisterError, match="工作簿结构已损坏"):
        package.open_package(bad)
