"""Validation of the format's newer keys, in Chinese and at the right line, and the resolved copy."""

import datetime as dt
import json
import textwrap
from dataclasses import replace

import pytest

from evaltool.checklist.dump import resolved_yaml
from evaltool.checklist.load import load_checklist
from evaltool.cli import cli
from evaltool.errors import ChecklistError
from evaltool.index.facts import UnitFacts
from evaltool.index.formulas import unit_items_share
from evaltool.pipeline import check_registers
from evaltool.score.case import UnitMark, score_unit_items
from kit.checklists import NEW_KEYS
from kit.registers import case_row

HEAD = """\
id: t
title: 测试标准
version: "1"
groups:
"""


def problems_of(tmp_path, registry, body: str, name="标准.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    return caught.value.problems


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (  # a fixed deduction larger than the item
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - id: S1
                    title: 送达
                    points: 3
                    deduct: {fixed: 5}
                    manual: true
                  - {id: S2, title: 其他, points: 97, manual: true}
            """,
            12,
            "扣分「扣5分」大于本项分值 3 分",
        ),
        (  # a range reaching beyond the item
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - {id: S1, title: 送达, points: 5, deduct: {range: [1, 8]}, manual: true}
                  - {id: S2, title: 其他, points: 95, manual: true}
            """,
            9,
            "扣分「视情况扣1-8分」大于本项分值 5 分",
        ),
        (  # a veto item with points
            """\
              - id: v
                title: 否决项
                veto: true
                items:
                  - {id: V1, title: 主体合法, points: 5, manual: true}
              - id: g
                title: 其他
                points: 100
                items:
                  - {id: S2, title: 其他, points: 100, manual: true}
            """,
            9,
            "评查项目 V1 是否决项，否决项不计分，不应有分值「points」",
        ),
        (  # an unknown key, with a suggestion
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - id: S1
                    titel: 送达
                    points: 100
                    manual: true
            """,
            10,
            "未知的键「titel」，是否应为「title」？",
        ),
        (  # the words of a rule state another amount than the rule
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - id: S1
                    title: 送达
                    points: 100
                    deduct: {each: 1, text: 每项扣2分}
                    manual: true
            """,
            12,
            "扣分规则原文「每项扣2分」中的分数与规则的分数 1 不一致",
        ),
        (  # an unknown penalty kind in applies_to
            """\
              - id: g
                title: 执行
                points: 100
                items:
                  - {id: E1, title: 票据, points: 100, applies_to: {penalty_kind: 罚金}, manual: true}
            """,
            9,
            "applies_to.penalty_kind 中的「罚金」未知",
        ),
        (  # a stray line: reported where it is, not at the next key
            """\
              - id: g
                title: 送达
                points: 100
                按期送达
                items:
                  - {id: S1, title: 送达, points: 100, manual: true}
            """,
            8,
            "YAML 格式错误：这一行既不是「键: 值」也不是列表项",
        ),
        (  # a bonus without a cap
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - {id: S1, title: 送达, points: 100, manual: true}
              - id: b
                title: 加分项
                bonus: true
                items:
                  - {id: B1, title: 创新做法, points: 2, manual: true}
            """,
            None,
            "应在 scoring 中用「bonus_cap」写明加分的上限",
        ),
    ],
)
def test_problems_are_in_chinese_at_the_right_line(tmp_path, registry, body, line, message):
    problems = problems_of(tmp_path, registry, body)
    found = [p for p in problems if message in p]
    assert found, problems
    if line is not None:
        assert f"标准.yaml:第 {line} 行" in found[0], found


def test_folded_chinese_text_is_joined_without_spaces(tmp_path, registry):
    path = tmp_path / "folded.yaml"
    path.write_text(
        HEAD
        + textwrap.dedent(
            """\
              - id: g
                title: 送达
                points: 100
                items:
                  - id: S1
                    title: 送达
                    requirement: >-
                      处罚决定书在宣告后当场交付当事人；
                      当事人不在场的，在七日内依照
                      民事诉讼法的有关规定送达
                    remediation: >-
                      Keep English words apart
                      as folding does
                    points: 100
                    manual: true
            """
        ),
        encoding="utf-8",
    )
    item = load_checklist(path, registry.checks).item("S1")
    assert (
        item.requirement
        == "处罚决定书在宣告后当场交付当事人；当事人不在场的，在七日内依照民事诉讼法的有关规定送达"
    )
    assert item.remediation == "Keep English words apart as folding does"


def test_each_rule_is_worded_with_the_standards_counting_word(tmp_path, registry):
    path = tmp_path / "per.yaml"
    path.write_text(
        HEAD
        + textwrap.dedent(
            """\
              - id: g
                title: 文书
                points: 100
                items:
                  - {id: W1, title: 文书齐全, points: 50, deduct: {each: 1, per: 项}, manual: true}
                  - {id: W2, title: 文书规范, points: 50, deduct: {each: 2, per: 份}, manual: true}
            """
        ),
        encoding="utf-8",
    )
    standard = load_checklist(path, registry.checks)
    assert standard.item("W1").describe_rules() == "每项扣1分，扣完为止"
    assert standard.item("W2").describe_rules() == "每份扣2分，扣完为止"
    assert "per: 项" in resolved_yaml(standard)


def test_the_resolved_copy_keeps_every_new_key_and_loads_the_same(tmp_path, registry):
    path = tmp_path / "features.yaml"
    path.write_text(NEW_KEYS, encoding="utf-8")
    standard = load_checklist(path, registry.checks)
    copy = tmp_path / "copy.yaml"
    copy.write_text(resolved_yaml(standard), encoding="utf-8")
    again = load_checklist(copy, registry.checks)
    for item in standard.items:
        other = again.item(item.id)
        assert (other.checks, other.rules, other.veto_effect, other.applies_to) == (
            item.checks,
            item.rules,
            item.veto_effect,
            item.applies_to,
        )
        assert (other.bonus, other.level, other.points, other.own_points) == (
            item.bonus,
            item.level,
            item.points,
            item.own_points,
        )
    assert again.scoring == standard.scoring.__class__(
        **{**vars(standard.scoring), "origin": again.scoring.origin}
    )


def test_inherited_effective_dates_are_shown_and_honoured(tmp_path, registry, write_register):
    tailored = tmp_path / "city.yaml"
    tailored.write_text(
        'extends: national-ordinary\nid: city\ntitle: 某市标准\nversion: "1"\n', encoding="utf-8"
    )
    standard = load_checklist(tailored, registry.checks)
    assert standard.effective_from == dt.date(2021, 7, 15)
    assert "# 施行期间继承自：" in resolved_yaml(standard)
    old = case_row(
        案号="旧-1",
        违法行为发生日期=dt.date(2021, 1, 5),
        发现日期=dt.date(2021, 1, 6),
        立案日期=dt.date(2021, 1, 7),
        告知日期=dt.date(2021, 2, 1),
        决定日期=dt.date(2021, 3, 1),
        送达日期=dt.date(2021, 3, 2),
        结案日期=dt.date(2021, 3, 20),
    )
    register = write_register([case_row(), old])
    results = check_registers([register], checklist=tailored, registry=registry)
    assert [c["case_no"] for c in results["cases"]] == [case_row()["案号"]]
    (skipped,) = results["skipped"]
    assert skipped["case_no"] == "旧-1"
    assert "早于本评查标准的施行日期 2021-07-15" in skipped["reason"]


def test_results_show_rules_bonus_and_veto_effects_apart(tmp_path, registry, write_register):
    path = tmp_path / "features.yaml"
    path.write_text(NEW_KEYS, encoding="utf-8")
    one_officer = case_row(案号="区市监罚〔2023〕2号", 执法人员="王明", 执法证号="无")
    register = write_register([case_row(), one_officer])
    results = check_registers([register], checklist=path, registry=registry, include_pass=True)
    items = {item["id"]: item for item in results["checklist"]["items"]}
    assert items["V1"]["deduction_rule"] == "不符合的，案卷评为不合格，不再打分"
    assert all("扣0分" not in item["deduction_rule"] for item in items.values())
    assert items["O1"]["checks"] == ["officers.min_two", "officers.certificates"]
    assert items["B1"]["deduction_rule"] == "符合的，加1分" and items["B1"]["bonus"]
    assert items["U1"]["level"] == "unit"
    assert items["F1"]["applies_to"] == "处罚种类为罚款；罚款金额超过1000元"
    clean, vetoed = results["cases"]
    assert "U1" not in {f["item_id"] for f in clean["findings"]}
    o1 = next(f for f in vetoed["findings"] if f["item_id"] == "O1")
    # Both checks fail: each deducts under the item's rule (2 + 2).
    assert (o1["outcome"], o1["deduction"], o1["check"]) == (
        "fail",
        4,
        "officers.min_two+officers.certificates",
    )
    assert (vetoed["score"], vetoed["grade"], vetoed["veto_effect"]) == (None, "不合格", "no_score")
    (unit,) = results["units"]
    assert unit["unscored"] == 1
    assert (unit["unit_items"]["status"], unit["unit_items"]["score"]) == ("待评查", None)
    assert json.dumps(results, ensure_ascii=False).count("扣0分") == 0


def test_show_prints_bonus_apart_and_the_grade_words(runner, tmp_path):
    path = tmp_path / "features.yaml"
    path.write_text(NEW_KEYS, encoding="utf-8")
    result = runner.invoke(cli, ["checklist", "show", str(path)])
    assert result.exit_code == 0, result.output
    assert "加分项（最多加1分）" in result.output
    assert "单位管理（2分，按单位评查一次）" in result.output
    assert "合格（6分以上（不含6分））" in result.output
    assert "加分项合计最多加1分" in result.output


def test_unit_level_items_are_scored_once_per_unit_and_never_in_a_file(tmp_path, registry):
    path = tmp_path / "features.yaml"
    path.write_text(NEW_KEYS, encoding="utf-8")
    standard = load_checklist(path, registry.checks)
    assert [i.id for i in standard.unit_items] == ["U1"]
    assert "U1" not in {i.id for i in standard.case_items}
    pending = score_unit_items(standard)
    assert (pending["status"], pending["score"], pending["points"]) == ("待评查", None, 2)
    # 年度自查 not done: the reviewer deducts 1 of its 2 points; the unit's part scores 1 of 2.
    scored = score_unit_items(standard, {"U1": UnitMark(1, "未开展年度自查", ("甲",))})
    assert (scored["status"], scored["score"]) == ("已评查", 1)
    unit = UnitFacts("某局", "某局", "", 1, (), unit_items=scored)
    raw = unit_items_share(unit, None, None, None)
    assert (raw.value, raw.text) == (50, "50%")
    assert unit_items_share(replace(unit, unit_items=pending), None, None, None).value is None


def test_a_unit_level_section_cannot_hold_a_veto_item(runner, tmp_path):
    path = tmp_path / "features.yaml"
    unit_veto = "{id: U2, title: 伪造案卷, veto: true, manual: true}"
    path.write_text(
        NEW_KEYS.replace(
            "      - {id: U1, title: 年度自查, points: 2, manual: true}\n",
            f"      - {{id: U1, title: 年度自查, points: 2, manual: true}}\n      - {unit_veto}\n",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["checklist", "validate", str(path)])
    assert result.exit_code == 2
    assert "分组 u 按单位评查的分组不能含否决项" in result.output


def test_an_override_may_give_an_item_several_checks(tmp_path, registry):
    path = tmp_path / "city.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            extends: national-ordinary
            id: city
            title: 某市标准
            version: "1"
            overrides:
              V03:
                check: [officers.min_two, officers.certificates]
                reason: 执法人员不少于两人且均有执法证号
            """
        ),
        encoding="utf-8",
    )
    item = load_checklist(path, registry.checks).item("V03")
    assert [check_id for check_id, _ in item.checks] == [
        "officers.min_two",
        "officers.certificates",
    ]


def test_the_terminal_table_shows_unscored_files_and_bonus_apart(runner, tmp_path, write_register):
    path = tmp_path / "features.yaml"
    path.write_text(NEW_KEYS, encoding="utf-8")
    one_officer = case_row(案号="区市监罚〔2023〕2号", 执法人员="王明", 执法证号="无")
    register = write_register([case_row(), one_officer])
    result = runner.invoke(
        cli, ["check", str(register), "-c", str(path), "--review-date", "2024-06-30"]
    )
    assert "区市监罚〔2023〕2号" in result.output
    assert "不再打分，不合格（暂定：" in result.output and "，否决" in result.output


HOSTILE = """\
id: h
title: h
version: "1"
scoring: {total: 10, bonus_cap: [1], rescale: 3, grades: [{name: a, above: [1]}, {name: b, min: 0}]}
groups:
  - id: g
    title: g
    points: 10
    level: [unit]
    veto: [x]
    applies_to: {penalty_kind: [[1]], hearing_held: 3, fine_above: x}
    items:
      - {id: A, title: a, deduct: [1, {fixed: [2]}, {each: 1, per: [x]}, {whole: 1}], check: [1]}
      - {id: B, title: b, deduct: {}, veto: {a: 1}, check: [officers.min_two], params: 3}
"""


def test_wrong_shapes_of_the_new_keys_are_reported_never_a_traceback(runner, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(cli, ["checklist", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit | None)
    assert "Traceback" not in result.output
    for line, words in (
        (4, "「bonus_cap」应为非负数"),
        (4, "「rescale」应为 true 或 false"),
        (9, "「level」应为 case"),
        (10, "「veto」应为 true、false 或否决效果"),
        (11, "applies_to.penalty_kind 中的「[1]」未知"),
        (13, "「check」应为检查编号或检查编号的列表"),
        (14, "的「params」应为以检查编号为键的映射"),
    ):
        assert f"hostile.yaml:第 {line} 行" in result.output and words in result.output, words
