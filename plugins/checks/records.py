"""Record-integrity checks: required fields, duplicate case numbers, date order, penalty consistency."""

import datetime as dt
import itertools
from operator import le
from pathlib import Path

import evaltool
from evaltool.check.helpers import PROCEDURES, canonical_kinds, day, flat, kinds_of, law, money
from evaltool.check.params import Dated
from evaltool.check.spec import NeedsReview, Param, check_info
from evaltool.fields import FIELD_BY_KEY
from evaltool.model import failed, needs_review, not_applicable, passed

# ---------------------------------------------------------------- fields.required

DEFAULT_FIELDS = {
    "普通程序": [
        "procedure",
        "case_no",
        "decision_no",
        "party",
        "party_type",
        "cause",
        "basis",
        "penalty_kinds",
        "filed_on",
        "decided_on",
        "served_on",
        "officers",
    ],
    "简易程序": ["procedure", "party", "cause", "basis", "penalty_kinds", "decided_on", "officers"],
    "快速办理": [
        "procedure",
        "case_no",
        "decision_no",
        "party",
        "cause",
        "basis",
        "penalty_kinds",
        "decided_on",
        "officers",
    ],
}


def _check_fields(value: dict) -> str | None:
    for procedure, keys in value.items():
        if procedure not in PROCEDURES:
            return f"的程序类型「{procedure}」未知（可选：{'、'.join(PROCEDURES)}）"
        if not isinstance(keys, list) or not keys:
            return f"中「{procedure}」应为字段列表，如 [case_no, decided_on]"
        unknown = [str(k) for k in keys if k not in FIELD_BY_KEY]
        if unknown:
            return f"中「{procedure}」有未知的字段「{'、'.join(unknown)}」（字段名见 register-columns）"
    return None


def _every_field(value) -> tuple[str, ...]:
    """Every field any procedure type requires (over all periods when the param is dated)."""
    mappings = [s.value for s in value.spans if s.value] if isinstance(value, Dated) else [value]
    return tuple(dict.fromkeys(k for m in mappings for keys in m.values() for k in keys))


def _required_columns(params) -> tuple[str, ...]:
    return _every_field(params["fields"])


def _required_clear(batch, params, ctx):
    """Fast form of ``required``: every required field of the register's columns filled and readable."""
    fields = params["fields"]
    common = [k for k in _every_field(fields) if all(k in ks for ks in fields.values())]
    wanted = {None: common} | fields
    present = {
        procedure: [k for k in keys if batch.has_column(k)] for procedure, keys in wanted.items()
    }

    def clear(case) -> bool:
        values = case.values
        keys = present.get(values.get("procedure"))
        if keys is None:
            return False  # 不适用
        return None not in map(values.get, keys) and not (
            case.issues and any(k in case.issues for k in keys)
        )

    return [clear(case) for case in batch.cases]


@check_info(
    title="案卷登记的必要事项齐全",
    basis=law("第五十九条") + "；评查标准规定的登记事项",
    requires=(),
    optional=_required_columns,
    params={
        "fields": Param(
            dict,
            DEFAULT_FIELDS,
            "各程序类型必须登记的字段，如 {普通程序: [case_no, decided_on], 简易程序: [decided_on]}",
            _check_fields,
        )
    },
    clear_passes=_required_clear,
)
def required(case, params, ctx):
    """Every field the checklist requires for the case's procedure type is filled in.

    A blank cell fails; a cell that holds something unreadable counts as filled
    but sends the case to a reviewer. Fields whose column the register lacks are
    reported once per register and not judged here.
    """
    fields = params["fields"]
    procedure = case.get("procedure")
    if procedure is None:
        wanted = [k for k in _every_field(fields) if all(k in ks for ks in fields.values())]
        scope = "各程序类型共同"
    elif procedure in fields:
        wanted, scope = fields[procedure], procedure
    else:
        return not_applicable(f"评查标准未规定{procedure}案卷的必要事项", "procedure")
    present = [k for k in wanted if case.register.has_column(k)]
    blank = [k for k in present if case.get(k) is None and k not in case.issues]
    unreadable = [k for k in present if k in case.issues]
    if blank:
        names = "、".join(case.describe(k) for k in blank)
        return failed(
            f"缺少{scope}案卷必须登记的事项：{names}未填写（{law('第五十九条')}及评查标准）",
            *blank,
            occurrences=len(blank),
        )
    if unreadable:
        details = "、".join(case.describe(k) for k in unreadable)
        return needs_review(f"必要事项已填写，{details}待核对（见数据问题）", *unreadable)
    return passed(f"{scope}案卷的 {len(present)} 项必要事项均已填写", *present)


# ---------------------------------------------------------------- case.duplicate_no

_OPENING, _CLOSING = "([【〔［", ")]】〕］"
_BRACKETS = str.maketrans(_OPENING + _CLOSING, "〔" * len(_OPENING) + "〕" * len(_CLOSING))


def _case_key(number: str) -> str:
    """A case number folded for comparison: width, spaces and bracket shapes do not matter."""
    return flat(number).translate(_BRACKETS)


def _by_number(cases) -> dict[tuple[str, str], list]:
    """The cases of each case number of a unit (folded) that another case carries too."""
    first: dict[tuple[str, str], object] = {}
    repeated: dict[tuple[str, str], list] = {}
    for case in cases:
        number = case.get("case_no")
        if number:
            key = (case.unit, _case_key(number))
            if key in first:
                repeated.setdefault(key, [first[key]]).append(case)
            else:
                first[key] = case
    return repeated


def _where(case, other) -> str:
    if (other.register.file, other.register.sheet) == (case.register.file, case.register.sheet):
        return f"第{other.row}行"
    return f"{Path(other.register.file).name}「{other.register.sheet}」第{other.row}行"


def _repeated(index) -> set[int]:
    """The ids of the cases whose number another case of the unit has too."""
    return {id(case) for group in index.values() if len(set(map(id, group))) > 1 for case in group}


def _duplicate_no_clear(batch, params, ctx):
    """Fast form of ``duplicate_no``: no other case of the unit has the number."""
    index = ctx.memo("case.duplicate_no", lambda: _by_number(ctx.cases))
    repeated = ctx.memo("case.duplicate_no.repeated", lambda: _repeated(index))
    return [
        number is not None and id(case) not in repeated
        for case, number in zip(batch.cases, batch["case_no"], strict=True)
    ]


@check_info(
    title="案号在本单位内唯一",
    basis="案卷管理（一案一号）",
    reads=("case_no",),
    clear_passes=_duplicate_no_clear,
)
def duplicate_no(case, params, ctx):
    """No other case of the same unit carries the same case number (every row sharing it fails)."""
    number = case.get("case_no")
    if number is None:
        return needs_review(f"{case.describe('case_no')}未填写，无法核对案号是否重复", "case_no")
    index = ctx.memo("case.duplicate_no", lambda: _by_number(ctx.cases))
    same = index.get((case.unit, _case_key(number)), [case])
    others = [other for other in same if other is not case]
    if not others:
        return passed(f"案号「{number}」在本单位唯一", "case_no")
    shown = "、".join(_where(case, other) for other in others[:5])
    more = f"等 {len(others)} 处" if len(others) > 5 else ""
    return failed(
        f"案号「{number}」在{case.unit}重复出现 {len(same)} 次（另见{shown}{more}），"
        "同一单位的案号应当唯一",
        "case_no",
    )


# ---------------------------------------------------------------- dates.order

CHAIN = (
    "violation_on",
    "discovered_on",
    "filed_on",
    "notified_on",
    "decided_on",
    "served_on",
    "closed_on",
)
BEFORE_DECISION = ("legal_review_on", "collective_on", "hearing_on")


def _date_pairs(get) -> tuple[list, list]:
    """The recorded dates of the chain and the pairs of them that must be in order; ``get`` gives
    a field's value (None when blank)."""
    dated = [(key, get(key)) for key in CHAIN if isinstance(get(key), dt.date)]
    pairs = list(itertools.pairwise(dated))
    decided = get("decided_on")
    if isinstance(decided, dt.date):
        pairs += [
            ((key, get(key)), ("decided_on", decided))
            for key in BEFORE_DECISION
            if isinstance(get(key), dt.date)
        ]
    start, end = get("violation_on"), get("violation_end_on")
    if start and end:
        pairs.append((("violation_on", start), ("violation_end_on", end)))
    return dated, pairs


def _order_clear(batch, params, ctx):
    """Fast form of ``order``: two or more dates recorded, every pair in order (as ``_date_pairs``
    pairs them: the chain's recorded dates each with the next, the reviews and the hearing with
    the decision, a violation's start with its end)."""
    date = dt.date
    decisions = CHAIN.index("decided_on")

    def clear(chain, reviews, start, end) -> bool:
        dated = [value for value in chain if isinstance(value, date)]
        compared = len(dated) > 1
        if compared and not all(map(le, dated, dated[1:])):
            return False
        decided = chain[decisions]
        if isinstance(decided, date):
            for value in reviews:
                if isinstance(value, date):
                    if value > decided:
                        return False
                    compared = True
        if start and end:
            return start <= end
        return compared

    columns = (
        zip(*(batch[k] for k in CHAIN), strict=True),
        zip(*(batch[k] for k in BEFORE_DECISION), strict=True),
        batch["violation_on"],
        batch["violation_end_on"],
    )
    return list(map(clear, *columns))


@check_info(
    title="办案程序日期顺序正确",
    basis="程序倒置（各地评查标准的否决项）；" + law("第五十四条至第六十一条"),
    reads=(*CHAIN, "violation_end_on", *BEFORE_DECISION),
    requires=("decided_on",),
    clear_passes=_order_clear,
)
def order(case, params, ctx):
    """Violation ≤ discovered ≤ filed ≤ notified ≤ decided ≤ served ≤ closed; reviews and hearing by the decision.

    Only the dates a case records are compared, each with the next recorded one;
    the same day is in order. A violation's end is not before its start.
    """
    dated, pairs = _date_pairs(case.get)
    if not pairs:
        return needs_review("登记的程序日期不足两个，无法核对先后顺序", *CHAIN)
    wrong = [(a, b) for a, b in pairs if a[1] > b[1]]
    if not wrong:
        return passed("程序日期先后顺序正确", *(k for k, _ in dated))
    described = "；".join(
        f"{case.describe(a)}为 {day(da)}，晚于{case.describe(b)} {day(db)}"
        for (a, da), (b, db) in wrong
    )
    keys = dict.fromkeys(k for pair in wrong for k, _ in pair)
    return failed(
        f"程序倒置：{described}。应按立案、调查、告知、审核、决定、送达的顺序办理"
        f"（{law('第五十四条至第六十一条')}）",
        *keys,
        occurrences=len(wrong),
    )


# ---------------------------------------------------------------- penalty.consistency


def _consistency_clear(batch, params, ctx):
    """Fast form of ``consistency``: kinds recorded, 罚款 exactly when a fine, 没收 exactly when an
    amount confiscated (when the register has that column)."""
    confiscation = batch.has_column("confiscated")

    def clear(raw_kinds, fine, confiscated) -> bool:
        kinds = canonical_kinds(raw_kinds)
        if not kinds or bool(fine) != ("罚款" in kinds):
            return False
        return not confiscation or bool(confiscated) == any(k.startswith("没收") for k in kinds)

    columns = ("penalty_kinds", "fine", "confiscated")
    return list(map(clear, *(batch[k] for k in columns)))


@check_info(
    title="处罚种类与罚没金额一致",
    basis="登记信息一致性；" + law("第九条"),
    reads=("penalty_kinds", "fine", "confiscated"),
    requires=("penalty_kinds", "fine"),
    optional=("confiscated",),
    clear_passes=_consistency_clear,
)
def consistency(case, params, ctx):
    """罚款 listed ⇔ a fine above 0; 没收 listed ⇔ a confiscated amount recorded (when the column exists)."""
    kinds = kinds_of(case)
    if not kinds:
        raise NeedsReview(
            f"{case.describe('penalty_kinds')}未填写，无法核对处罚种类与金额是否一致",
            "penalty_kinds",
        )
    listed = "、".join(kinds)
    problems, cells = [], ["penalty_kinds"]
    fine = case.get("fine")
    if "罚款" in kinds and not fine:
        state = "为 0" if fine == 0 else "未填写"
        problems.append(f"处罚种类含罚款，但{case.describe('fine')}{state}")
        cells.append("fine")
    if fine and "罚款" not in kinds:
        problems.append(f"{case.describe('fine')}为 {money(fine)}，但处罚种类（{listed}）不含罚款")
        cells.append("fine")
    if case.register.has_column("confiscated"):
        confiscated = case.get("confiscated")
        takes = [k for k in kinds if k.startswith("没收")]
        if takes and not confiscated:
            problems.append(f"处罚种类含{'、'.join(takes)}，但{case.describe('confiscated')}未填写")
            cells.append("confiscated")
        if confiscated and not takes:
            problems.append(
                f"{case.describe('confiscated')}为 {money(confiscated)}，"
                f"但处罚种类（{listed}）不含没收违法所得或没收非法财物"
            )
            cells.append("confiscated")
    if problems:
        return failed(
            f"处罚种类与金额不一致：{'；'.join(problems)}。请核对决定书并更正登记",
            *dict.fromkeys(cells),
            occurrences=len(problems),
        )
    amounts = f"，罚款 {money(fine)}" if fine else ""
    return passed(f"处罚种类（{listed}）与登记金额一致{amounts}", *cells)


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("fields.required", required)
    register("case.duplicate_no", duplicate_no)
    register("dates.order", order)
    register("penalty.consistency", consistency)
