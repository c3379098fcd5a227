"""Rectification reports for people: the status as a terminal table, JSON or workbook; 回头看 results."""

from pathlib import Path

from openpyxl import Workbook

from evaltool.rectify.ledger import DONE
from evaltool.rectify.reading import FLAG_KINDS
from evaltool.rectify.status import StatusReport, Tally
from evaltool.rectify.verify import GONE, PENDING, REMAINS, RESULTS, UNVERIFIABLE, VerifyReport
from evaltool.text import json_text, text_table
from evaltool.xlsx import save_workbook, set_value, write_table

UNIT_HEADERS = [
    "执法单位",
    "建议",
    "问题",
    "已销号",
    "无法整改（已接受）",
    "待复核",
    "整改中",
    "未整改",
    "逾期",
    "已报待复核",
    "整改率",
    "单位整改率",
    "严格整改率",
]
DEFINITIONS = (
    "整改率 =（已销号 + 无法整改（已接受））÷ 问题数；严格整改率 = 已销号 ÷ 问题数；"
    "单位整改率另计入单位已报已整改并附佐证材料、待评查机构复核的问题（已报待复核）；"
    "逾期：超过整改时限，既未销号、也未报已整改并附佐证材料的问题，是单位的逾期；"
    "已报待复核的问题超过整改时限的，是评查机构的待办，不计为单位逾期。"
    "未反馈台账的单位，其问题全部按未整改计。建议单独计数，不计入整改率。"
)


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _unit_name(tally: Tally) -> str:
    return tally.unit if tally.returned else f"{tally.unit}（未反馈）"


def _counts(tally: Tally) -> list[int]:
    return [
        tally.suggestions,
        tally.problems,
        tally.closed,
        tally.accepted,
        tally.awaiting_review,
        tally.in_progress,
        tally.not_started,
        tally.overdue,
        tally.reported,
    ]


def render_status(report: StatusReport) -> str:
    """The terminal table: counts and rates per unit and overall, then every flag by kind."""
    lines = [f"整改情况（截至 {report.as_of.isoformat()}，读取台账 {len(report.files)} 个）", ""]
    rows = [UNIT_HEADERS]
    for tally in [*report.units, report.total]:
        rows.append(
            [
                _unit_name(tally),
                *map(str, _counts(tally)),
                percent(tally.rate),
                percent(tally.unit_rate),
                percent(tally.strict_rate),
            ]
        )
    lines += text_table(rows) if report.units else ["台账中没有问题或建议。"]
    total = report.total
    lines += [
        "",
        DEFINITIONS,
        f"建议 {total.suggestions} 条；问题 {total.problems} 个；整改到位（已销号）{total.closed} 个。",
        *summary_lines(report),
    ]
    for kind, label in FLAG_KINDS.items():
        flags = [f for f in report.flags if f.kind == kind]
        if flags:
            lines += ["", f"【{label}】{len(flags)} 项", *(f"  {f.describe()}" for f in flags)]
    if not report.flags:
        lines += ["", "未发现需要关注的事项。"]
    if report.errors:
        lines += ["", *(f"无法读取：{e}" for e in report.errors)]
    return "\n".join(lines) + "\n"


def summary_lines(report: StatusReport) -> list[str]:
    """Who has not reported, and what waits for the bureau rather than for the units."""
    lines = []
    silent = [t for t in report.units if not t.returned and t.problems]
    if silent:
        names = "、".join(f"{t.unit}（问题 {t.problems} 个）" for t in silent)
        lines.append(f"未反馈台账的单位 {len(silent)} 个：{names}，其问题全部按未整改计。")
    total = report.total
    if total.reported:
        late = f"，其中 {total.backlog} 个已超过整改时限" if total.backlog else ""
        lines.append(
            f"单位已报已整改并附佐证材料、待评查机构复核销号的问题 {total.reported} 个{late}"
            "（评查机构待办，不计为单位逾期）。"
        )
    return lines


def status_json(report: StatusReport) -> str:
    return json_text(report.as_dict())


def write_status_workbook(report: StatusReport, path: str | Path) -> Path:
    """The status report as a workbook: rates per unit, flags, and every problem's state."""
    workbook = Workbook()
    rates = workbook.active
    rates.title = "整改率"
    headers = [*UNIT_HEADERS[:1], "是否反馈", *UNIT_HEADERS[1:]]
    last = write_table(
        rates,
        headers,
        (
            [
                t.unit,
                "是" if t.returned else "否",
                *_counts(t),
                t.rate,
                t.unit_rate,
                t.strict_rate,
            ]
            for t in [*report.units, report.total]
        ),
    )
    for index in (headers.index(h) for h in ("整改率", "单位整改率", "严格整改率")):
        for row in rates.iter_rows(min_row=2, max_row=last, min_col=index + 1, max_col=index + 1):
            row[0].number_format = "0.0%"
    set_value(rates.cell(row=last + 2, column=1), f"截至 {report.as_of.isoformat()}。{DEFINITIONS}")
    write_table(
        workbook.create_sheet("需关注事项"),
        ["类别", "文件", "工作表", "单元格", "执法单位", "案号", "问题编号", "说明"],
        (
            [
                FLAG_KINDS[f.kind],
                Path(f.file).name if f.file else "",
                f.sheet,
                f.cell,
                f.unit,
                f.case_no,
                f.problem_id,
                f.message,
            ]
            for f in report.flags
        ),
    )
    write_table(
        workbook.create_sheet("问题明细"),
        [
            "执法单位",
            "案号",
            "问题编号",
            "类型",
            "问题描述",
            "整改时限",
            "整改状态",
            "整改情况",
            "销号日期",
            "佐证材料",
            "逾期天数",
            "台账文件",
            "行号",
        ],
        (
            [
                e.key.unit,
                e.key.case_no,
                e.key.id,
                e.key.kind,
                e.key.description,
                e.key.deadline,
                e.row.status if e.row else "",
                e.state.label,
                e.row.closed_on if e.row else None,
                e.row.text.get("evidence") if e.row else None,
                e.overdue_days,
                Path(e.row.file).name if e.row else "（未反馈）",
                e.row.row if e.row else None,
            ]
            for e in report.entries
        ),
    )
    if report.errors:
        write_table(workbook.create_sheet("无法读取"), ["说明"], ([e] for e in report.errors))
    return save_workbook(workbook, path)


def render_verify(report: VerifyReport) -> str:
    """The terminal summary of 回头看: counts per result, then the rows still open or unverifiable."""
    lines = [
        f"回头看：{Path(report.ledger).name}，整改后的登记表 {report.registers} 个"
        f"（复查日期 {report.review_date.isoformat()}）",
        "；".join(f"{result} {report.count(result)} 个" for result in RESULTS),
    ]
    closed = sum(r.closed_now for r in report.rechecks)
    if closed:
        lines.append(
            f"本次销号 {closed} 个（已消除、附佐证材料且此前未销号的问题；复核人：{report.reviewer}）"
        )
    for result in (REMAINS, PENDING, UNVERIFIABLE, GONE):
        shown = [r for r in report.rechecks if r.result == result]
        if not shown:
            continue
        lines += ["", f"【{result}】{len(shown)} 个"]
        for recheck in shown:
            key = recheck.row.key
            claimed = (
                "（单位填报为已整改）" if result == REMAINS and recheck.row.status == DONE else ""
            )
            lines.append(f"  {key.unit} {key.case_no} {key.id}{claimed}：{recheck.note}")
            lines += [f"    改动 {change.describe()}" for change in recheck.changes]
    refused = [r for r in report.rechecks if r.refused]
    if refused:
        lines += ["", f"【未销号】{len(refused)} 个"]
        lines += [
            f"  {r.row.key.unit} {r.row.key.case_no} {r.row.key.id}：{r.refused}" for r in refused
        ]
    if report.file_errors:
        lines += ["", *(f"无法读取：{e}" for e in report.file_errors)]
    lines += ["", f"回头看结果已写入：{report.output}"]
    return "\n".join(lines) + "\n"
