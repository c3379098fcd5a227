"""Rules of individual checks beyond the examples in their doc pages: assumptions, old law, edge values."""

import datetime as dt
import re

from kit.registers import case_row

D = dt.date.fromisoformat
CHONGQING = [
    {
        "from": D("2000-01-01"),
        "to": D("2023-02-28"),
        "value": {"经营活动": 20000, "非经营活动": 1000},
        "source": "渝府令〔1999〕66号",
    },
    {
        "from": D("2023-03-01"),
        "value": {"自然人": 5000, "法人及非法人组织": 50000},
        "source": "重庆市人民政府令第354号",
    },
]


def test_hearing_rights_with_a_blank_activity_cell_state_the_assumption(run_check):
    rows = [
        case_row(
            当事人类别="自然人",
            经营活动=None,
            罚款金额=3000,
            听证告知="否",
            决定日期=D("2022-06-10"),
        ),
        case_row(
            当事人类别="个体工商户",
            经营活动=None,
            罚款金额=3000,
            听证告知="否",
            决定日期=D("2022-06-10"),
        ),
        case_row(
            当事人类别=None, 经营活动=None, 罚款金额=3000, 听证告知="否", 决定日期=D("2022-06-10")
        ),
        case_row(
            当事人类别=None, 经营活动=None, 罚款金额=30000, 听证告知="否", 决定日期=D("2022-06-10")
        ),
        case_row(
            当事人类别="自然人",
            经营活动="是",
            罚款金额=3000,
            听证告知="否",
            决定日期=D("2022-06-10"),
        ),
    ]
    for row in rows:
        row["罚款金额（元）"] = row.pop("罚款金额")
    run = run_check("hearing.right_notified", rows, {"thresholds": CHONGQING})
    assert run.outcomes == ["fail", "not_applicable", "needs_review", "fail", "not_applicable"]
    messages = [f["message"] for f in run.findings]
    assert (
        "经营活动（" in messages[0]
        and "未填写，按当事人类别（自然人）推定为非经营活动" in messages[0]
    )
    assert "推定为经营活动" in messages[1]
    assert "当事人类别也未填写" in messages[2]
    assert "经营活动罚款20000元以上" in messages[3] and "非经营活动罚款1000元以上" in messages[3]
    assert "推定" not in messages[4]


def test_individual_businesses_are_not_guessed_unless_the_checklist_says(run_check):
    rows = [
        case_row(
            当事人类别="个体工商户",
            听证告知="否",
            决定日期=D("2023-06-10"),
            **{"罚款金额（元）": fine},
        )
        for fine in (20000, 60000, 3000)
    ]
    thresholds = {"自然人": 5000, "法人及非法人组织": 50000}
    run = run_check("hearing.right_notified", rows, {"thresholds": thresholds})
    assert run.outcomes == ["needs_review", "fail", "not_applicable"]
    assert "评查标准未规定个体工商户按自然人还是按组织计算较大数额" in run.findings[0]["message"]
    counted = run_check(
        "hearing.right_notified",
        rows,
        {"thresholds": thresholds, "individual_business_as": "法人及非法人组织"},
    )
    assert counted.outcomes == ["not_applicable", "fail", "not_applicable"]
    assert "个体工商户按法人及非法人组织计" in counted.findings[0]["message"]


def test_hearing_rights_follow_the_law_of_the_decision_date(run_check):
    thresholds = {"自然人": 5000, "法人及非法人组织": 50000}
    rows = [
        # 降低资质等级 became a hearing case with the 2021 revision.
        case_row(
            处罚种类="降低资质等级",
            听证告知="否",
            决定日期=D("2021-07-14"),
            **{"罚款金额（元）": None},
        ),
        case_row(
            处罚种类="降低资质等级",
            听证告知="否",
            决定日期=D("2021-07-15"),
            **{"罚款金额（元）": None},
        ),
        # So did a large confiscation.
        case_row(
            处罚种类="没收违法所得",
            听证告知="否",
            决定日期=D("2021-07-14"),
            **{"罚款金额（元）": None, "没收金额（元）": 80000},
        ),
        case_row(
            处罚种类="没收违法所得",
            听证告知="否",
            决定日期=D("2021-07-15"),
            **{"罚款金额（元）": None, "没收金额（元）": 80000},
        ),
    ]
    run = run_check("hearing.right_notified", rows, {"thresholds": thresholds})
    assert run.outcomes == ["not_applicable", "fail", "not_applicable", "fail"]
    assert "修订前）第四十二条" not in run.findings[1]["message"]
    assert "没收金额 80000元，达到较大数额" in run.findings[3]["message"]


def test_a_hearing_held_counts_as_hearing_rights_notified(run_check):
    row = case_row(处罚种类="吊销许可证件", 听证告知=None, 听证日期=D("2023-04-15"))
    assert run_check("hearing.right_notified", [row]).outcomes == ["pass"]


def test_the_waiting_period_before_the_2021_revision_was_three_calendar_days(run_check):
    rows = [
        case_row(告知日期=D("2021-06-01"), 听证告知="是", 决定日期=D("2021-06-04")),
        case_row(告知日期=D("2021-06-01"), 听证告知="是", 决定日期=D("2021-06-05")),
    ]
    run = run_check("notice.waiting_period", rows)
    assert run.outcomes == ["fail", "pass"]
    assert "告知后3日，至 2021-06-04 届满" in run.findings[0]["message"]
    assert "修订前）第三十二条、第四十二条" in run.findings[0]["message"]


def test_a_hearing_request_alone_opens_the_hearing_window(run_check):
    row = case_row(
        告知日期=D("2022-09-28"),
        听证告知=None,
        听证申请日期=D("2022-09-29"),
        决定日期=D("2022-10-10"),
    )
    run = run_check("notice.waiting_period", [row])
    assert run.outcomes == ["fail"]


def test_reviews_recorded_as_yes_pass_and_a_missing_decision_date_needs_review(run_check):
    rows = [
        case_row(处罚种类="责令停产停业", 法制审核="是"),
        case_row(处罚种类="责令停产停业", 法制审核=D("2023-04-18"), 决定日期=None),
    ]
    run = run_check("review.legal", rows)
    assert run.outcomes == ["pass", "needs_review"]
    assert "未记录日期" in run.findings[0]["message"]


def test_limitation_uses_a_later_date_when_discovery_is_blank(run_check):
    rows = [
        case_row(
            违法行为发生日期=D("2022-01-10"), 发现日期=None, 立案日期=None, 决定日期=D("2022-03-01")
        ),
        case_row(违法行为发生日期=D("2020-01-10"), 发现日期=None, 立案日期=D("2022-03-01")),
        case_row(
            违法行为发生日期=D("2019-01-10"),
            发现日期=D("2021-06-01"),
            涉及生命健康或金融安全=None,
            决定日期=D("2021-07-01"),
        ),
    ]
    run = run_check("limitation.period", rows)
    assert run.outcomes == ["pass", "needs_review", "fail"]
    assert "决定日期 2022-03-01" in run.findings[0]["message"]
    assert "修订前）第二十九条" in run.findings[2]["message"]  # no five-year rule before 2021-07-15


def test_certificates_shorter_than_the_officer_list_name_who_lacks_one(run_check):
    rows = [case_row(执法人员="王明、李静、张华", 执法证号="50020001、50020002")]
    run = run_check("officers.certificates", rows, {"min_length": 8})
    assert run.outcomes == ["fail"]
    assert "（张华无证号）" in run.finding["message"]


def test_required_fields_when_the_procedure_is_blank(run_check):
    run = run_check(
        "fields.required", [case_row(程序类型=None, 案由="占道经营", 决定书文号="区〔2023〕1号")]
    )
    assert run.outcomes == ["fail"]
    assert "各程序类型共同案卷必须登记的事项：程序类型" in run.finding["message"]


def test_a_violation_ending_before_it_began_is_out_of_order(run_check):
    row = case_row(违法行为终了日期=D("2023-02-01"))
    run = run_check("dates.order", [row])
    assert run.outcomes == ["fail"]
    assert (
        "违法行为发生日期" in run.finding["message"]
        and "违法行为终了日期" in run.finding["message"]
    )


def test_many_duplicates_are_summarised(run_check):
    run = run_check("case.duplicate_no", [case_row() for _ in range(8)])
    assert run.outcomes == ["fail"] * 8
    assert "重复出现 8 次" in run.finding["message"] and "等 7 处" in run.finding["message"]


def test_a_case_number_written_another_way_is_the_same_number_but_only_within_its_unit(run_check):
    rows = [
        case_row(案号="区市监罚〔2023〕7号"),
        case_row(案号="区市监罚（２０２３） 7号"),  # full-width digits, round brackets, a space
        case_row(案号="区市监罚〔2023〕8号"),
        case_row(案号="区市监罚[2023]7号", 执法单位="区交通运输局"),
        case_row(案号="区市监罚〔2023〕7号"),
    ]
    run = run_check("case.duplicate_no", rows)
    assert run.outcomes == ["fail", "fail", "pass", "pass", "fail"]
    assert "重复出现 3 次（另见第3行、第6行）" in run.finding["message"]


def test_decision_numbers_with_full_width_digits_and_spaces_are_read_as_written(run_check):
    rows = [
        case_row(决定书文号="区市监罚〔２０２３〕 １２号"),
        case_row(决定书文号="区市监罚〔23〕12号"),
        case_row(决定书文号="〔2023〕12号"),
        case_row(决定书文号="区市监罚〔2023〕12"),
    ]
    run = run_check("docno.format", rows)
    assert run.outcomes == ["pass", "fail", "fail", "fail"]
    assert "年份应标全称" in run.findings[1]["message"]
    assert "应以“号”字结尾" in run.findings[3]["message"]


def test_a_citation_whose_article_belongs_only_to_the_penalty_law_fails(run_check):
    rows = [
        case_row(处罚依据="《中华人民共和国食品安全法》、《中华人民共和国行政处罚法》第三十二条")
    ]
    run = run_check("basis.citation", rows)
    assert run.outcomes == ["fail"]
    assert "未写明《中华人民共和国食品安全法》的具体条款" in run.finding["message"]


def test_market_supervision_parameters(run_check):
    """The values the market-supervision profile sets: filing on, 20-day publicity, 5-day defence."""
    checklist = {
        "id": "market",
        "title": "市场监管",
        "version": "1",
        "scoring": {
            "total": 15,
            "grades": [{"name": "合格", "min": 9}, {"name": "不合格", "min": 0}],
        },
        "groups": [
            {
                "id": "g",
                "title": "g",
                "items": [
                    {"id": "T1", "title": "立案", "points": 5, "check": "deadline.filing"},
                    {
                        "id": "P",
                        "title": "公示",
                        "points": 5,
                        "check": "publicity.deadline",
                        "params": {"days": 20, "exempt_kinds": ["警告"]},
                    },
                    {
                        "id": "W",
                        "title": "等待",
                        "points": 5,
                        "check": "notice.waiting_period",
                        "params": {"defence_days": 5},
                    },
                ],
            }
        ],
    }
    rows = [
        case_row(
            发现日期=D("2023-03-01"),
            立案日期=D("2023-03-22"),
            处罚种类="警告",
            公示日期=None,
            告知日期=D("2023-04-12"),
            听证告知="否",
            决定日期=D("2023-04-20"),
        ),
        case_row(
            发现日期=D("2023-03-01"),
            立案日期=D("2023-04-14"),
            公示日期=D("2023-05-30"),
            告知日期=D("2023-04-14"),
            听证告知="否",
            决定日期=D("2023-04-20"),
        ),
    ]
    run = run_check("deadline.filing", rows, checklist=checklist)
    by_item = [
        {f["item_id"]: f["outcome"] for f in case["findings"]} for case in run.results["cases"]
    ]
    assert by_item == [
        {"T1": "pass", "P": "not_applicable", "W": "pass"},
        {"T1": "fail", "P": "fail", "W": "fail"},
    ]


def test_an_unrecorded_hearing_window_never_fails_a_case_but_a_defence_window_does(run_check):
    row = case_row(告知日期=D("2023-04-10"), 决定日期=D("2023-04-17"))  # no 听证告知 column
    assert run_check("notice.waiting_period", [row]).outcomes == ["needs_review"]
    run = run_check("notice.waiting_period", [row], {"defence_days": 5})
    assert run.outcomes == ["fail"]
    assert "当事人陈述、申辩的期限为告知后5个工作日，至 2023-04-17 届满" in run.finding["message"]


def test_a_figure_the_standard_does_not_set_is_said_plainly_never_presumed(run_check):
    """A 15万元 fine without a 重大案件 or 较大数额 figure: 待核对 saying what is missing and where
    to set it; never 不适用 「未达到」, never a parameter name."""
    row = case_row(处罚种类="罚款", 听证告知="否")
    row["罚款金额（元）"] = 150000
    for check_id, missing in (
        ("review.legal", "未规定罚款达到多少属于重大案件"),
        ("review.collective", "未规定罚款达到多少属于重大案件"),
        ("hearing.right_notified", "未规定较大数额"),
    ):
        headers = [*row, "法制审核日期", "集体讨论日期"]
        run = run_check(check_id, [row], headers=headers)
        message = run.finding["message"]
        assert run.finding["outcome"] == "needs_review", message
        assert missing in message and "评查项目中写明" in message
        assert "参数" not in message and not re.search(r"[a-z]+_[a-z]+", message)


def test_a_recorded_legal_review_passes_when_the_major_figure_is_unknown(run_check):
    row = case_row(处罚种类="罚款", 法制审核日期=dt.date(2023, 4, 18))
    row["罚款金额（元）"] = 150000
    assert run_check("review.legal", [row]).outcomes == ["pass"]
    warning = case_row(处罚种类="警告", 法制审核日期=None)
    warning["罚款金额（元）"] = None
    run = run_check("review.legal", [warning], headers=[*warning])
    assert run.outcomes == ["not_applicable"] and "无罚款" in run.finding["message"]
