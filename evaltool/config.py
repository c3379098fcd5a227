"""The review config (``evaltool.yaml``, docs/config.md): who reviews what, and how documents are issued.

Loaded with the safe line-number YAML loader; every problem is collected and
reported as ``file:第 N 行：中文消息``. Relative paths are taken from the
config file's folder. CLI options override values with ``dataclasses.replace``.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evaltool.calendar import Calendar, HolidaySchedule
from evaltool.errors import ConfigError
from evaltool.read.values import Unreadable, parse_date
from evaltool.yamlfile import LineDict, Validator, read_yaml

DEFAULT_DEADLINE_WORKDAYS = 20

TOP_KEYS = {
    "name",
    "year",
    "reviewing_body",
    "law_firm",
    "period",
    "method",
    "checklist",
    "inputs",
    "document_number",
    "issue_date",
    "deadline_workdays",
    "contacts",
    "units",
    "templates",
    "privacy",
    "review_date",
    "marks",
    "resolve",
    "waivers",
    "output",
    "index",
    "disagreement",
    "reviewers",
    "previous",
    "holidays",
}
DISAGREEMENT_RULES = ("从严", "从宽")  # the larger deduction, the smaller (review/merge.py)
HOLIDAY_KEYS = {"days_off", "workdays"}  # not "off": YAML reads it as false
INDEX_KEYS = {"config", "ledgers", "extra"}
PERIOD_KEYS = {"from", "to"}
DOCNO_KEYS = {"prefix", "first", "summary"}
CONTACT_KEYS = {"name", "phone", "office"}
UNIT_KEYS = {"name", "full_name", "group"}
PRIVACY_KEYS = {"mask_names", "mask_companies"}
# Brackets that GB/T 9704 rules out in a 发文字号, and the six-corner ones the tool adds itself.
_DOCNO_FORBIDDEN = re.compile(r"[〔〕【】\[\]()（）\d]")


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str = ""
    office: str = ""


@dataclass(frozen=True)
class UnitInfo:
    """A unit as the config knows it: the name used in registers, its full name and its group."""

    name: str
    full_name: str
    group: str = ""


@dataclass(frozen=True)
class IndexSettings:
    """The enforcement index for `evaltool run`: its config (None: the shipped default), the
    previous round's returned ledgers (整改率) and the bureau's workbook of external values."""

    config: Path | None = None
    ledgers: tuple[Path, ...] = ()
    extra: Path | None = None


@dataclass(frozen=True)
class ReviewConfig:
    """Everything documents need beyond the results file. All fields have usable defaults."""

    path: Path | None = None
    name: str = "行政处罚案卷评查"
    year: int | None = None
    reviewing_body: str = ""
    law_firm: str = ""
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    method: str = ""
    checklist: str | dict[str, str] | None = None  # one standard, or procedure type → standard
    inputs: tuple[Path, ...] = ()
    docno_prefix: str = ""
    docno_first: int = 1
    docno_summary: int | None = None
    issue_date: dt.date | None = None
    deadline_workdays: int = DEFAULT_DEADLINE_WORKDAYS
    contacts: tuple[Contact, ...] = ()
    units: tuple[UnitInfo, ...] = ()
    templates: Path | None = None
    mask_names: bool = True
    mask_companies: bool = False
    review_date: dt.date | None = None
    marks: tuple[Path, ...] = ()
    resolve: Path | None = None
    waivers: Path | None = None
    output: Path | None = None
    index: "IndexSettings | None" = None
    disagreement: str = DISAGREEMENT_RULES[0]
    reviewers: tuple[str, ...] = ()  # who may sign off (销号) ledger rows
    previous: Path | None = None  # the previous review's results (year-over-year figures)
    holidays: HolidaySchedule = field(default_factory=HolidaySchedule)

    def override(self, **values: Any) -> "ReviewConfig":
        """A copy with the values that are not None replaced (CLI options over the file)."""
        values = {k: v for k, v in values.items() if v is not None}
        problem = docno_prefix_problem(values.get("docno_prefix", self.docno_prefix))
        if problem:
            raise ConfigError([problem])
        return replace(self, **values)

    def missing_document_fields(self) -> list[str]:
        """The fields a notice or 通报 cannot be issued without that this config lacks, in Chinese."""
        wanted = [
            (self.reviewing_body, "评查组织单位（reviewing_body）"),
            (self.docno_prefix, "发文字号的机关代字（document_number.prefix，或 --docno-prefix）"),
            (self.issue_date, "成文日期（issue_date，或 --issue-date）"),
        ]
        return [name for value, name in wanted if not value]

    def calendar(self) -> Calendar:
        """A day-counting calendar with this review's holiday schedule over chinesecalendar's."""
        return Calendar(self.holidays)

    def unit(self, name: str) -> UnitInfo:
        """The configured unit of that name, or one with the name as its full name."""
        for unit in self.units:
            if unit.name == name:
                return unit
        return UnitInfo(name=name, full_name=name)

    def document_number(self, serial: int, year: int) -> str:
        """A 发文字号 per GB/T 9704: 代字〔年份〕序号号, no zero padding; empty without a prefix."""
        if not self.docno_prefix:
            return ""
        return f"{self.docno_prefix}〔{year}〕{serial}号"


def docno_prefix_problem(prefix: str) -> str | None:
    """Why a 机关代字 cannot be used in a 发文字号, or None when it can."""
    if prefix and _DOCNO_FORBIDDEN.search(prefix):
        return f"机关代字「{prefix}」只写代字（如 綦司发），年份〔〕和序号由工具按 GB/T 9704 生成"
    return None


def load_config(path: str | Path | None) -> ReviewConfig:
    """Read and validate a review config; ``None`` gives the defaults. Raises ConfigError."""
    if path is None:
        return ReviewConfig()
    path = Path(path)
    data = read_yaml(path, error=ConfigError, what="评查配置文件")
    return _Validator(path).config(data)


class _Validator(Validator):
    """Turns parsed YAML into a ReviewConfig, collecting every problem with its line."""

    def text(self, node: LineDict, key: str, where: str, default: str = "") -> str:
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(node, key, f"{where}的「{key}」应为文字")
            return default
        return str(value).strip()

    def integer(self, node: LineDict, key: str, where: str, default: Any, minimum: int) -> Any:
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(
                node, key, f"{where}的「{key}」应为不小于 {minimum} 的整数，实际为「{value}」"
            )
            return default
        return value

    def boolean(self, node: LineDict, key: str, where: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.error(node, key, f"{where}的「{key}」应为 true 或 false，实际为「{value}」")
            return default
        return value

    def date(self, node: LineDict, key: str, where: str) -> dt.date | None:
        """A date in any form registers take (2024-04-15, 2024-4-15, 2024/4/15, 2024年4月15日)."""
        value = node.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool | int | float):
                raise Unreadable("应为日期")
            return parse_date(value)
        except Unreadable:
            self.error(
                node,
                key,
                f"{where}的「{key}」应为日期，如 2024-04-15、2024/4/15、2024年4月15日，实际为「{value}」",
            )
            return None

    def relative(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.path.parent / path

    def config(self, data: Any) -> ReviewConfig:
        if data is None:
            data = LineDict()
        if not self.mapping(data, TOP_KEYS, "评查配置", None, None):
            raise ConfigError(self.problems)
        where = "评查配置"
        values: dict[str, Any] = {
            "path": self.path,
            "name": self.text(data, "name", where, ReviewConfig.name) or ReviewConfig.name,
            "year": self.integer(data, "year", where, None, 1949),
            "reviewing_body": self.text(data, "reviewing_body", where),
            "law_firm": self.text(data, "law_firm", where),
            "method": self.text(data, "method", where),
            "issue_date": self.date(data, "issue_date", where),
            "review_date": self.date(data, "review_date", where),
            "deadline_workdays": self.integer(
                data, "deadline_workdays", where, DEFAULT_DEADLINE_WORKDAYS, 1
            ),
        }
        if isinstance(data.get("checklist"), dict):
            values["checklist"] = self.checklists(data)
        else:
            checklist = self.text(data, "checklist", where)
            if checklist:
                values["checklist"] = self.standard(checklist)
        templates = self.text(data, "templates", where)
        if templates:
            values["templates"] = self.relative(templates)
            if not values["templates"].is_dir():
                self.error(data, "templates", f"模板文件夹不存在：{values['templates']}")
        values.update(self.period(data))
        values["inputs"] = self.paths(data, "inputs", "登记表文件或文件夹")
        values["marks"] = self.paths(data, "marks", "评分表文件或文件夹")
        if "index" in data:
            values["index"] = self.index(data)
        values["reviewers"] = self.names(data, "reviewers")
        for key in ("resolve", "waivers", "output", "previous"):
            text = self.text(data, key, where)
            if text:
                values[key] = self.relative(text)
        values.update(self.docno(data))
        values["contacts"] = self.contacts(data)
        values["units"] = self.units(data)
        values.update(self.privacy(data))
        rule = self.text(data, "disagreement", where, DISAGREEMENT_RULES[0])
        if rule not in DISAGREEMENT_RULES:
            self.error(
                data,
                "disagreement",
                f"分歧处理规则「disagreement」应为 {'或'.join(DISAGREEMENT_RULES)}，实际为「{rule}」",
            )
        values["disagreement"] = rule
        if "holidays" in data:
            values["holidays"] = self.holidays(data)
        if self.problems:
            raise ConfigError(self.problems)
        return ReviewConfig(**values)

    def standard(self, ref: str) -> str:
        """A standard's id, or its path when it is a file relative to the config."""
        resolved = self.relative(ref)
        return str(resolved) if resolved.is_file() else ref

    def checklists(self, data: LineDict) -> dict[str, str] | None:
        """``checklist: {普通程序: chongqing, 简易程序: simple}``: the standard of each procedure type
        (the procedure types are checked when the standards are loaded)."""
        node = data["checklist"]
        problems = [
            f"「checklist」中{key}的评查标准应为内置标准的编号或 YAML 文件路径"
            for key, value in node.items()
            if not isinstance(value, str) or not value.strip()
        ]
        for problem in problems:
            self.error(data, "checklist", problem)
        if problems or not node:
            if not node:
                self.error(data, "checklist", "「checklist」映射为空，应写明各程序类型的评查标准")
            return None
        return {key: self.standard(value.strip()) for key, value in node.items()}

    def index(self, data: LineDict) -> IndexSettings | None:
        node = data["index"]
        if node is None or node is False:
            return None
        if node is True or node == "default":
            return IndexSettings()
        if isinstance(node, str):
            return IndexSettings(config=self.relative(node))
        if not self.mapping(node, INDEX_KEYS, "index", data, "index"):
            return None
        config = self.text(node, "config", "index")
        extra = self.text(node, "extra", "index")
        return IndexSettings(
            config=self.relative(config) if config and config != "default" else None,
            ledgers=self.paths(node, "ledgers", "上一轮整改台账"),
            extra=self.relative(extra) if extra else None,
        )

    def period(self, data: LineDict) -> dict[str, Any]:
        node = data.get("period")
        if node is None or not self.mapping(node, PERIOD_KEYS, "period", data, "period"):
            return {}
        start, end = self.date(node, "from", "period"), self.date(node, "to", "period")
        if start and end and start > end:
            self.error(node, "to", f"评查期间的结束日期 {end} 早于开始日期 {start}")
        return {"period_from": start, "period_to": end}

    def names(self, data: LineDict, key: str) -> tuple[str, ...]:
        """A list of non-empty names (a single name is a list of one)."""
        raw = data.get(key)
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
            self.error(data, key, f"「{key}」应为姓名列表，如 [王某, 李某]")
            return ()
        return tuple(v.strip() for v in raw)

    def paths(self, data: LineDict, key: str, what: str) -> tuple[Path, ...]:
        """A path or list of paths, relative to the config's folder."""
        raw = data.get(key)
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
            self.error(data, key, f"「{key}」应为{what}的路径列表")
            return ()
        return tuple(self.relative(v) for v in raw)

    def docno(self, data: LineDict) -> dict[str, Any]:
        node = data.get("document_number")
        where = "document_number"
        if node is None or not self.mapping(node, DOCNO_KEYS, where, data, where):
            return {}
        prefix = self.text(node, "prefix", where)
        if not prefix:
            self.error(node, "prefix", "发文字号缺少机关代字「prefix」，如 綦司发")
        elif docno_prefix_problem(prefix):
            self.error(node, "prefix", docno_prefix_problem(prefix))
        return {
            "docno_prefix": prefix,
            "docno_first": self.integer(node, "first", where, 1, 1),
            "docno_summary": self.integer(node, "summary", where, None, 1),
        }

    def contacts(self, data: LineDict) -> tuple[Contact, ...]:
        raw = data.get("contacts") or []
        if not isinstance(raw, list):
            self.error(data, "contacts", "「contacts」应为联系人列表，如 - {name: 张某, phone: …}")
            return ()
        contacts = []
        for node in raw:
            if self.mapping(node, CONTACT_KEYS, "联系人", data, "contacts"):
                name = self.text(node, "name", "联系人")
                if not name:
                    self.error(node, "name", "联系人缺少「name」")
                contacts.append(
                    Contact(
                        name,
                        self.text(node, "phone", "联系人"),
                        self.text(node, "office", "联系人"),
                    )
                )
        return tuple(contacts)

    def units(self, data: LineDict) -> tuple[UnitInfo, ...]:
        raw = data.get("units") or []
        if not isinstance(raw, list):
            self.error(
                data,
                "units",
                "「units」应为执法单位列表，如 - {name: …, full_name: …, group: 街镇}",
            )
            return ()
        units, seen = [], {}
        for node in raw:
            if not self.mapping(node, UNIT_KEYS, "执法单位", data, "units"):
                continue
            name = self.text(node, "name", "执法单位")
            if not name:
                self.error(node, "name", "执法单位缺少「name」（登记表中的单位名称）")
                continue
            if name in seen:
                self.error(node, "name", f"执法单位「{name}」重复（第 {seen[name]} 行已出现）")
                continue
            seen[name] = node.lines.get("name", node.line)
            full_name = self.text(node, "full_name", "执法单位") or name
            units.append(UnitInfo(name, full_name, self.text(node, "group", "执法单位")))
        return tuple(units)

    def holidays(self, data: LineDict) -> HolidaySchedule:
        """The holiday schedule: ``days_off`` and ``workdays`` (调休 weekend days worked)."""
        node = data["holidays"]
        if node is None or not self.mapping(node, HOLIDAY_KEYS, "holidays", data, "holidays"):
            return HolidaySchedule()
        lists = {}
        for key in sorted(HOLIDAY_KEYS):
            raw = node.get(key) or []
            try:
                if not isinstance(raw, list) or any(isinstance(d, bool | int | float) for d in raw):
                    raise Unreadable("应为日期列表")
                lists[key] = frozenset(parse_date(d) for d in raw)
            except Unreadable:
                self.error(
                    node, key, f"holidays 的「{key}」应为日期列表，如 [2027-01-01, 2027-02-08]"
                )
                lists[key] = frozenset()
        both = lists["days_off"] & lists["workdays"]
        if both:
            days = "、".join(str(d) for d in sorted(both))
            self.error(node, "workdays", f"{days} 既列为放假又列为调休上班，请只保留一处")
        return HolidaySchedule(lists["days_off"], lists["workdays"])

    def privacy(self, data: LineDict) -> dict[str, Any]:
        node = data.get("privacy")
        if node is None or not self.mapping(node, PRIVACY_KEYS, "privacy", data, "privacy"):
            return {}
        return {
            "mask_names": self.boolean(node, "mask_names", "privacy", True),
            "mask_companies": self.boolean(node, "mask_companies", "privacy", False),
        }
