"""Document checks on realistic 文书 with the defects real published decisions show.

Expected verdicts come from the law: 行政处罚法 第五十九条 (parts), 第六十四条 (5-day hearing
window), 第六十七条/第七十二条 (15 days, 3% a day), 行政复议法 第二十条 (60 days), 行政诉讼法
第四十六条 (6 months).
"""

import datetime as dt

import pytest

from evaltool.pipeline import check_registers
from kit.casefiles import (
    SECTORS,
    decision,
    notice,
    register_row,
    service_record,
    write_pdf,
)

DOCUMENT_CHECKS = [
    "decision.parts",
    "decision.relief",
    "decision.payment",
    "decision.basis",
    "decision.amount_words",
    "decision.law_version",
    "decision.leftovers",
    "notice.rights",
    "documents.register_match",
]
CHONGQING_2023 = {"thresholds": {"自然人": 5000, "法人及非法人组织": 50000}}


def full_file(sector, **defects):
    return {
        "决定书.docx": decision(sector, **defects),
        "告知书.docx": notice(sector),
        "送达回证.docx": service_record(sector),
    }


@pytest.mark.parametrize("sector", list(SECTORS))
@pytest.mark.parametrize("check_id", DOCUMENT_CHECKS)
def test_clean_files_of_every_sector_raise_no_alarm(run_documents, sector, check_id):
    run = run_documents(check_id, [register_row(sector)], full_file(sector))
    assert run.finding["outcome"] in ("pass", "not_applicable"), run.finding["message"]


def test_no_relief_at_all_fails_relief_and_parts(run_documents):
    files = full_file("生态环境", relief=False)
    relief = run_documents("decision.relief", [register_row("生态环境")], files).finding
    assert relief["outcome"] == "fail"
    assert "未告知" in relief["message"] and "行政复议" in relief["message"]
    parts = run_documents("decision.parts", [register_row("生态环境")], files).finding
    assert parts["outcome"] == "fail"
    assert "救济途径和期限" in parts["message"]


def test_sixty_without_the_day_is_flagged(run_documents):
    text = (
        "如不服本决定，可在收到本决定书之日起60内向重庆市綦江区人民政府申请行政复议，"
        "或者6个月内向重庆市綦江区人民法院提起行政诉讼。"
    )
    files = full_file("城管综合执法", relief_text=text)
    finding = run_documents("decision.relief", [register_row("城管综合执法")], files).finding
    assert finding["outcome"] == "fail"
    assert "「60内」" in finding["message"]


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("可在接到本决定书之日起十五日内申请行政复议，也可以在六个月内提起行政诉讼。", "15日"),
        ("可在六十日内申请行政复议，也可以在三个月内向人民法院提起行政诉讼。", "三个月"),
    ],
)
def test_wrong_relief_periods_fail(run_documents, text, seen):
    files = full_file("交通", relief_text=text)
    finding = run_documents("decision.relief", [register_row("交通")], files).finding
    assert finding["outcome"] == "fail"
    assert seen in finding["message"]


def test_a_special_law_period_set_as_a_param_is_not_flagged(run_documents):
    text = "可在接到本决定书之日起十五日内申请行政复议，也可以在三个月内提起行政诉讼。"
    files = full_file("交通", relief_text=text)
    params = {"special_review_days": [15], "special_litigation_months": [3]}
    finding = run_documents("decision.relief", [register_row("交通")], files, params).finding
    assert finding["outcome"] == "pass", finding["message"]


def test_a_name_spelt_two_ways_is_flagged_with_both_spellings(run_documents):
    # One folder per case file, named by its number: the notice is matched by the folder.
    files = {
        f"渝綦市监处罚〔2023〕12号/{name}": text for name, text in full_file("市场监管").items()
    }
    files["渝綦市监处罚〔2023〕12号/告知书.docx"] = notice(
        "市场监管", notice_party="重庆市某某商贸有限公司"
    )
    finding = run_documents("documents.register_match", [register_row("市场监管")], files).finding
    assert finding["outcome"] == "fail"
    assert "重庆市某某商贸有限公司" in finding["message"]
    assert "告知书.docx" in finding["message"]


def test_register_and_decision_disagreeing_on_fine_and_date_are_both_reported(run_documents):
    row = register_row("生态环境", **{"罚款金额（元）": 3000, "决定日期": dt.date(2023, 4, 18)})
    finding = run_documents("documents.register_match", [row], full_file("生态环境")).finding
    assert finding["outcome"] == "fail"
    assert "30000元" in finding["message"] and "3000元" in finding["message"]
    assert "2023-04-17" in finding["message"] and "2023-04-18" in finding["message"]


def test_a_replaced_law_cited_for_a_later_act_fails_with_its_source(run_documents):
    files = full_file(
        "林业",
        violated="《中华人民共和国森林法》（2009年修正）第三十二条",
        penalty_basis="《中华人民共和国森林法》（2009年修正）第三十九条第二款",
    )
    finding = run_documents("decision.law_version", [register_row("林业")], files).finding
    assert finding["outcome"] == "fail"
    assert "2020-07-01" in finding["message"]


def test_a_repealed_law_fails(run_documents):
    files = full_file("市场监管", penalty_basis="《中华人民共和国食品卫生法》第四十四条")
    finding = run_documents("decision.law_version", [register_row("市场监管")], files).finding
    assert finding["outcome"] == "fail"
    assert "食品卫生法" in finding["message"] and "废止" in finding["message"]


def test_a_decision_number_missing_its_bracket_is_a_leftover(run_documents):
    files = full_file("城管综合执法", decision_no="綦城管罚2023 21号")
    finding = run_documents("decision.leftovers", [register_row("城管综合执法")], files).finding
    assert finding["outcome"] == "fail"
    assert "綦城管罚2023 21号" in finding["message"]


def test_draft_wording_left_in_the_operative_part_fails(run_documents):
    files = full_file("市场监管", operative="本局拟对当事人作出如下行政处罚：")
    finding = run_documents("decision.leftovers", [register_row("市场监管")], files).finding
    assert finding["outcome"] == "fail"
    assert "「拟」" in finding["message"]


def test_the_narrated_proposal_in_a_decision_is_not_a_leftover(run_documents):
    # The clean decision narrates that the notice stated 「拟作出行政处罚的内容」: that is lawful.
    assert "拟作出" in SECTORS["市场监管"]["statement"]
    finding = run_documents(
        "decision.leftovers", [register_row("市场监管")], full_file("市场监管")
    ).finding
    assert finding["outcome"] == "pass", finding["message"]


def test_template_placeholders_fail(run_documents):
    files = full_file(
        "交通", payment_text="当事人应当自收到本决定书之日起十五日内缴纳罚款至XX银行＿＿＿账户。"
    )
    finding = run_documents("decision.leftovers", [register_row("交通")], files).finding
    assert finding["outcome"] == "fail"
    assert "XX" in finding["message"] and "＿" in finding["message"]


def test_a_decision_three_days_after_the_hearing_notice_fails(run_documents):
    s = SECTORS["市场监管"]
    notified = s["issued"] - dt.timedelta(days=3)
    files = full_file("市场监管")
    files["告知书.docx"] = notice("市场监管", notified=notified)
    row = register_row("市场监管", 告知日期=notified)
    finding = run_documents("notice.rights", [row], files, CHONGQING_2023).finding
    assert finding["outcome"] == "fail"
    assert "期限" in finding["message"] and "届满" in finding["message"]


def test_a_notice_without_hearing_rights_fails_where_the_amount_is_large(run_documents):
    # Chongqing from 2023-03-01: 50,000 元 for an organisation, 5,000 元 for a citizen.
    files = full_file("市场监管")
    files["告知书.docx"] = notice("市场监管", hearing=False)
    run = run_documents("notice.rights", [register_row("市场监管")], files, CHONGQING_2023)
    assert run.finding["outcome"] == "fail"
    assert "听证" in run.finding["message"]
    small = full_file("城管综合执法")
    small["告知书.docx"] = notice("城管综合执法", hearing=False)
    run = run_documents("notice.rights", [register_row("城管综合执法")], small, CHONGQING_2023)
    assert run.finding["outcome"] == "pass", run.finding["message"]


def test_a_three_day_hearing_window_after_2021_fails(run_documents):
    files = full_file("生态环境")
    files["告知书.docx"] = notice(
        "生态环境",
        rights_text="你单位享有陈述、申辩和要求听证的权利，可在收到本告知书之日起三日内提出。",
    )
    finding = run_documents(
        "notice.rights", [register_row("生态环境")], files, CHONGQING_2023
    ).finding
    assert finding["outcome"] == "fail"
    assert "三日" in finding["message"] and "5" in finding["message"]


def test_words_and_figures_that_disagree_fail(run_documents):
    files = full_file(
        "市场监管",
        penalties=["没收违法所得人民币玖拾陆元（¥96.00）", "罚款人民币伍仟元（¥50000.00）"],
    )
    finding = run_documents("decision.amount_words", [register_row("市场监管")], files).finding
    assert finding["outcome"] == "fail"
    assert "伍仟元" in finding["message"] and "50000" in finding["message"]


def test_payment_term_and_late_fee(run_documents):
    text = "当事人应当自收到本决定书之日起三十日内缴纳罚款。"
    finding = run_documents(
        "decision.payment", [register_row("交通")], full_file("交通", payment_text=text)
    ).finding
    assert finding["outcome"] == "fail"
    assert "30日" in finding["message"] and "加处罚款" in finding["message"]


def test_a_basis_without_article_or_full_name_fails(run_documents):
    files = full_file("生态环境", penalty_basis="《大气污染防治法》的有关规定")
    finding = run_documents("decision.basis", [register_row("生态环境")], files).finding
    assert finding["outcome"] == "fail"
    assert "中华人民共和国大气污染防治法" in finding["message"]
    assert "条" in finding["message"]


def test_a_truncated_decision_is_needs_review_not_fail(run_documents):
    files = full_file("交通", closing=False, relief=False, payment=False)
    for check_id in ("decision.parts", "decision.relief", "decision.payment"):
        finding = run_documents(check_id, [register_row("交通")], files).finding
        assert finding["outcome"] == "needs_review", (check_id, finding["message"])
        assert "未找到" in finding["message"]


def test_a_case_without_a_decision_is_needs_review(run_documents):
    run = run_documents("decision.parts", [register_row("交通")], {"告知书.docx": notice("交通")})
    assert run.finding["outcome"] == "needs_review"
    assert "未找到" in run.finding["message"] and "决定书" in run.finding["message"]


def test_without_documents_the_items_are_reported_once_as_not_assessed(write_register, registry):
    rows = [register_row("交通"), register_row("林业")]
    results = check_registers([write_register(rows)], registry=registry, include_pass=True)
    items = {f["item_id"] for case in results["cases"] for f in case["findings"]}
    assert not items & {"W01", "W03", "W04", "N01"}
    gaps = [n for n in results["not_assessed"] if n["item_id"] == "W01"]
    assert len(gaps) == 1 and "未提供案卷文书" in gaps[0]["message"]
    assert "documents" not in results


def test_messages_name_the_document_and_paragraph(run_documents):
    files = full_file("市场监管", operative="本局拟对当事人作出如下行政处罚：")
    finding = run_documents("decision.leftovers", [register_row("市场监管")], files).finding
    assert "决定书.docx" in finding["message"] and "段" in finding["message"]


def test_pdf_decisions_are_checked_like_docx(run_documents):
    files = {
        "决定书.pdf": lambda p: write_pdf(p, decision("交通", relief=False)),
        "告知书.docx": notice("交通"),
    }
    finding = run_documents("decision.relief", [register_row("交通")], files).finding
    assert finding["outcome"] == "fail"
    assert "决定书.pdf" in finding["message"]
