"""The effective (resolved) checklist as YAML, with where each group and item came from.

The output is itself a valid checklist without ``extends:``: the provenance is
in comments, so ``checklist show --resolved > flat.yaml`` gives a standalone copy.
"""

import datetime as dt
from typing import Any

import yaml

from evaltool.check.params import Dated, Span
from evaltool.checklist.model import Checklist, Group, Item


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


def item_data(item: Item, group: Group) -> dict[str, Any]:
    """An item in the checklist format (docs/checklists.md), omitting defaults."""
    data: dict[str, Any] = {"id": item.id, "title": item.title}
    if item.requirement:
        data["requirement"] = item.requirement
    if item.points or not item.veto:
        data["points"] = _number(item.points)
    deduction = item.deduction
    if deduction.kind == "range":
        data["deduct"] = {"range": [_number(deduction.amount), _number(deduction.high)]}
    elif deduction.kind != "whole":
        data["deduct"] = {deduction.kind: _number(deduction.amount)}
    if item.veto != group.veto:
        data["veto"] = item.veto
    for key in ("category", "basis", "remediation"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.check:
        data["check"] = item.check
        if item.params:
            data["params"] = plain_value(item.params)
    else:
        data["manual"] = True
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
    if checklist.source:
        top["source"] = checklist.source
    scoring = checklist.scoring
    top["scoring"] = {"total": _number(scoring.total), "veto_effect": scoring.veto_effect}
    if scoring.veto_effect == "deduct":
        top["scoring"]["veto_deduction"] = _number(scoring.veto_deduction)
    top["scoring"]["grades"] = [{"name": g.name, "min": _number(g.min)} for g in scoring.grades]
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
