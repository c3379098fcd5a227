"""`evaltool sheet` → reviewers fill the workbook → `evaltool score`: scores, cross-review, 复核."""

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaltool.cli import cli
from kit.registers import case_row
from kit.review import REVIEW_DATE, fill, sheet_rows, write_checklist

A1, A2, A3 = "区市监罚〔2023〕1号", "区市监罚〔2023〕2号", "区市监罚〔2023〕3号"
B1 = "区城管罚〔2023〕1号"


@pytest.fixture
def review(tmp_path, write_register, runner):
    """Three files of one unit and one of another, a checklist, and a two-reviewer workbook."""
    register = write_register(
        [
            case_row(案号=A1),
            case_row(案号=A2, 送达日期="2023-05-05"),  # served late: S01 fails automatically
            case_row(案号=A3),
            case_row(执法单位="区城市管理局", 案号=B1, 执法人员="王明", 执法证号="50020001"),
        ]
    )
    checklist = write_checklist(tmp_path)
    workbook = tmp_path / "评分表.xlsx"
    result = runner.invoke(
        cli,
        [
            "sheet",
            str(register),
            "-c",
            str(checklist),
            "--reviewers",
            "甲,乙",
            "--per-file",
            "2",
            "--review-date",
            REVIEW_DATE,
            "-o",
            str(workbook),
        ],
    )
    assert result.exit_code == 0, result.output

    class Review:
        def score(self, *marks, extra=()):
            args = ["score", str(register), "-o", str(tmp_path / "out"), *extra]
            for path in marks:
                args += ["--marks", str(path)]
            return runner.invoke(cli, args)

        def results(self):
            return json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))

    r = Review()
    r.register, r.checklist, r.workbook, r.tmp = register, checklist, workbook, tmp_path
    return r


def by_case(results):
    return {c["case_no"]: c for c in results["cases"]}


def test_filled_workbooks_give_expected_scores_and_a_disputed_file_lands_in_fuhe(review):
    jia = fill(
        review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3, (A3, "D02"): 2}
    )
    yi = fill(
        review.workbook,
        review.tmp / "乙.xlsx",
        "乙",
        marks={(A1, "D02"): 3, (A2, "D02"): (15, "决定书缺五项内容"), (A3, "D02"): 4},
    )
    result = review.score(jia, yi, extra=["--no-review-failing"])
    assert result.exit_code == 1, result.output  # a file awaits 复核
    assert "待复核：区市场监督管理局 区市监罚〔2023〕2号" in result.output
    results = review.results()
    cases = by_case(results)
    assert (cases[A1]["score"], cases[A1]["grade"], cases[A1]["review_status"]) == (
        97,
        "优秀",
        "已评查",
    )
    assert cases[A1]["reviewers"] == ["乙", "甲"]  # by name (code point), never by file order
    # 2 and 4 are within the margin: never their mean; the rule (从严) decides until 合议
    assert (cases[A3]["score"], cases[A3]["review_status"]) == (96, "待合议")
    assert cases[A3]["decided_by_rule"] == "从严"
    (d02,) = [f for f in cases[A3]["findings"] if f["item_id"] == "D02"]
    assert (d02["source"], d02["check"], d02["reviewer"]) == ("manual", None, "乙、甲")
    assert (d02["deduction"], d02["rule"]) == (4, "从严")
    assert "待合议：区市场监督管理局 区市监罚〔2023〕3号" in result.output
    assert "按从严规则" in result.output
    assert (cases[B1]["score"], cases[B1]["grade"], cases[B1]["veto_items"]) == (
        0,
        "不合格",
        ["V01"],
    )
    assert A2 not in cases  # disputed files are never silently averaged
    dispute, deliberation = results["review"]["disputes"]
    assert (deliberation["case_no"], deliberation["status"], deliberation["rule"]) == (
        A3,
        "待合议",
        "从严",
    )
    assert dispute["case_no"] == A2 and dispute["status"] == "待复核"
    assert any("得分相差 15 分" in reason for reason in dispute["reasons"])
    assert [(s["reviewer"], s["score"]) for s in dispute["scores"]] == [("乙", 65), ("甲", 80)]

    fuhe = review.tmp / "out" / "复核.xlsx"
    rows = sheet_rows(fuhe, "复核")
    assert [(row["案号"], row["评查项目编号"]) for row in rows] == [(A2, "D02"), (A3, "D02")]
    assert (
        "甲：不扣分" in rows[0]["各评查人评分"]
        and "乙：扣15分（决定书缺五项内容）" in rows[0]["各评查人评分"]
    )
    summary = {row["案号"]: row for row in sheet_rows(fuhe, "争议案卷")}
    assert summary[A3]["暂定计分"] == "按从严规则（取较大的扣分）暂定"
    assert summary[A2]["暂定计分"] == "复核前不计分"

    workbook = load_workbook(fuhe)
    sheet = workbook["复核"]
    sheet["G2"], sheet["H2"], sheet["I2"] = 6, "决定书缺两项内容", "丙"
    fuhe = review.tmp / "复核-已填.xlsx"  # the next 复核.xlsx is written where the last one was
    workbook.save(fuhe)
    result = review.score(jia, yi, extra=["--no-review-failing", "--resolve", str(fuhe)])
    assert result.exit_code == 1, result.output  # A3 still awaits 合议
    resolved = by_case(review.results())[A2]
    assert (resolved["score"], resolved["grade"]) == (74, "合格")  # 100 − 20 (S01) − 6
    assert (resolved["review_status"], resolved["resolved_by"]) == ("已复核", "丙")

    sheet["G3"], sheet["H3"], sheet["I3"] = 3, "决定书缺一项内容", "丙"
    workbook.save(fuhe)
    result = review.score(jia, yi, extra=["--no-review-failing", "--resolve", str(fuhe)])
    assert result.exit_code == 0, result.output
    settled = by_case(review.results())[A3]
    assert (settled["score"], settled["review_status"], settled["decided_by_rule"]) == (
        97,
        "已复核",
        None,
    )


def test_a_failing_grade_goes_to_fuhe_only_when_the_reviewers_differ(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲")
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙")
    result = review.score(jia, yi)  # both confirm B1's veto alike: nothing to decide
    assert result.exit_code == 0, result.output
    results = review.results()
    assert (by_case(results)[B1]["grade"], results["review"]["disputes"]) == ("不合格", [])

    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(B1, "D02"): 3})
    result = review.score(jia, yi)
    assert result.exit_code == 1
    results = review.results()
    assert B1 not in by_case(results)
    (dispute,) = results["review"]["disputes"]
    assert dispute["case_no"] == B1 and any("评为不合格" in r for r in dispute["reasons"])


def test_merging_is_independent_of_the_order_of_the_marks_files(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(A1, "D02"): 6})
    outputs = []
    for order in ((jia, yi), (yi, jia)):
        review.score(*order)
        results = review.results()
        for key in ("generated_at",):
            results.pop(key)
        results["review"].pop("marks")
        outputs.append(results)
    assert outputs[0] == outputs[1]
    assert by_case(outputs[0])[A1]["score"] == 94  # 3 and 6: the larger (从严), never 4.5


def test_a_reviewer_can_reject_an_automatic_veto_finding(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", confirm={(B1, "V01"): "否"})
    result = review.score(jia, extra=["--include-pass"])
    assert result.exit_code == 0, result.output
    case = by_case(review.results())[B1]
    assert (case["score"], case["vetoed"]) == (100, False)
    (v01,) = [f for f in case["findings"] if f["item_id"] == "V01"]
    assert (v01["outcome"], v01["reviewer"]) == ("pass", "甲")  # shown with --include-pass only


def test_unfinished_files_are_reported_not_scored(review):
    jia = fill(
        review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3}, complete=False
    )
    result = review.score(jia)
    assert result.exit_code == 1
    results = review.results()
    assert results["cases"] == []
    pending = {p["case_no"]: p for p in results["review"]["pending"]}
    assert pending[A1]["status"] == "部分评查" and "V03" in pending[A1]["missing"]
    assert "D02" not in pending[A1]["missing"]
    assert results["review"]["status"] == {
        "已评查": 0,
        "已复核": 0,
        "待合议": 0,
        "待复核": 0,
        "部分评查": 2,  # A1 (one deduction) and B1 (its veto confirmed)
        "未评查": 2,
    }
    coverage = {c["unit"]: c for c in results["review"]["coverage"]}
    assert coverage["区市场监督管理局"]["in_scope"] == 3
    assert coverage["区市场监督管理局"]["review_coverage"] == 0


def test_every_invalid_mark_is_reported_with_file_sheet_and_cell(review):
    path = fill(review.workbook, review.tmp / "甲.xlsx", "甲")
    workbook = load_workbook(path)
    sheet = workbook["甲"]
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    rows = {(sheet[f"B{r}"].value, sheet[f"C{r}"].value): r for r in range(2, sheet.max_row + 1)}
    deduct, reviewer = column["扣分"], column["评查人"]
    sheet[f"{deduct}{rows[A1, 'D02']}"] = 40  # above the item's 30 points
    sheet[f"{deduct}{rows[A1, 'S02']}"] = "三分"  # text in a number cell
    sheet[f"{deduct}{rows[A3, 'V03']}"] = "也许"  # neither 是 nor 否
    sheet[f"{reviewer}{rows[A3, 'S02']}"] = None  # a mark without a reviewer
    sheet[f"C{rows[A2, 'S02']}"] = "X99"  # unknown item
    sheet[f"B{rows[A2, 'D02']}"] = "无此案号"  # unknown case
    sheet[f"{deduct}{rows[A2, 'S01']}"] = 5  # an automatic deduction overruled without a reason
    sheet[f"{deduct}{rows[A3, 'D02']}"] = 6  # a deduction without a reason
    sheet[f"{column['确认']}{rows[A1, 'D01']}"] = "是"  # nothing to confirm on a passed check
    workbook.save(path)
    result = review.score(path)
    assert result.exit_code == 2, result.output
    out = result.output
    expected = [
        f"甲.xlsx「甲」{deduct}{rows[A1, 'D02']}：扣分 40 超出范围",
        f"甲.xlsx「甲」{deduct}{rows[A1, 'S02']}：应填写数字，实际为文字「三分」",
        f"甲.xlsx「甲」{deduct}{rows[A3, 'V03']}：应填写「是」或「否」",
        f"甲.xlsx「甲」{reviewer}{rows[A3, 'S02']}：已填写评分，但未填写评查人",
        f"甲.xlsx「甲」C{rows[A2, 'S02']}：未知评查项目「X99」",
        f"甲.xlsx「甲」B{rows[A2, 'D02']}：未知案卷",
        f"甲.xlsx「甲」{column['扣分理由']}{rows[A2, 'S01']}：改变自动检查结论时须填写扣分理由",
        f"甲.xlsx「甲」{column['扣分理由']}{rows[A3, 'D02']}：扣分、否决或不认可自动检查结果时须填写扣分理由",
        f"甲.xlsx「甲」{column['确认']}{rows[A1, 'D01']}：只有自动检查「不符合」的行需要确认",
    ]
    for message in expected:
        assert message in out
    assert "Traceback" not in out
    assert not (review.tmp / "out" / "results.json").exists()


def test_a_workbook_made_before_the_register_changed_is_refused(review, write_register):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲")
    write_register(  # A1 is now served late: its S01 row no longer matches the workbook
        [
            case_row(案号=A1, 送达日期="2023-05-05"),
            case_row(案号=A2, 送达日期="2023-05-05"),
            case_row(案号=A3),
            case_row(执法单位="区城市管理局", 案号=B1, 执法人员="王明", 执法证号="50020001"),
        ]
    )
    result = review.score(jia)
    assert result.exit_code == 2
    assert "自动检查结果已变化（评分表为「符合」，现为「不符合」）" in result.output


def test_one_reviewer_giving_two_different_marks_for_one_row_is_an_error(review):
    first = fill(review.workbook, review.tmp / "甲1.xlsx", "甲", marks={(A1, "D02"): 3})
    second = fill(review.workbook, review.tmp / "甲2.xlsx", "甲", marks={(A1, "D02"): 6})
    result = review.score(first, second)
    assert result.exit_code == 2
    assert "评查人「甲」对案卷「区市监罚〔2023〕1号」评查项目 D02" in result.output


def test_marks_from_another_checklist_are_refused(review, tmp_path, runner):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲")
    result = runner.invoke(
        cli,
        [
            "score",
            str(review.register),
            "--marks",
            str(jia),
            "-c",
            "national-ordinary",
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2
    assert "评分表按评查标准「review-test」" in result.output


def test_a_stale_fuhe_decision_is_refused(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A2, "D02"): 0})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(A2, "D02"): 15})
    review.score(jia, yi, extra=["--no-review-failing"])
    fuhe = review.tmp / "out" / "复核.xlsx"
    workbook = load_workbook(fuhe)
    workbook["复核"]["G2"], workbook["复核"]["I2"] = 0, "丙"
    workbook.save(fuhe)
    agreeing = fill(review.workbook, review.tmp / "乙2.xlsx", "乙", marks={(A2, "D02"): 0})
    result = review.score(jia, agreeing, extra=["--no-review-failing", "--resolve", str(fuhe)])
    assert result.exit_code == 2
    assert "不在本次的复核范围内" in result.output


def test_results_workbook_has_scores_units_and_problems(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    review.score(jia, extra=["--no-review-failing"])
    workbook = load_workbook(review.tmp / "out" / "评查结果.xlsx")
    assert workbook.sheetnames[:3] == ["案卷得分", "单位汇总", "问题统计"]
    cases = {
        row["案号"]: row for row in sheet_rows(review.tmp / "out" / "评查结果.xlsx", "案卷得分")
    }
    # item titles next to their ids
    assert (
        cases[A1]["得分"],
        cases[A1]["D02 决定书内容完整"],
        cases[A2]["S01 按期送达"],
        cases[B1]["V01 执法人员不少于两人"],
    ) == (97, 3, 20, "否决")
    sheet = workbook["案卷得分"]
    assert sheet.freeze_panes == "C2"  # the header and the unit and 案号 stay in view
    grade_fills = {sheet[f"E{r}"].value: sheet[f"E{r}"].fill.fgColor.rgb for r in range(2, 6)}
    assert grade_fills["优秀"] != grade_fills["不合格"]
    units = {
        row["执法单位"]: row for row in sheet_rows(review.tmp / "out" / "评查结果.xlsx", "单位汇总")
    }
    market = units["区市场监督管理局"]
    assert (market["评查数"], market["平均分"], market["最低分"], market["最高分"]) == (
        3,
        92.33,
        80,
        100,
    )
    assert (market["优秀（件）"], market["优秀率"], market["合格（件）"], market["排名"]) == (
        2,
        0.6667,
        1,
        1,
    )
    assert (units["区城市管理局"]["平均分"], units["区城市管理局"]["排名"]) == (0, 2)
    problems = sheet_rows(review.tmp / "out" / "评查结果.xlsx", "问题统计")
    assert problems[0]["问题类别"] == "程序" and problems[0]["问题数"] == 2


def test_every_key_of_a_review_results_file_is_documented(review):
    docs = (Path(__file__).parents[2] / "docs" / "results.md").read_text(encoding="utf-8")
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(A1, "D02"): 12})
    review.score(jia, yi)
    results = review.results()
    keys = set(results) | set(results["units"][0]) | set(results["cases"][0])
    keys |= {k for case in results["cases"] for f in case["findings"] for k in f}
    keys |= set(results["review"]) | set(results["review"]["coverage"][0])
    dispute = results["review"]["disputes"][0]
    keys |= set(dispute) | set(dispute["scores"][0]) | set(dispute["items"][0]["opinions"][0])
    undocumented = sorted(key for key in keys if f"`{key}`" not in docs)
    assert undocumented == []


def test_the_disagreement_rule_is_the_one_asked_for_and_every_output_names_it(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(A1, "D02"): 6})
    result = review.score(jia, yi, extra=["--disagreement", "从宽"])
    assert result.exit_code == 1, result.output  # the item awaits 合议
    assert "按从宽规则（取较小的扣分）暂定" in result.output
    results = review.results()
    case = by_case(results)[A1]
    assert (case["score"], case["decided_by_rule"], case["final"]) == (97, "从宽", False)
    assert results["review"]["disagreement"] == "从宽"
    out = review.tmp / "out"
    assert "从宽" in sheet_rows(out / "复核.xlsx", "争议案卷")[0]["暂定计分"]
    grades = {row["案号"]: row["等次"] for row in sheet_rows(out / "评查结果.xlsx", "案卷得分")}
    assert grades[A1] == "优秀（暂定：评查人意见不一致处按从宽规则暂定）"
    assert grades[A3] == "优秀"


def test_reviewers_are_compared_on_their_final_verdicts(review):
    """One reviewer overrules a 符合 the other left standing: that is a disagreement too."""
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", overrule={(A1, "D01"): 5})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙")
    review.score(jia, yi)
    results = review.results()
    case = by_case(results)[A1]
    (d01,) = [f for f in case["findings"] if f["item_id"] == "D01"]
    assert (d01["deduction"], d01["rule"], d01["automatic"]["outcome"]) == (5, "从严", "pass")
    (dispute,) = [d for d in results["review"]["disputes"] if d["case_no"] == A1]
    (item,) = dispute["items"]
    opinions = {o["reviewer"]: (o["deduction"], o["keeps_auto"]) for o in item["opinions"]}
    assert opinions == {"甲": (5, False), "乙": (0, True)}


def test_a_per_file_confirmation_saves_typing_but_a_silent_file_stays_unreviewed(review):
    jia = fill(
        review.workbook,
        review.tmp / "甲.xlsx",
        "甲",
        marks={(A1, "D02"): 3},
        file_ok={A1, A2},
        complete=False,
    )
    result = review.score(jia)
    results = review.results()
    cases = by_case(results)
    assert (cases[A1]["score"], cases[A1]["review_status"]) == (97, "已评查")
    assert (cases[A2]["score"], cases[A2]["reviewers"]) == (80, ["甲"])  # only S01, automatic
    assert A3 not in cases  # neither marks nor confirmation: never silently 0
    pending = {p["case_no"]: p["status"] for p in results["review"]["pending"]}
    assert pending[A3] == "未评查"
    assert pending[B1] == "部分评查"  # a proposed veto still needs its own confirmation
    assert result.exit_code == 1


def test_a_confirmation_without_a_reviewer_is_refused(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", file_ok={A1}, complete=False)
    workbook = load_workbook(jia)
    sheet = workbook["甲"]
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    (row,) = [
        r
        for r in range(2, sheet.max_row + 1)
        if (sheet[f"B{r}"].value, sheet[f"C{r}"].value) == (A1, "本卷")
    ]
    sheet[f"{column['评查人']}{row}"] = None
    workbook.save(jia)
    result = review.score(jia)
    assert result.exit_code == 2
    assert f"{column['评查人']}{row}：已确认本卷其余项目无问题，但未填写评查人" in result.output


def test_the_columns_people_write_in_are_wide_enough(review):
    jia = fill(review.workbook, review.tmp / "甲.xlsx", "甲", marks={(A1, "D02"): 3})
    yi = fill(review.workbook, review.tmp / "乙.xlsx", "乙", marks={(A1, "D02"): 6})
    review.score(jia, yi)
    sheet = load_workbook(review.tmp / "out" / "复核.xlsx")["复核"]
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["复核理由"] >= 30 and widths["各评查人评分"] >= 30
    assert sheet.freeze_panes == "D2"
