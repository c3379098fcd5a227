"""Paragraphs into a Document: the kind from the title, then each field of docs (documents.md) with its place."""

import contextlib
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from evaltool.fields import PENALTY_KINDS
from evaltool.lazy import LazyPattern
from evaltool.read.documents import CN_NUMBER
from evaltool.read.documents.load import Paragraph
from evaltool.read.documents.model import Document, Extracted
from evaltool.read.values import Unreadable, parse_amount, parse_date

DOC_NUMBER = LazyPattern(
    r"[\u4e00-\u9fa5A-Za-z]{2,16}\s*[〔\[【(（［<〈]?\s*(?:19|20)\d{2}\s*[〕\]】)）］>〉]?\s*第?\s*\d{1,6}\s*号"
)
DATE = LazyPattern(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*[日号]"
)
ARTICLE = rf"第[{CN_NUMBER}]+条(?:之[一二三四五六七八九十]+)?(?:第[{CN_NUMBER}]+款)?(?:第[（(]?[{CN_NUMBER}]+[）)]?项)?(?:第[{CN_NUMBER}]+目)?"
CITATION = LazyPattern(
    rf"《(?P<law>[^《》]{{2,40}})》(?P<version>[（(][^）)《》]{{2,16}}[）)])?(?P<articles>(?:{ARTICLE}(?:、|，|,|和|及|以及)?)*)"
)
BARE_CITATION = LazyPattern(
    rf"(?<![《\u4e00-\u9fa5])[\u4e00-\u9fa5]{{2,24}}(?:法|条例|规定|办法|细则){ARTICLE}"
)
WORDS = LazyPattern(
    r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆](?:[零壹贰叁肆伍陆柒捌玖]角)?(?:[零壹贰叁肆伍陆柒捌玖]分)?整?"
)
FIGURES = LazyPattern(r"(\d[\d,，]*(?:\.\d+)?)\s*(万元|万|元)?")
OPERATIVE = LazyPattern(
    r"(决定|拟).{0,20}(如下|给予|处以|作出|并处).{0,12}处罚|(决定|拟)(给予|处以|对其?当事人处)"
)
RELIEF = LazyPattern(r"行政复议|行政诉讼")
PAYMENT = LazyPattern(r"缴纳|缴至|缴款|缴清|缴交|履行")
LATE_FEE = LazyPattern(r"加处罚款")
LATE_FEE_RATE = LazyPattern(r"每日按罚款数额的\s*(?:百分之三|3\s*[%％])")
REVIEW_PERIOD = LazyPattern(
    rf"(?P<n>[{CN_NUMBER}]+)\s*(?P<unit>个工作日|日|天|个月)?\s*内(?P<gap>[^。；;内]{{0,40}}?)行政复议"
)
LITIGATION_PERIOD = LazyPattern(
    rf"(?P<n>[{CN_NUMBER}]+)\s*(?P<unit>个月|日|天|年)?\s*内(?P<gap>[^。；;内]{{0,40}}?)行政诉讼"
)
DISCRETION = LazyPattern(r"裁量|鉴于|从轻|减轻|从重|不予处罚")
STATEMENT = LazyPattern(r"陈述|申辩|听证")
EVIDENCE = LazyPattern(r"证据|为证|为凭|证实")
FACTS = LazyPattern(r"经查|查明|检查|发现|违法")
AUTHORITY_END = LazyPattern(
    r"(局|委员会|政府|支队|大队|中队|中心|所|站|办公室|分局|委|厅|处|院|街道办事处|镇|乡)$"
)

LABELS = {
    "party_name": r"当事人(?:名称|姓名)?|被处罚人(?:名称|姓名)?|受送达人(?:名称|姓名)?|被检查人",
    "party_id": r"统一社会信用代码|社会信用代码|公民身份号码|身份证件号码|身份证号码|身份证号|注册号|证件号码",
    "legal_rep": r"法定代表人|负责人|经营者|投资人",
    "address": r"住所|住址|地址|经营场所|经营地址|送达地点",
}
LABEL_VALUE = {
    key: LazyPattern(rf"(?:^|[，,；;。\s])(?P<label>{labels})\s*[：:]\s*(?P<value>[^，,；;。\s]+)")
    for key, labels in LABELS.items()
}
HEADER_FIELDS = ("decision_no", *LABELS, "party_type")
HOME = LazyPattern(r"[，,]住(?![址所])(?P<value>[^，,；;。\s]{4,})")
ID_NUMBER = LazyPattern(r"^\d{17}[\dXx]$")


def classify(title: str) -> str:
    """The document kind (documents.md) from its title."""
    if "送达回证" in title:
        return "service"
    if "告知书" in title or ("通知书" in title and "违法" in title):
        return "notice"
    if "决定书" in title and "处罚" in title and "不予" not in title:
        return "decision"
    if "立案" in title and ("审批" in title or "登记" in title or "呈批" in title):
        return "filing"
    if "法制审核" in title:
        return "legal_review"
    return "other"


def extract(path: Path, paragraphs: list[Paragraph]) -> Document:
    """A Document with its kind and every field it states (a field not stated is absent)."""
    title = _title(paragraphs)
    kind = classify(title)
    doc = Document(path, kind, title, paragraphs)
    _party(doc)
    if kind == "service":
        _service(doc)
    else:
        _number(doc)
        _closing(doc)
    if kind in ("decision", "notice"):
        _body(doc)
        _operative(doc)
    if kind == "decision":
        _payment(doc)
        _relief(doc)
    return doc


def _title(paragraphs: list[Paragraph]) -> str:
    for p in paragraphs[:5]:
        text = re.sub(r"\s+", "", p.text)
        if len(text) <= 24 and re.search(r"(书|回证|表|意见|笔录|报告)$", text):
            return text
    return ""


def _set(doc: Document, key: str, value, paragraph: Paragraph, snippet: str | None = None) -> None:
    """Record a field once (the first place it is stated wins)."""
    if value is None or key in doc.fields:
        return
    text = snippet if snippet is not None else paragraph.text
    doc.fields[key] = Extracted(value, doc.at(paragraph), text[:80])


def normalize_number(text: str) -> str:
    """A 文号 or 案号 folded for matching: no spaces, brackets or 第."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s〔〕\[\]【】()（）［］<>〈〉第]", "", folded)


def _number(doc: Document) -> None:
    for p in doc.paragraphs[:8]:
        match = DOC_NUMBER.search(p.text)
        if match:
            _set(doc, "decision_no", re.sub(r"^(文号|编号)", "", match.group().strip()), p)
            return


def _party(doc: Document) -> None:
    head = doc.paragraphs[:14]
    for p in head:
        for key, pattern in LABEL_VALUE.items():
            match = pattern.search(p.text)
            if match and not (key == "address" and "party_name" not in doc.fields):
                _set(doc, key, match["value"], p, match.group().strip("，,；; "))
                if key == "legal_rep" and match["label"] == "经营者":
                    _set(doc, "party_type", "个体工商户", p)
        home = HOME.search(p.text)
        if home and "party_name" in doc.fields:
            _set(doc, "address", home["value"], p)
    if "party_name" not in doc.fields and doc.kind == "notice":
        for p in head:
            if p.text.endswith(("：", ":")) and len(p.text) <= 40 and not DOC_NUMBER.search(p.text):
                _set(doc, "party_name", p.text.rstrip("：:"), p)
                break
    party_id = doc.get("party_id")
    if party_id and "party_type" not in doc.fields:
        found = doc.fields["party_id"]
        paragraph = next(p for p in doc.paragraphs if p.number == found.location.paragraph)
        if ID_NUMBER.match(party_id) and not party_id.startswith("9"):
            _set(doc, "party_type", "自然人", paragraph)
        elif party_id.startswith("92"):
            _set(doc, "party_type", "个体工商户", paragraph)
        else:
            _set(doc, "party_type", "法人及非法人组织", paragraph)


def _body_start(doc: Document) -> int:
    """Index of the first paragraph after the header and party block."""
    header = {f.location.paragraph for key, f in doc.fields.items() if key in HEADER_FIELDS}
    last = 0
    for i, p in enumerate(doc.paragraphs[:14]):
        if p.number in header or p.text == doc.title:
            last = i + 1
    return last


def _body(doc: Document) -> None:
    """Facts, evidence, statement, discretion and the law cited (violated and penalty basis)."""
    start = _body_start(doc)
    for p in doc.paragraphs[start:]:
        text = p.text
        if (OPERATIVE.search(text) and "告知" not in text) or RELIEF.search(text):
            break
        if DISCRETION.search(text) and "违反" not in text:
            _set(doc, "discretion", text, p)
            continue
        narrates = "告知" in text or "提出" in text or "申请" in text
        if doc.kind == "decision" and STATEMENT.search(text) and narrates:
            _set(doc, "statement", text, p)
            continue
        if EVIDENCE.search(text) and "违反" not in text:
            _set(doc, "evidence", text, p)
            continue
        if "违反" in text or re.search(r"(依据|根据|按照).{0,60}规定", text):
            _basis(doc, p)
            continue
        if "facts" not in doc.fields and (FACTS.search(text) or len(text) > 40):
            _set(doc, "facts", text, p)


def citations(text: str) -> list[str]:
    """Laws cited in a clause as printed: 《…》 with their articles, or a bare 'XX法第…条'."""
    found = [m.group().rstrip("、，,和及以") for m in CITATION.finditer(text)]
    found += [m.group() for m in BARE_CITATION.finditer(CITATION.sub("", text))]
    return found


def _basis(doc: Document, p: Paragraph) -> None:
    text = p.text
    violated = re.search(r"违反了?(?P<clause>.+?)(?:的规定|规定|[，。；]|$)", text)
    if violated:
        cited = citations(violated["clause"])
        _set(doc, "basis_violated", cited or [violated["clause"]], p, violated.group())
    penalty = re.search(
        r"(?:依据|根据|按照)(?P<clause>(?:(?!违反).)+?)(?:的规定|规定|[，。；]|$)", text
    )
    if penalty:
        cited = citations(penalty["clause"])
        _set(doc, "basis_penalty", cited or [penalty["clause"]], p, penalty.group())


def operative_paragraphs(doc: Document) -> list[Paragraph]:
    """The paragraphs that state the penalty: the operative sentence and the items listed under it."""
    for i, p in enumerate(doc.paragraphs):
        if OPERATIVE.search(p.text) and "告知" not in p.text:
            found = [p]
            for q in doc.paragraphs[i + 1 :]:
                if PAYMENT.search(q.text) or RELIEF.search(q.text):
                    break
                if not re.match(r"^[（(]?[0-9一二三四五六七八九十]+[）)、.．]", q.text):
                    break
                found.append(q)
            return found
    return []


def _amount(window: str) -> tuple[Decimal | None, str | None]:
    """The amount in figures (or, without figures, in words) and the words as printed."""
    words = WORDS.search(window)
    figures = FIGURES.search(WORDS.sub("", window))
    value = None
    if figures:
        value = Decimal(figures[1].replace(",", "").replace("，", ""))
        if figures[2] in ("万", "万元"):
            value *= 10000
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    elif words:
        try:
            value = parse_amount(words.group())
        except Unreadable:
            value = None
    return value, words.group() if words else None


def _operative(doc: Document) -> None:
    paragraphs = operative_paragraphs(doc)
    if not paragraphs:
        return
    text = "".join(p.text for p in paragraphs)
    kinds = [kind for kind in PENALTY_KINDS if kind != "其他" and kind in text]
    kinds += [k for k, word in (("吊销许可证件", "吊销"), ("暂扣许可证件", "暂扣")) if word in text]
    if kinds:
        _set(doc, "penalty_kinds", list(dict.fromkeys(kinds)), paragraphs[0], text)
    for key, word in (("fine", "罚款"), ("confiscation", "没收")):
        for p in paragraphs:
            at = p.text.find(word)
            if at < 0:
                continue
            window = re.split(r"[；;。]", p.text[at + len(word) :])[0][:40]
            value, words = _amount(window)
            _set(doc, key, value, p)
            if key == "fine":
                _set(doc, "fine_in_words", words, p)
            break


def _payment(doc: Document) -> None:
    for p in doc.paragraphs:
        if RELIEF.search(p.text) or not PAYMENT.search(p.text):
            continue
        days = re.search(rf"(?P<n>[{CN_NUMBER}]+)\s*(?:日|天)内", p.text)
        if days and "payment_days" not in doc.fields:
            _set(doc, "payment_days", chinese_int(days["n"]), p)
        if LATE_FEE.search(p.text):
            _set(doc, "late_fee_stated", bool(LATE_FEE_RATE.search(p.text)), p)


def _relief(doc: Document) -> None:
    for p in doc.paragraphs:
        if not RELIEF.search(p.text):
            continue
        review = REVIEW_PERIOD.search(p.text)
        if review and review["unit"] in ("日", "天"):
            _set(doc, "review_days", chinese_int(review["n"]), p)
        litigation = LITIGATION_PERIOD.search(p.text)
        if litigation and litigation["unit"]:
            _set(doc, "litigation_period", f"{litigation['n']}{litigation['unit']}", p)


def _closing(doc: Document) -> None:
    """Authority and date at the end; a decision or notice without them looks truncated."""
    tail = doc.paragraphs[-4:]
    for i in range(len(tail) - 1, -1, -1):
        p = tail[i]
        text = re.sub(r"\s+", "", p.text)
        match = DATE.fullmatch(text) or (len(text) <= 40 and DATE.search(text))
        if not match:
            continue
        try:
            _set(doc, "issued_on", parse_date(match.group()), p)
        except Unreadable:
            continue
        before = [q for q in tail[:i] if len(q.text) <= 40]
        for q in reversed(before):
            name = re.sub(r"\s+", "", DATE.sub("", q.text)).strip("（）()")
            if AUTHORITY_END.search(name):
                _set(doc, "authority", name, q)
                break
        head = re.sub(r"\s+", "", DATE.sub("", text))
        if "authority" not in doc.fields and AUTHORITY_END.search(head):
            _set(doc, "authority", head, p)
        break
    if doc.kind in ("decision", "notice"):
        truncated = "issued_on" not in doc.fields or "authority" not in doc.fields
        _set(doc, "truncated", truncated, doc.paragraphs[-1])


def _service(doc: Document) -> None:
    for p in doc.paragraphs:
        if re.search(r"文号|送达文书", p.text):
            number = DOC_NUMBER.search(p.text.split("：", 1)[-1])
            if number:
                _set(doc, "decision_no", number.group().strip(), p)
        if re.search(r"送达(时间|日期)", p.text):
            date = DATE.search(re.sub(r"\s+", "", p.text))
            if date:
                with contextlib.suppress(Unreadable):
                    _set(doc, "issued_on", parse_date(date.group()), p)


def chinese_int(text: str) -> int | None:
    """60, 六十, 十五 → int; None when it is not a number."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
