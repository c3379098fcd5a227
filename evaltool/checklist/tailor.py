"""Tailoring: a checklist that ``extends:`` another and states only its differences.

In the manner of XCCDF tailoring and kube-bench overrides, a tailoring file keeps
its own identity (id, title, version) and may replace metadata and scoring keys,
change or add groups, add items, and override items by id (disable, points,
deduction, veto flag, check and params, texts, group). Every difference is
recorded as a ``Change`` with the file and line that made it.
"""

import copy
from bisect import insort
from typing import Any

from evaltool.checklist.model import ITEM_KEYS, Change, Checklist, Grade, Group, Item
from evaltool.yamlfile import LineDict

GROUP_CHANGE_KEYS = {"id", "title", "points", "items", "enabled", "reason"}
OVERRIDE_KEYS = (ITEM_KEYS - {"id"}) | {"enabled", "group", "reason"}
TEXT_KEYS = ("title", "requirement", "category", "basis", "remediation")
MANUAL = "人工评查"


def apply_tailoring(base: Checklist, data: LineDict, validator) -> Checklist:
    """The checklist ``data`` describes: a copy of ``base`` with the file's differences applied.

    ``validator`` is the loader's validator for the tailoring file; problems are
    collected on it, each with this file's name and line.
    """
    return _Tailor(base, data, validator).apply()


class _Tailor:
    def __init__(self, base: Checklist, data: LineDict, validator):
        self.base = base
        self.data = data
        self.v = validator
        self.cl = copy.deepcopy(base)
        self.seen = {item.id: item.origin for item in self.all_items()}

    def all_items(self) -> list[Item]:
        return [*self.cl.items, *self.cl.disabled]

    def record(self, target: str, field: str, old: Any, new: Any, node, key, reason="") -> None:
        if old != new:
            self.cl.changes.append(Change(target, field, old, new, self.v.at(node, key), reason))

    def added(self, item: Item, reason: str) -> None:
        self.cl.changes.append(Change(item.id, "新增", None, item.title, item.origin, reason))

    def apply(self) -> Checklist:
        v, data, cl = self.v, self.data, self.cl
        cl.id, cl.title, cl.version = v.identity(data)
        cl.path = str(v.path)
        cl.extends = [f"{self.base.id}（{self.base.path}）", *self.base.extends]
        for key, value in v.metadata(data).items():
            if key == "effective_origin":
                setattr(cl, key, value)
                continue
            if key in ("applies_to", "effective_from", "effective_to"):
                node_key = "applies_to" if key == "applies_to" else "effective"
                self.record("标准", key, getattr(cl, key), value, data, node_key)
            if key == "companions":  # a tailoring names only the companions it changes
                value = {**cl.companions, **value}
            setattr(cl, key, value)
        v.next_position = 1 + max((item.position for item in self.all_items()), default=0)
        if "scoring" in data:
            self.scoring(data)
        if "groups" in data:
            self.groups(data)
        if "overrides" in data:
            self.overrides(data)
        return cl

    def scoring(self, data: LineDict) -> None:
        old = self.cl.scoring
        new = self.v.scoring(data["scoring"], data, old)
        node = data["scoring"]
        for key in ("total", "veto_effect", "veto_deduction"):
            self.record("评分规则", key, getattr(old, key), getattr(new, key), node, key)
        self.record("评分规则", "grades", _bands(old.grades), _bands(new.grades), node, "grades")
        self.cl.scoring = new

    def groups(self, data: LineDict) -> None:
        raw = data["groups"]
        if not isinstance(raw, list):
            self.v.error(data, "groups", "「groups」应为分组列表")
            return
        for node in raw:
            existing = None
            if isinstance(node, LineDict):
                existing = next((g for g in self.cl.groups if g.id == str(node.get("id"))), None)
            if existing is not None:
                self.change_group(existing, node)
                continue
            group = self.v.group(node, data, self.seen)
            if group is not None:
                self.cl.groups.append(group)
                self.record(f"分组 {group.id}", "新增", None, group.title, node, None)
                for item in group.items:
                    self.added(item, "")

    def change_group(self, group: Group, node: LineDict) -> None:
        v, target = self.v, f"分组 {group.id}"
        if not v.mapping(node, GROUP_CHANGE_KEYS, f"对已有{target}的修改", None, None):
            return
        reason = v.text(node, "reason", target)
        if "title" in node:
            title = v.text(node, "title", target, group.title)
            self.record(target, "title", group.title, title, node, "title", reason)
            group.title = title
        if "points" in node:
            points = v.number(node, "points", target, group.points or 0.0)
            self.record(target, "points", group.points, points, node, "points", reason)
            group.points = points
            group.cap_items()
        for item in v.items(node, group, self.seen):
            group.items.append(item)
            self.added(item, reason)
        if not v.flag(node, "enabled", target, True):
            for item in list(group.items):
                self.set_enabled(item, False, node, "enabled", reason)
            self.record(target, "points", group.points, None, node, "enabled", reason)
            group.points = None

    def overrides(self, data: LineDict) -> None:
        raw = data["overrides"]
        if not isinstance(raw, LineDict):
            self.v.error(data, "overrides", "「overrides」应为以评查项目编号为键的映射")
            return
        for item_id, node in raw.items():
            item = next((i for i in self.all_items() if i.id == str(item_id)), None)
            if item is None:
                known = "、".join(i.id for i in self.all_items())
                self.v.error(
                    raw,
                    item_id,
                    f"overrides 中的评查项目「{item_id}」在所扩展的评查标准「{self.base.id}」中"
                    f"不存在（现有编号：{known}）",
                )
            elif self.v.mapping(node, OVERRIDE_KEYS, f"评查项目 {item_id} 的覆盖", raw, item_id):
                self.override(item, node)

    def override(self, item: Item, node: LineDict) -> None:
        v, where = self.v, f"评查项目 {item.id} 的覆盖"
        reason = v.text(node, "reason", where)

        def change(field: str, new: Any, key: str) -> None:
            self.record(item.id, field, getattr(item, field), new, node, key, reason)

        self.method(item, node, where, reason)
        if "points" in node:
            points = v.number(node, "points", where, item.points)
            change("points", points, "points")
            item.points, item.own_points = points, True
        if "deduct" in node:
            rules = v.rules(node, where, item.points if item.own_points else None)
            old = item.describe_rules()
            item.rules = rules
            self.record(item.id, "deduct", old, item.describe_rules(), node, "deduct", reason)
        if "veto" in node:
            veto, effect = v.veto(node, where, (item.veto, item.veto_effect))
            change("veto", veto, "veto")
            change("veto_effect", effect, "veto")
            item.veto, item.veto_effect = veto, effect
        if "applies_to" in node:
            condition = v.condition(node, where)
            old = item.applies_to.describe() if item.applies_to else None
            new = condition.describe() if condition else None
            self.record(item.id, "applies_to", old, new, node, "applies_to", reason)
            item.applies_to = condition
        for key in TEXT_KEYS:
            if key in node:
                text = v.text(node, key, where, getattr(item, key))
                change(key, text, key)
                setattr(item, key, text)
        if "group" in node:
            self.move(item, node, where, reason)
        if "enabled" in node:
            self.set_enabled(item, v.flag(node, "enabled", where, True), node, "enabled", reason)
        if not item.veto and item.points <= 0:
            v.error(node, None, f"评查项目 {item.id} 不是否决项，应有大于 0 的分值「points」")

    def method(self, item: Item, node: LineDict, where: str, reason: str) -> None:
        """Switch between automatic and manual review, or change the check's params."""
        v = self.v
        old = item.check or MANUAL
        if "check" in node and node.get("manual"):
            v.error(node, "check", f"{where}不能同时指定「check」和「manual: true」")
        elif isinstance(node.get("check"), list):
            item.check, item.params, item.more_checks, item.manual = None, {}, {}, False
            v.method(node, where, item)
            new = "+".join(check_id for check_id, _ in item.checks)
            self.record(item.id, "check", old, new, node, "check", reason)
        elif "check" in node:
            check_id = str(node["check"])
            params = v.params(node, where, check_id)
            self.record(item.id, "check", old, check_id, node, "check", reason)
            for name, value in params.items():
                if item.check == check_id and item.params.get(name) != value:
                    self.record(
                        item.id,
                        f"params.{name}",
                        item.params.get(name),
                        value,
                        node,
                        "params",
                        reason,
                    )
            item.check, item.manual, item.params = check_id, False, params
        elif "manual" in node:
            if node["manual"] is not True:
                v.error(node, "manual", f"{where}要改为自动检查，请指定「check」")
            elif "params" in node:
                v.error(node, "params", f"{where}改为人工评查，不能有「params」")
            else:
                self.record(item.id, "check", old, MANUAL, node, "manual", reason)
                item.check, item.manual, item.params = None, True, {}
        elif "params" in node:
            if item.check is None:
                v.error(
                    node,
                    "params",
                    f"{where}：{item.id} 是人工评查项目，不能设置「params」；"
                    "要改为自动检查，请同时指定「check」",
                )
                return
            params = v.params(node, where, item.check)
            given = node["params"] if isinstance(node["params"], LineDict) else {}
            for name in given:
                if name in params:
                    line_node = given if isinstance(given, LineDict) else node
                    self.record(
                        item.id,
                        f"params.{name}",
                        item.params.get(name),
                        params[name],
                        line_node,
                        name,
                        reason,
                    )
                    item.params[name] = params[name]

    def move(self, item: Item, node: LineDict, where: str, reason: str) -> None:
        target = str(node["group"])
        group = next((g for g in self.cl.groups if g.id == target), None)
        if group is None:
            known = "、".join(g.id for g in self.cl.groups)
            self.v.error(node, "group", f"{where}：分组「{target}」不存在（现有分组：{known}）")
            return
        self.record(item.id, "group", item.group, target, node, "group", reason)
        if item in self.cl.disabled:
            item.group = target
            return
        self.cl.group(item.group).items.remove(item)
        item.group = target
        insort(group.items, item, key=lambda i: i.position)

    def set_enabled(self, item: Item, enabled: bool, node: LineDict, key: str, reason: str) -> None:
        was = item not in self.cl.disabled
        self.record(item.id, "enabled", was, enabled, node, key, reason)
        if was and not enabled:
            self.cl.group(item.group).items.remove(item)
            self.cl.disabled.append(item)
        elif enabled and not was:
            self.cl.disabled.remove(item)
            insort(self.cl.group(item.group).items, item, key=lambda i: i.position)


def _bands(grades: list[Grade]) -> list[str]:
    return [f"{grade.name}≥{grade.min:g}" for grade in grades]
