"""Documents are matched to cases by 文号/案号, then by party name; the rest is reported."""

from kit.casefiles import decision, notice, register_row, service_record


def test_matching_by_number_then_party_and_the_reports(run_documents):
    rows = [register_row("市场监管"), register_row("交通"), register_row("林业")]
    files = {
        "决定书1.docx": decision("市场监管"),  # by 文号
        "告知书1.docx": notice("市场监管"),  # own number: by party name
        "送达回证2.docx": service_record("交通"),  # names the decision it served
        "决定书-他案.docx": decision("生态环境"),  # no such case
    }
    run = run_documents("decision.parts", rows, files)
    report = run.results["documents"]
    matched = {m["file"]: (m["case_no"], m["matched_by"]) for m in report["matched"]}
    assert matched["决定书1.docx"] == ("渝綦市监处罚〔2023〕12号", "文号")
    assert matched["告知书1.docx"] == ("渝綦市监处罚〔2023〕12号", "当事人")
    assert matched["送达回证2.docx"][1] == "文号"
    assert [u["file"] for u in report["unmatched"]] == ["决定书-他案.docx"]
    assert [c["case_no"] for c in report["cases_without"]] == ["綦林罚〔2022〕3号"]


def test_a_document_folder_given_on_the_command_line(run_documents):
    run = run_documents(
        "decision.relief",
        [register_row("交通")],
        {"决定书.docx": decision("交通")},
        folder_given=True,
    )
    assert run.finding["outcome"] == "pass", run.finding["message"]
