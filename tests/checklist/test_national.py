"""The shipped standards: the national ordinary-procedure checklist, simple procedure, market supervision."""

import datetime as dt
import re

import pytest
import yaml

from evaltool.checklist.load import load_checklist, shipped_checklists
from evaltool.pipeline import check_registers
from kit.registers import REVIEW_DATE, case_row

STAGES = [
    "立案",
    "调查取证",
    "告知与听证",
    "审核与决定",
    "送达与执行",
    "公示",
    "文书制作",
    "立卷归档",
]
STABLE_IDS = {
    "veto": [f"V{n:02}" for n in range(1, 13)],
    "filing": [f"L{n:02}" for n in range(1, 7)],
    "investigation": [f"E{n:02}" for n in range(1, 11)],
    "notice": [f"N{n:02}" for n in range(1, 7)],
    "decision": [f"D{n:02}" for n in range(1, 10)],
    "service": [f"S{n:02}" for n in range(1, 6)],
    "publicity": ["P01", "P02"],
    "documents": [f"W{n:02}" for n in range(1, 6)],
    "archive": [f"A{n:02}" for n in range(1, 7)],
}
VETO_TOPICS = {  # what the veto tier must cover, by words of the item titles
    "主体资格": "执法主体合法",
    "执法资格": "执法人员具备执法资格",
    "两人": "执法人员不少于两人",
    "事实清楚": "违法事实清楚",
    "证据确凿": "证据确凿充分",
    "定性准确": "定性准确",
    "适用法律": "适用法律正确",
    "程序倒置": "无程序倒置",
    "程序类型": "适用程序类型正确",
    "追责时效": "未超过追责时效",
    "移送": "涉嫌犯罪的依法移送",
}
CATEGORIES = {"主体", "事实与证据", "适用法律", "程序", "裁量", "文书", "归档", "执法公开"}
ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条|GB/T|〔\d{4}〕")


def referenced_checks() -> set[str]:
    """Every check id a shipped checklist names, read from the YAML without validating it."""
    found = set()
    for path in shipped_checklists().values():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = [i for g in data.get("groups", []) for i in g.get("items", [])]
        found |= {i["check"] for i in items if "check" in i}
        found |= {o["check"] for o in (data.get("overrides") or {}).values() if "check" in o}
    return found


def test_every_check_a_shipped_checklist_names_is_registered(registry):
    assert referenced_checks() - set(registry.checks) == set()


@pytest.fixture(scope="module")
def national(registry):
    return load_checklist("national-ordinary", registry.checks)


def test_national_checklist_shape(national):
    assert national.id == "national-ordinary" and national.applies_to == ["普通程序"]
    assert [g.title for g in national.groups] == ["否决项", *STAGES]
    assert {g.id: [i.id for i in g.items] for g in national.groups} == STABLE_IDS
    assert len(national.items) >= 50
    assert national.scoring.veto_effect == "zero"
    veto_titles = [i.title for i in national.groups[0].items]
    assert sorted(VETO_TOPICS.values()) == sorted(
        t for t in veto_titles if t in VETO_TOPICS.values()
    )
    assert all(i.veto and i.points == 0 for i in national.groups[0].items)


def test_national_points_add_up(national):
    points_groups = national.groups[1:]
    for group in points_groups:
        assert group.points == sum(item.points for item in group.items), group.id
    assert sum(group.points for group in points_groups) == national.scoring.total == 100


@pytest.mark.parametrize(
    "checklist_id", ["national-ordinary", "simple", "market-supervision", "chongqing"]
)
def test_every_item_is_complete(registry, checklist_id):
    checklist = load_checklist(checklist_id, registry.checks)
    for item in checklist.items:
        assert item.requirement and item.remediation, item.id
        assert item.category in CATEGORIES, item.id
        assert ARTICLE.search(item.basis), (item.id, item.basis)
        assert item.veto or item.points > 0, item.id
        assert item.deduction.describe(item.points), item.id
        assert (item.check is None) == item.manual, item.id


def test_automatic_checks_are_used_wherever_the_register_supports_them(national):
    automatic = {item.check for item in national.items if item.check}
    assert automatic >= {
        "officers.min_two",
        "officers.certificates",
        "dates.order",
        "notice.prior",
        "limitation.period",
        "deadline.decision",
        "deadline.service",
        "notice.waiting_period",
        "hearing.right_notified",
        "hearing.timing",
        "review.legal",
        "review.collective",
        "publicity.deadline",
        "basis.citation",
        "docno.format",
        "penalty.consistency",
        "case.duplicate_no",
        "fields.required",
    }
    assert "deadline.filing" not in automatic  # no national filing deadline


def test_simple_procedure_checklist(registry):
    simple = load_checklist("simple", registry.checks)
    assert simple.applies_to == ["简易程序"]
    assert sum(g.maximum for g in simple.groups) == simple.scoring.total == 100
    eligibility = next(i for i in simple.items if i.check == "procedure.summary_eligibility")
    assert eligibility.veto
    for item in simple.items:
        if "procedures" in item.params:
            assert item.params["procedures"] == ["简易程序"], item.id


def test_simple_uses_every_check_that_applies_to_summary_cases(registry):
    """Every rule of checks.md that a 当场处罚 case can break is checked automatically."""
    automatic = {i.check for i in load_checklist("simple", registry.checks).items if i.check}
    assert automatic == {
        "procedure.summary_eligibility",
        "officers.certificates",
        "officers.min_two",
        "notice.prior",
        "dates.order",
        "limitation.period",
        "deadline.service",
        "docno.format",
        "basis.citation",
        "fields.required",
        "case.duplicate_no",
        "penalty.consistency",
    }


def test_chongqing_sets_its_dated_hearing_thresholds_with_sources(registry):
    chongqing = load_checklist("chongqing", registry.checks)
    assert chongqing.extends[0].startswith("national-ordinary（")
    assert chongqing.companions == {"简易程序": "simple"}
    thresholds = chongqing.item("N03").params["thresholds"]
    old, new = thresholds.at(dt.date(2023, 2, 28)), thresholds.at(dt.date(2023, 3, 1))
    assert old.value == {"经营活动": 20000, "非经营活动": 1000} and "1999" in old.source
    assert new.value == {"自然人": 5000, "法人及非法人组织": 50000} and "第354号" in new.source
    assert {c.target for c in chongqing.changes} == {"N03"}


def test_market_supervision_profile_only_states_its_differences(registry, national):
    market = load_checklist("market-supervision", registry.checks)
    assert market.extends[0].startswith("national-ordinary（")
    filing = market.item("L03")
    assert filing.check == "deadline.filing"
    assert (filing.params["days"], filing.params["extension_days"]) == (15, 15)
    assert market.item("P01").params["days"] == 20
    assert market.item("P01").params["exempt_kinds"] == ["警告"]
    assert market.item("N02").params["defence_days"] == 5
    changed = {c.target for c in market.changes}
    assert changed == {"L03", "N02", "P01"}
    for item in market.items:
        if item.id not in changed:
            base = national.item(item.id)
            assert (item.title, item.points, item.check, item.params) == (
                base.title,
                base.points,
                base.check,
                base.params,
            )
    text = shipped_checklists()["market-supervision"].read_text(encoding="utf-8")
    assert "groups:" not in text  # nothing copied from the national standard


def test_national_checklist_scores_a_register(write_register):
    register = write_register([case_row(), case_row(案号="2号", 执法人员="王明")])
    results = check_registers([register], review_date=REVIEW_DATE)
    first, second = results["cases"]
    assert results["checklist"]["id"] == "national-ordinary"
    assert second["vetoed"] and "V03" in second["veto_items"] and second["score"] == 0
    assert first["score"] > 0


def test_simple_checklist_scores_on_the_spot_decisions(write_register):
    on_the_spot = {
        "程序类型": "简易程序",
        "当事人类别": "自然人",
        "立案日期": None,
        "告知日期": dt.date(2023, 4, 20),
        "结案日期": dt.date(2023, 4, 21),
    }
    register = write_register(
        [
            case_row(
                **on_the_spot,
                当事人="张三",
                **{"罚款金额（元）": 150, "送达日期": dt.date(2023, 4, 20)},
            ),
            case_row(案号="2号", **on_the_spot, 当事人="李四", **{"罚款金额（元）": 500}),
        ]
    )
    first, second = check_registers([register], checklist="simple", review_date=REVIEW_DATE)[
        "cases"
    ]
    assert (first["score"], first["grade"], first["vetoed"]) == (100, "优秀", False)
    assert second["veto_items"] == ["V02"] and second["score"] == 0  # 500 元 is beyond art. 51
    late = next(f for f in second["findings"] if f["item_id"] == "C04")
    assert late["outcome"] == "fail" and late["deduction"] == 10  # not handed over on the spot
