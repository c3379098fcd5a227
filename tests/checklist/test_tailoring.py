"""Tailoring: ``extends:`` plus only the differences, each recorded with its file and line."""

import pytest

from evaltool.checklist.load import load_checklist
from evaltool.errors import ChecklistError

BASE = """
    id: base
    title: 基础标准
    version: "1"
    applies_to: [普通程序]
    scoring:
      total: 20
      grades: [{name: 优秀, min: 18}, {name: 合格, min: 12}, {name: 不合格, min: 0}]
    groups:
      - id: veto
        title: 否决项
        veto: true
        items:
          - {id: V1, title: 执法人员不少于两人, check: officers.min_two}
          - {id: V2, title: 事实清楚, manual: true}
      - id: filing
        title: 立案
        points: 8
        items:
          - {id: L1, title: 立案审批, points: 3, manual: true}
          - {id: L2, title: 及时立案, points: 3, manual: true}
          - {id: L3, title: 案由规范, points: 2, manual: true}
      - id: service
        title: 送达
        points: 12
        items:
          - {id: S1, title: 按期送达, points: 7, check: deadline.service}
          - {id: S2, title: 回证规范, points: 5, deduct: {each: 1}, manual: true}
"""

CITY = """
    extends: base.yaml
    id: city
    title: 某市标准
    version: "2024"
    scoring:
      veto_effect: block_excellent
      grades: [{name: 优秀, min: 19}, {name: 良好, min: 16}, {name: 合格, min: 12}, {name: 不合格, min: 0}]
    groups:
      - id: filing
        points: 6
        reason: 案由规范不再单独评分
      - {id: service, points: 10}
      - id: local
        title: 本市要求
        points: 4
        items:
          - {id: X1, title: 录入执法平台, points: 2, manual: true}
    overrides:
      L3: {enabled: false}
      S1:
        params: {days: 5}
        points: 5
        reason: 本市规定五个工作日内送达
      S2: {points: 5, deduct: {range: [1, 3]}}
      V2: {veto: false, points: 2, group: local}
"""


@pytest.fixture
def files(write_checklist):
    write_checklist(BASE, "base.yaml")
    return write_checklist


def test_tailoring_applies_only_the_differences(files, registry):
    path = files(CITY, "city.yaml")
    city = load_checklist(path, registry.checks)
    assert (city.id, city.title, city.version) == ("city", "某市标准", "2024")
    assert city.applies_to == ["普通程序"]  # inherited
    assert [i.id for i in city.items] == ["V1", "L1", "L2", "S1", "S2", "V2", "X1"]
    assert [i.id for i in city.disabled] == ["L3"]
    assert city.item("S1").params["days"] == 5 and city.item("S1").points == 5
    assert city.item("S2").deduction.describe(5) == "视情况扣1-3分"
    assert not city.item("V2").veto and city.item("V2").group == "local"
    assert city.scoring.veto_effect == "block_excellent"
    assert [g.name for g in city.scoring.grades] == ["优秀", "良好", "合格", "不合格"]
    assert sum(i.points for i in city.items) == city.scoring.total == 20
    assert city.extends == [f"base（{path.parent / 'base.yaml'}）"]


def test_every_change_is_recorded_with_file_line_and_reason(files, registry):
    path = files(CITY, "city.yaml")
    city = load_checklist(path, registry.checks)
    days = next(c for c in city.changes_of("S1") if c.field == "params.days")
    assert (days.old, days.new) == (7, 5)
    assert days.source == f"{path}:第 21 行"
    assert days.reason == "本市规定五个工作日内送达"
    assert "S1 params.days：7 → 5" in days.describe()
    disabled = city.changes_of("L3")[0]
    assert (disabled.field, disabled.old, disabled.new) == ("enabled", True, False)
    assert disabled.source == f"{path}:第 19 行"
    fields = {(c.target, c.field) for c in city.changes}
    assert {
        ("评分规则", "veto_effect"),
        ("评分规则", "grades"),
        ("分组 filing", "points"),
    } <= fields
    assert {("分组 local", "新增"), ("X1", "新增"), ("V2", "group"), ("V2", "veto")} <= fields
    # Items keep where they were defined.
    assert city.item("S2").origin.startswith(f"{path.parent / 'base.yaml'}:第 ")
    assert city.item("X1").origin == f"{path}:第 17 行"


def test_points_that_no_longer_add_up_are_located_at_the_change(files, registry):
    path = files(CITY.replace("points: 4", "points: 2"), "city.yaml")  # X1 2 + V2 2 = 4
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    problems = caught.value.problems
    assert any(
        p.startswith(f"{path}:第 25 行")
        and "分组 local（本市要求）的分值 2 与其评查项目分值之和 4" in p
        for p in problems
    ), problems


def test_unknown_items_in_overrides_are_errors_with_line(files, registry):
    path = files(
        """
        extends: base
        id: typo
        title: 写错编号
        version: "1"
        overrides:
          S9: {enabled: false}
          S1: {params: {dayz: 3}}
          L1: {params: {days: 3}}
          L2: {colour: red}
        """.replace("extends: base", "extends: base.yaml"),
        "typo.yaml",
    )
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    problems = caught.value.problems
    assert (
        f"{path}:第 6 行" in problems[0]
        and "「S9」在所扩展的评查标准「base」中不存在" in problems[0]
    )
    assert any(f"{path}:第 7 行" in p and "没有参数「dayz」" in p for p in problems)
    assert any(f"{path}:第 8 行" in p and "L1 是人工评查项目" in p for p in problems)
    assert any(f"{path}:第 9 行" in p and "未知的键「colour」" in p for p in problems)


def test_chains_accumulate_and_a_later_file_can_undo_an_earlier_one(files, registry):
    files(CITY, "city.yaml")
    path = files(
        """
        extends: city.yaml
        id: district
        title: 某区标准
        version: "1"
        groups:
          - {id: filing, points: 8}
          - {id: local, points: 2}
        overrides:
          L3: {enabled: true}
          V2: {veto: true, points: 0, group: veto}
        """,
        "district.yaml",
    )
    district = load_checklist(path, registry.checks)
    assert [i.id for i in district.items] == ["V1", "V2", "L1", "L2", "L3", "S1", "S2", "X1"]
    assert district.item("V2").veto
    assert district.extends[0].startswith("city（") and district.extends[1].startswith("base（")
    assert district.item("S1").params["days"] == 5  # from the city, still in force
    sources = {c.source.split(":")[0].rsplit("/", 1)[-1] for c in district.changes}
    assert sources == {"city.yaml", "district.yaml"}


def test_extends_cycles_are_errors_naming_the_chain(write_checklist, registry):
    write_checklist("extends: b.yaml\nid: a\ntitle: A\nversion: '1'\n", "a.yaml")
    path = write_checklist("extends: a.yaml\nid: b\ntitle: B\nversion: '1'\n", "b.yaml")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    assert "extends 形成循环：b.yaml → a.yaml → b.yaml" in str(caught.value)


def test_errors_in_the_extended_file_are_reported_with_its_lines(files, write_checklist, registry):
    write_checklist(BASE.replace("title: 回证规范", "titel: 回证规范"), "base.yaml")
    path = files("extends: base.yaml\nid: c\ntitle: C\nversion: '1'\n", "c.yaml")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, registry.checks)
    first, *rest = caught.value.problems
    assert first.startswith(f"{path}:第 1 行：所扩展的评查标准「base.yaml」有问题")
    assert any(p.startswith(f"{path.parent / 'base.yaml'}:第 27 行") for p in rest)


def test_missing_base_and_base_only_keys(write_checklist, registry):
    path = write_checklist("extends: nowhere\nid: c\ntitle: C\nversion: '1'\n", "c.yaml")
    with pytest.raises(ChecklistError, match="找不到所扩展的评查标准「nowhere」"):
        load_checklist(path, registry.checks)
    plain = write_checklist(BASE + "    overrides: {L1: {points: 1}}\n", "plain.yaml")
    with pytest.raises(
        ChecklistError, match="只有用「extends」扩展其他评查标准时才能使用「overrides」"
    ):
        load_checklist(plain, registry.checks)


def test_switching_between_manual_and_automatic(files, registry):
    path = files(
        """
        extends: base.yaml
        id: m
        title: 切换
        version: "1"
        overrides:
          L2: {check: deadline.decision, params: {days: 60}}
          S1: {manual: true}
        """,
        "m.yaml",
    )
    tailored = load_checklist(path, registry.checks)
    assert tailored.item("L2").check == "deadline.decision"
    assert tailored.item("L2").params["days"] == 60 and not tailored.item("L2").manual
    assert tailored.item("S1").manual and tailored.item("S1").check is None
    assert tailored.item("S1").params == {}
