"""Published standards transcribed as an outsider would, knowing only docs/checklists.md.

The rows are those of rubric-items.csv (RB09 株洲市适用一般程序行政处罚案卷计分标准, RB07 四川省
建设监察执法案件卷宗评查表, RB02 and RB03). Every expected score below was computed by hand from
the published wording before the code was written; the comments show the arithmetic.
"""

import textwrap

import pytest

from evaltool.checklist.load import load_checklist
from evaltool.model import Case, Finding, Outcome, Register
from evaltool.render.checklist_sheet import grade_bands, render_html, sheet_sections
from evaltool.score.case import score_case, summarize_units
from kit.checklists import EXECUTION, SICHUAN, ZHUZHOU

# The published table (rubric-items.csv, RB09), row for row: section, points, text, rule.
PUBLISHED = [
    (
        "主体部分",
        5,
        "不具有主体资格或超越法定职权、委托无依据、被委托组织未以委托机关名义、超越委托范围",
        "案卷计0分",
    ),
    ("主体部分", 5, "承办人员不具备行政执法资格", "扣2分"),
    ("主体部分", 5, "被处罚对象主体不适格", "案卷计0分"),
    ("事实部分", 10, "事实认定错误或主要事实不清", "案卷计0分"),
    (
        "事实部分",
        10,
        "违法行为时间、地点、内容、情节、性质和危害后果未核实并记载清楚",
        "扣5分；记载不全每缺一项扣1分；前后不一致每项扣2分",
    ),
    ("事实部分", 10, "数量、金额或非法所得计算不正确", "每处扣1分"),
    ("事实部分", 10, "有法定从轻、减轻情节而量罚时未适用", "扣3分"),
    ("事实部分", 10, "超过法定追诉时效给予处罚", "案卷计0分"),
    ("证据部分", 10, "主要证据不足或错误，致使身份或事实认定错误", "案卷计0分"),
    ("证据部分", 10, "不按法定程序搜集证据；证据不充分、不能相互印证形成证据链", "每处扣1分"),
    ("证据部分", 10, "身份证明、营业执照、许可证等应提取而未提取", "每项扣1分"),
]


@pytest.fixture
def zhuzhou(tmp_path, registry):
    path = tmp_path / "zhuzhou.yaml"
    path.write_text(ZHUZHOU, encoding="utf-8")
    return load_checklist(path, registry.checks)


def make_case(unit="某局", row=2) -> Case:
    register = Register(file="x.xlsx", sheet="Sheet1", header_row=1, columns={})
    return Case(register=register, row=row, unit=unit, values={})


def marked(checklist, deductions: dict[str, float], vetoes=()) -> list[Finding]:
    """The findings a reviewer's marks give: a deduction per item, 不符合 on veto items."""
    findings = []
    for item_id, deduction in deductions.items():
        findings.append(Finding(item_id, None, Outcome.FAIL, deduction, "", [], ""))
    for item_id in vetoes:
        findings.append(Finding(item_id, None, Outcome.FAIL, 0.0, "", [], "", veto=True))
    return findings


def test_the_sheet_matches_the_published_table_row_for_row(zhuzhou):
    rows = [(section, row) for section in sheet_sections(zhuzhou) for row in section.rows]
    assert len(rows) == len(PUBLISHED)
    for (section, row), (part, points, text, rule) in zip(rows, PUBLISHED, strict=True):
        assert section.title == f"{part}（{points}分）"
        assert row.title == text  # the folded title is joined without a space
        if rule == "案卷计0分":
            assert (row.points, row.rule) == ("否决", "不符合的，案卷总分计0分，评为不合格")
        else:
            assert row.rule == rule
            assert row.points == "" or row.points == "2" == rule[1:-1]
    assert grade_bands(zhuzhou) == ["合格（15分以上（含15分））", "不合格（不足15分）"]
    page = render_html(zhuzhou)
    assert "扣5分；记载不全每缺一项扣1分；前后不一致每项扣2分" in page
    assert "事实部分（10分）" in page and "扣0分" not in page


def test_rows_without_points_are_capped_by_their_section(zhuzhou):
    facts = zhuzhou.group("facts")
    assert facts.points == 10 and all(item.points == 10 for item in facts.items if not item.veto)
    assert not zhuzhou.item("SS2").own_points and zhuzhou.item("ZT2").deduct_by_rules({1: 1}) == 2


def test_hand_computed_files_score_exactly(zhuzhou):
    ss2, ss3, zj2, zj3 = (zhuzhou.item(i) for i in ("SS2", "SS3", "ZJ2", "ZJ3"))
    # The reviewer says which rule applied and how often:
    # SS2 记载不全 3 项 (3 × 1) and 前后不一致 2 项 (2 × 2): 7.
    assert ss2.deduct_by_rules({2: 3, 3: 2}) == 7
    # SS2 未核实 (5) and 记载不全 1 项 (1): 6.
    assert ss2.deduct_by_rules({1: 1, 2: 1}) == 6
    # All three rules at once, 5 + 4 × 1 + 3 × 2 = 15: never more than the section's 10.
    assert ss2.deduct_by_rules({1: 1, 2: 4, 3: 3}) == 10
    files = {
        # No problem: 25, 合格.
        "clean": ([], {}, 25, "合格"),
        # 主体: ZT2 2. 事实: SS2 7 + SS3 2处 2 + SS4 3 = 12, capped at 10. 证据: ZJ2 3处 3 +
        # ZJ3 2项 2 = 5. 25 − 2 − 10 − 5 = 8: 不合格.
        "capped": (
            [],
            {"ZT2": 2, "SS2": 7, "SS3": ss3.deduct_by_rules({1: 2}), "SS4": 3}
            | {"ZJ2": zj2.deduct_by_rules({1: 3}), "ZJ3": zj3.deduct_by_rules({1: 2})},
            8,
            "不合格",
        ),
        # 超过追诉时效 (SS5): 案卷计0分.
        "vetoed": (["SS5"], {"SS4": 3}, 0, "不合格"),
        # SS2 6 + ZJ3 1 = 7: 25 − 7 = 18, 合格.
        "minor": ([], {"SS2": 6, "ZJ3": 1}, 18, "合格"),
    }
    for name, (vetoes, deductions, score, grade) in files.items():
        result = score_case(make_case(), marked(zhuzhou, deductions, vetoes), zhuzhou)
        assert (result.score, result.grade) == (score, grade), name


@pytest.fixture
def sichuan(tmp_path, registry):
    path = tmp_path / "sichuan.yaml"
    path.write_text(SICHUAN, encoding="utf-8")
    return load_checklist(path, registry.checks)


def test_several_rules_on_one_row_are_all_printed(sichuan):
    rows = {row.number: row for section in sheet_sections(sichuan) for row in section.rows}
    assert rows["L4"].rule == "缺一项扣0.5分；未注明具体款项扣1分"
    assert rows["L8"].method == "自动检查 officers.min_two、自动检查 officers.certificates"
    assert rows["J1"].rule == "不符合的，案卷评为不合格，不再打分"


def test_no_score_veto_grades_failing_without_a_score_and_unit_means_leave_it_out(sichuan):
    # L2 缺两项 (2 × 0.5) and L4 缺一项 and 未注明款项 (0.5 + 1): 10 − 1 − 1.5 = 7.5.
    l2, l4 = sichuan.item("L2"), sichuan.item("L4")
    first = score_case(
        make_case(row=2),
        marked(sichuan, {"L2": l2.deduct_by_rules({1: 2}), "L4": l4.deduct_by_rules({1: 1, 2: 1})}),
        sichuan,
    )
    assert (first.score, first.grade) == (7.5, "合格")
    # 基础标准 J1 不符合: 不合格卷，不再打分 — no score at all, not 0.
    second = score_case(make_case(row=3), marked(sichuan, {"L1": 1}, ["J1"]), sichuan)
    assert (second.score, second.grade, second.vetoed) == (None, "不合格", True)
    (unit,) = summarize_units([first, second], sichuan)
    assert (unit.mean_score, unit.unscored, unit.grades) == (7.5, 1, {"合格": 1, "不合格": 1})


def write(tmp_path, text: str, name="standard.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def case_with(**values) -> Case:
    case = make_case()
    case.values.update(values)
    return case


def test_items_that_do_not_apply_leave_the_total_and_scores_are_rescaled(tmp_path, registry):
    standard = load_checklist(write(tmp_path, EXECUTION), registry.checks)
    assert [i.id for i in standard.case_items] == ["E1", "E2", "H1", "B1", "B2"]
    assert [i.id for i in standard.unit_items] == ["U1", "U2"]
    na = Outcome.NOT_APPLICABLE

    def finding(item_id, outcome=Outcome.FAIL, deduction=0.0, bonus=0.0):
        return Finding(item_id, None, outcome, deduction, "", [], "", bonus=bonus)

    # A fine, no hearing: E2 and H1 do not apply, 应得分 16 − 3 − 10 = 3. E1 扣3: 实得分 0.
    fined = score_case(
        case_with(penalty_kinds=["罚款"]),
        [finding("E1", deduction=3), finding("E2", na), finding("H1", na)],
        standard,
    )
    assert (fined.possible, fined.score, fined.grade) == (3, 0, "不合格")
    # A hearing and a fine, H1 视情况扣2: 应得分 13, 实得分 11, 11 ÷ 13 × 16 = 13.54; a bonus of
    # B1 1 + B2 2 = 3 is capped at 2 and brings it to 15.54, 优秀.
    heard = score_case(
        case_with(penalty_kinds=["罚款"]),
        [
            finding("E2", na),
            finding("H1", deduction=2),
            finding("B1", Outcome.PASS, bonus=1),
            finding("B2", Outcome.PASS, bonus=2),
        ],
        standard,
    )
    assert (heard.possible, heard.bonus, heard.score, heard.grade) == (13, 2, 15.54, "优秀")
    # Exactly 9 is not 9分以上（不含9分）: 不合格. 应得分 16, H1 扣5 and E1 扣2 ... 16 − 7 = 9.
    nine = score_case(
        case_with(), [finding("H1", deduction=5), finding("E1", deduction=2)], standard
    )
    assert (nine.score, nine.grade) == (9, "不合格")
    assert grade_bands(standard)[1:] == ["合格（9分以上（不含9分））", "不合格（9分以下（含9分））"]


def test_conditions_decide_applicability_from_the_register(tmp_path, registry):
    standard = load_checklist(write(tmp_path, EXECUTION), registry.checks)
    (e1,) = standard.conditions_of(standard.item("E1"))
    (h1,) = standard.conditions_of(standard.item("H1"))
    assert e1.applies(case_with(penalty_kinds=["警告", "罚款"])) is True
    assert e1.applies(case_with(penalty_kinds=["警告"])) is False
    assert e1.applies(case_with()) is None  # blank: assessed, never guessed
    assert h1.applies(case_with(hearing_on="2024-03-01")) is True
    assert e1.describe() == "处罚种类为罚款"
