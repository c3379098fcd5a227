"""``evaltool inspect``: how each register was understood, before anything is scored."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from evaltool.cellref import column_index
from evaltool.fields import FIELDS, label
from evaltool.model import Register
from evaltool.read import read_registers
from evaltool.read.documents.inspection import documents_report, render_documents_text
from evaltool.text import json_text

FORMATS = {"register": "案卷登记表", "shuang_gongshi": "双公示行政处罚信息"}
SHOWN_ISSUES = 50


def inspect_registers(
    inputs: Iterable[str | Path],
    readers: dict,
    *,
    unit: str | None = None,
    review_date: dt.date | None = None,
    documents: Iterable[str | Path] | None = None,
) -> dict[str, Any]:
    """The inspection report (docs/registers.md): per register, its header, columns, units, issues.

    With 文书 (``documents`` folders, or a 文书 folder beside a register) the report also
    shows how each document was understood (``documents``, docs/documents.md).
    """
    read = read_registers(inputs, readers, unit=unit, review_date=review_date)
    report = {
        "registers": [register_report(r) for r in read.registers],
        "file_errors": read.file_errors,
        "notes": read.notes,
    }
    documents_read = documents_report(read.registers, documents)
    if documents_read:
        report["documents"] = documents_read
    return report


def register_report(register: Register) -> dict[str, Any]:
    """What one sheet was read as: each column and its field, units with case counts, issues."""
    field_of = {
        letter: key
        for key, letters in register.columns.items()
        for letter in letters
        if letter not in register.unmapped
    }
    columns = [
        {
            "column": letter,
            "header": header,
            "field": field_of.get(letter),
            "label": label(field_of[letter]) if letter in field_of else None,
        }
        for letter, header in sorted(
            register.headers.items(), key=lambda item: column_index(item[0])
        )
    ]
    units = Counter(case.unit for case in register.cases)
    return {
        "file": register.file,
        "sheet": register.sheet,
        "hidden": register.hidden,
        "reader": register.reader,
        "format": register.format,
        "header_row": register.header_row,
        "cases": len(register.cases),
        "columns": columns,
        "unmapped": [
            {"column": c["column"], "header": c["header"]} for c in columns if not c["field"]
        ],
        "missing": [f.key for f in FIELDS if not register.has_column(f.key)],
        "units": [{"unit": name, "cases": count} for name, count in units.most_common()],
        "skipped_rows": [{"row": row, "reason": reason} for row, reason in register.skipped_rows],
        "data_issues": [issue.as_dict() for issue in register.issues],
    }


def to_json(report: dict[str, Any]) -> str:
    return json_text(report)


def render_text(report: dict[str, Any]) -> str:
    """The report as Chinese text for the terminal."""
    lines: list[str] = []
    for r in report["registers"]:
        hidden = "，隐藏工作表（已读取）" if r["hidden"] else ""
        lines += [
            f"{Path(r['file']).name}「{r['sheet']}」（{FORMATS[r['format']]}，由 {r['reader']} 读取{hidden}）",
            f"  表头行：第 {r['header_row']} 行；案卷：{r['cases']} 件",
            "  列：",
        ]
        for c in r["columns"]:
            target = f"{c['label']}（{c['field']}）" if c["field"] else "未识别，保留为附加字段"
            lines.append(f"    {c['column']:>3}  {c['header']} → {target}")
        if r["missing"]:
            lines.append(f"  登记表中没有的项目：{'、'.join(label(k) for k in r['missing'])}")
        units = "；".join(f"{u['unit']} {u['cases']} 件" for u in r["units"])
        lines.append(f"  执法单位：{units or '（无案卷）'}")
        if r["skipped_rows"]:
            skipped = "、".join(
                f"第 {s['row']} 行（{s['reason']}）" for s in r["skipped_rows"][:20]
            )
            more = f" 等 {len(r['skipped_rows'])} 行" if len(r["skipped_rows"]) > 20 else ""
            lines.append(f"  未作为案卷读取：{skipped}{more}")
        issues = r["data_issues"]
        lines.append(f"  数据问题：{len(issues)} 个" if issues else "  数据问题：无")
        for i in issues[:SHOWN_ISSUES]:
            what = f"{label(i['field'])}：" if i["field"] else ""
            raw = f"（原值：{i['raw']}）" if i["raw"] else ""
            lines.append(f"    {i['cell']} {what}{i['message']}{raw}")
        if len(issues) > SHOWN_ISSUES:
            lines.append(f"    …另有 {len(issues) - SHOWN_ISSUES} 个，用 --format json 查看全部")
        lines.append("")
    if report.get("documents"):
        lines += [*render_documents_text(report["documents"]), ""]
    lines += [f"注意：{n}" for n in report["notes"]]
    lines += [f"无法读取：{e}" for e in report["file_errors"]]
    return "\n".join(lines).rstrip("\n") + "\n"
