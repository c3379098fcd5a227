"""Checks on the case-file documents (文书) matched to a case: the decision, the notice, the register.

Each reads ``case.documents`` (evaltool.read.documents). A part not found in a document
that looks truncated is 待核对「未找到…」, never 不符合. Messages name the document and paragraph.
"""

import datetime as dt
import re
from decimal import Decimal

import evaltool
from evaltool import (
    NeedsReview,
    Param,
    check_info,
    dated,
    failed,
    needs_review,
    not_applicable,
    passed,
)
from evaltool.builtins.checks._laws import REPEALED, full_name, version_cited, version_in_force
from evaltool.builtins.checks.documents import docno_problem
from evaltool.builtins.checks.hearing import HEARING_KINDS_PARAM, _check_thresholds, _thresholds_for
from evaltool.check.helpers import BEFORE_2021, OLD_LAW, REVISION_2021, day, flat, law, money
from evaltool.lazy import LazyPattern

# the reading modules (extract, match) are imported by the checks that find a document:
# without 文书 they are never loaded
from evaltool.read.documents import CN_NUMBER, KIND_NAMES
from evaltool.read.values import Unreadable, parse_amount

PARTIAL_PARAM = Param(
    bool,
    False,
    "评查项目的要求超出本检查能核对的范围时设为 true：自动核对未发现问题的，仍交评查人员判断（待人工核对）",
)


def _document(case, kind: str):
    """The case's first document of a kind; NeedsReview when the case has none."""
    for doc in case.documents:
        if doc.kind == kind:
            return doc
    raise NeedsReview(
        f"未找到本案的{KIND_NAMES[kind]}（文书文件夹中没有与案号、文号或当事人对应的{KIND_NAMES[kind]}），需人工评查"
    )


def _missing(doc, found: str, problems: list[str], occurrences: int | None = None):
    """Fail for what is missing, or NeedsReview 「未找到…」 when the document looks truncated."""
    if doc.get("truncated"):
        raise NeedsReview(
            f"{doc.name}似不完整（未见落款机关和日期），未找到：{'；'.join(problems)}，需人工核对原件"
        )
    return failed(
        f"{doc.name}{found}{'；'.join(problems)}", occurrences=occurrences or len(problems)
    )


def _pass(params, message: str):
    if params.get("partial"):
        return needs_review(f"自动核对未发现问题：{message}；本评查项目的其余要求需人工评查")
    return passed(message)


# ---------------------------------------------------------------- decision.parts

PARTS = {
    "当事人姓名或名称": ("party_name",),
    "当事人地址": ("address",),
    "违法事实": ("facts",),
    "证据": ("evidence",),
    "处罚依据": ("basis_penalty",),
    "处罚种类": ("penalty_kinds",),
    "履行方式和期限": ("payment_days",),
    "救济途径和期限": ("review_days", "litigation_period"),
    "作出决定的机关名称": ("authority",),
    "作出决定的日期": ("issued_on",),
    "陈述申辩意见的处理": ("statement",),
    "裁量理由": ("discretion",),
}
LAW_PARTS = list(PARTS)[:10]


def _only(choices, refusal: str):
    """A list param's validator: every value one of ``choices``, else ``refusal`` naming the rest."""

    def check(value: list) -> str | None:
        unknown = [v for v in value if v not in choices]
        if not unknown:
            return None
        return f"中「{'、'.join(map(str, unknown))}」{refusal}（可用：{'、'.join(choices)}）"

    return check


@check_info(
    title="处罚决定书载明法定事项",
    basis=law("第五十九条"),
    requires=(),
    documents=True,
    params={
        "parts": Param(list, LAW_PARTS, "决定书应载明的事项", _only(PARTS, "不是可核对的事项")),
        "partial": PARTIAL_PARAM,
    },
)
def decision_parts(case, params, ctx):
    """The decision states party, facts, evidence, basis, penalty, performance, relief, authority and date."""
    doc = _document(case, "decision")
    from evaltool.read.documents.extract import RELIEF

    money_penalty = doc.get("fine") or doc.get("confiscation") or case.get("fine")
    missing = []
    for part in params["parts"]:
        if part == "履行方式和期限" and not money_penalty:
            continue
        if part == "救济途径和期限" and doc.find(RELIEF):
            continue
        if not any(key in doc.fields for key in PARTS[part]):
            missing.append(part)
    if missing:
        return _missing(doc, "未写明：", ["、".join(missing)], occurrences=len(missing))
    return _pass(params, f"{doc.name}载明了{'、'.join(params['parts'])}")


# ---------------------------------------------------------------- decision.relief


def _int_list(value: list) -> str | None:
    wrong = [v for v in value if isinstance(v, bool) or not isinstance(v, int) or v <= 0]
    return f"中「{'、'.join(map(str, wrong))}」应为正整数" if wrong else None


REVIEW_LAW_2024 = dt.date(2024, 1, 1)


def _review_article(doc) -> str:
    issued = doc.get("issued_on")
    if issued and issued < REVIEW_LAW_2024:
        return "《中华人民共和国行政复议法》（1999年）第九条"
    return "《中华人民共和国行政复议法》第二十条"


@check_info(
    title="决定书告知救济途径和期限",
    basis="《中华人民共和国行政复议法》第二十条（2024年1月1日前为第九条）；《中华人民共和国行政诉讼法》第四十六条；"
    + law("第五十九条第一款第五项"),
    requires=(),
    documents=True,
    params={
        "review_days": Param(int, 60, "申请行政复议的期限（日）"),
        "litigation_months": Param(int, 6, "提起行政诉讼的期限（月）"),
        "special_review_days": Param(
            list, [], "单行法律规定的其他复议期限（日），写明后不作问题", _int_list
        ),
        "special_litigation_months": Param(list, [], "单行法律规定的其他诉讼期限（月）", _int_list),
        "special_litigation_days": Param(list, [], "单行法律规定的其他诉讼期限（日）", _int_list),
        "partial": PARTIAL_PARAM,
    },
)
def decision_relief(case, params, ctx):
    """Relief is stated: 行政复议 within 60 days and 行政诉讼 within 6 months (special-law periods as params)."""
    doc = _document(case, "decision")
    from evaltool.read.documents.extract import (
        LITIGATION_PERIOD,
        RELIEF,
        REVIEW_PERIOD,
        chinese_int,
    )

    paragraphs = doc.find(RELIEF)
    if not paragraphs:
        return _missing(doc, "", ["未告知申请行政复议、提起行政诉讼的途径和期限"], 1)
    where = "、".join(dict.fromkeys(doc.at(p).describe() for p in paragraphs))
    text = "".join(p.text for p in paragraphs)
    problems = []
    review_article = _review_article(doc)
    if "行政复议" not in text:
        problems.append("未告知申请行政复议的途径和期限")
    else:
        period = REVIEW_PERIOD.search(text)
        if not period:
            problems.append("未写明申请行政复议的期限")
        elif period["unit"] is None:
            problems.append(f"行政复议期限「{period['n']}内」缺少“日”，期限不明确")
        else:
            n = chinese_int(period["n"])
            unit = "日" if period["unit"] in ("日", "天") else period["unit"]
            allowed = {params["review_days"], *params["special_review_days"]}
            if unit != "日" or n not in allowed:
                problems.append(
                    f"行政复议期限为{n}{unit}（原文「{period['n']}{period['unit']}内」），"
                    f"应为{params['review_days']}日（{review_article}）"
                )
    if "行政诉讼" not in text:
        problems.append("未告知提起行政诉讼的途径和期限")
    else:
        period = LITIGATION_PERIOD.search(text)
        if not period:
            problems.append("未写明提起行政诉讼的期限")
        elif period["unit"] is None:
            problems.append(f"行政诉讼期限「{period['n']}内」缺少单位，期限不明确")
        else:
            n = chinese_int(period["n"])
            months = {params["litigation_months"], *params["special_litigation_months"]}
            ok = (period["unit"] == "个月" and n in months) or (
                period["unit"] in ("日", "天") and n in params["special_litigation_days"]
            )
            if not ok:
                problems.append(
                    f"行政诉讼期限为「{period['n']}{period['unit']}」，应为{params['litigation_months']}个月"
                    "（《中华人民共和国行政诉讼法》第四十六条）"
                )
    if problems:
        return failed(f"{where} 救济途径：{'；'.join(problems)}", occurrences=len(problems))
    return _pass(params, f"{where} 告知了申请行政复议和提起行政诉讼的途径和期限")


# ---------------------------------------------------------------- decision.payment


@check_info(
    title="决定书写明缴纳期限和加处罚款",
    basis=law("第六十七条", "第七十二条第一款第一项"),
    reads=("fine",),
    requires=(),
    documents=True,
    params={"payment_days": Param(int, 15, "缴纳罚款的期限（日）"), "partial": PARTIAL_PARAM},
)
def decision_payment(case, params, ctx):
    """Where a fine is imposed: payment within 15 days and 加处罚款 (每日3%) stated."""
    doc = _document(case, "decision")
    if not (doc.get("fine") or case.get("fine")):
        return not_applicable(f"{doc.name}未处罚款")
    problems = []
    days = doc.get("payment_days")
    if days is None:
        problems.append("未写明缴纳罚款的期限")
    elif days != params["payment_days"]:
        problems.append(
            f"缴纳期限为{days}日（{doc.where('payment_days')}），应为收到决定书之日起{params['payment_days']}日内"
        )
    late = doc.get("late_fee_stated")
    if late is None:
        problems.append("未告知到期不缴纳罚款的，每日按罚款数额的3%加处罚款")
    elif late is False:
        problems.append(f"加处罚款的比例不是每日按罚款数额的3%（{doc.where('late_fee_stated')}）")
    if problems:
        return _missing(doc, "：", problems)
    return _pass(params, f"{doc.name}写明{days}日内缴纳罚款及每日3%加处罚款")


# ---------------------------------------------------------------- decision.basis

PENALTY_LAW = "中华人民共和国行政处罚法"


@check_info(
    title="决定书处罚依据写明法律全称和条款",
    basis=law("第五十九条第一款第三项"),
    requires=(),
    documents=True,
    params={"partial": PARTIAL_PARAM},
)
def decision_basis(case, params, ctx):
    """The penalty basis names the law in full in 《》 and the article."""
    doc = _document(case, "decision")
    from evaltool.read.documents.extract import CITATION

    cited = doc.get("basis_penalty")
    if not cited:
        return _missing(doc, "", ["未写明处罚依据"], 1)
    where = doc.where("basis_penalty")
    problems, laws = [], []
    for text in cited:
        match = CITATION.match(text)
        if not match:
            problems.append(f"「{text}」未用书名号《》写明法律、法规或规章的名称")
            continue
        name = match["law"]
        laws.append(name)
        full = full_name(name)
        if full:
            problems.append(f"「{text}」应写法律全称《{full}》")
        if not match["articles"]:
            problems.append(f"「{text}」未写明具体条款（第…条）")
    if problems:
        return failed(f"{where} 处罚依据：{'；'.join(problems)}", occurrences=len(problems))
    if laws and all(name == PENALTY_LAW for name in laws):
        raise NeedsReview(f"{where} 处罚依据只引用了《{PENALTY_LAW}》，需人工核对")
    return _pass(params, f"处罚依据：{'、'.join(cited)}（{where}）")


# ---------------------------------------------------------------- decision.amount_words


@check_info(
    title="决定书大写金额与小写金额一致",
    basis="记载一致；" + law("第五十九条第一款第三项"),
    requires=(),
    documents=True,
)
def decision_amount_words(case, params, ctx):
    """The fine in words equals the fine in figures."""
    doc = _document(case, "decision")
    fine, words = doc.get("fine"), doc.get("fine_in_words")
    if fine is None:
        return not_applicable(f"{doc.name}未见罚款金额")
    if words is None:
        return not_applicable(f"{doc.name}罚款金额未用大写（{money(fine)}）")
    try:
        spelled = parse_amount(words)
    except Unreadable:
        raise NeedsReview(f"{doc.name}大写金额「{words}」无法识别，需人工核对") from None
    where = doc.where("fine_in_words")
    if spelled != fine:
        return failed(f"{where} 罚款大写「{words}」（{money(spelled)}）与小写 {money(fine)} 不一致")
    return passed(f"罚款大写「{words}」与小写 {money(fine)} 一致（{where}）")


# ---------------------------------------------------------------- decision.law_version


def _act_date(case, doc) -> tuple[dt.date, str]:
    for value, what in (
        (case.get("violation_on"), "违法行为发生日期"),
        (doc.get("issued_on"), "决定书日期"),
        (case.get("decided_on"), "决定日期"),
    ):
        if value:
            return value, what
    raise NeedsReview("登记表未填写违法行为发生日期，决定书也未见日期，无法核对所引法律的版本")


@check_info(
    title="所引法律法规在违法行为发生时有效（版本正确）",
    basis=law("第三十七条")
    + "（实施行政处罚，适用违法行为发生时的法律、法规、规章的规定；从旧兼从轻）",
    reads=("violation_on", "decided_on"),
    requires=(),
    documents=True,
    params={"partial": PARTIAL_PARAM},
)
def decision_law_version(case, params, ctx):
    """No law cited that was repealed, or in a version not in force, on the date of the act."""
    doc = _document(case, "decision")
    from evaltool.read.documents.extract import CITATION

    cited = [*(doc.get("basis_violated") or []), *(doc.get("basis_penalty") or [])]
    if not cited:
        return _missing(doc, "", ["未找到所引法律、法规"], 1)
    act, what = _act_date(case, doc)
    problems, open_questions = [], []
    for text in dict.fromkeys(cited):
        match = CITATION.match(text)
        if not match:
            continue
        name = match["law"]
        repeal = REPEALED.get(name)
        if repeal and act >= repeal.on:
            problems.append(
                f"引用的《{name}》已于 {day(repeal.on)} 废止，{what} {day(act)} 应适用《{repeal.replaced_by}》（{repeal.source}）"
            )
            continue
        year = re.search(r"(\d{4})", match["version"] or "")
        if not year:
            continue
        cited_version = version_cited(name, int(year[1]))
        current = version_in_force(name, act)
        if not cited_version or not current or cited_version == current:
            continue
        if cited_version.in_force < current.in_force:
            problems.append(
                f"引用《{name}》{match['version']}，但{what} {day(act)} 施行的是{current.label}的文本"
                f"（自 {day(current.in_force)} 起施行，{current.source}）"
            )
        else:
            open_questions.append(
                f"引用《{name}》{match['version']}，该文本自 {day(cited_version.in_force)} 起施行，"
                f"晚于{what} {day(act)}；新法处罚较轻的可以适用（从旧兼从轻）"
            )
    where = doc.where("basis_penalty")
    if problems:
        return failed(f"{where}：{'；'.join(problems)}", occurrences=len(problems))
    if open_questions:
        raise NeedsReview(f"{where}：{'；'.join(open_questions)}，需人工核对")
    return _pass(params, f"所引法律法规未见已废止或版本不符（{what} {day(act)}）")


# ---------------------------------------------------------------- decision.leftovers

PLACEHOLDERS = (
    (LazyPattern(r"[XxＸｘ]{2,}"), "占位符"),
    (LazyPattern(r"[＿_]{2,}"), "未填的空白线"),
    (LazyPattern(r"【[^】]*】"), "模板括注"),
)
DRAFT = LazyPattern(r"拟|建议")


@check_info(
    title="决定书无模板残留和拟稿用语",
    basis="文书制作规范；GB/T 9704-2012 7.2.4（发文字号）",
    requires=(),
    documents=True,
    params={"partial": PARTIAL_PARAM},
)
def decision_leftovers(case, params, ctx):
    """No XX, ＿＿, 【】 left from the template, no 拟/建议 in the operative part, a 文号 in form."""
    doc = _document(case, "decision")
    from evaltool.read.documents.extract import operative_paragraphs

    problems = []
    for p in doc.paragraphs:
        for pattern, what in PLACEHOLDERS:
            for match in pattern.finditer(p.text):
                problems.append(f"{doc.at(p).describe()}有{what}「{match.group()}」")
    for p in operative_paragraphs(doc):
        for word in dict.fromkeys(DRAFT.findall(p.text)):
            problems.append(
                f"{doc.at(p).describe()}处罚决定中仍有拟稿用语「{word}」：「{p.text[:30]}」"
            )
    number = doc.get("decision_no")
    if number:
        problem = docno_problem(flat(number))
        if problem:
            problems.append(f"{doc.where('decision_no')}文号「{number}」不规范：{problem}")
    if problems:
        return failed("；".join(problems), occurrences=len(problems))
    return _pass(params, f"{doc.name}未见模板残留和拟稿用语，文号规范")


# ---------------------------------------------------------------- notice.rights

WINDOW = LazyPattern(rf"(?P<n>[{CN_NUMBER}]+)\s*(?P<unit>个工作日|日|天)内")


@check_info(
    title="告知书告知陈述、申辩和听证权利及期限",
    basis=law("第四十四条", "第四十五条", "第六十三条", "第六十四条"),
    reads=("fine", "confiscated", "penalty_kinds", "party_type", "business_activity", "decided_on"),
    requires=(),
    documents=True,
    params={
        "thresholds": Param(
            dict,
            None,
            "较大数额（同 hearing.right_notified）：按当事人类别或按活动性质给出的金额（元）",
            _check_thresholds,
        ),
        "heavy_kinds": HEARING_KINDS_PARAM,
        "individual_business_as": Param(
            str, None, "个体工商户按哪一类当事人计（同 hearing.right_notified）"
        ),
        "hearing_days": Param(
            int,
            dated(
                (None, BEFORE_2021, 3, OLD_LAW + "第四十二条：告知后三日内提出"),
                (REVISION_2021, None, 5, law("第六十四条") + "：告知后五日内提出"),
            ),
            "要求听证的期限（工作日）",
        ),
        "partial": PARTIAL_PARAM,
    },
)
def notice_rights(case, params, ctx):
    """The notice states 陈述、申辩 and, where the 较大数额 applies, 听证 with its window; the decision waits for it."""
    doc = _document(case, "notice")
    from evaltool.read.documents.extract import chinese_int

    text = "".join(p.text for p in doc.paragraphs)
    problems = [f"未告知{word}的权利" for word in ("陈述", "申辩") if word not in text]
    hearing_paragraphs = [p for p in doc.paragraphs if "听证" in p.text]
    window_days = None
    if hearing_paragraphs:
        window = WINDOW.search("".join(p.text for p in hearing_paragraphs))
        if not window:
            problems.append("未写明要求听证的期限")
        else:
            window_days = chinese_int(window["n"])
            if window_days != params["hearing_days"]:
                problems.append(
                    f"要求听证的期限为「{window['n']}{window['unit']}」，应为{params['hearing_days']}日（工作日）"
                )
    else:
        required = _hearing_required(case, doc, params)
        if required is None:
            raise NeedsReview(
                f"{doc.name}未告知听证权利；未配置较大数额（参数 thresholds）或金额不明，无法判断是否应当告知听证，需人工核对"
            )
        if required:
            problems.append(f"{required}，应告知要求听证的权利")
        window = WINDOW.search(text)
        window_days = chinese_int(window["n"]) if window else None
    decision = next((d for d in case.documents if d.kind == "decision"), None)
    notified, decided = doc.get("issued_on"), decision.get("issued_on") if decision else None
    if notified and decided and window_days:
        last = ctx.calendar.add_workdays(notified, window_days)
        if decided <= last:
            problems.append(
                f"决定书日期 {day(decided)} 距告知书日期 {day(notified)} 未满告知的{window_days}个工作日，"
                f"当事人陈述、申辩或要求听证的期限（至少至 {day(last)}）尚未届满即作出决定"
            )
    if problems:
        return failed(f"{doc.name}：{'；'.join(problems)}", occurrences=len(problems))
    return _pass(
        params, f"{doc.name}告知了陈述、申辩{'和听证' if hearing_paragraphs else ''}的权利"
    )


def _hearing_required(case, doc, params) -> str | bool | None:
    """Why hearing rights were due ("罚款 50000元 达到较大数额 …"), False when not, None when unknown."""
    kinds = set(doc.get("penalty_kinds") or []) | set(case.get("penalty_kinds") or [])
    heavy = kinds & set(params["heavy_kinds"])
    if heavy:
        return f"拟作出{'、'.join(sorted(heavy))}"
    fine = doc.get("fine") or case.get("fine")
    if not fine:
        return False
    if not params["thresholds"]:
        return None
    thresholds, _ = _thresholds_for(case, params["thresholds"], params)
    reached = [(k, Decimal(str(t))) for k, t in thresholds if Decimal(str(fine)) >= Decimal(str(t))]
    if len(reached) == len(thresholds):
        key, limit = reached[0]
        return f"拟罚款{money(fine)}，达到较大数额（{key} {money(limit)}）"
    return False if not reached else None


# ---------------------------------------------------------------- documents.register_match

COMPARED = ("decision_no", "party_name", "party_id", "fine", "confiscation", "issued_on")


@check_info(
    title="文书与登记表、各文书之间记载一致",
    basis="记载一致；" + law("第五十九条"),
    reads=(
        "decision_no",
        "case_no",
        "party",
        "party_id",
        "fine",
        "confiscated",
        "decided_on",
        "served_on",
    ),
    requires=(),
    documents=True,
    params={
        "fields": Param(list, list(COMPARED), "比对的项目", _only(COMPARED, "不可比对")),
        "partial": PARTIAL_PARAM,
    },
)
def register_match(case, params, ctx):
    """文号, party, amounts and dates agree between the documents and the register, and among the documents."""
    if not case.documents:
        raise NeedsReview("未找到本案的文书，无法与登记表比对，需人工评查")
    from evaltool.read.documents.match import normalize_name

    fields = params["fields"]
    problems, compared = [], 0
    decision = next((d for d in case.documents if d.kind == "decision"), None)

    def differ(doc, key, seen, expected, what, source):
        nonlocal compared
        compared += 1
        if seen != expected:
            problems.append(
                f"{doc.where(key)} {what}「{_show(seen)}」与{source}「{_show(expected)}」不一致"
            )

    if decision and "decision_no" in fields and decision.get("decision_no"):
        number = case.get("decision_no") or case.get("case_no")
        if number:
            differ(
                decision,
                "decision_no",
                flat(decision.get("decision_no")),
                flat(number),
                "文号",
                "登记表",
            )
    for key, register_key, label in (
        ("party_name", "party", "当事人"),
        ("party_id", "party_id", "证件号码"),
    ):
        if key not in fields:
            continue
        expected = case.get(register_key)
        source = "登记表"
        for doc in case.documents:
            seen = doc.get(key)
            if seen is None:
                continue
            if expected is None:
                expected, source = seen, doc.where(key)
                continue
            differ(doc, key, normalize_name(seen), normalize_name(expected), label, source)
    if decision:
        for key, register_key, label in (
            ("fine", "fine", "罚款"),
            ("confiscation", "confiscated", "没收金额"),
        ):
            if (
                key in fields
                and decision.get(key) is not None
                and case.get(register_key) is not None
            ):
                differ(
                    decision,
                    key,
                    decision.get(key),
                    Decimal(str(case.get(register_key))),
                    label,
                    "登记表",
                )
    if "issued_on" in fields:
        for doc in case.documents:
            register_key = {"decision": "decided_on", "service": "served_on"}.get(doc.kind)
            if register_key and doc.get("issued_on") and case.get(register_key):
                what = "决定日期" if doc.kind == "decision" else "送达日期"
                differ(
                    doc,
                    "issued_on",
                    doc.get("issued_on"),
                    case.get(register_key),
                    what,
                    f"登记表{what}",
                )
    if problems:
        return failed("；".join(problems), occurrences=len(problems))
    if not compared:
        raise NeedsReview("文书和登记表没有可比对的记载（文号、当事人、金额、日期），需人工核对")
    return _pass(params, f"{len(case.documents)} 份文书与登记表的 {compared} 处记载一致")


def _show(value) -> str:
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, Decimal | int | float):
        return money(value)
    return str(value)


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("decision.parts", decision_parts)
    register("decision.relief", decision_relief)
    register("decision.payment", decision_payment)
    register("decision.basis", decision_basis)
    register("decision.amount_words", decision_amount_words)
    register("decision.law_version", decision_law_version)
    register("decision.leftovers", decision_leftovers)
    register("notice.rights", notice_rights)
    register("documents.register_match", register_match)
