"""What reading adds to ``evaltool check``: data issues in the summary and in the results file."""

import json


def test_data_issues_and_inputs_in_the_terminal_and_the_results(messy_register, runner, tmp_path):
    from evaltool.cli import cli

    output = tmp_path / "results.json"
    args = ["check", str(messy_register), "--review-date", "2024-06-30", "--fail-on", "never"]
    result = runner.invoke(cli, [*args, "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert (
        "数据问题：区登记表.xlsx「2023年」F8 立案日期：日期不存在（原值：2023年13月5日）"
        in result.output
    )
    assert "H8 罚款金额" in result.output
    results = json.loads(output.read_text(encoding="utf-8"))
    assert results["inputs"] == [
        {
            "file": str(messy_register),
            "sheet": "2023年",
            "header_row": 3,
            "reader": "calamine",
            "cases": 4,
            "format": "register",
            "hidden": False,
            "skipped_rows": 3,
        }
    ]
    assert {(i["cell"], i["field"], i["raw"]) for i in results["data_issues"]} == {
        ("F8", "filed_on", "2023年13月5日"),
        ("H8", "fine", "五千块"),
        ("H6", "fine", "3500元"),  # read in the unit it states, and said so
        ("H7", "fine", "伍仟元"),
    }
    assert results["read_notes"] == [
        f"{messy_register}「2023年」有 3 行不是案卷，未读取："
        "合计行 1 行（第 9 行）、表尾说明 2 行（第 10—11 行）"
    ]
    assert sorted(c["source"]["row"] for c in results["cases"]) == [4, 6, 7, 8]


def test_unit_option_on_check(messy_register, runner):
    from evaltool.cli import cli

    result = runner.invoke(
        cli,
        [
            "check",
            str(messy_register),
            "--unit",
            "区综合执法局",
            "--fail-on",
            "never",
            "--format",
            "json",
        ],
    )
    assert {c["unit"] for c in json.loads(result.stdout)["cases"]} == {"区综合执法局"}
