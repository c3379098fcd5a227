"""Built-in template filters: Chinese dates, amounts in capitals, numbers, masking (docs/templates.md)."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from markupsafe import Markup, escape

from evaltool.render.mask import mask_ids, mask_person_name

# 〔2023〕3号 and the like: the part of a 案号 or 文号 that must stay on one line.
_CASE_NUMBER = re.compile(r"[〔［\[（(]\d{4}[〕］\]）)]\S*?\d+号")


def _an2cn(*args) -> str:
    """cn2an's number to Chinese numerals; cn2an takes a tenth of a second to import, so only
    documents that print such numbers load it."""
    import cn2an

    return cn2an.an2cn(*args)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def date_cn(value) -> str:
    """成文日期 per GB/T 9704: Arabic numerals, no zero padding (2024年3月5日). Empty for None."""
    if value is None or value == "":
        return ""
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def date_hanzi(value) -> str:
    """A date in Chinese numerals (二〇二三年三月一日), as on seals and some forms."""
    if value is None or value == "":
        return ""
    day = _as_date(value)
    year = _an2cn(str(day.year), "direct").replace("零", "〇")
    return f"{year}年{_an2cn(day.month, 'low')}月{_an2cn(day.day, 'low')}日"


def amount_in_words(value) -> str:
    """金额大写: 1234.5 → 壹仟贰佰叁拾肆元伍角; 0 → 零元整."""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"不是金额：{value}") from exc
    if amount < 0:
        return "负" + amount_in_words(-amount)
    if amount == 0:
        return "零元整"
    return _an2cn(str(amount), "rmb")


def hanzi(value) -> str:
    """An integer in Chinese numerals, for headings such as （一） and 第十二条: 12 → 十二."""
    return _an2cn(int(value), "low")


def number(value, digits: int = 2) -> str:
    """A score or mean without trailing zeros (80.0 → 80, 85.50 → 85.5); empty for None."""
    if value is None or value == "":
        return ""
    return f"{round(float(value), digits):g}"


def signed(value, digits: int = 2) -> str:
    """A change with its sign (+1.5, -0.25, 0); empty for None."""
    if value is None or value == "":
        return ""
    rounded = round(float(value), digits)
    return "0" if rounded == 0 else f"{rounded:+g}"


def case_no(value) -> Markup:
    """A 案号 or 文号 whose 〔年份〕序号号 never breaks across lines: 綦司发<span class="nobr">〔2024〕3号</span>."""
    return _case_no_markup("" if value is None else str(value))


@lru_cache(maxsize=1 << 16)  # a notice prints each 案号 up to three times (cases, problems, 反馈表)
def _case_no_markup(text: str) -> Markup:
    found = _CASE_NUMBER.search(text)
    if not found:
        return escape(text)
    head, tail = text[: found.start()], text[found.end() :]
    return Markup(f'{escape(head)}<span class="nobr">{escape(found.group())}</span>{escape(tail)}')


def percent(value, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage (0.256 → 25.6%); empty for None."""
    if value is None:
        return ""
    return f"{round(float(value) * 100, digits):g}%"


FILTERS = {
    "date_cn": date_cn,
    "date_hanzi": date_hanzi,
    "amount_in_words": amount_in_words,
    "hanzi": hanzi,
    "number": number,
    "case_no": case_no,
    "percent": percent,
    "signed": signed,
    "mask": mask_ids,
    "mask_name": mask_person_name,
}
