"""Notices, summary and self-check reports written from results: content, privacy, file names."""

import datetime as dt

import pytest
from docx import Document

from evaltool.config import load_config
from evaltool.pipeline import check_registers
from evaltool.render import (
    DocumentSet,
    make_environment,
    write_notices,
    write_selfcheck_reports,
    write_summary,
)
from evaltool.render.documents import unique_stems
from kit.documents import (
    ESCAPING,
    MARKET,
    PLANTED,
    SLASHED,
    document_text,
    docx_text,
    review_results,
    write_config,
)
from kit.registers import FIXED_CHECKLIST, REVIEW_DATE, case_row


@pytest.fixture
def documents(write_register, tmp_path):
    config = load_config(write_config(tmp_path))
    return DocumentSet(review_results(write_register), config)


@pytest.fixture
def written(documents, tmp_path):
    env = make_environment()
    out = tmp_path / "文书"
    return {
        "notices": write_notices(documents, env, out, ["html", "md", "docx"]),
        "summary": write_summary(documents, env, out / "评查情况通报", ["html", "md", "docx"]),
        "reports": write_selfcheck_reports(documents, env, out / "自查", ["html", "md", "docx"]),
        "out": out,
    }


def test_every_unit_with_cases_gets_a_notice_in_every_format(written):
    out = written["out"]
    notices = written["notices"]
    assert len(notices) == 3  # the configured unit without cases gets none
    for document in notices:
        assert [p.suffix for p in document.paths] == [".html", ".md", ".docx"]
        for path in document.paths:
            assert path.parent == out and path.stat().st_size > 0


def test_unit_names_become_safe_file_names_inside_the_folder(written):
    out = written["out"].resolve()
    names = sorted(p.name for d in written["notices"] for p in d.paths if p.suffix == ".html")
    assert names == [
        "etc-整改通知书.html",
        "区市场监督管理局-整改通知书.html",
        "綦江区_城管局-整改通知书.html",
    ]
    assert all(p.resolve().parent == out for d in written["notices"] for p in d.paths)
    assert not (out.parent.parent / "etc-整改通知书.html").exists()


def test_colliding_names_get_distinct_files():
    stems = unique_stems(["a/b", "a_b", "A_B", "..", ""], "整改通知书")
    assert len(set(stems.values())) == 5
    assert stems["a/b"] == "a_b-整改通知书"
    assert stems["a_b"] == "a_b-整改通知书-2"
    assert stems[".."] == "未命名-整改通知书"


def test_no_document_contains_a_planted_id_number(written):
    paths = [p for key in ("notices", "reports") for d in written[key] for p in d.paths]
    paths += written["summary"].paths
    assert len(paths) == 3 * 3 + 3 * 3 + 3
    for path in paths:
        text = document_text(path)
        for number in PLANTED:
            assert number not in text, (path.name, number)


def test_the_notice_lists_every_problem_vetoes_first(written):
    notice = next(d for d in written["notices"] if MARKET in d.paths[0].name)
    text = document_text(notice.paths[1])
    assert "重庆市綦江区市场监督管理局：" in text
    assert "綦司发〔2024〕3号" in text
    assert "自动检查平均分（人工评查项目 3 项未评）60分，在3个参评单位中排名第2位" in text
    veto = text.index("【否决项】执法人员不少于两人")
    late = text.index("处罚决定书按期送达：处罚决定书送达超期")
    assert veto < late
    assert "请于2024年8月12日前（本通知印发之日起20个工作日内）" in text
    assert "整改情况反馈表" in text
    assert "2024年7月15日" in text


def test_natural_persons_are_masked_in_notices_and_summary(written):
    notice = next(d for d in written["notices"] if MARKET in d.paths[0].name)
    text = document_text(notice.paths[1]) + document_text(written["summary"].paths[1])
    assert "张某某" in text and "李某" in text
    assert "张三丰" not in text and "李四" not in text
    assert "重庆某商贸有限公司" in text  # companies stay unless configured


def test_the_self_check_report_addresses_the_unit_with_its_own_data(written):
    report = next(d for d in written["reports"] if MARKET in d.paths[0].name)
    text = document_text(report.paths[1])
    assert "重庆市綦江区市场监督管理局：" in text
    assert "李四" in text  # the unit's own working copy keeps names
    assert "报送前请完成" in text
    assert "作出决定后及时送达，留存送达回证" in text
    assert "Sheet1第4行" in text  # where to correct the register


def test_the_summary_ranks_units_and_shows_units_without_cases(written):
    text = document_text(written["summary"].paths[1])
    assert "綦司发〔2024〕6号" in text  # after the three notices
    assert "各区级部门、街镇：" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    ranking = [r.split(" | ")[:2] for r in rows[1:5]]
    # every unit has fewer than 5 files: ordered by mean score, but no rank separates them
    assert ranking == [
        ["| 1–3", ESCAPING],
        ["| 1–3", "重庆市綦江区市场监督管理局"],
        ["| 1–3", SLASHED],
        ["| —", "重庆市綦江区某某街道办事处"],
    ]
    assert "评查案卷不足5件，平均分受个别案卷影响大，不与其他单位区分名次" in text
    no_cases = next(r for r in rows if "某某街道办事处" in r)
    assert "无案卷" in no_cases and "| 0 |" not in no_cases
    assert "程序方面" in text
    assert "无程序倒置（否决项），共1次，涉及1个单位" in text


def test_the_summary_html_has_inline_svg_charts_and_no_scripts(written):
    html = written["summary"].paths[0].read_text(encoding="utf-8")
    assert html.count("<svg") == 3
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "@page" in html and "A4" in html


def test_docx_reads_back_with_tables_and_a4_pages(written):
    notice = next(d for d in written["notices"] if MARKET in d.paths[0].name)
    document = Document(str(notice.paths[2]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 28 and round(section.top_margin.mm) == 37
    tables = document.tables
    assert len(tables) == 3  # cases, problems, feedback form
    header = [cell.text for cell in tables[1].rows[0].cells]
    assert header == ["序号", "案号", "问题类别", "问题描述", "依据", "扣分", "整改建议"]
    assert tables[1].rows[1].cells[5].text == "否决"
    assert tables[1].columns[3].width > 4 * tables[1].columns[0].width  # widths from the HTML
    assert len(tables[1].rows) == len(tables[2].rows) == 1 + 2  # header and two problems
    text = docx_text(notice.paths[2])
    assert "行政处罚案卷评查整改通知书" in text
    body = next(p for p in document.paragraphs if p.text.startswith("根据"))
    fonts = body.runs[0]._r.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml


def test_the_deadline_counts_working_days(write_register, tmp_path):
    documents = DocumentSet(
        review_results(write_register),
        load_config(write_config(tmp_path)),
        issue_date=dt.date(2024, 9, 27),
    )
    # 2024-09-27 is a Friday; National Day week off, the 29th (Sun) and 10-12 (Sat) are make-up workdays.
    assert documents.deadline()["date"] == documents.calendar.add_workdays(dt.date(2024, 9, 27), 20)
    assert documents.deadline()["date"] == dt.date(2024, 10, 30)


def test_officers_names_are_masked_in_published_documents_not_in_the_self_check(
    write_register, tmp_path
):
    register = write_register([case_row(执法人员="王明", 执法证号="50020001")])
    results = check_registers([register], checklist=FIXED_CHECKLIST, review_date=REVIEW_DATE)
    documents = DocumentSet(results, load_config(write_config(tmp_path)))
    env = make_environment()
    out = tmp_path / "文书"
    notice = write_notices(documents, env, out, ["md"])[0].paths[0].read_text(encoding="utf-8")
    summary = (
        write_summary(documents, env, out / "通报", ["md"]).paths[0].read_text(encoding="utf-8")
    )
    report = write_selfcheck_reports(documents, env, out / "自查", ["md"])[0].paths[0]
    assert "仅记录 1 人（王某）" in notice and "仅记录 1 人（王某）" in summary
    assert "王明" not in notice + summary
    assert "仅记录 1 人（王明）" in report.read_text(encoding="utf-8")
