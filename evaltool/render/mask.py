"""Masking personal data for published documents (domain guide §7.5). Pure functions.

- ID numbers (18-digit 身份证号, old 15-digit ones), 统一社会信用代码 and mobile numbers
  anywhere in a text: the whole run of letters and digits holding one is masked except
  its first and last two characters, so no masked text can form a new number. Numbers are
  recognised by what they mean, not how they are typed: full-width digits, groups split by
  spaces, dashes or zero-width characters, and a +86 prefix are normalised before matching.
- Natural persons' names: surname kept, the rest replaced by 某 (张三丰 → 张某某), also in
  lists (张三、李四), with a note (钱八(摊贩) → 钱某(摊贩)) and when spaced (张 三丰).
"""

import re
import unicodedata
from typing import Any

_RUN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{11,}")
_SENSITIVE = re.compile(
    r"\d{17}[\dXxＸｘ]"  # 居民身份证号码
    r"|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"  # 统一社会信用代码
    r"|\d{15}"  # 15-digit 身份证号 and longer digit strings
    r"|1[3-9]\d{9}",  # mobile phone numbers
    re.IGNORECASE,
)
KEEP = 2
# No shorter text holds a number to mask: a mobile number has 11 digits, an ID number and a
# credit code 15 or 18 characters.
_SHORTEST = 11
# Every number masked holds at least six digits (a credit code; the others 11 or more), ASCII or
# full-width, which are all ``\d``: a text with fewer holds none. Possessive, so one pass.
_SIX_DIGITS = re.compile(r"(?:\D*+\d){6}")
_CONTAINERS = (dict, list)  # of a JSON-like document (mask_strings)

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


_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_SEPARATOR = "[ \u00a0\u3000\\-‐‑‒–—―－\u200b-\u200d\u2060\ufeff]"
# groups of letters and digits joined by separators, with an optional +86 in front
_GROUPED = re.compile(f"(?:[+＋]{_SEPARATOR}?)?[{_ALNUM}]+(?:{_SEPARATOR}{{1,3}}[{_ALNUM}]+)+")
_NOT_ALNUM = re.compile(f"[^{_ALNUM}]")
_COUNTRY_CODE = re.compile(r"^(?:\+|00)?86(?=1[3-9]\d{9}$)")
# what a grouped run must hold, exactly, to be masked: joined groups are often dates or
# amounts, so only whole ID numbers (with a birth date) and mobile numbers count
_GROUPED_SENSITIVE = re.compile(
    r"(?<!\d)(?:\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dX]|\d{8}[01]\d[0-3]\d\d{3}|1[3-9]\d{9})(?!\d)",
    re.IGNORECASE,
)


def mask_ids(text: str) -> str:
    """Mask every ID number, credit code and mobile number in ``text``; other text is unchanged.

    The length of the text stays the same: only letters and digits become ``*``. Text shorter
    than 11 characters holds no such number (a mobile number has 11 digits, an ID number and a
    credit code 15 or 18 characters), nor does text with fewer than six digits: both are
    returned at once.
    """
    if len(text) < _SHORTEST or not _SIX_DIGITS.match(text):
        return text
    return _masked_numbers(text)


def _masked_numbers(text: str) -> str:
    """``mask_ids`` without the quick look at length and digits."""

    def mask_run(match: re.Match) -> str:
        run = match.group()
        if not _SENSITIVE.search(unicodedata.normalize("NFKC", run)):
            return run
        return run[:KEEP] + "*" * (len(run) - 2 * KEEP) + run[-KEEP:]

    def mask_grouped(match: re.Match) -> str:
        run = match.group()
        if not _GROUPED_SENSITIVE.search(_COUNTRY_CODE.sub("", normalise_number(run))):
            return run
        alnum = [i for i, ch in enumerate(run) if not _NOT_ALNUM.match(ch)]
        hidden = set(alnum[KEEP:-KEEP])
        return "".join("*" if i in hidden else ch for i, ch in enumerate(run))

    return _RUN.sub(mask_run, _GROUPED.sub(mask_grouped, text))


def mask_strings(data: Any) -> Any:
    """A copy of a JSON-like document (results, index) with ``mask_ids`` applied to every string.

    Each distinct string is masked once: a results document repeats units, items and messages.
    A results document of 10^5 cases holds millions of values: strings too short to hold a
    number (``mask_ids``) are kept without a look-up, and the values of a dict or list are
    copied in its own loop, a call only for the strings and containers among them.
    """
    masked: dict[str, str] = {}

    def shown(text: str) -> str:
        found = masked.get(text)
        if found is None:
            found = masked[text] = mask_ids(text)
        return found

    def copy(value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if isinstance(item, str):
                    out[key] = item if len(item) < _SHORTEST else shown(item)
                elif isinstance(item, _CONTAINERS):
                    out[key] = copy(item)
                else:
                    out[key] = item
            return out
        if isinstance(value, list):
            return [
                (item if len(item) < _SHORTEST else shown(item))
                if isinstance(item, str)
                else copy(item)
                if isinstance(item, _CONTAINERS)
                else item
                for item in value
            ]
        if isinstance(value, str):
            return value if len(value) < _SHORTEST else shown(value)
        return value

    return copy(data)


def normalise_number(text: str) -> str:
    """A number as typed, as its digits: full-width to ASCII, separators removed (138-1234 → 1381234)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).replace("+", "00"))


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


_LIST_SEPARATORS = re.compile(r"(\s*[、，,；;／/]+\s*)")
_NOTE = re.compile(r"^(.*?)\s*([（(【\[].*)$", re.DOTALL)
_SPACE_IN_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def mask_party(
    name: str | None, party_type: str | None, *, names: bool = True, companies: bool = False
) -> str:
    """A party as a published document shows it: ID numbers always masked, names as configured.

    A list of parties (张三、李四) is masked part by part; a note after a name (钱八(摊贩))
    is kept, its numbers masked; spaces inside a name (张 三丰) do not hide it.
    """
    if not name:
        return ""
    return "".join(shown for _, shown in party_mentions(name, party_type, names, companies))


def party_mentions(
    name: str, party_type: str | None, names: bool = True, companies: bool = False
) -> list[tuple[str, str]]:
    """The pieces of a party field and how a published document shows each: (as typed, shown).

    Separators are pieces that show as they are; joined, the shown pieces are ``mask_party``.
    """
    mentions = []
    for index, piece in enumerate(_LIST_SEPARATORS.split(name)):
        if index % 2 or not piece:
            mentions.append((piece, piece))
            continue
        note = _NOTE.match(piece)
        core, rest = (note.group(1), note.group(2)) if note and note.group(1) else (piece, "")
        compact = _SPACE_IN_NAME.sub("", core.strip())
        if is_natural_person(compact, party_type):
            shown = mask_person_name(compact) if names else mask_ids(core)
        elif companies:
            shown = mask_company_name(compact)
        else:
            shown = mask_ids(core)
        mentions.append((piece, shown + mask_ids(rest)))
    return mentions


def mask_case_text(
    text: str | None,
    case: dict,
    *,
    names: bool = True,
    companies: bool = False,
) -> str:
    """A message about a case (a results ``case``) as published: numbers masked, the party shown
    as the document shows it (each of a list), and with ``names`` the officers masked too."""
    return CaseMask(case, names=names, companies=companies).shown(mask_ids(text or ""))


class CaseMask:
    """How published text shows the people of one case (a results ``case``), worked out once
    for all its messages: ``party`` as the document shows the party field (``mask_party``), and
    what ``shown`` replaces in a message: the party as typed (each of a list) and, with
    ``names``, the officers."""

    def __init__(self, case: dict, *, names: bool = True, companies: bool = False):
        party = case.get("party") or ""
        pieces = party_mentions(party, case.get("party_type"), names, companies) if party else []
        self.party = "".join(piece for _, piece in pieces)
        # (as a masked message holds it, as shown), applied in this order
        self.replacements: list[tuple[str, str]] = []
        if len(party) >= 2 and self.party != party:
            self.replacements.append((mask_ids(party), self.party))
        for typed, piece in sorted(pieces, key=lambda pair: -len(pair[0])):
            typed = mask_ids(typed.strip())
            if len(typed) >= 2 and piece != typed:
                self.replacements.append((typed, piece))
        if names:
            for officer in case.get("officers") or ():
                if len(officer) >= 2:
                    self.replacements.append((officer, mask_person_name(officer)))

    def shown(self, masked: str) -> str:
        """A message whose numbers are masked already (``mask_ids``), with the case's people
        shown as published."""
        for typed, shown in self.replacements:
            if typed in masked:
                masked = masked.replace(typed, shown)
        return masked


def mask_company_name(name: str) -> str:
    """重庆某丙商贸有限公司 → 某商贸有限公司: the place and 字号 dropped, the kind kept."""
    kinds = re.search(
        r"(有限责任公司|股份有限公司|有限公司|公司|厂|店|中心|合作社|[社馆行部所])$", name
    )
    return "某" + (kinds.group() if kinds else "单位")
