"""Loading a checklist: safe YAML, every problem at once with file and line, no silent guesses."""

import pytest

from evaltool.checklist.load import load_checklist
from evaltool.errors import ChecklistError

VALID = """
    id: mini
    title: 测试标准
    version: "1"
    applies_to: [普通程序]
    scoring:
      total: 10
      grades: [{name: 合格, min: 6}, {name: 不合格, min: 0}]
    groups:
      - id: veto
        title: 否决项
        veto: true
        items:
          - {id: V1, title: 执法人员不少于两人, check: officers.min_two}
      - id: main
        title: 程序
        points: 10
        items:
          - {id: S1, title: 按期送达, points: 4, check: deadline.service, params: {days: 5}}
          - {id: M1, title: 文书规范, points: 6, deduct: {each: 2}, manual: true}
"""


def problems_of(path, registry) -> list[str]:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    return caught.value.problems


def test_valid_checklist_loads_with_params_defaults_and_origins(write_checklist, registry):
    path = write_checklist(VALID)
    checklist = load_checklist(path, registry.checks)
    assert [item.id for item in checklist.items] == ["V1", "S1", "M1"]
    service = checklist.item("S1")
    assert service.params["days"] == 5
    assert service.params["procedures"] == ["普通程序"]  # the check's default
    assert checklist.item("V1").veto and not checklist.item("S1").veto
    assert checklist.item("M1").deduction.deduct(6, occurrences=2) == 4
    assert service.origin == f"{path}:第 18 行"


def test_every_problem_is_reported_at_once_each_with_its_line(write_checklist, registry):
    path = write_checklist(
        """
        id: bad
        title: 有错误的标准
        version: "1"
        colour: red
        scoring: {total: 10, veto_effect: sometimes}
        groups:
          - id: main
            title: 程序
            points: 10
            items:
              - {id: S1, title: 按期送达, points: 4, check: deadline.servce}
              - {id: S2, title: 按期送达, points: 3, check: deadline.service, params: {dayz: 5}}
              - {id: M1, title: 文书规范, points: 3, deduct: {per: 1}, manual: true}
              - {id: M1, title: 重复编号, points: 1}
        """
    )
    problems = problems_of(path, registry)
    expected = {
        4: "未知的键「colour」",
        5: "未知的否决效果「sometimes」",
        11: "未知的自动检查「deadline.servce」",
        12: "没有参数「dayz」",
        13: "扣分规则「deduct」",
        14: "编号重复",
    }
    for line, text in expected.items():
        assert any(p.startswith(f"{path}:第 {line} 行：") and text in p for p in problems), (
            line,
            problems,
        )
    assert any("应指定自动检查「check」或标记为人工评查" in p for p in problems)


def test_unknown_check_ids_stay_errors_even_with_manual_fallback_absent(write_checklist, registry):
    path = write_checklist(VALID.replace("officers.min_two", "officers.min_three"))
    (problem,) = problems_of(path, registry)
    assert "未知的自动检查「officers.min_three」" in problem and "第 13 行" in problem


def test_points_must_add_up_to_group_and_total(write_checklist, registry):
    path = write_checklist(VALID.replace("points: 4, check", "points: 5, check"))
    problems = problems_of(path, registry)
    assert [p.split("：", 1)[1] for p in problems] == [
        "分组 main（程序）的分值 10 与其评查项目分值之和 11 不符"
    ]
    both = write_checklist(
        VALID.replace("points: 4, check", "points: 5, check").replace("points: 10", "points: 11"),
        "both.yaml",
    )
    (problem,) = problems_of(both, registry)
    assert "总分 10 与各分组分值之和 11（main 11）不符" in problem
    assert problem.startswith(f"{both}:第 5 行")  # where scoring is declared


def test_duplicate_keys_and_yaml_syntax_are_located(write_checklist, registry):
    dup = write_checklist("id: a\nid: b\n", "dup.yaml")
    (problem,) = problems_of(dup, registry)
    assert "第 2 行" in problem and "重复的键「id」" in problem
    broken = write_checklist("id: a\ngroups: [\n", "broken.yaml")
    (problem,) = problems_of(broken, registry)
    assert "YAML 格式错误" in problem and str(broken) in problem


def test_yaml_is_loaded_safely(write_checklist, registry):
    path = write_checklist("id: !!python/object/apply:os.system ['echo hacked']\n")
    (problem,) = problems_of(path, registry)
    assert "YAML 格式错误" in problem


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("veto_effect: zero", "veto_effect: fail\n      veto_deduction: 50"),
            "只在否决效果为 deduct",
        ),
        (("[普通程序]", "[普通成序]"), "程序类型「普通成序」未知"),
        (("{name: 不合格, min: 0}", "{name: 不合格, min: 1}"), "最后一个等次的最低分应为 0"),
        (("{name: 合格, min: 6}", "{name: 合格, min: 12}"), "超过总分"),
        (
            (
                "grades: [{name: 合格, min: 6}, {name: 不合格, min: 0}]",
                "grades: [{name: 合格, min: 0}]",
            ),
            "至少两个等次",
        ),
    ],
)
def test_scoring_mistakes_are_errors(write_checklist, registry, change, message):
    text = VALID.replace("total: 10\n", "total: 10\n      veto_effect: zero\n")
    path = write_checklist(text.replace(*change))
    assert any(message in p for p in problems_of(path, registry))


def test_unknown_reference_names_the_available_checklists(registry):
    with pytest.raises(ChecklistError) as caught:
        load_checklist("no-such-standard", registry.checks)
    assert "national-ordinary" in str(caught.value) and "no-such-standard" in str(caught.value)


def test_an_empty_file_is_an_error_without_a_made_up_line(write_checklist, registry):
    path = write_checklist("", "empty.yaml")
    (problem,) = problems_of(path, registry)
    assert problem == f"{path}：评查标准应为键值映射"
