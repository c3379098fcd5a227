"""The register fields of register-columns.md: canonical keys, Chinese headers, aliases and types."""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One register column as the input contract defines it."""

    key: str
    header: str
    aliases: tuple[str, ...]
    kind: str  # int | text | enum | date | date_or_bool | bool | list | amount


def _f(key, header, aliases="", kind="text") -> Field:
    return Field(key, header, tuple(a for a in aliases.split(",") if a), kind)


FIELDS: tuple[Field, ...] = (
    _f("seq", "序号", "编号", "int"),
    _f("unit", "执法单位", "执法机关,行政执法单位,处罚机关,实施处罚单位,办案单位,单位名称"),
    _f("case_no", "案号", "案件编号,立案编号,立案号,案卷号"),
    _f("decision_no", "决定书文号", "处罚决定书文号,行政处罚决定书文号,文号"),
    _f("case_name", "案件名称"),
    _f("procedure", "程序类型", "适用程序,办案程序", "enum"),
    _f("cause", "案由", "违法行为类型,违法行为"),
    _f("source", "案件来源", "案源"),
    _f("party", "当事人", "当事人名称,行政相对人名称,被处罚人"),
    _f("party_type", "当事人类别", "当事人类型,行政相对人类别", "enum"),
    _f("party_id", "证件号码", "统一社会信用代码,身份证号码,证件号"),
    _f("violation_on", "违法行为发生日期", "违法日期,案发日期", "date"),
    _f("violation_end_on", "违法行为终了日期", "", "date"),
    _f("discovered_on", "发现日期", "线索发现日期,检查日期,案源登记日期,受理日期", "date"),
    _f("filed_on", "立案日期", "立案时间", "date"),
    _f("notified_on", "告知日期", "事先告知日期,告知书送达日期,处罚告知日期", "date"),
    _f("hearing_notified", "听证告知", "是否告知听证权利", "bool"),
    _f("hearing_requested_on", "听证申请日期", "", "date"),
    _f("hearing_notice_on", "听证通知日期", "", "date"),
    _f("hearing_on", "听证日期", "听证举行日期", "date"),
    _f("legal_review_on", "法制审核日期", "法制审核", "date_or_bool"),
    _f("collective_on", "集体讨论日期", "集体讨论", "date_or_bool"),
    _f("extension_days", "延期天数", "批准延期天数", "int"),
    _f("excluded_days", "不计入期间天数", "中止天数", "int"),
    _f("decided_on", "决定日期", "处罚决定日期,作出决定日期", "date"),
    _f("served_on", "送达日期", "决定书送达日期", "date"),
    _f("publicized_on", "公示日期", "公开日期,双公示日期", "date"),
    _f("paid_on", "缴款日期", "履行日期", "date"),
    _f("closed_on", "结案日期", "", "date"),
    _f("penalty_kinds", "处罚种类", "处罚类别", "list"),
    _f("fine", "罚款金额（元）", "罚款金额,罚款（万元）", "amount"),
    _f(
        "confiscated",
        "没收金额（元）",
        "没收违法所得金额,没收违法所得、没收非法财物的金额（万元）",
        "amount",
    ),
    _f("basis", "处罚依据", "法律依据,处罚依据条款"),
    _f("violated_provision", "违法依据", "违反条款,定性依据"),
    _f("officers", "执法人员", "承办人,办案人员", "list"),
    _f("officer_certs", "执法证号", "执法证件号,执法证件编号", "list"),
    _f("life_health_finance", "涉及生命健康或金融安全", "", "bool"),
    _f("business_activity", "经营活动", "是否经营活动", "bool"),
    _f("remarks", "备注"),
)

# The values register-columns.md lists for 处罚种类 (penalty_kinds) and 案件来源 (source).
PENALTY_KINDS = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)
CASE_SOURCES = ("日常检查", "投诉", "举报", "上级交办", "部门移送", "媒体曝光", "其他")

FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

_UNIT_SUFFIX = re.compile(r"\((万元|元)\)$")
_SPACES = re.compile(r"\s+")
_REQUIRED_MARK = re.compile(r"^[*※]+|[*※]+$")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def normalize_header(text: object) -> str:
    """Fold a header cell for matching: full-width to half-width, no spaces, no (元)/(万元) suffix."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    folded = _REQUIRED_MARK.sub("", _SPACES.sub("", folded))
    return _UNIT_SUFFIX.sub("", folded)


def header_unit(text: object) -> str | None:
    """The unit a header states for its amounts: 万元 (罚款（万元）), 元 (罚款金额(元)), or None."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    if "万元" in folded:
        return "万元"
    return "元" if re.search(r"\(元\)|元$", _SPACES.sub("", folded)) else None


_HEADER_INDEX: dict[str, str] = {}
for _field in FIELDS:
    for _name in (_field.header, *_field.aliases):
        _HEADER_INDEX.setdefault(normalize_header(_name), _field.key)


def field_for_header(text: object) -> str | None:
    """The field key a header cell names, or None when it is not a known header.

    A trailing note in brackets is ignored when the header is not known with it,
    e.g. ``立案日期（年月日）`` is 立案日期.
    """
    name = normalize_header(text)
    key = _HEADER_INDEX.get(name)
    if key is None and name.endswith(")"):
        key = _HEADER_INDEX.get(_TRAILING_NOTE.sub("", name))
    return key


_CHINESE_ORDINALS = "一二三四五六七八九十"
_WIDE_OFFICER = re.compile(r"(.+?)\(?(\d{1,2}|[一二三四五六七八九十])\)?")


def wide_officer_header(text: object) -> tuple[str, int] | None:
    """``("officers", 2)`` for 承办人2, ``("officer_certs", 1)`` for 执法证号1 (the wide officer form).

    The number may be written 1, （1） or 一; the name before it is any header of
    执法人员 or 执法证号.
    """
    match = _WIDE_OFFICER.fullmatch(normalize_header(text))
    if not match or field_for_header(match.group(1)) not in ("officers", "officer_certs"):
        return None
    number = match.group(2)
    index = int(number) if number.isdigit() else _CHINESE_ORDINALS.index(number) + 1
    return field_for_header(match.group(1)), index


def label(key: str) -> str:
    """The Chinese name of a field, for messages; unknown keys (extra columns) are their own label."""
    field = FIELD_BY_KEY.get(key)
    return field.header.split("（")[0] if field else key


@dataclass(frozen=True)
class PublishedFormat:
    """The national 双公示 行政处罚 format: its headers, required headers and how they map to fields."""

    headers: tuple[str, ...]
    required: tuple[str, ...]
    distinctive: tuple[str, ...]  # headers no case register uses: they identify the format
    fields: dict[str, str]  # format-specific header -> field key (the rest are register aliases)

    def recognises(self, headers: list[object]) -> bool:
        """Whether a header row is in this format (at least three of its distinctive headers)."""
        names = {_published_name(h) for h in headers}
        return sum(h in names for h in self.distinctive) >= 3

    def field_for(self, text: object) -> str | None:
        """The field key of a header in this format or of the contract (处罚决定书文号,
        统一社会信用代码), or None for a column kept as an extra field."""
        name = _published_name(text)
        if name not in self.headers:
            return field_for_header(text)
        return self.fields.get(name) or field_for_header(name)

    def name_of(self, text: object) -> str | None:
        """The format's own spelling of a header cell, or None."""
        name = _published_name(text)
        return name if name in self.headers else None


def _published_name(text: object) -> str:
    """The 双公示 header a header cell is (folded, with or without its trailing note), else
    the folded cell without its trailing note."""
    name = normalize_header(text)
    return _PUBLISHED_NAMES.get(name) or _TRAILING_NOTE.sub("", name)


SHUANG_GONGSHI_HEADERS = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1",
    "行政相对人代码_2",
    "行政相对人代码_3",
    "行政相对人代码_4",
    "行政相对人代码_5",
    "行政相对人代码_6",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
_PUBLISHED_NAMES: dict[str, str] = {}  # folded header, and folded without its note -> header
for _header in SHUANG_GONGSHI_HEADERS:
    _folded = normalize_header(_header)
    _PUBLISHED_NAMES.setdefault(_folded, _header)
    _PUBLISHED_NAMES.setdefault(_TRAILING_NOTE.sub("", _folded), _header)

SHUANG_GONGSHI = PublishedFormat(
    headers=SHUANG_GONGSHI_HEADERS,
    required=(
        "行政相对人名称",
        "行政相对人类别",
        "行政处罚决定书文号",
        "违法行为类型",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "处罚决定日期",
        "处罚有效期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
    ),
    distinctive=(
        "行政相对人代码_1",
        "违法事实",
        "处罚内容",
        "处罚有效期",
        "公示截止期",
        "处罚机关统一社会信用代码",
        "数据来源单位",
        "数据来源单位统一社会信用代码",
    ),
    # 证件号码 (a person's ID) and 行政相对人代码_1 (an organisation's credit code) are both the
    # party's identifier; 法定代表人证件号码 and the other codes stay extra fields.
    fields={"行政相对人代码_1": "party_id", "证件号码": "party_id"},
)
