"""Document checks: the penalty basis cited to the article, the decision number in GB/T 9704 form."""

import re
import unicodedata
from functools import cache

import evaltool
from evaltool import NeedsReview, Param, check_info, failed, passed
from evaltool.check.helpers import day, flat, require

JUNK = {"undefined", "null", "none", "nan", "无", "空", "暂无", "不详", "/", "-", "—", "n/a"}
# what broken exports leave in a text: undefined1、《…》, 《…》第null条
JUNK_TOKEN = re.compile(r"(?<![a-z])(undefined|null|none|nan)(?![a-z])", re.IGNORECASE)
LAW_NAME = re.compile(r"《([^《》]+)》")
ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两0-9]+条")
PENALTY_LAW = {"中华人民共和国行政处罚法", "行政处罚法"}


def _cites_article(text: str | None) -> bool:
    """Whether ``citation`` passes this basis: a sector law in 《》 with an article, no junk."""
    if text is None:
        return False
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded.lower() in JUNK or JUNK_TOKEN.search(folded):
        return False
    parts = LAW_NAME.split(folded)
    return any(
        name not in PENALTY_LAW and ARTICLE.search(after)
        for name, after in zip(parts[1::2], parts[2::2], strict=True)
    )


def _citation_clear(batch, params, ctx):
    """Fast form of ``citation`` (each distinct basis text judged once)."""
    judged = cache(_cites_article)
    return [judged(text) for text in batch["basis"]]


@check_info(
    title="处罚依据引用到具体条款",
    basis="各地评查标准：处罚依据未引用到条、款、项、目的扣分；"
    + "《中华人民共和国行政处罚法》第五十九条",
    reads=("basis",),
    clear_passes=_citation_clear,
)
def citation(case, params, ctx):
    """The basis names a law, regulation or rule in 《》 and the article (第…条) that sets the penalty.

    Fails on an empty or junk basis or one without an article; a basis that
    cites only the 行政处罚法 itself goes to a reviewer.
    """
    text = case.get("basis")
    where = case.describe("basis")
    if text is None:
        return failed(f"{where}未填写，处罚决定应写明处罚依据", "basis")
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded.lower() in JUNK:
        return failed(f"{where}为「{text}」，不是有效的处罚依据", "basis")
    if junk := JUNK_TOKEN.search(folded):
        return failed(
            f"{where}「{text}」含有无意义内容「{junk[0]}」（系统导出残留），请按处罚决定书更正",
            "basis",
        )
    parts = LAW_NAME.split(folded)  # text, name, text after it, name, ...
    cited = list(zip(parts[1::2], parts[2::2], strict=True))
    if not cited:
        return failed(f"{where}「{text}」未用书名号《》写明法律、法规或规章的名称", "basis")
    sector = [(name, after) for name, after in cited if name not in PENALTY_LAW]
    if not sector:
        raise NeedsReview(
            f"{where}「{text}」只引用了《中华人民共和国行政处罚法》，未引用设定处罚的法律、法规或规章，需人工核对",
            "basis",
        )
    if not any(ARTICLE.search(after) for _, after in sector):
        names = "、".join(f"《{name}》" for name, _ in sector)
        return failed(f"{where}「{text}」未写明{names}的具体条款（第…条）", "basis")
    return passed(f"处罚依据：{text}", "basis")


DOCNO = re.compile(r"(?P<agency>.*[^\d\s].*?)〔(?P<year>\d{4})〕(?P<serial>\d+)号")
EXAMPLE = "渝市监处罚〔2023〕15号"


def docno_problem(text: str, no_padding: bool = False) -> str | None:
    """What is wrong with the form of a decision number, or None when it is 代字〔年份〕序号号.

    ``no_padding``: a serial with leading zeros (虚位, e.g. 015) is wrong too.
    """
    match = DOCNO.fullmatch(text)
    if match:
        if no_padding and match["serial"].startswith("0"):
            return f"序号「{match['serial']}」编了虚位，序号前不加 0"
        return None
    bracket = re.search(r"([\[【(（［<〈「])\s*\d{2,4}\s*([\]】)）］>〉」])", text)
    if bracket:
        return f"年份用了「{bracket[1]}{bracket[2]}」，应使用六角括号〔〕"
    if re.search(r"〔\d{2}〕", text):
        return "年份应标全称（四位数字）"
    if re.search(r"〕\s*第", text):
        return "序号前不加“第”字"
    if not text.endswith("号"):
        return "应以“号”字结尾"
    return f"应为“机关代字〔年份〕序号号”的形式，如 {EXAMPLE}"


def _docno_clear(batch, params, ctx):
    """Fast form of ``docno_format``: 代字〔年份〕序号号 with the decision's year (no 虚位 when asked)."""
    no_padding = params["no_padding"]

    def clear(number, decided) -> bool:
        if number is None or decided is None:
            return False
        match = DOCNO.fullmatch(flat(number))
        return (
            match is not None
            and not (no_padding and match["serial"].startswith("0"))
            and int(match["year"]) == decided.year
        )

    return list(map(clear, batch["decision_no"], batch["decided_on"]))


@check_info(
    title="处罚决定书文号规范",
    basis="GB/T 9704-2012《党政机关公文格式》7.2.4（发文字号）",
    reads=("decision_no", "decided_on"),
    requires=("decision_no",),
    params={
        "no_padding": Param(
            bool,
            False,
            "序号不编虚位（1 不写成 01，GB/T 9704-2012 7.2.4）；行政执法文书多按行业惯例编号，"
            "全国通用标准不检查，地方或行业标准要求时设为 true",
        )
    },
    clear_passes=_docno_clear,
)
def docno_format(case, params, ctx):
    """The decision number reads 代字〔年份〕序号号 (〔〕, full year, no 第; no leading 0 when
    ``no_padding``) and its year is the decision's."""
    (number,) = require(case, ("decision_no",), "无法核对文号格式")
    text = flat(number)
    where = case.describe("decision_no")
    problem = docno_problem(text, params["no_padding"])
    if problem:
        return failed(
            f"{where}「{number}」不规范：{problem}（GB/T 9704-2012 7.2.4）", "decision_no"
        )
    year = int(DOCNO.fullmatch(text)["year"])
    decided = case.get("decided_on")
    if decided is None:
        raise NeedsReview(
            f"文号「{number}」格式规范；{case.describe('decided_on')}未填写，无法核对文号年份",
            "decided_on",
        )
    if year != decided.year:
        return failed(
            f"{where}「{number}」的年份 {year} 与决定日期 {day(decided)} 不一致，文号年份应为作出决定的年份",
            "decision_no",
            "decided_on",
        )
    return passed(f"文号「{number}」格式规范，年份与决定日期一致", "decision_no", "decided_on")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("basis.citation", citation)
    register("docno.format", docno_format)
