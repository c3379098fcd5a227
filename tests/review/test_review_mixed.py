"""A register holding both procedures: sheet, score, cross-review, 复核, waivers and run score
every file by its procedure's standard (issue 12: every case gets its procedure's standard)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.review.workflow import ScoreSettings, make_scoring_workbook, score_review
from kit.registers import REVIEW_DATE as REVIEW_DATE_VALUE
from kit.registers import case_row
from kit.review import REVIEW_DATE, fill, sheet_rows, write_checklist, write_mixed_standards

UNIT = "区市场监督管理局"
A1, A2 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"  # 普通程序
C1, C2 = "区市监简罚〔2023〕1号", "区市监简罚〔2023〕2号"  # 简易程序


def simple_case(case_no):
    changes = {"罚款金额（元）": 100, "立案日期": None, "告知日期": None}
    return case_row(案号=case_no, 程序类型="简易程序", **changes)


@pytest.fixture
def mixed(tmp_path, write_register, runner):
    """Two ordinary and two simple files of one unit, and the standards for both."""
    register = write_register(
        [case_row(案号=A1), simple_case(C1), case_row(案号=A2), simple_case(C2)]
    )
    standard = write_mixed_standards(tmp_path)

    class Mixed:
        def sheet(self, *extra, standard=standard):
            workbook = tmp_path / "评分表.xlsx"
            args = ["sheet", str(register), "-c", str(standard), "--review-date", REVIEW_DATE]
            result = runner.invoke(cli, [*args, "-o", str(workbook), *extra])
            assert result.exit_code == 0, result.output
            self.sheet_output = result.output
            return workbook

        def score(self, *marks, extra=()):
            args = ["score", str(register), "-o", str(tmp_path / "out"), *extra]
            for path in marks:
                args += ["--marks", str(path)]
            return runner.invoke(cli, args)

        def config(self, marks):
            """A review config (evaltool.yaml) for a run with these marks."""
            path = tmp_path / "evaltool.yaml"
            path.write_text(
                f"checklist: {standard}\nreview_date: {REVIEW_DATE}\ninputs: [{register}]\n"
                f"marks: [{marks}]\nissue_date: 2024-07-15\nreviewing_body: 某某区司法局\n"
                "document_number: {prefix: 某司发}\n",
                encoding="utf-8",
            )
            return path

        def results(self):
            text = (tmp_path / "out" / "results.json").read_text(encoding="utf-8")
            return json.loads(text)

    m = Mixed()
    m.register, m.standard, m.tmp = register, standard, tmp_path
    return m


def by_case(results):
    return {c["case_no"]: c for c in results["cases"]}


def test_the_workbook_lists_every_file_with_the_items_of_its_own_standard(mixed):
    workbook = mixed.sheet()
    rows = sheet_rows(workbook, UNIT)
    items = {}
    for row in rows:
        items.setdefault(row["案号"], []).append(
            (row["评查项目编号"], row["分值"], row["评查标准"])
        )
    assert [i for i, _, _ in items[A1]] == ["V01", "V03", "D01", "D02", "S01", "S02", "本卷"]
    assert [i for i, _, _ in items[C1]] == ["V01", "D01", "X01", "本卷"]
    assert ("D01", 60, "review-simple-test") in items[C1]  # simple's D01, not ordinary's (20)
    assert ("D01", 20, "review-test") in items[A1]
    names = load_workbook(workbook).sheetnames
    assert names == ["填写说明", UNIT, "评查项目", "评查项目（简易程序）"]
    legend = sheet_rows(workbook, "评查项目（简易程序）")
    assert [r["评查项目编号"] for r in legend] == ["V01", "D01", "X01"]
    cover = {r[0]: r[1] for r in load_workbook(workbook)["填写说明"].iter_rows(values_only=True)}
    assert (cover["评查标准编号"], cover["简易程序评查标准编号"]) == (
        "review-test",
        "review-simple-test",
    )
    said = [
        text for text in cover.values() if isinstance(text, str) and "程序类型的评查标准" in text
    ]
    assert said and "「评查项目」「评查项目（简易程序）」工作表" in said[0]
    assert "评查测试标准（review-test，1）：普通程序案卷 2 件" in mixed.sheet_output
    assert "简易程序评查测试标准（review-simple-test，1）：简易程序案卷 2 件" in mixed.sheet_output
    assert "未列入" not in mixed.sheet_output


def test_a_filled_mixed_workbook_scores_each_file_by_its_standard(mixed):
    workbook = mixed.sheet()
    marks = {
        (A1, "D02"): (6, "决定书缺两项内容"),
        (C1, "D01"): (25, "当场处罚决定书缺五项内容"),  # within simple's 60, above ordinary's 20
        (C1, "X01"): 0,
    }
    filled = fill(workbook, mixed.tmp / "甲.xlsx", UNIT, marks=marks, reviewer="甲", file_ok=[C2])
    result = mixed.score(filled)
    assert result.exit_code == 0, result.output
    cases = by_case(mixed.results())
    # hand-computed: ordinary 100 − 6 (D02); simple 100 − 25 (D01); a confirmed clean file 100
    assert (cases[A1]["score"], cases[A1]["grade"], cases[A1]["checklist"]) == (
        94,
        "优秀",
        "review-test",
    )
    assert (cases[C1]["score"], cases[C1]["grade"], cases[C1]["checklist"]) == (
        75,
        "合格",
        "review-simple-test",
    )
    assert (cases[C2]["score"], cases[C2]["checklist"]) == (100, "review-simple-test")
    assert cases[A2]["checklist"] == "review-test"
    standards = {c["id"]: c["cases"] for c in mixed.results()["checklists"]}
    assert standards == {"review-test": 2, "review-simple-test": 2}
    assert mixed.results()["skipped"] == []
    assert "简易程序评查测试标准（1）：简易程序" in result.output  # the terminal names both
    assert "评查测试标准（1）：普通程序" in result.output


def test_a_mark_is_checked_against_the_files_own_standard(mixed):
    workbook = mixed.sheet()
    filled = fill(workbook, mixed.tmp / "甲.xlsx", UNIT, overrule={(A1, "D01"): 25}, reviewer="甲")
    result = mixed.score(filled)
    assert result.exit_code == 2
    assert "扣分 25 超出范围：评查项目 D01 的分值为 20" in result.output
    assert "Traceback" not in result.output


def test_cross_review_across_both_procedures_goes_to_heyi_and_fuhe(mixed):
    workbook = mixed.sheet("--reviewers", "甲,乙", "--per-file", "2")
    same = {(A1, "D02"): (6, "决定书缺两项内容")}
    jia = fill(workbook, mixed.tmp / "甲.xlsx", "甲", marks={**same, (C1, "D01"): 5}, reviewer="甲")
    yi = fill(workbook, mixed.tmp / "乙.xlsx", "乙", marks={**same, (C1, "D01"): 10}, reviewer="乙")
    result = mixed.score(jia, yi)
    assert result.exit_code == 1, result.output  # C1 awaits 合议
    cases = by_case(mixed.results())
    assert (cases[A1]["score"], cases[A1]["review_status"]) == (94, "已评查")
    # 从严 until 合议: the larger deduction (10), never the mean (7.5)
    assert (cases[C1]["score"], cases[C1]["review_status"], cases[C1]["decided_by_rule"]) == (
        90,
        "待合议",
        "从严",
    )
    fuhe = mixed.tmp / "out" / "复核.xlsx"
    (row,) = sheet_rows(fuhe, "复核")
    assert (row["案号"], row["评查项目编号"], row["分值"]) == (C1, "D01", 60)
    book = load_workbook(fuhe)
    sheet = book["复核"]
    sheet["G2"], sheet["H2"], sheet["I2"] = 5, "缺一项内容", "丙"
    settled = mixed.tmp / "复核-已填.xlsx"
    book.save(settled)
    result = mixed.score(jia, yi, extra=["--resolve", str(settled)])
    assert result.exit_code == 0, result.output
    resolved = by_case(mixed.results())[C1]
    assert (resolved["score"], resolved["review_status"], resolved["checklist"]) == (
        95,
        "已复核",
        "review-simple-test",
    )


def test_waivers_belong_to_one_standard(mixed):
    workbook = mixed.sheet()
    marks = {(A1, "D02"): (6, "决定书缺两项内容"), (C1, "X01"): (40, "未当场交付")}
    filled = fill(workbook, mixed.tmp / "甲.xlsx", UNIT, marks=marks, reviewer="甲")
    waivers = mixed.tmp / "豁免.yaml"
    waivers.write_text(
        "waivers:\n"
        # X01 is only simple's: it waives the simple file's failure
        f"  - {{unit: {UNIT}, item: X01, reason: 系统故障补交付, approved_by: 李某}}\n"
        # D02 is the main standard's: the simple standard has none
        f"  - {{unit: {UNIT}, item: D02, reason: 旧版格式, approved_by: 李某}}\n",
        encoding="utf-8",
    )
    result = mixed.score(filled, extra=["--waivers", str(waivers)])
    assert result.exit_code == 0, result.output
    cases = by_case(mixed.results())
    assert (cases[C1]["score"], cases[A1]["score"]) == (100, 100)
    applied = mixed.results()["review"]["waivers"]["applied"]
    assert [(w["item_id"], w["checklist"]) for w in applied] == [
        ("X01", "review-simple-test"),
        ("D02", "review-test"),
    ]
    waivers.write_text(
        f"waivers:\n  - {{unit: {UNIT}, item: X01, checklist: review-test, reason: 无, "
        "approved_by: 李某}\n",
        encoding="utf-8",
    )
    result = mixed.score(filled, extra=["--waivers", str(waivers)])
    assert result.exit_code == 2
    assert "评查标准「review-test」中未知评查项目「X01」" in result.output


def test_printable_sheets_use_each_files_standard(mixed):
    folder = mixed.tmp / "打印"
    mixed.sheet("--print", str(folder))
    pages = {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}
    simple = next(text for name, text in pages.items() if "简罚" in name)
    ordinary = next(text for name, text in pages.items() if "简罚" not in name)
    assert "当场交付决定书" in simple and "送达文书规范" not in simple
    assert "送达文书规范" in ordinary and "当场交付决定书" not in ordinary


def test_c_with_a_standard_without_companions_lists_the_other_files_once(mixed):
    workbook = mixed.sheet(standard=write_checklist(mixed.tmp))
    assert {r["案号"] for r in sheet_rows(workbook, UNIT)} == {A1, A2}
    (line,) = [line for line in mixed.sheet_output.splitlines() if line.startswith("未列入")]
    assert "2件简易程序案卷" in line and C1 in line and C2 in line


def test_an_old_single_standard_workbook_still_reads_and_says_what_it_lacks(mixed, runner):
    """A workbook made before files got their procedure's standard: its cover names one
    standard and it lists only the ordinary files."""
    workbook = mixed.sheet()
    book = load_workbook(workbook)
    cover = book["填写说明"]
    for row in range(cover.max_row, 0, -1):
        if str(cover.cell(row, 1).value or "").startswith("简易程序"):
            cover.delete_rows(row)
    sheet = book[UNIT]
    sheet.delete_cols(sheet.max_column)  # no 评查标准 column either
    for row in range(sheet.max_row, 1, -1):
        if sheet.cell(row, 2).value in (C1, C2):
            sheet.delete_rows(row)
    old = mixed.tmp / "旧评分表.xlsx"
    book.save(old)
    filled = fill(old, old, UNIT, marks={(A1, "D02"): (6, "决定书缺两项内容")}, reviewer="甲")
    result = mixed.score(filled)
    assert result.exit_code == 0, result.output
    cases = by_case(mixed.results())
    assert (cases[A1]["score"], set(cases)) == (94, {A1, A2})
    assert "简易程序案卷 2 件不在评分表中" in result.output
    result = runner.invoke(cli, ["run", str(mixed.config(filled)), "-o", str(mixed.tmp / "run")])
    assert result.exit_code == 0, result.output
    assert "简易程序案卷 2 件不在评分表中" in result.output


def test_run_with_marks_scores_the_files_of_both_procedures(mixed, runner):
    workbook = mixed.sheet()
    marks = {(C1, "D01"): (25, "当场处罚决定书缺五项内容")}
    filled = fill(workbook, mixed.tmp / "甲.xlsx", UNIT, marks=marks, reviewer="甲")
    result = runner.invoke(cli, ["run", str(mixed.config(filled)), "-o", str(mixed.tmp / "out")])
    assert result.exit_code == 0, result.output
    cases = by_case(mixed.results())
    assert {n: (c["score"], c["checklist"]) for n, c in cases.items()} == {
        A1: (100, "review-test"),
        A2: (100, "review-test"),
        C1: (75, "review-simple-test"),
        C2: (100, "review-simple-test"),
    }
    assert "未评查" not in result.output
    assert "评查测试标准（1）：普通程序案卷 2 件" in result.output
    assert "简易程序评查测试标准（1）：简易程序案卷 2 件" in result.output


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.fixed_dictionaries(
        {
            (A1, "D02"): st.integers(0, 30),
            (A2, "S02"): st.integers(0, 30),
            (C1, "D01"): st.integers(0, 60),
            (C2, "X01"): st.integers(0, 40),
        }
    )
)
def test_each_file_loses_exactly_the_deductions_typed_against_its_standard(
    mixed_sheet, registry, marks
):
    """Clean files whose automatic items pass: 100 less what the reviewer typed on its rows."""
    register, workbook, folder = mixed_sheet
    filled = fill(workbook, folder / "甲.xlsx", UNIT, marks=marks, reviewer="甲")
    scored = score_review(ScoreSettings([register], [filled]), registry)
    scores = {c["case_no"]: c["score"] for c in scored.results["cases"]}
    assert scores == {case_no: 100 - deduction for (case_no, _), deduction in marks.items()}


@pytest.fixture
def mixed_sheet(tmp_path, write_register, registry):
    register = write_register(
        [case_row(案号=A1), simple_case(C1), case_row(案号=A2), simple_case(C2)]
    )
    workbook = tmp_path / "评分表.xlsx"
    make_scoring_workbook(
        [register],
        workbook,
        checklist=str(write_mixed_standards(tmp_path)),
        registry=registry,
        review_date=REVIEW_DATE_VALUE,
    )
    return register, workbook, tmp_path


def test_a_workbook_made_with_another_simple_standard_is_refused_in_chinese(mixed):
    workbook = mixed.sheet()
    filled = fill(workbook, mixed.tmp / "甲.xlsx", UNIT, reviewer="甲")
    (mixed.tmp / "单独").mkdir()
    alone = write_checklist(mixed.tmp / "单独")  # the same ordinary standard, no companion
    result = mixed.score(filled, extra=["-c", str(alone)])
    assert result.exit_code == 2
    assert (
        "评分表的简易程序案卷按评查标准「review-simple-test」（版本 1）生成，"
        "本次使用的评查标准不含该程序类型"
    ) in result.output
    assert "Traceback" not in result.output
