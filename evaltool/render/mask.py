"""Masking personal data for published documents (domain guide §7.5). Pure functions.

- ID numbers (18-digit 身份证号, old 15-digit ones), 统一社会信用代码 and mobile numbers
  anywhere in a text: the whole run of letters and digits holding one is masked except
  its first and last two characters, so no masked text can form a new number.
- Natural persons' names: surname kept, the rest replaced by 某 (张三丰 → 张某某).
"""

import re

_RUN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{11,}")
_SENSITIVE = re.compile(
    r"\d{17}[\dXxＸｘ]"  # 居民身份证号码
    r"|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"  # 统一社会信用代码
    r"|\d{15}"  # 15-digit 身份证号 and longer digit strings
    r"|1[3-9]\d{9}",  # mobile phone numbers
    re.IGNORECASE,
)
KEEP = 2

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "公羊",
        "万俟",
        "闻人",
        "申屠",
        "太史",
        "赫连",
        "第五",
        "左丘",
        "东郭",
        "拓跋",
    ]
)
# Words that make a party name an organisation or a shop with a 字号 rather than a person.
_ORGANISATION = re.compile(
    r"公司|集团|企业|工厂|厂|店|行|部|中心|社|所|院|馆|局|站|会|场|队|组|堂|坊|室|园|庄|铺|吧|城|处|"
    r"超市|餐|酒|宾|学校|医|药|银行|合作|委员|政府|办|户|[A-Za-z0-9（）()]"
)
_PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]+[·•．.][\u4e00-\u9fff·•．.]+$")
PERSON_TYPES = frozenset({"自然人", "个人", "公民"})
SOLE_TRADER = "个体工商户"


def mask_ids(text: str) -> str:
    """Mask every ID number, credit code and mobile number in ``text``; other text is unchanged."""

    def mask_run(match: re.Match) -> str:
        run = match.group()
        if not _SENSITIVE.search(run):
            return run
        return run[:KEEP] + "*" * (len(run) - 2 * KEEP) + run[-KEEP:]

    return _RUN.sub(mask_run, text)


def mask_person_name(name: str) -> str:
    """张三 → 张某, 张三丰 → 张某某, 欧阳娜娜 → 欧阳某某; the length stays the same."""
    name = name.strip()
    if len(name) < 2:
        return name and name[0] + "某"
    surname = name[:2] if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else name[0]
    return surname + "某" * (len(name) - len(surname))


def looks_like_person_name(name: str) -> bool:
    """Two to four Han characters (or a transliterated name with ·) and no organisation word."""
    name = name.strip()
    return bool(_PERSON_NAME.match(name)) and not _ORGANISATION.search(name)


def is_natural_person(name: str, party_type: str | None) -> bool:
    """Whether a party is a person whose name must be masked.

    自然人 always; 个体工商户 when the name is a person's (no 字号); an unknown type
    when the name looks like a person's; organisations never.
    """
    if party_type in PERSON_TYPES:
        return True
    if party_type and party_type != SOLE_TRADER:
        return False
    return looks_like_person_name(name)


def mask_party(
    name: str | None, party_type: str | None, *, names: bool = True, companies: bool = False
) -> str:
    """A party as a published document shows it: ID numbers always masked, names as configured."""
    if not name:
        return ""
    if is_natural_person(name, party_type):
        return mask_person_name(name) if names else mask_ids(name)
    if companies:
        return mask_company_name(name)
    return mask_ids(name)


def mask_company_name(name: str) -> str:
    """重庆某丙商贸有限公司 → 某商贸有限公司: the place and 字号 dropped, the kind kept."""
    kinds = re.search(
        r"(有限责任公司|股份有限公司|有限公司|公司|厂|店|中心|合作社|[社馆行部所])$", name
    )
    return "某" + (kinds.group() if kinds else "单位")
