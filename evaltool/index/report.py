"""The index document as a terminal table, 行政执法指数.xlsx and 行政执法指数.html.

Every figure is shown with what it was computed from: each part's raw value and its inputs,
the 0–100 value and its arithmetic, the weight configured and the weight used, the points.
"""

from pathlib import Path
from typing import Any

import jinja2
from openpyxl import Workbook

from evaltool.errors import EvaltoolError
from evaltool.index.compute import INDEX_FORMAT, SHIPPED_NOTE, results_identity
from evaltool.output import write_atomic
from evaltool.render.charts import PALETTE, Bar, bar_chart
from evaltool.render.documents import Written, write_document
from evaltool.render.filters import number
from evaltool.render.mask import mask_strings
from evaltool.score.uncertainty import MIN_FILES, RESAMPLES
from evaltool.text import json_text, read_json, text_table
from evaltool.xlsx import save_workbook, set_value, write_table

INDEX_TEMPLATE = "index/report.html.j2"
INDEX_JSON, INDEX_XLSX, INDEX_HTML_STEM = "index.json", "行政执法指数.xlsx", "行政执法指数"
PERCENT = "0.0%"


def load_index(path: str | Path, results: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read an index document written by ``evaltool index`` (index.json); with ``results``,
    refuse an index that was not computed from them."""
    data = read_json(path, "指数文件")
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        raise EvaltoolError(f"{path}：不是 evaltool index 写出的指数文件（{INDEX_FORMAT}）")
    if results is not None and data.get("results") != results_identity(results):
        raise EvaltoolError(
            f"{path}：该指数不是由本次评查结果计算的（指数文件记录的评查结果生成于 "
            f"{data.get('results', {}).get('generated_at')}），请先用 evaltool index 重新计算"
        )
    return data


UNCERTAINTY_NOTE = (
    f"90%区间按各单位自身案卷重复抽样 {RESAMPLES} 次（案卷很多的单位少一些）重算指数得出"
    "（固定随机种子，结果可重现）；"
    f"区间相互重叠的单位不分先后，名次范围即其可能的名次；案卷不足 {MIN_FILES} 件的单位"
    "无法估计区间宽度，不与其他单位区分名次"
)


def rank_span(unit: dict[str, Any]) -> str:
    """The ranks a unit's uncertainty allows, e.g. 2–5; — without an index."""
    span = unit.get("rank_range")
    if not span:
        return "—"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def interval_text(unit: dict[str, Any]) -> str:
    span = unit.get("interval")
    return f"{number(span[0])}–{number(span[1])}" if span else "—"


def _value(value: float | None, note: str = "") -> str:
    return (note or "—") if value is None else number(value)


def render_index(index: dict[str, Any]) -> str:
    """The ranking with each part's 0–100 value, then groups, county and notes."""
    indicators = index["config"]["indicators"]
    rows = [
        [
            "排名",
            "名次范围",
            "执法单位",
            "案卷",
            "指数",
            "90%区间",
            *(f"{i['title']}{i['id']}" for i in indicators),
            "说明",
        ]
    ]
    for unit in index["units"]:
        parts = {p["id"]: p for p in unit["parts"]}
        rows.append(
            [
                str(unit["rank"] or "—"),
                rank_span(unit),
                unit["unit"],
                str(unit["cases"]),
                _value(unit["index"], unit["note"]),
                interval_text(unit),
                *(_value(parts[i["id"]]["normalised"]) for i in indicators),
                "暂定" if unit["provisional"] else "",
            ]
        )
    lines = [f"{index['title']}（{index['config']['aggregation_text']}）", *text_table(rows)]
    if index["groups"]:
        rows = [["分组", "排名", "单位数", "指数"]]
        rows += [
            [g["group"], str(g["rank"] or "—"), str(g["units"]), _value(g["index"])]
            for g in index["groups"]
        ]
        lines += ["", *text_table(rows)]
    lines += ["", f"全区（县）：{_value(index['county']['index'])}"]
    yoy = index.get("year_over_year")
    lines += ["", f"同比：{'；'.join(yoy['sentences'])}。"] if yoy else []
    lines += [f"说明：{UNCERTAINTY_NOTE}"] if any(u.get("interval") for u in index["units"]) else []
    lines += [f"说明：{SHIPPED_NOTE}"] if index["config"]["shipped"] else []
    lines += [f"说明：{note}" for note in index["notes"]]
    lines += [f"问题：{problem}" for problem in index["problems"]]
    return "\n".join(lines) + "\n"


def write_index_files(
    index: dict[str, Any], env: jinja2.Environment, folder: str | Path
) -> list[Path]:
    """index.json, 行政执法指数.xlsx and 行政执法指数.html in ``folder``."""
    folder = Path(folder)
    html = write_index_html(index, env, folder / INDEX_HTML_STEM)
    return [
        write_atomic(folder / INDEX_JSON, json_text(index)),
        write_index_workbook(index, folder / INDEX_XLSX),
        *html.paths,
    ]


def write_index_html(index: dict[str, Any], env: jinja2.Environment, base: Path) -> Written:
    """The published index report: numbers in its texts (notes, unit names) masked."""
    return write_document(
        env,
        INDEX_TEMPLATE,
        index_context(mask_strings(index)),
        base,
        ["html"],
        title=f"{index['title']}报告",
    )


def index_context(index: dict[str, Any]) -> dict[str, Any]:
    """What ``index/report.html.j2`` sees: the index document and its charts (docs/index.md)."""
    ranked = [u for u in index["units"] if u["index"] is not None]
    return {
        "index": index,
        "rank_span": rank_span,
        "interval_text": interval_text,
        "uncertainty_note": UNCERTAINTY_NOTE,
        "charts": {
            "units": bar_chart(
                [Bar(u["unit"], u["index"], number(u["index"])) for u in ranked],
                title=f"各单位{index['title']}",
                maximum=100,
            )
            if ranked
            else None,
            "groups": bar_chart(
                [
                    Bar(g["group"], g["index"], number(g["index"]), PALETTE[1 + n % 5])
                    for n, g in enumerate(index["groups"])
                    if g["index"] is not None
                ],
                title=f"各分组{index['title']}",
                maximum=100,
            )
            if any(g["index"] is not None for g in index["groups"])
            else None,
        },
    }


def write_index_workbook(index: dict[str, Any], path: str | Path) -> Path:
    """行政执法指数.xlsx, published like the report: numbers in its texts masked."""
    index = mask_strings(index)
    workbook = Workbook()
    _ranking_sheet(workbook.active, index)
    _levels_sheet(workbook.create_sheet("分组与全区"), index)
    _detail_sheet(workbook.create_sheet("得分明细"), index)
    _fixes_sheet(workbook.create_sheet("提升建议"), index)
    _config_sheet(workbook.create_sheet("指标说明"), index)
    return save_workbook(workbook, path)


def _indicator_headers(index) -> list[str]:
    return [f"{i['title']}（{i['id']}）" for i in index["config"]["indicators"]]


def _special_titles(index) -> list[str]:
    return [s["title"] for s in index["special"]]


def _ranking_sheet(sheet, index) -> None:
    sheet.title = "指数排名"
    headers = ["排名", "名次范围", "执法单位", "分组", "组内排名", "评查案卷数", index["title"]]
    headers += ["90%区间下限", "90%区间上限", "暂定"]
    headers += [*_indicator_headers(index), *_special_titles(index), "说明"]
    rows = []
    for unit in index["units"]:
        parts = [p["normalised"] for p in unit["parts"]]
        special = [s["value"] for s in unit["special"]]
        rows.append(
            [
                unit["rank"],
                rank_span(unit),
                unit["full_name"],
                unit["group"],
                unit["group_rank"],
                unit["cases"],
                unit["note"] or unit["index"],
                *(unit.get("interval") or (None, None)),
                "暂定" if unit["provisional"] else "",
                *parts,
                *special,
                "；".join(unit["notes"]),
            ]
        )
    write_table(sheet, headers, rows)


def _levels_sheet(sheet, index) -> None:
    headers = ["层级", "名称", "排名", "单位数", "有指数的单位数", "评查案卷数", index["title"]]
    headers += [*_indicator_headers(index), *_special_titles(index)]
    indicators = [i["id"] for i in index["config"]["indicators"]]
    specials = [s["id"] for s in index["special"]]

    def row(level, name, rank, entry):
        return [
            level,
            name,
            rank,
            entry["units"],
            entry["units_with_index"],
            entry["cases"],
            entry["index"],
            *(entry["parts"][i] for i in indicators),
            *(entry["special"][s] for s in specials),
        ]

    rows = [row("全区（县）", "全区（县）", None, index["county"])]
    rows += [row("分组", g["group"], g["rank"], g) for g in index["groups"]]
    last = write_table(sheet, headers, rows)
    set_value(
        sheet.cell(row=last + 2, column=1), f"合成方式：{index['config']['aggregation_text']}"
    )


def _detail_sheet(sheet, index) -> None:
    headers = [
        "排名",
        "执法单位",
        "指标",
        "原始值",
        "计算过程",
        "已评估占比",
        "暂定",
        "归一化值（0–100）",
        "归一化计算",
        "配置权重",
        "实际权重",
        "得分",
    ]
    rows = []
    for unit in index["units"]:
        for part in unit["parts"]:
            rows.append(
                [
                    unit["rank"],
                    unit["full_name"],
                    f"{part['title']}（{part['id']}）",
                    part["raw_text"],
                    part["explanation"],
                    part["assessed"],
                    "暂定" if part["provisional"] else "",
                    part["normalised"],
                    part["arithmetic"],
                    part["weight_share"],
                    part["weight_used"],
                    part["points"],
                ]
            )
        total = unit["note"] or unit["index"]
        rows.append([unit["rank"], unit["full_name"], "合计（指数）", *[None] * 8, total])
    write_table(sheet, headers, rows, max_width=50)
    for number_row in range(2, len(rows) + 2):
        for column in (6, 10, 11):
            sheet.cell(row=number_row, column=column).number_format = PERCENT
        sheet.cell(row=number_row, column=12).number_format = "0.00"


def _fixes_sheet(sheet, index) -> None:
    headers = [
        "执法单位",
        "序号",
        "评查项目编号",
        "评查项目",
        "否决项",
        "问题数",
        "涉及案卷数",
        "平均分（现）",
        "平均分（整改后）",
        "平均分提高",
        "指数（现）",
        "指数（整改后）",
        "指数提高",
    ]
    rows = []
    for unit in index["units"]:
        sensitivity = unit["sensitivity"]
        if not sensitivity or not sensitivity["fixes"]:
            continue
        for number_, fix in enumerate(sensitivity["fixes"], start=1):
            rows.append(
                [
                    unit["full_name"],
                    number_,
                    fix["item_id"],
                    fix["title"],
                    "是" if fix["veto"] else "",
                    fix["problems"],
                    fix["files"],
                    *_gain_cells(fix),
                ]
            )
        together = sensitivity["together"]
        rows.append(
            [unit["full_name"], "合计", "以上各项同时整改", *[None] * 4, *_gain_cells(together)]
        )
    last = write_table(sheet, headers, rows)
    set_value(sheet.cell(row=last + 2, column=1), SENSITIVITY_NOTE)


SENSITIVITY_NOTE = (
    "计算方法：假设该单位某一评查项目的全部问题均已整改（该项在有关案卷中改为符合、不再扣分），"
    "其他不变，重新计算案卷得分（否决案卷按 0 分计）和指数；其他单位的数值、权重和最小—最大值折算的"
    "上下限保持本次计算的数值。按指数提高多少排列，取前三项。"
)


def _gain_cells(gains: dict[str, Any]) -> list:
    return [
        gains["score_before"],
        gains["score_after"],
        gains["score_gain"],
        gains["index_before"],
        gains["index_after"],
        gains["index_gain"],
    ]


def _config_sheet(sheet, index) -> None:
    config = index["config"]
    rows = [
        [
            i["id"],
            i["title"],
            i["formula_text"],
            i["direction_text"],
            i["normalise_text"],
            i["weight"],
            i["weight_share"],
            i["description"],
        ]
        for i in config["indicators"]
    ]
    last = write_table(
        sheet, ["编号", "指标", "计算公式", "方向", "归一化", "权重", "权重占比", "说明"], rows
    )
    for number_row in range(2, len(rows) + 2):
        sheet.cell(row=number_row, column=7).number_format = PERCENT
    lines = [
        f"指数配置：{config['title']} {config['version']}（{config['path']}）",
        f"合成方式：{config['aggregation_text']}",
        *([f"说明：{SHIPPED_NOTE}"] if config["shipped"] else []),
        f"暂定：已评估占比低于 {number(config['provisional_below'] * 100)}% 的分指数标为暂定",
        f"评查结果：评查日期 {index['results']['review_date']}，评查标准 {index['results']['checklist']}，"
        f"案卷 {index['results']['cases']} 件",
        *(f"说明：{note}" for note in index["notes"]),
        *(f"问题：{problem}" for problem in index["problems"]),
    ]
    for offset, line in enumerate(lines):
        set_value(sheet.cell(row=last + 2 + offset, column=1), line)
