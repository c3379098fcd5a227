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


def test_a_shared_documents_folder_counts_only_for_registers_it_has_documents_for(
    tmp_path, write_register, registry
):
    from evaltool.pipeline import check_registers
    from kit.casefiles import write_docx

    (tmp_path / "登记表").mkdir()
    with_docs = write_register([register_row("交通")], name="登记表/甲.xlsx")
    without = write_register([register_row("林业")], name="登记表/乙.xlsx")
    write_docx(tmp_path / "登记表" / "文书" / "交通" / "决定书.docx", decision("交通"))
    results = check_registers([with_docs, without], registry=registry, include_pass=True)
    gaps = {n["file"] for n in results["not_assessed"] if n["missing"] == ["documents"]}
    assert gaps == {str(without)}
    assert results["documents"]["cases_without"] == []
    by_case = {c["case_no"]: {f["item_id"] for f in c["findings"]} for c in results["cases"]}
    assert "W01" in by_case["綦交执罚〔2023〕45号"] and "W01" not in by_case["綦林罚〔2022〕3号"]


def test_a_number_two_cases_share_is_settled_by_the_party(run_documents):
    twin = register_row("市场监管", 当事人="重庆另一商贸有限公司", 案号="渝綦市监处罚〔2023〕12号")
    run = run_documents(
        "decision.parts", [twin, register_row("市场监管")], {"决定书.docx": decision("市场监管")}
    )
    matched = run.results["documents"]["matched"]
    assert len(matched) == 1
    cases = run.results["cases"]
    assert [f["outcome"] for f in cases[1]["findings"] if f["item_id"] == "T1"] == ["pass"]
    assert [f["outcome"] for f in cases[0]["findings"] if f["item_id"] == "T1"] == []
