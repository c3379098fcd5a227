"""Documents sent to units or published carry no internal detail.

Register cells, check ids, standard ids and the 复核 deliberation stay in results.json,
评查结果.xlsx and the ledger; notices, the 通报, the 自查报告 and the index report never show them.
"""

import re

import pytest

from evaltool.config import load_config
from evaltool.index.compute import compute_index
from evaltool.index.config import load_index_config
from evaltool.index.report import write_index_html
from evaltool.render import (
    DocumentSet,
    make_environment,
    write_notices,
    write_selfcheck_reports,
    write_summary,
)
from evaltool.render.context import outgoing_text
from kit.documents import MARKET, document_text, review_results, write_config
from kit.unit_level import unit_level_results

CELL_REFERENCE = re.compile(r"（[A-Z]{1,3}[0-9]+(?:、[A-Z]{1,3}[0-9]+)*）")
CHECK_ID = re.compile(r"\b[a-z][a-z_]*\.[a-z_]+\b")
DELIBERATION = "复核（王志远）"
SPLIT_REVIEW = "李华："


def _plant_review_messages(results: dict) -> dict:
    """Give two of the market bureau's failures the messages a 复核 and a split review leave."""
    failures = [
        finding
        for case in results["cases"]
        if case["unit"] == MARKET
        for finding in case["findings"]
        if finding["outcome"] == "fail"
    ]
    confirmed, split = failures[0], failures[1]
    confirmed["message"] += "（复核（王志远）确认：维持评查人意见）"
    confirmed["reviewer"] = "王志远"
    split["message"] = "张明：送达回证缺当事人签名；李华：送达回证无签收日期"
    split["reviewer"] = "张明、李华"
    return results


@pytest.fixture(params=["files", "unit-level"])
def results(request, write_register, tmp_path):
    """The small review, and one whose standard has unit-level items with reasons that carry a
    cell reference, an officer's name and an ID number (kit.unit_level)."""
    if request.param == "files":
        return _plant_review_messages(review_results(write_register))
    return _plant_review_messages(unit_level_results(write_register, tmp_path))


def test_the_planted_register_gives_messages_with_internal_detail(results):
    """The test data is what real results hold: cell references and check ids in the messages."""
    messages = [f["message"] for case in results["cases"] for f in case["findings"]]
    assert any(CELL_REFERENCE.search(m) for m in messages)
    assert any(DELIBERATION in m for m in messages)


def test_no_outgoing_document_shows_cells_check_ids_or_deliberations(results, tmp_path):
    config = load_config(write_config(tmp_path))
    documents = DocumentSet(results, config)
    env = make_environment()
    out = tmp_path / "文书"
    formats = ["html", "md", "docx"]
    written = [
        *write_notices(documents, env, out, formats),
        write_summary(documents, env, out / "评查情况通报", formats),
        *write_selfcheck_reports(documents, env, out / "自查", formats),
        write_index_html(
            compute_index(results, load_index_config(None)), env, out / "行政执法指数"
        ),
    ]
    paths = [path for document in written for path in document.paths]
    assert len(paths) > 10
    for path in paths:
        text = document_text(path)
        if path.suffix == ".html":
            text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        assert not CELL_REFERENCE.search(text), path.name
        assert not CHECK_ID.findall(text), (path.name, CHECK_ID.findall(text))
        assert DELIBERATION not in text and SPLIT_REVIEW not in text, path.name
        assert results["checklist"]["id"] not in text, path.name
        assert "（B7）" not in text and "U1" not in text, path.name
    notice = document_text(
        next(p for p in paths if p.name.startswith(MARKET) and p.suffix == ".md")
    )
    # The substance of the split review stays; only who said what goes.
    assert "送达回证缺当事人签名；送达回证无签收日期" in notice


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("执法人员（AI4）仅填写一人", "执法人员仅填写一人"),
        ("送达日期（O6、Q6）早于决定日期", "送达日期早于决定日期"),
        (
            "评查项目 N02（notice.waiting_period）、S01（deadline.service）：符合",
            "评查项目 N02、S01：符合",
        ),
        ("未附送达回证（复核（王志远）确认：维持评查人意见）", "未附送达回证"),
        ("复核（王志远）：证据不足", "证据不足"),
        ("与 登记表.xlsx「案卷」第12行案号重复", "与第12行案号重复"),
    ],
)
def test_outgoing_text_keeps_the_substance(message, shown):
    assert outgoing_text(message) == shown
