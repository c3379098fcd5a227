"""Typed values from raw register cells. A value that cannot be read raises Unreadable; nothing is guessed.

Raw cells come from any reader: openpyxl gives whole numbers as ``int`` and date cells as
``datetime``, calamine gives ``float`` and ``date``, CSV gives text. Every function here reads
equal cells to equal values whichever reader produced them.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from evaltool.lazy import LazyPattern


class Unreadable(ValueError):
    """A cell whose text cannot be read as the field's type; the message is Chinese and says why."""


def is_blank(raw: object) -> bool:
    """Whether a cell holds nothing (None or only white space)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: object) -> str:
    return unicodedata.normalize("NFKC", str(raw)).strip()


def raw_text(raw: object) -> str:
    """A cell as the user sees it, for messages: 5000 not 5000.0, 2023-03-05 not a datetime."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def parse_text(raw: object) -> str | None:
    """Text as written, trimmed; numbers that Excel stored as floats lose a trailing .0."""
    if is_blank(raw):
        return None
    if isinstance(raw, str):
        return raw.strip()
    return raw_text(raw)


EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number
TOO_LONG_FOR_A_NUMBER = (
    f"编号存成了数字，超过 {EXCEL_DIGITS} 位的部分 Excel 已改为 0，末几位已丢失；"
    "请把该列设为文本格式后按原件重新录入"
)


SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+\d{1,3}")


def parse_text_cell(raw: object) -> str | None:
    """The text of a register's text field (IDs, case numbers): ``parse_text``, but a number too
    long for Excel to keep (an 18-digit ID typed into a number cell, or exported as 5.00222E+17)
    is unreadable, not guessed."""
    if raw.__class__ in (int, float) and abs(raw) >= 10**EXCEL_DIGITS:
        raise Unreadable(TOO_LONG_FOR_A_NUMBER)
    if raw.__class__ is str and SCIENTIFIC.fullmatch(raw.strip()):
        raise Unreadable(f"以科学计数法显示，{TOO_LONG_FOR_A_NUMBER}")
    return parse_text(raw)


def parse_int(raw: object) -> int | None:
    """A whole number such as 30 or '30天'."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise Unreadable("应为整数")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    match = re.fullmatch(r"(\d+)\s*(天|日|个工作日|工作日)?", _text(raw))
    if not match:
        raise Unreadable("应为整数")
    return int(match.group(1))


_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_CHINESE_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]"
)
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_TIME_PART = re.compile(r"(\s*|T)\d{1,2}[:时]\d{1,2}([:分]\d{1,2}秒?)?(\.\d+)?分?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LAST_SERIAL = 2958466  # 9999-12-31


def _from_serial(serial: float) -> dt.date:
    if 1 <= serial < _LAST_SERIAL:
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    raise Unreadable("应为日期")


def _chinese_date(year: str, month: str, day: str) -> str:
    """二〇二三年三月五日 as 2023年3月5日."""
    import cn2an

    try:
        return f"{year.translate(_YEAR_DIGITS)}年{cn2an.cn2an(month, 'strict')}月{cn2an.cn2an(day, 'strict')}日"
    except ValueError:
        raise Unreadable("应为日期，如 2023-03-05、2023/3/5、2023年3月5日") from None


def parse_date(raw: object) -> dt.date | None:
    """A date from an Excel date cell, an Excel serial number or text in the forms of the contract."""
    if is_blank(raw):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool):
        raise Unreadable("应为日期")
    if isinstance(raw, int | float):
        if 19000101 <= raw <= 29991231 and raw == int(raw):  # 20230305 typed into a number cell
            return parse_date(str(int(raw)))
        return _from_serial(raw)
    text = re.sub(r"\s+", "", _TIME_PART.sub("", _text(raw)))
    if text.isdigit() and len(text) != 8:
        return _from_serial(int(text))
    chinese = _CHINESE_DATE.fullmatch(text)
    if chinese:
        text = _chinese_date(*chinese.groups())
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise Unreadable("日期不存在") from None
    raise Unreadable("应为日期，如 2023-03-05、2023/3/5、2023年3月5日")


_TRUE = {"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "已", "已告知", "已审核", "已讨论"}
_FALSE = {
    "否",
    "无",
    "×",
    "✗",
    "✘",
    "x",
    "n",
    "no",
    "false",
    "0",
    "未",
    "未告知",
    "未审核",
    "未讨论",
}


def parse_bool(raw: object) -> bool | None:
    """是/否, 有/无, √/×, Y/N, yes/no, 1/0, 已/未."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = _text(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Unreadable("应为 是/否")


def parse_date_or_bool(raw: object) -> dt.date | bool | None:
    """A date when the column records one, else a yes/no (法制审核 / 集体讨论 kept as 是/否)."""
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    try:
        return parse_date(raw)
    except Unreadable:
        try:
            return parse_bool(raw)
        except Unreadable:
            raise Unreadable("应为日期或 是/否") from None


_LIST_SEPARATORS = re.compile(r"[、，,；;/／\s]+")


def parse_list(raw: object) -> list[str] | None:
    """Items separated by 、 ， , ； ; / white space or line breaks."""
    if is_blank(raw):
        return None
    items = [item for item in _LIST_SEPARATORS.split(parse_text_cell(raw) or "") if item]
    return items or None


_AMOUNT = LazyPattern(r"([0-9]+(?:\.[0-9]+)?)(万元|万|元)?")
YUAN, WAN = "元", "万元"
_CURRENCY_PREFIX = LazyPattern(r"^(人民币|rmb|¥|￥)", re.IGNORECASE)
_CHINESE_DIGITS = LazyPattern(r"[零〇一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟两]")


def _chinese_amount(text: str) -> Decimal:
    """伍仟元, 壹万贰仟伍佰元整, 壹佰元伍角 (via cn2an, imported only when such text appears)."""
    import cn2an

    if text.endswith("元"):
        text += "整"
    try:
        return Decimal(str(cn2an.cn2an(text, "strict")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        raise Unreadable("应为金额，如 5000、5,000元、0.5万元、伍仟元") from None


def _figure(raw: object) -> tuple[Decimal, str | None]:
    """The figure an amount cell holds and the unit it states itself (``YUAN``, ``WAN`` or None)."""
    if isinstance(raw, bool):
        raise Unreadable("应为金额")
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw)), None
    text = _CURRENCY_PREFIX.sub("", _text(raw).replace(",", "").replace(" ", ""))
    match = _AMOUNT.fullmatch(text)
    if match:
        suffix = match.group(2)
        return Decimal(match.group(1)), (WAN if suffix in ("万", "万元") else suffix)
    if _CHINESE_DIGITS.search(text):
        return _chinese_amount(text), (YUAN if re.search("[元角分]", text) else None)
    raise Unreadable("应为金额，如 5000、5,000元、0.5万元、伍仟元")


@lru_cache(maxsize=4096)  # registers repeat amounts; 伍仟元 would call cn2an every time
def stated_unit(raw: object) -> str | None:
    """The unit an amount cell states itself: ``YUAN`` (5000元, 伍仟元), ``WAN`` (0.5万元) or None."""
    if raw.__class__ is not str:
        return None
    try:
        return _figure(raw)[1]
    except Unreadable:
        return None


def parse_amount(raw: object, *, in_wan: bool = False) -> Decimal | None:
    """An amount in 元 from 5000, '5,000', '5000元', '0.5万元' or '伍仟元'.

    A number or a bare figure in a column whose unit is 万元 (by its header or the format) is
    multiplied by 10,000; a figure that states its own unit (元 or 万元) is taken as stated.
    """
    if is_blank(raw):
        return None
    value, suffix = _figure(raw)
    if not value.is_finite():
        raise Unreadable("应为金额")
    if value < 0:
        raise Unreadable("金额不能为负数")
    if suffix == WAN or (suffix is None and in_wan):
        value *= 10000
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


ENUMS: dict[str, dict[str, str]] = {
    "procedure": {
        "普通程序": "普通程序",
        "一般程序": "普通程序",
        "简易程序": "简易程序",
        "当场处罚": "简易程序",
        "快速办理": "快速办理",
        "普通": "普通程序",
        "简易": "简易程序",
        "快速": "快速办理",
    },
    "party_type": {
        "自然人": "自然人",
        "个人": "自然人",
        "公民": "自然人",
        "法人及非法人组织": "法人及非法人组织",
        "法人及其他组织": "法人及非法人组织",
        "法人或者其他组织": "法人及非法人组织",
        "法人或其他组织": "法人及非法人组织",
        "法人和其他组织": "法人及非法人组织",
        "法人或者非法人组织": "法人及非法人组织",
        "法人或非法人组织": "法人及非法人组织",
        "法人和非法人组织": "法人及非法人组织",
        "单位": "法人及非法人组织",
        "法人": "法人及非法人组织",
        "其他组织": "法人及非法人组织",
        "非法人组织": "法人及非法人组织",
        "企业": "法人及非法人组织",
        "个体工商户": "个体工商户",
        "个体户": "个体工商户",
    },
}


def parse_enum(raw: object, key: str) -> str | None:
    """One of the contract's values for an enum field, aliases folded to the canonical value."""
    if is_blank(raw):
        return None
    text = re.sub(r"[\s()]+", "", _text(raw))  # 法人或(者)其他组织 as 法人或者其他组织
    try:
        return ENUMS[key][text]
    except KeyError:
        choices = "、".join(dict.fromkeys(ENUMS[key].values()))
        raise Unreadable(f"应为 {choices} 之一") from None
