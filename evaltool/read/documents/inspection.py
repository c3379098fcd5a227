"""``evaltool inspect`` for 文书: how each document was understood, field by field, with snippets."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from evaltool.read.documents import read_case_documents
from evaltool.read.documents.match import matching_entry
from evaltool.read.documents.model import FIELD_LABELS, KIND_NAMES, Document


def documents_report(registers, folders=None) -> dict[str, Any] | None:
    """Every document read for the registers: kind, case matched, fields with place and snippet."""
    found = read_case_documents(registers, folders)
    if found is None:
        return None
    read, matching = found
    case_of = {id(doc): case for doc, case in matching.matched}
    report = matching_entry(matching, read)
    report["documents"] = [_document_entry(doc, case_of.get(id(doc))) for doc in read.documents]
    return report


def _document_entry(doc: Document, case) -> dict[str, Any]:
    return {
        "file": str(doc.file),
        "kind": doc.kind,
        "title": doc.title,
        "case_no": case.case_no if case else None,
        "matched_by": doc.matched_by or None,
        "fields": {
            key: {
                "value": _plain(found.value),
                "location": found.location.as_dict(),
                "snippet": found.snippet,
            }
            for key, found in doc.fields.items()
        },
    }


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def render_documents_text(report: dict[str, Any]) -> list[str]:
    """The documents part of ``inspect`` as Chinese lines."""
    lines = [
        f"文书：读取 {report['read']} 份，与案卷匹配 {len(report['matched'])} 份，"
        f"未匹配 {len(report['unmatched'])} 份，没有文书的案卷 {len(report['cases_without'])} 件",
    ]
    for doc in report["documents"]:
        case = (
            f"→ {doc['case_no']}（按{doc['matched_by']}匹配）"
            if doc["case_no"]
            else "→ 未匹配到案卷"
        )
        kind = KIND_NAMES[doc["kind"]]
        title = f"「{doc['title']}」" if doc["title"] and doc["title"] != kind else ""
        lines.append(f"{Path(doc['file']).name}（{kind}{title}）{case}")
        for key, field in doc["fields"].items():
            where = field["location"]
            page = f"第{where['page']}页" if where["page"] else ""
            value = field["value"]
            shown = "、".join(map(str, value)) if isinstance(value, list) else value
            if isinstance(value, bool):
                shown = "是" if value else "否"
            snippet = field["snippet"]
            lines.append(
                f"    {FIELD_LABELS[key]}：{_short(str(shown))}（{page}第{where['paragraph']}段）"
                + (f"「{_short(snippet)}」" if snippet != str(shown) else "")
            )
    lines += [f"文书无法读取：{e}" for e in report["errors"]]
    by_unit: dict[str, list[str]] = {}
    for case in report["cases_without"]:
        by_unit.setdefault(case["unit"], []).append(case["case_no"])
    lines += [
        f"没有文书：{unit} {len(cases)} 件：{'、'.join(cases)}" for unit, cases in by_unit.items()
    ]
    return lines


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
