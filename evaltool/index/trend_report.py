"""The trend document as a terminal table, 行政执法指数趋势.xlsx and 行政执法指数趋势.html (with SVG charts)."""

from pathlib import Path
from typing import Any

import jinja2
from openpyxl import Workbook

from evaltool.index.compute import SHIPPED_NOTE
from evaltool.index.trend import change
from evaltool.output import write_atomic
from evaltool.render.charts import PALETTE, Bar, Series, bar_chart, line_chart
from evaltool.render.documents import Written, write_document
from evaltool.render.filters import number, signed
from evaltool.text import json_text, text_table
from evaltool.xlsx import save_workbook, write_table

TREND_TEMPLATE = "index/trend.html.j2"
TREND_JSON, TREND_XLSX, TREND_HTML_STEM = "trend.json", "行政执法指数趋势.xlsx", "行政执法指数趋势"
UP, DOWN = "#3f8f5a", "#b03a2e"


def _value(value) -> str:
    return "—" if value is None else number(value)


def _signed(value) -> str:
    return signed(value) or "—"


def render_trend(trend: dict[str, Any]) -> str:
    """Each unit's index per period and its change, then the movers and the county."""
    labels = trend["labels"]
    rows = [["执法单位", *labels, "变化"]]
    for unit in trend["units"]:
        rows.append([unit["unit"], *map(_value, unit["index"]), _signed(unit["change"])])
    lines = [f"{trend['title']}：{' → '.join(labels)}", *text_table(rows), ""]
    lines.append("全区（县）：" + " → ".join(map(_value, trend["county"]["index"])))
    for group in trend["groups"]:
        lines.append(f"{group['group']}：" + " → ".join(map(_value, group["index"])))
    for title, movers in (
        ("上升最多", trend["movers"]["up"]),
        ("下降最多", trend["movers"]["down"]),
    ):
        lines += ["", f"【{title}】"]
        lines += [
            f"{m['unit']}：{_value(m['first'])} → {_value(m['last'])}（{_signed(m['change'])}）"
            + (f"，主要变化：{_drivers(m)}" if m["drivers"] else "")
            for m in movers
        ] or ["无。"]
    lines += [f"说明：{note}" for note in trend["notes"]]
    lines += [f"说明：{SHIPPED_NOTE}"] if trend["config"]["shipped"] else []
    return "\n".join(lines) + "\n"


def _drivers(mover: dict[str, Any]) -> str:
    return "、".join(f"{d['title']}{signed(d['points'])}分" for d in mover["drivers"])


def write_trend_files(
    trend: dict[str, Any], env: jinja2.Environment, folder: str | Path
) -> list[Path]:
    folder = Path(folder)
    html = write_trend_html(trend, env, folder / TREND_HTML_STEM)
    return [
        write_atomic(folder / TREND_JSON, json_text(trend)),
        write_trend_workbook(trend, folder / TREND_XLSX),
        *html.paths,
    ]


def write_trend_html(trend: dict[str, Any], env: jinja2.Environment, base: Path) -> Written:
    return write_document(
        env, TREND_TEMPLATE, trend_context(trend), base, ["html"], title=f"{trend['title']}趋势"
    )


def trend_context(trend: dict[str, Any]) -> dict[str, Any]:
    """What ``index/trend.html.j2`` sees: the trend document and its charts (docs/index.md)."""
    labels = trend["labels"]
    levels = [Series("全区（县）", trend["county"]["index"], PALETTE[0])]
    levels += [
        Series(g["group"], g["index"], PALETTE[(n + 1) % len(PALETTE)])
        for n, g in enumerate(trend["groups"])
    ]
    changes = sorted(
        (u for u in trend["units"] if u["change"] is not None), key=lambda u: -u["change"]
    )
    units = {}
    for unit in trend["units"]:
        series = [Series("指数", unit["index"], "#000000")]
        series += [
            Series(i["title"], unit["parts"].get(i["id"], []), PALETTE[n % len(PALETTE)])
            for n, i in enumerate(trend["indicators"])
            if any(v is not None for v in unit["parts"].get(i["id"], []))
        ]
        units[unit["unit"]] = line_chart(labels, series, title=f"{unit['full_name']}指数及分指数")
    return {
        "trend": trend,
        "charts": {
            "levels": line_chart(labels, levels, title=f"全区（县）和各分组{trend['title']}"),
            "changes": bar_chart(
                [
                    Bar(
                        u["unit"],
                        abs(u["change"]),
                        _signed(u["change"]),
                        UP if u["change"] >= 0 else DOWN,
                    )
                    for u in changes
                ],
                title=f"各单位指数变化（{labels[0]}—{labels[-1]}）",
            )
            if changes
            else None,
            "units": units,
        },
    }


def write_trend_workbook(trend: dict[str, Any], path: str | Path) -> Path:
    labels = trend["labels"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "指数趋势"
    rows = [["全区（县）", "", *trend["county"]["index"], change(trend["county"]["index"])]]
    rows += [[g["group"], "分组", *g["index"], change(g["index"])] for g in trend["groups"]]
    rows += [[u["full_name"], u["group"], *u["index"], u["change"]] for u in trend["units"]]
    write_table(sheet, ["名称", "分组", *labels, "变化"], rows)
    parts = workbook.create_sheet("分指数趋势")
    titles = {i["id"]: f"{i['title']}（{i['id']}）" for i in trend["indicators"]}
    rows = [
        [u["full_name"], titles.get(key, key), *values, change(values)]
        for u in trend["units"]
        for key, values in u["parts"].items()
    ]
    write_table(parts, ["执法单位", "指标", *labels, "变化"], rows)
    ranks = workbook.create_sheet("排名与平均分")
    rows = [
        [
            u["full_name"],
            *u["rank"],
            *u["mean_score"],
            *u["problems_per_file"],
        ]
        for u in trend["units"]
    ]
    headers = ["执法单位", *(f"排名 {x}" for x in labels)]
    headers += [*(f"平均分 {x}" for x in labels), *(f"每卷问题数 {x}" for x in labels)]
    write_table(ranks, headers, rows)
    movers = workbook.create_sheet("变化最大")
    rows = [
        [
            direction,
            m["full_name"],
            m["first"],
            m["last"],
            m["change"],
            _drivers(m),
            m["score_change"],
            m["score_trend"],
            m["new_problems"],
            m["fixed_problems"],
        ]
        for direction, key in (("上升", "up"), ("下降", "down"))
        for m in trend["movers"][key]
    ]
    write_table(
        movers,
        [
            "方向",
            "执法单位",
            f"指数 {labels[0]}",
            f"指数 {labels[-1]}",
            "变化",
            "主要变化（分指数得分）",
            "平均分变化",
            "评查结果比较",
            "新出现问题（类）",
            "已消除问题（类）",
        ],
        rows,
    )
    steps = workbook.create_sheet("逐次比较")
    rows = [
        [
            s["from"],
            s["to"],
            s["summary"]["better"],
            s["summary"]["worse"],
            s["summary"]["same"],
            s["new_problems"],
            s["fixed_problems"],
            "是" if s["same_checklist"] else "否",
        ]
        for s in trend["steps"]
    ]
    write_table(
        steps,
        [
            "从",
            "到",
            "好转单位",
            "退步单位",
            "持平单位",
            "新出现问题（类）",
            "已消除问题（类）",
            "评查标准相同",
        ],
        rows,
    )
    return save_workbook(workbook, path)
