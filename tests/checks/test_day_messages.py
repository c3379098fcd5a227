"""Messages about days state weekday and holiday facts consistently, and reading problems once."""

import datetime as dt

from kit.checklists import one_item_checklist
from kit.registers import case_row

D = dt.date.fromisoformat


def test_service_on_a_saturday_after_the_deadline_does_not_contradict_itself(run_check):
    # decided Wednesday 2023-03-08: the 7th working day after it is Friday 2023-03-17
    run = run_check(
        "deadline.service", [case_row(决定日期=D("2023-03-08"), 送达日期=D("2023-03-18"))]
    )
    finding = run.finding
    assert finding["outcome"] == "fail"
    message = finding["message"]
    assert "2023-03-18（星期六" in message
    assert "最迟 2023-03-17" in message
    assert "2023-03-18（决定后第 7 个工作日）" not in message  # it is not the 7th working day


def test_publication_on_a_holiday_names_the_holiday(run_check):
    # decided Friday 2023-09-15: 7 working days end 2023-09-26; published during National Day
    run = run_check(
        "publicity.deadline",
        [case_row(决定日期=D("2023-09-15"), 公示日期=D("2023-10-03"))],
    )
    message = run.finding["message"]
    assert run.finding["outcome"] == "fail"
    assert "2023-10-03（国庆节假日" in message


def test_a_calendar_deadline_moved_by_a_holiday_says_why(run_check):
    # filed 2023-07-03: day 90 is 2023-10-01 (National Day), moved to 2023-10-07 (a 调休 Saturday)
    run = run_check(
        "deadline.decision",
        [case_row(立案日期=D("2023-07-03"), 决定日期=D("2023-10-07"), 送达日期=D("2023-10-08"))],
        review_date=D("2024-06-30"),
    )
    finding = run.finding
    assert finding["outcome"] == "pass"
    assert "期限至 2023-10-07" in finding["message"]
    assert "第 90 日 2023-10-01 为国庆节假日，顺延至其后第一个工作日" in finding["message"]


def test_a_deadline_on_a_rest_day_when_the_checklist_does_not_roll_it(run_check):
    run = run_check(
        "deadline.decision",
        [case_row(立案日期=D("2023-07-03"), 决定日期=D("2023-10-07"), 送达日期=D("2023-10-08"))],
        {"roll_to_workday": False},
    )
    finding = run.finding
    assert finding["outcome"] in ("fail", "needs_review")
    assert "最迟应于 2023-10-01（国庆节假日，按本评查标准不顺延）" in finding["message"]


def test_an_implausible_date_is_reported_once_and_checks_say_to_review(run_check):
    checklist = one_item_checklist("deadline.service")
    group = checklist["groups"][0]
    group["items"] += [
        {"id": "T2", "title": "办案期限", "points": 10, "check": "deadline.decision"},
        {"id": "T3", "title": "程序顺序", "points": 10, "check": "dates.order"},
    ]
    checklist["scoring"]["total"] = 30
    run = run_check("deadline.service", [case_row(决定日期=D("2032-12-04"))], checklist=checklist)
    [issue] = run.results["data_issues"]
    assert issue["raw"] == "2032-12-04"
    assert "日期不合理" in issue["message"] and "1990-01-01 至 2024-06-30" in issue["message"]
    [case] = run.results["cases"]
    findings = [f for f in case["findings"] if f["item_id"] in ("T1", "T2", "T3")]
    assert len(findings) == 3
    for finding in findings:
        assert finding["outcome"] == "needs_review"
        assert "决定日期" in finding["message"] and "待核对" in finding["message"]
        assert "2032-12-04" not in finding["message"]
        assert "无法识别" not in finding["message"]
