"""Unit-level items (``level: unit``): the 单位评查 sheet of the scoring workbook, read back by
`evaltool score`, scored once per unit into the unit results, 评查结果.xlsx and the index."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.checklist.load import load_checklist
from evaltool.cli import cli
from evaltool.review.inputs import CellRef
from evaltool.review.unit_marks import UnitEntry, merge_unit_entries
from evaltool.score.case import score_unit_items
from evaltool.xlsx import INPUT_FILL
from kit.registers import case_row
from kit.review import CHECKLIST, REVIEW_DATE, fill, fill_units, sheet_rows

A1, A2 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号"
B1 = "区城管罚〔2023〕1号"
MARKET, CITY = "区市场监督管理局", "区城市管理局"

# A section of 4 points whose rows have no points of their own (「扣2分」, 「每缺一个季度扣1分」):
# each row deducts at most the section's 4, the section together at most 4.
UNIT_GROUP = """\
  - id: management
    title: 案卷管理
    level: unit
    points: 4
    items:
      - {id: U1, title: 建立案卷管理制度, deduct: {fixed: 2}, manual: true}
      - {id: U2, title: 开展年度案卷自查, deduct: {each: 1, per: 个季度}, manual: true}
"""
UNIT_SHEET = "单位评查"


@pytest.fixture
def unit_review(tmp_path, write_register, runner):
    register = write_register(
        [
            case_row(案号=A1),
            case_row(案号=A2),
            case_row(执法单位=CITY, 案号=B1, 执法人员="王明、李华", 执法证号="50020001、50020002"),
        ]
    )
    checklist = tmp_path / "标准.yaml"
    checklist.write_text(CHECKLIST + UNIT_GROUP, encoding="utf-8")

    class Review:
        def sheet(self, *extra, name="评分表.xlsx"):
            workbook = tmp_path / name
            args = ["sheet", str(register), "-c", str(checklist), "--review-date", REVIEW_DATE]
            result = runner.invoke(cli, [*args, "-o", str(workbook), *extra])
            assert result.exit_code == 0, result.output
            self.output = result.output
            return workbook

        def score(self, *marks, extra=()):
            args = ["score", str(register), "-o", str(tmp_path / "out"), *extra]
            for path in marks:
                args += ["--marks", str(path)]
            return runner.invoke(cli, args)

        def results(self):
            return json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))

        def units(self):
            return {u["unit"]: u["unit_items"] for u in self.results()["units"]}

    review = Review()
    review.tmp, review.register, review.checklist = tmp_path, register, checklist
    return review


def files_done(review, workbook, name, reviewer="甲"):
    """The file rows of a unit sheet marked complete (no problems) by ``reviewer``."""
    return fill(workbook, review.tmp / name, MARKET, reviewer=reviewer)


def test_the_sheet_has_one_block_per_unit_and_unit_item_with_nothing_prefilled(unit_review):
    workbook = unit_review.sheet()
    assert "单位评查：2 个单位" in unit_review.output
    book = load_workbook(workbook)
    assert UNIT_SHEET in book.sheetnames
    rows = sheet_rows(workbook, UNIT_SHEET)
    assert [(r["执法单位"], r["评查项目编号"]) for r in rows] == [
        (MARKET, "U1"),
        (MARKET, "U2"),
        (CITY, "U1"),
        (CITY, "U2"),
    ]
    u2 = rows[1]
    assert u2["分值"] is None and u2["扣分标准"] == "每个季度扣1分，扣完为止"
    assert u2["评查部分"] == "案卷管理（4分，按单位评查一次）"
    assert all(r["扣分"] is None and r["扣分理由"] is None and r["评查人"] is None for r in rows)
    sheet = book[UNIT_SHEET]
    headers = [c.value for c in sheet[1]]
    deduct = headers.index("扣分") + 1
    cell = sheet.cell(row=3, column=deduct)
    assert cell.fill.fgColor.rgb.endswith(INPUT_FILL.fgColor.rgb[-6:])
    assert not cell.protection.locked and sheet.protection.sheet
    assert any(
        v.formula2 == "4" and cell.coordinate in v.sqref
        for v in sheet.data_validations.dataValidation
    )
    # the unit-level items are not rows of any file
    per_file = sheet_rows(workbook, MARKET)
    assert not {"U1", "U2"} & {r["评查项目编号"] for r in per_file}
    cover = [c.value for row in book["填写说明"].iter_rows() for c in row if c.value]
    assert any(isinstance(v, str) and "「单位评查」" in v for v in cover)


def test_a_standard_without_unit_items_gets_no_unit_sheet(tmp_path, write_register, runner):
    register = write_register([case_row(案号=A1)])
    checklist = tmp_path / "标准.yaml"
    checklist.write_text(CHECKLIST, encoding="utf-8")
    workbook = tmp_path / "评分表.xlsx"
    args = ["sheet", str(register), "-c", str(checklist), "--review-date", REVIEW_DATE]
    result = runner.invoke(cli, [*args, "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    assert UNIT_SHEET not in load_workbook(workbook).sheetnames


def test_with_reviewers_each_reviewer_gets_the_units_of_their_files(unit_review):
    workbook = unit_review.sheet("--reviewers", "甲,乙", "--per-file", "1")
    rows = sheet_rows(workbook, UNIT_SHEET)
    # files in rotation: 甲 gets A1 and B1, 乙 gets A2
    assert [(r["评查人"], r["执法单位"], r["评查项目编号"]) for r in rows] == [
        ("甲", MARKET, "U1"),
        ("甲", MARKET, "U2"),
        ("甲", CITY, "U1"),
        ("甲", CITY, "U2"),
        ("乙", MARKET, "U1"),
        ("乙", MARKET, "U2"),
    ]


def test_marked_units_are_scored_by_hand_calculation_and_never_change_a_file(unit_review):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    files = fill(files, unit_review.tmp / "文件.xlsx", CITY, reviewer="甲")
    result = unit_review.score(files)
    assert result.exit_code == 1, result.output  # the unit-level items are still 待评查
    before = {c["case_no"]: c["score"] for c in unit_review.results()["cases"]}
    units = unit_review.units()
    assert (units[MARKET]["status"], units[MARKET]["score"]) == ("待评查", None)
    assert "待评查：区市场监督管理局 按单位评查的项目（未填：U1、U2）" in result.output

    marked = fill_units(
        files,
        unit_review.tmp / "甲.xlsx",
        {
            (MARKET, "U1"): 0,
            (MARKET, "U2"): (2, "未开展第三、四季度案卷自查"),
            (CITY, "U1"): (2, "未建立案卷管理制度"),
            (CITY, "U2"): (3, "全年未开展案卷自查"),
        },
        reviewer="甲",
    )
    result = unit_review.score(marked)
    assert result.exit_code == 0, result.output
    units = unit_review.units()
    # 市场监督管理局: 4 − 2 = 2; 城市管理局: 2 + 3 = 5, capped at the section's 4 → 0
    assert (units[MARKET]["status"], units[MARKET]["score"], units[MARKET]["points"]) == (
        "已评查",
        2,
        4,
    )
    assert units[CITY]["score"] == 0
    u2 = next(i for i in units[MARKET]["items"] if i["item_id"] == "U2")
    assert u2["deduction"] == 2 and u2["reason"] == "未开展第三、四季度案卷自查"
    assert u2["reviewers"] == ["甲"] and u2["rule"] is None
    after = {c["case_no"]: c["score"] for c in unit_review.results()["cases"]}
    assert after == before  # unit-level marks never change a file's score

    workbook = load_workbook(unit_review.tmp / "out" / "评查结果.xlsx")
    assert UNIT_SHEET in workbook.sheetnames
    rows = sheet_rows(unit_review.tmp / "out" / "评查结果.xlsx", UNIT_SHEET)
    shown = next(r for r in rows if r["执法单位"] == CITY and r["评查项目编号"] == "U1")
    assert shown["扣分"] == 2 and shown["扣分理由"] == "未建立案卷管理制度"
    assert shown["评查人"] == "甲"
    total = next(r for r in rows if r["执法单位"] == MARKET and r["评查项目编号"] == "合计")
    assert (total["分值"], total["扣分"], total["得分"]) == (4, 2, 2)


def test_two_reviewers_who_differ_on_a_unit_item_are_decided_by_the_rule_never_averaged(
    unit_review,
):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    files = fill(files, unit_review.tmp / "文件.xlsx", CITY, reviewer="甲")
    city = {(CITY, "U1"): 0, (CITY, "U2"): 0}
    jia = fill_units(
        files,
        unit_review.tmp / "甲.xlsx",
        {(MARKET, "U1"): 0, (MARKET, "U2"): (1, "自查缺一个季度"), **city},
        reviewer="甲",
    )
    yi = fill_units(
        workbook,
        unit_review.tmp / "乙.xlsx",
        {(MARKET, "U1"): 0, (MARKET, "U2"): (3, "全年未自查")},
        reviewer="乙",
    )
    result = unit_review.score(jia, yi)
    assert result.exit_code == 0, result.output
    u2 = next(i for i in unit_review.units()[MARKET]["items"] if i["item_id"] == "U2")
    assert (u2["deduction"], u2["rule"], u2["reviewers"]) == (3, "从严", ["乙"])
    assert unit_review.units()[MARKET]["score"] == 1  # never 4 − 2 (the mean of 1 and 3)
    assert "区市场监督管理局 U2 评分不一致（乙扣3分，甲扣1分），按从严规则" in result.output
    assert "按单位评查的项目：区市场监督管理局 1/4分，区城市管理局 4/4分" in result.output
    disputes = unit_review.results()["review"]["unit_disputes"]
    assert disputes == [
        {
            "unit": MARKET,
            "item_id": "U2",
            "rule": "从严",
            "opinions": [
                {"reviewer": "乙", "deduction": 3, "reason": "全年未自查"},
                {"reviewer": "甲", "deduction": 1, "reason": "自查缺一个季度"},
            ],
        }
    ]

    result = unit_review.score(jia, yi, extra=["--disagreement", "从宽"])
    u2 = next(i for i in unit_review.units()[MARKET]["items"] if i["item_id"] == "U2")
    assert (u2["deduction"], u2["rule"]) == (1, "从宽")
    assert unit_review.units()[MARKET]["score"] == 3


def test_bad_unit_marks_are_named_by_cell_and_the_run_goes_on(unit_review):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    files = fill(files, unit_review.tmp / "文件.xlsx", CITY, reviewer="甲")
    filled = fill_units(
        files,
        unit_review.tmp / "甲.xlsx",
        {
            (MARKET, "U1"): (9, "未建立制度"),  # row 2: above the 4 the row may lose
            (MARKET, "U2"): (1, "缺一个季度"),  # row 3: fine
            (CITY, "U1"): ("两分", "未建立制度"),  # row 4: text in a number cell
            (CITY, "U2"): 1,
        },
        reviewer="甲",
    )
    book = load_workbook(filled)
    sheet = book[UNIT_SHEET]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=5, column=headers.index("执法单位") + 1).value = "区不存在局"
    book.save(filled)
    result = unit_review.score(filled)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "甲.xlsx「单位评查」G2：扣分 9 超出范围" in result.output
    assert "甲.xlsx「单位评查」G4：应填写数字，实际为文字「两分」" in result.output
    assert "甲.xlsx「单位评查」A5：未知单位「区不存在局」" in result.output
    # the good mark is used; the unit stays 待评查 until its bad cells are corrected
    units = unit_review.units()
    u2 = next(i for i in units[MARKET]["items"] if i["item_id"] == "U2")
    assert (u2["deduction"], units[MARKET]["status"]) == (1, "待评查")
    problems = unit_review.results()["review"]["unit_problems"]
    assert len(problems) == 3 and all("「单位评查」" in p for p in problems)
    assert (unit_review.tmp / "out" / "评查结果.xlsx").is_file()


def test_unit_marks_of_a_unit_whose_files_are_not_scored_yet_are_not_lost_silently(unit_review):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    filled = fill_units(files, unit_review.tmp / "甲.xlsx", {(CITY, "U1"): 0}, reviewer="甲")
    result = unit_review.score(filled)
    assert result.exit_code == 1, result.output
    assert "区城市管理局：该单位还没有计分的案卷，按单位评查的项目的评分暂未列入单位结果" in (
        result.output
    )


def test_a_unit_mark_needs_a_reviewer_and_a_deduction_a_reason(unit_review):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    filled = fill_units(files, unit_review.tmp / "甲.xlsx", {(MARKET, "U1"): (1, "")})
    result = unit_review.score(filled)
    assert result.exit_code == 1, result.output
    assert "甲.xlsx「单位评查」I2：已填写评分，但未填写评查人" in result.output
    assert "甲.xlsx「单位评查」H2：扣分时须填写扣分理由" in result.output


def test_the_index_uses_the_unit_items_where_its_config_names_them(unit_review, runner):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    files = fill(files, unit_review.tmp / "文件.xlsx", CITY, reviewer="甲")
    marked = fill_units(
        files,
        unit_review.tmp / "甲.xlsx",
        {(MARKET, "U1"): 0, (MARKET, "U2"): (2, "缺两个季度")},
        reviewer="甲",
    )
    unit_review.score(marked)
    config = unit_review.tmp / "指数配置.yaml"
    config.write_text(
        "id: unit-test\ntitle: 行政执法指数（评查）\nversion: '1'\nindicators:\n"
        "  - {id: Q, title: 案卷质量, formula: mean_score, weight: 80}\n"
        "  - {id: M, title: 案卷管理, formula: unit_items, weight: 20}\n",
        encoding="utf-8",
    )
    out = unit_review.tmp / "指数"
    results = unit_review.tmp / "out" / "results.json"
    args = ["index", str(results), "-o", str(out), "--index-config", str(config)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    parts = {u["unit"]: {p["id"]: p for p in u["parts"]} for u in index["units"] if "parts" in u}
    assert parts[MARKET]["M"]["raw"] == 50  # 2 of the section's 4 points
    assert parts[CITY]["M"]["raw"] is None  # 待评查: no data, never 0


def test_evaltool_run_with_marks_scores_the_units_too(unit_review, runner):
    workbook = unit_review.sheet()
    files = fill(workbook, unit_review.tmp / "文件.xlsx", MARKET, reviewer="甲")
    files = fill(files, unit_review.tmp / "文件.xlsx", CITY, reviewer="甲")
    marked = fill_units(
        files,
        unit_review.tmp / "甲.xlsx",
        {(MARKET, "U1"): 0, (MARKET, "U2"): (1, "缺一个季度")},
        reviewer="甲",
    )
    config = unit_review.tmp / "evaltool.yaml"
    config.write_text(
        f"name: 评查\nreviewing_body: 某区司法局\nchecklist: {unit_review.checklist.name}\n"
        f"review_date: {REVIEW_DATE}\ninputs: [{unit_review.register.name}]\n"
        f"marks: [{marked.name}]\ndocument_number: {{prefix: 某司发, first: 5}}\n"
        "issue_date: 2024-07-15\n",
        encoding="utf-8",
    )
    out = unit_review.tmp / "整次"
    result = runner.invoke(cli, ["run", str(config), "-o", str(out)])
    assert result.exit_code == 1, result.output  # done, but a unit's items are still open
    assert "待评查：区城市管理局 按单位评查的项目（未填：U1、U2）" in result.output
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    units = {u["unit"]: u["unit_items"] for u in results["units"]}
    assert (units[MARKET]["score"], units[CITY]["status"]) == (3, "待评查")


@pytest.fixture(scope="module")
def unit_standard(tmp_path_factory, registry):
    path = tmp_path_factory.mktemp("standard") / "标准.yaml"
    path.write_text(CHECKLIST + UNIT_GROUP, encoding="utf-8")
    return load_checklist(path, registry.checks)


# (reviewer, unit, item) → a deduction from 0 to the section's 4 points, in tenths
unit_entries = st.dictionaries(
    st.tuples(st.sampled_from("甲乙丙"), st.sampled_from((MARKET, CITY)), st.sampled_from("12")),
    st.integers(0, 40).map(lambda tenths: tenths / 10),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(marks=unit_entries, rule=st.sampled_from(("从严", "从宽")), seed=st.integers(0, 99))
def test_a_unit_mark_is_always_one_reviewer_s_and_the_unit_score_stays_in_its_section(
    unit_standard, marks, rule, seed
):
    entries = [
        UnitEntry(
            unit,
            f"U{item}",
            reviewer,
            deduction,
            "理由",
            CellRef("表.xlsx", "单位评查", f"G{n + 2}"),
        )
        for n, ((reviewer, unit, item), deduction) in enumerate(marks.items())
    ]
    merged = merge_unit_entries(entries, unit_standard, rule)
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    assert merge_unit_entries(shuffled, unit_standard, rule).marks == merged.marks
    for unit, by_item in merged.marks.items():
        for item_id, mark in by_item.items():
            given_ = [d for (_, u, i), d in marks.items() if (u, f"U{i}") == (unit, item_id)]
            assert mark.deduction == (max(given_) if rule == "从严" else min(given_))
            assert (mark.rule is not None) == (len(set(given_)) > 1)
        entry = score_unit_items(unit_standard, by_item)
        if len(by_item) < 2:
            assert (entry["score"], entry["status"]) == (None, "待评查")
        else:
            lost = sum(mark.deduction for mark in by_item.values())
            assert entry["score"] == round(4 - min(lost, 4), 2)
            assert 0 <= entry["score"] <= entry["points"] == 4
