"""Year over year, as the bureau reports it: with the previous review's results at hand, the 通报
and the index report state the change of files, mean score, grade shares, veto files and the most
frequent problems, and name the units that improved or fell most."""

import json

from evaltool.cli import cli
from evaltool.diff import year_over_year
from kit.index import JIA, LATE_SERVICE, ONE_OFFICER, YI, district_results, write_json
from kit.registers import case_row


def last_year():
    """甲: two files served late (80, 80); 乙: two clean files (100, 100)."""
    return [
        case_row(执法单位=JIA, 案号="区市监罚〔2022〕1号", **LATE_SERVICE),
        case_row(执法单位=JIA, 案号="区市监罚〔2022〕2号", **LATE_SERVICE),
        case_row(执法单位=YI, 案号="区城管罚〔2022〕1号"),
        case_row(执法单位=YI, 案号="区城管罚〔2022〕2号"),
    ]


def this_year():
    """甲: three clean files (100); 乙: one vetoed (0), one served late (80)."""
    return [
        *(case_row(执法单位=JIA, 案号=f"区市监罚〔2023〕{n}号") for n in (1, 2, 3)),
        case_row(执法单位=YI, 案号="区城管罚〔2023〕1号", **ONE_OFFICER),
        case_row(执法单位=YI, 案号="区城管罚〔2023〕2号", **LATE_SERVICE),
    ]


def test_the_change_is_stated_as_a_bureau_writes_it(write_register):
    before = district_results(write_register, last_year(), name="2022.xlsx")
    after = district_results(write_register, this_year(), name="2023.xlsx")
    yoy = year_over_year(before, after)
    text = "；".join(yoy["sentences"])
    # 4 → 5 files: +25%; mean (80+80+100+100)/4 = 90 → (300+0+80)/5 = 76
    assert "评查案件数量同比上升25%（4件→5件）" in text
    assert "案卷平均分下降14分（90分→76分）" in text
    assert "存在否决项的案卷由0件变为1件" in text
    assert "优秀率上升10个百分点（50%→60%）" in text  # 2 of 4 → 3 of 5
    assert yoy["improved"][0]["unit"] == JIA and yoy["fell"][0]["unit"] == YI
    assert f"平均分提升最多的单位为{JIA}（3件，80分→100分）" in text
    assert f"平均分下降最多的单位为{YI}（2件，100分→40分）" in text
    problems = [(p["item_id"], p["old"], p["new"]) for p in yoy["problems"]]
    assert problems == [("S01", 2, 1), ("V01", 0, 1)]


def test_summary_and_index_report_state_it_with_previous(runner, write_register, tmp_path):
    before = write_json(
        district_results(write_register, last_year(), name="2022.xlsx"), tmp_path / "2022.json"
    )
    after = write_json(
        district_results(write_register, this_year(), name="2023.xlsx"), tmp_path / "2023.json"
    )
    out = tmp_path / "通报.md"
    plain = runner.invoke(cli, ["summary", str(after), "-o", str(tmp_path / "无.md")])
    assert plain.exit_code == 0 and "同比" not in (tmp_path / "无.md").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["summary", str(after), "--previous", str(before), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "与上一次评查相比：评查案件数量同比上升25%" in out.read_text(encoding="utf-8")
    index = runner.invoke(
        cli, ["index", str(after), "--previous", str(before), "-o", str(tmp_path / "指数")]
    )
    assert index.exit_code == 0, index.output
    assert "同比：评查案件数量同比上升25%" in index.output
    html = (tmp_path / "指数" / "行政执法指数.html").read_text(encoding="utf-8")
    assert "与上一次评查相比：评查案件数量同比上升25%" in html
    document = json.loads((tmp_path / "指数" / "index.json").read_text(encoding="utf-8"))
    assert document["year_over_year"]["files"] == {"old": 4, "new": 5, "change": 25.0}
