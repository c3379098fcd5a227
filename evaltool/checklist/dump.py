"""The effective (resolved) checklist as YAML, with where each group and item came from.

The output is itself a valid checklist without ``extends:``: the provenance is
in comments, so ``checklist show --resolved > flat.yaml`` gives a standalone copy.
"""

import datetime as dt
from typing import Any

import yaml

from evaltool.check.params import Dated, Span
from evaltool.checklist.model import Checklist, Condition, Deduction, Grade, Group, Item


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def plain_value(value: Any) -> Any:
    """Params as the checklist format writes them: dated values as their periods, tuples as lists."""
    if isinstance(value, Dated):
        return [_period(span) for span in value.spans]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool | dt.date):
        return value
    return str(value)


def _period(span: Span) -> dict[str, Any]:
    """One period of a dated param, as written in a checklist: from, to, value, source."""
    period: dict[str, Any] = {k: v for k, v in (("from", span.start), ("to", span.end)) if v}
    period["value"] = plain_value(span.value)
    if span.source:
        period["source"] = span.source
    return period


def _dump(data: dict[str, Any]) -> list[str]:
    text = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )
    return text.rstrip("\n").split("\n")


def _entry(data: dict[str, Any], indent: int) -> list[str]:
    """A mapping as one entry of a YAML list, indented."""
    lines = _dump(data)
    pad = " " * indent
    return [f"{pad}- {lines[0]}", *(f"{pad}  {line}" for line in lines[1:])]


def rule_data(rule: Deduction) -> dict[str, Any] | str:
    """One deduction rule in the checklist format."""
    if rule.kind == "whole":
        return {"whole": True, "text": rule.text} if rule.text else "whole"
    amount = (
        [_number(rule.amount), _number(rule.high)] if rule.kind == "range" else _number(rule.amount)
    )
    data: dict[str, Any] = {rule.kind: amount}
    if rule.kind == "each" and rule.per != "处":
        data["per"] = rule.per
    if rule.text:
        data["text"] = rule.text
    return data


def condition_data(condition: Condition) -> dict[str, Any]:
    """An ``applies_to`` mapping with only the conditions given."""
    data: dict[str, Any] = {}
    for key in ("procedure", "penalty_kind", "party_type"):
        if getattr(condition, key):
            data[key] = list(getattr(condition, key))
    if condition.hearing_held is not None:
        data["hearing_held"] = condition.hearing_held
    if condition.fine_above is not None:
        data["fine_above"] = _number(condition.fine_above)
    if condition.fields:
        data["fields"] = {key: plain_value(list(values)) for key, values in condition.fields}
    return data


def item_data(item: Item, group: Group) -> dict[str, Any]:
    """An item in the checklist format (docs/checklists.md), omitting defaults."""
    data: dict[str, Any] = {"id": item.id, "title": item.title}
    if item.requirement:
        data["requirement"] = item.requirement
    if item.own_points and (item.points or not item.veto):
        data["points"] = _number(item.points)
    rules = [rule_data(rule) for rule in item.rules]
    if rules != ["whole"]:
        data["deduct"] = rules[0] if len(rules) == 1 else rules
    if item.veto != group.veto or item.veto_effect:
        data["veto"] = item.veto_effect or item.veto
    for key in ("category", "basis", "remediation"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.applies_to:
        data["applies_to"] = condition_data(item.applies_to)
    if item.more_checks:
        data["check"] = [check_id for check_id, _ in item.checks]
        params = {check_id: plain_value(p) for check_id, p in item.checks if p}
        if params:
            data["params"] = params
    elif item.check:
        data["check"] = item.check
        if item.params:
            data["params"] = plain_value(item.params)
    else:
        data["manual"] = True
    return data


def grade_data(grade: Grade) -> dict[str, Any]:
    data: dict[str, Any] = {"name": grade.name}
    data["above" if grade.exclusive else "min"] = _number(grade.min)
    if grade.words:
        data["words"] = grade.words
    return data


def resolved_yaml(checklist: Checklist) -> str:
    """The checklist as one standalone YAML document, with provenance and changes as comments."""
    lines = [f"# 生效的评查标准：{checklist.id}（{checklist.path}）"]
    for base in checklist.extends:
        lines.append(f"# 扩展自：{base}")
    lines.append(f"# 剪裁修改 {len(checklist.changes)} 处，停用项目 {len(checklist.disabled)} 个")
    item_ids = {item.id for item in [*checklist.items, *checklist.disabled]}
    lines += [f"#   {c.describe()}" for c in checklist.changes if c.target not in item_ids]
    top: dict[str, Any] = {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
    }
    if checklist.description:
        top["description"] = checklist.description
    if checklist.applies_to:
        top["applies_to"] = checklist.applies_to
    if checklist.companions:
        top["companions"] = checklist.companions
    effective = {"from": checklist.effective_from, "to": checklist.effective_to}
    if any(effective.values()):
        top["effective"] = {k: v for k, v in effective.items() if v}
        if checklist.effective_origin != checklist.path:
            lines.append(f"# 施行期间继承自：{checklist.effective_origin}")
    if checklist.source:
        top["source"] = checklist.source
    scoring = checklist.scoring
    top["scoring"] = {"total": _number(scoring.total), "veto_effect": scoring.veto_effect}
    if scoring.veto_effect == "deduct":
        top["scoring"]["veto_deduction"] = _number(scoring.veto_deduction)
    if scoring.bonus_cap:
        top["scoring"]["bonus_cap"] = _number(scoring.bonus_cap)
    if scoring.rescale:
        top["scoring"]["rescale"] = True
    top["scoring"]["grades"] = [grade_data(g) for g in scoring.grades]
    lines += _dump(top)
    lines.append("groups:")
    for group in checklist.groups:
        if not group.items:
            continue
        lines.append(f"  # 分组 {group.id} 来源：{group.origin}")
        head: dict[str, Any] = {"id": group.id, "title": group.title}
        if group.points is not None:
            head["points"] = _number(group.points)
        if group.veto:
            head["veto"] = True
        if group.bonus:
            head["bonus"] = True
        if group.level != "case":
            head["level"] = group.level
        if group.applies_to:
            head["applies_to"] = condition_data(group.applies_to)
        lines += _entry(head, 2)
        lines.append("    items:")
        for item in group.items:
            lines.append(f"      # {item.id} 来源：{item.origin}")
            lines += [f"      # 修改：{c.describe()}" for c in checklist.changes_of(item.id)]
            lines += _entry(item_data(item, group), 6)
    for item in checklist.disabled:
        lines.append(f"# 已停用：{item.id} {item.title}（来源：{item.origin}）")
        lines += [f"#   {c.describe()}" for c in checklist.changes_of(item.id)]
    return "\n".join(lines) + "\n"
