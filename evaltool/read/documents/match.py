"""Documents matched to cases: by 文号/案号 first, then by the party's name; the rest reported."""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from evaltool.model import Case
from evaltool.read.documents.extract import DOC_NUMBER, normalize_number
from evaltool.read.documents.model import Document


@dataclass
class Matching:
    """Which document went to which case, the documents no case claimed, the cases left without any."""

    matched: list[tuple[Document, Case]] = field(default_factory=list)
    unmatched: list[Document] = field(default_factory=list)
    cases_without: list[Case] = field(default_factory=list)


def normalize_name(text: str) -> str:
    """A party name folded for comparison: width, spaces and bracket forms."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded).replace("(", "（").replace(")", "）")


def attach_documents(cases: list[Case], documents: list[Document]) -> Matching:
    """Attach each document to the one case it belongs to (``case.documents``)."""
    by_number: dict[str, list[Case]] = {}
    by_party: dict[str, list[Case]] = {}
    for case in cases:
        for key in ("decision_no", "case_no"):
            if case.get(key):
                by_number.setdefault(normalize_number(case.get(key)), []).append(case)
        if case.get("party"):
            by_party.setdefault(normalize_name(case.get("party")), []).append(case)
    matching = Matching()
    for doc in documents:
        case, how = _by_number(doc, by_number), "文号"  # or 案号, or the case folder's name
        if case is None and doc.get("party_name"):
            candidates = by_party.get(normalize_name(doc.get("party_name")), [])
            case, how = (candidates[0] if len(set(map(id, candidates))) == 1 else None), "当事人"
        if case is None:
            matching.unmatched.append(doc)
            continue
        doc.matched_by = how
        case.documents.append(doc)
        matching.matched.append((doc, case))
    matching.cases_without = [case for case in cases if not case.documents]
    return matching


def _by_number(doc: Document, by_number: dict[str, list[Case]]) -> Case | None:
    """The case whose number the document states: its own number, any in its header, its folder's.

    A number that several cases share (a register's mistake) is settled by the party's name.
    """
    numbers = [doc.get("decision_no")] if doc.get("decision_no") else []
    numbers += [m.group() for p in doc.paragraphs[:10] for m in DOC_NUMBER.finditer(p.text)]
    numbers += [m.group() for part in doc.file.parts[-3:] for m in DOC_NUMBER.finditer(part)]
    party = normalize_name(doc.get("party_name") or "")
    for number in numbers:
        cases = list({id(c): c for c in by_number.get(normalize_number(number), [])}.values())
        if len(cases) > 1:  # one number on several cases: the party decides
            cases = [c for c in cases if normalize_name(c.get("party") or "") == party]
        if len(cases) == 1:
            return cases[0]
    return None


def matching_entry(matching: Matching, read) -> dict[str, Any]:
    """The ``documents`` section of the results: folders, unreadable files, matched and unmatched."""
    return {
        "folders": read.folders,
        "read": len(read.documents),
        "errors": read.errors,
        "matched": [
            {
                "file": doc.file.name,
                "kind": doc.kind,
                "unit": case.unit,
                "case_no": case.case_no,
                "matched_by": doc.matched_by,
            }
            for doc, case in matching.matched
        ],
        "unmatched": [
            {
                "file": doc.file.name,
                "kind": doc.kind,
                "decision_no": doc.get("decision_no"),
                "party_name": doc.get("party_name"),
                "message": f"{doc.file.name}：未找到与文号或当事人对应的案卷",
            }
            for doc in matching.unmatched
        ],
        "cases_without": [
            {"unit": case.unit, "case_no": case.case_no, "source": case.source.as_dict()}
            for case in matching.cases_without
        ],
    }
