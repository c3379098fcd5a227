"""Each veto effect and grade scheme, selected in YAML, on the same five case files."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.checklist.model import Checklist, Grade, Group, Item, Scoring
from evaltool.model import Finding, Outcome
from evaltool.pipeline import check_registers
from evaltool.score.case import apply_veto, score_case
from kit.registers import REVIEW_DATE, case_row

# A base standard and, per scheme, a tailoring file that changes only its scoring.
BASE = """
    id: mini
    title: 测试标准
    version: "1"
    applies_to: [普通程序]
    scoring:
      total: 100
      veto_effect: zero
      grades: [{name: 优秀, min: 90}, {name: 合格, min: 60}, {name: 不合格, min: 0}]
    groups:
      - id: veto
        title: 否决项
        veto: true
        items:
          - {id: V1, title: 执法人员不少于两人, check: officers.min_two}
      - id: main
        title: 程序
        points: 100
        items:
          - {id: D1, title: 按期决定, points: 30, check: deadline.decision}
          - {id: S1, title: 按期送达, points: 15, check: deadline.service}
          - {id: M1, title: 人工评查项, points: 55, manual: true}
"""
THREE = "[{name: 优秀, min: 90}, {name: 合格, min: 60}, {name: 不合格, min: 0}]"
FOUR = (
    "[{name: 优秀, min: 90}, {name: 良好, min: 80}, {name: 合格, min: 60}, {name: 不合格, min: 0}]"
)

LATE_SERVICE = {"送达日期": dt.date(2023, 5, 10)}  # 13 working days after the decision: −15
LATE_BOTH = {  # decided 139 days after filing, no extension: −30, served late: −15
    "决定日期": dt.date(2023, 7, 20),
    "送达日期": dt.date(2023, 8, 10),
    "结案日期": dt.date(2023, 8, 20),
}
ONE_OFFICER = {"执法人员": "王明", "执法证号": "50020001"}
CASES = {
    "clean": {},
    "late_service": LATE_SERVICE,
    "late_both": LATE_BOTH,
    "veto_clean": ONE_OFFICER,
    "veto_late_service": {**ONE_OFFICER, **LATE_SERVICE},
}

# (effect, extra scoring, grades) -> expected (score, grade) per case, by the rules of docs/checklists.md.
SCHEMES = {
    ("zero", "", THREE): {
        "clean": (100, "优秀"),
        "late_service": (85, "合格"),
        "late_both": (55, "不合格"),
        "veto_clean": (0, "不合格"),
        "veto_late_service": (0, "不合格"),
    },
    ("fail", "", THREE): {
        "veto_clean": (100, "不合格"),
        "veto_late_service": (85, "不合格"),
    },
    ("block_excellent", "", THREE): {
        "veto_clean": (100, "合格"),
        "veto_late_service": (85, "合格"),
    },
    ("deduct", "veto_deduction: 100", THREE): {
        "veto_clean": (0, "不合格"),
        "veto_late_service": (0, "不合格"),
    },
    ("deduct", "veto_deduction: 20", THREE): {
        "veto_clean": (80, "合格"),
        "veto_late_service": (65, "合格"),
    },
    ("zero", "", FOUR): {
        "clean": (100, "优秀"),
        "late_service": (85, "良好"),
        "late_both": (55, "不合格"),
        "veto_clean": (0, "不合格"),
    },
    ("block_excellent", "", FOUR): {
        "veto_clean": (100, "良好"),
        "veto_late_service": (85, "良好"),
    },
    ("deduct", "veto_deduction: 20", FOUR): {
        "veto_clean": (80, "良好"),
        "veto_late_service": (65, "合格"),
    },
}


@pytest.fixture
def register(write_register):
    rows = [
        case_row(案号=f"区市监罚〔2023〕{n}号", 延期天数=0, **changes)
        for n, changes in enumerate(CASES.values(), start=1)
    ]
    return write_register(rows)


def run(write_checklist, register, effect, extra, grades):
    write_checklist(BASE, "base.yaml")
    scoring = f"  veto_effect: {effect}\n" + (f"  {extra}\n" if extra else "")
    tailored = write_checklist(
        f"extends: base.yaml\nid: t\ntitle: 剪裁\nversion: '1'\nscoring:\n{scoring}  grades: {grades}\n",
        "tailored.yaml",
    )
    return check_registers([register], checklist=tailored, review_date=REVIEW_DATE)


@pytest.mark.parametrize(("scheme", "expected"), SCHEMES.items(), ids=lambda v: str(v)[:40])
def test_veto_effects_and_grade_schemes(write_checklist, register, scheme, expected):
    results = run(write_checklist, register, *scheme)
    assert results["checklist"]["veto_effect"] == scheme[0]
    assert results["checklist"]["extends"][0].startswith("mini（")
    by_case = dict(zip(CASES, results["cases"], strict=True))
    for name, (score, grade) in expected.items():
        case = by_case[name]
        assert (case["score"], case["grade"]) == (score, grade), name
        assert case["vetoed"] == name.startswith("veto")
        assert case["veto_items"] == (["V1"] if name.startswith("veto") else [])


def test_effects_leave_files_without_veto_alone(write_checklist, register):
    outcomes = set()
    for effect, extra in [
        ("zero", ""),
        ("fail", ""),
        ("block_excellent", ""),
        ("deduct", "veto_deduction: 20"),
    ]:
        results = run(write_checklist, register, effect, extra, THREE)
        outcomes.add(tuple((c["score"], c["grade"]) for c in results["cases"][:3]))
    assert outcomes == {((100, "优秀"), (85, "合格"), (55, "不合格"))}


@pytest.mark.parametrize(
    ("effect", "extra", "mean"),
    [
        ("zero", "", (100 + 85 + 55 + 0 + 0) / 5),
        ("fail", "", (100 + 85 + 55 + 0 + 0) / 5),  # failed files count as 0 in means
        ("block_excellent", "", (100 + 85 + 55 + 100 + 85) / 5),
        ("deduct", "veto_deduction: 20", (100 + 85 + 55 + 80 + 65) / 5),
    ],
)
def test_mean_scores_treat_vetoed_files_by_effect(write_checklist, register, effect, extra, mean):
    (unit,) = run(write_checklist, register, effect, extra, THREE)["units"]
    assert unit["mean_score"] == round(mean, 2)
    assert unit["vetoed"] == 2


# Properties of scoring, whatever the findings.

GRADES = [Grade("优秀", 90), Grade("良好", 80), Grade("合格", 60), Grade("不合格", 0)]


def _checklist(effect: str, amount: float) -> Checklist:
    items = [Item(f"I{n}", "项", "main", points=10) for n in range(10)]
    scoring = Scoring(total=100, veto_effect=effect, veto_deduction=amount, grades=GRADES)
    return Checklist("p", "性质", "1", [Group("main", "程序", items, 100)], scoring)


findings_strategy = st.lists(
    st.tuples(st.sampled_from(list(Outcome)), st.floats(0, 10), st.booleans()), max_size=12
)


@given(
    findings_strategy,
    st.sampled_from(["zero", "fail", "block_excellent", "deduct"]),
    st.floats(1, 150),
)
def test_scores_stay_in_range_and_vetoes_never_help(raw, effect, amount):
    checklist = _checklist(effect, amount)
    findings = [
        Finding(
            f"I{n}", None, outcome, deduction if outcome is Outcome.FAIL else 0.0, "", [], "", veto
        )
        for n, (outcome, deduction, veto) in enumerate(raw)
    ]
    result = score_case(None, findings, checklist)
    unvetoed = score_case(None, [replace(f, veto=False) for f in findings], checklist)
    assert 0 <= result.score <= 100
    assert result.score <= unvetoed.score
    assert unvetoed.grade == checklist.scoring.grade_for(unvetoed.score)
    names = [g.name for g in GRADES]
    assert names.index(result.grade) >= names.index(unvetoed.grade)  # never a better grade
    if result.vetoed and effect != "deduct":
        assert result.grade != "优秀"
    if result.vetoed and effect in ("zero", "fail"):
        assert result.grade == "不合格"
    if result.vetoed and effect in ("fail", "block_excellent"):
        assert result.score == unvetoed.score


def test_apply_veto_rejects_unknown_effects():
    with pytest.raises(ValueError, match="unknown veto effect"):
        apply_veto(Scoring(veto_effect="sometimes"), 90, "优秀", 1)
