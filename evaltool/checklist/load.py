"""Load a checklist from YAML safely and validate it, reporting every problem with file and line."""

import importlib.resources
from pathlib import Path
from typing import Any

import yaml

from evaltool.check.spec import Check
from evaltool.checklist.model import Checklist, Deduction, Grade, Group, Item, Scoring
from evaltool.errors import ChecklistError
from evaltool.yamlfile import LineDict, LineLoader

DEFAULT_CHECKLIST = "national-ordinary"
VETO_EFFECTS = ("zero",)

TOP_KEYS = {
    "id",
    "title",
    "version",
    "description",
    "applies_to",
    "effective",
    "source",
    "scoring",
    "groups",
}
SCORING_KEYS = {"total", "veto_effect", "grades"}
GROUP_KEYS = {"id", "title", "points", "veto", "items"}
ITEM_KEYS = {
    "id",
    "title",
    "requirement",
    "points",
    "deduct",
    "veto",
    "category",
    "basis",
    "remediation",
    "check",
    "params",
    "manual",
}


def shipped_checklists() -> dict[str, Path]:
    """The checklists that ship with evaltool, by id (their file name)."""
    folder = importlib.resources.files("evaltool.checklists")
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def resolve_checklist(ref: str | Path | None) -> Path:
    """A checklist file from a path or the id of a shipped checklist (default: the national one)."""
    ref = ref or DEFAULT_CHECKLIST
    path = Path(ref)
    if path.is_file():
        return path
    shipped = shipped_checklists()
    if str(ref) in shipped:
        return shipped[str(ref)]
    raise ChecklistError(
        [
            f"找不到评查标准「{ref}」：既不是文件，也不是内置标准（内置：{'、'.join(sorted(shipped))}）"
        ]
    )


def load_checklist(ref: str | Path | None, checks: dict[str, Check]) -> Checklist:
    """Read, parse and validate a checklist; raise ChecklistError listing every problem found."""
    path = resolve_checklist(ref)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError([f"{path}：无法读取评查标准文件（{exc}）"]) from exc
    try:
        data = yaml.load(text, Loader=LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else "位置未知"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ChecklistError([f"{path}:{line}：YAML 格式错误：{problem}"]) from exc
    return _Validator(path, checks).checklist(data)


class _Validator:
    """Turns parsed YAML into a Checklist, collecting every problem with its line."""

    def __init__(self, path: Path, checks: dict[str, Check]):
        self.path = path
        self.checks = checks
        self.problems: list[str] = []

    def error(self, node: Any, key: Any, message: str) -> None:
        line = node.lines.get(key, node.line) if isinstance(node, LineDict) else 0
        self.problems.append(f"{self.path}:第 {line} 行：{message}")

    def mapping(self, node: Any, allowed: set[str], where: str, parent: Any, key: Any) -> bool:
        if not isinstance(node, LineDict):
            self.error(parent, key, f"{where}应为键值映射")
            return False
        for unknown in sorted(set(node) - allowed, key=str):
            self.error(
                node,
                unknown,
                f"{where}中有未知的键「{unknown}」（允许：{'、'.join(sorted(allowed))}）",
            )
        return True

    def required(self, node: LineDict, key: str, where: str, kind: type | tuple = str) -> Any:
        value = node.get(key)
        if value is None or value == "":
            self.error(node, key, f"{where}缺少「{key}」")
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.error(node, key, f"{where}的「{key}」类型不对")
            return None
        return value

    def number(self, node: LineDict, key: str, where: str, default: float) -> float:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.error(node, key, f"{where}的「{key}」应为非负数，实际为「{value}」")
            return default
        return float(value)

    def checklist(self, data: Any) -> Checklist:
        if not self.mapping(data, TOP_KEYS, "评查标准", None, None):
            raise ChecklistError(self.problems or [f"{self.path}：评查标准应为键值映射"])
        cl_id = self.required(data, "id", "评查标准")
        title = self.required(data, "title", "评查标准")
        version = data.get("version")
        if version is None:
            self.error(data, "version", "评查标准缺少「version」")
        scoring = self.scoring(data.get("scoring", LineDict()), data)
        groups = self.groups(data)
        effective = data.get("effective") or LineDict()
        if self.mapping(effective, {"from", "to"}, "effective", data, "effective"):
            eff_from, eff_to = effective.get("from"), effective.get("to")
        else:
            eff_from = eff_to = None
        applies_to = data.get("applies_to") or []
        if not isinstance(applies_to, list):
            self.error(data, "applies_to", "「applies_to」应为程序类型列表，如 [普通程序]")
            applies_to = []
        if self.problems:
            raise ChecklistError(self.problems)
        return Checklist(
            id=str(cl_id),
            title=str(title),
            version=str(version),
            groups=groups,
            scoring=scoring,
            applies_to=[str(p) for p in applies_to],
            effective_from=eff_from,
            effective_to=eff_to,
            source=str(data.get("source") or ""),
            path=str(self.path),
        )

    def scoring(self, node: Any, parent: LineDict) -> Scoring:
        scoring = Scoring()
        if not self.mapping(node, SCORING_KEYS, "scoring", parent, "scoring"):
            return scoring
        scoring.total = self.number(node, "total", "scoring", 100.0)
        effect = node.get("veto_effect", "zero")
        if effect not in VETO_EFFECTS:
            self.error(
                node,
                "veto_effect",
                f"未知的否决效果「{effect}」（可选：{'、'.join(VETO_EFFECTS)}）",
            )
        scoring.veto_effect = effect
        if "grades" in node:
            scoring.grades = self.grades(node)
        return scoring

    def grades(self, node: LineDict) -> list[Grade]:
        raw = node["grades"]
        if not isinstance(raw, list) or not raw:
            self.error(node, "grades", "「grades」应为等次列表，如 - {name: 优秀, min: 90}")
            return Scoring().grades
        grades = []
        for entry in raw:
            if self.mapping(entry, {"name", "min"}, "等次", node, "grades"):
                name = self.required(entry, "name", "等次")
                grades.append(Grade(str(name), self.number(entry, "min", "等次", 0.0)))
        mins = [g.min for g in grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            self.error(node, "grades", "等次应按最低分从高到低排列，且最低分互不相同")
        if grades and grades[-1].min != 0:
            self.error(node, "grades", "最后一个等次的最低分应为 0，使每个分数都有等次")
        return grades

    def groups(self, data: LineDict) -> list[Group]:
        raw = data.get("groups")
        if not isinstance(raw, list) or not raw:
            self.error(data, "groups", "评查标准缺少「groups」（评查项目分组列表）")
            return []
        groups, seen = [], {}
        for node in raw:
            if not self.mapping(node, GROUP_KEYS, "分组", data, "groups"):
                continue
            group_id = str(self.required(node, "id", "分组", (str, int)))
            where = f"分组 {group_id} "
            veto = bool(node.get("veto", False))
            points = self.number(node, "points", where, 0.0) if "points" in node else None
            items = []
            for item_node in node.get("items") or []:
                item = self.item(item_node, node, group_id, veto, seen)
                if item:
                    items.append(item)
            if not items:
                self.error(node, "items", f"{where}没有评查项目")
            title = self.required(node, "title", where, (str, int))
            groups.append(Group(group_id, str(title), items, points, veto))
        return groups

    def item(self, node: Any, group: LineDict, group_id: str, group_veto: bool, seen: dict):
        if not self.mapping(node, ITEM_KEYS, "评查项目", group, "items"):
            return None
        item_id = str(self.required(node, "id", "评查项目", (str, int)))
        where = f"评查项目 {item_id} "
        if item_id in seen:
            self.error(node, "id", f"{where}编号重复（第 {seen[item_id]} 行已使用）")
        seen[item_id] = node.line
        veto = bool(node.get("veto", group_veto))
        item = Item(
            id=item_id,
            title=str(self.required(node, "title", where) or ""),
            group=group_id,
            requirement=str(node.get("requirement") or ""),
            points=self.number(node, "points", where, 0.0),
            veto=veto,
            category=str(node.get("category") or ""),
            basis=str(node.get("basis") or ""),
            remediation=str(node.get("remediation") or ""),
            manual=bool(node.get("manual", False)),
            line=node.line,
        )
        if not veto and item.points <= 0:
            self.error(node, "points", f"{where}不是否决项，应有大于 0 的分值「points」")
        item.deduction = self.deduction(node, where, item.points)
        check_id = node.get("check")
        if check_id is None and not item.manual:
            self.error(
                node, "id", f"{where}应指定自动检查「check」或标记为人工评查「manual: true」"
            )
        if check_id is not None and item.manual:
            self.error(node, "check", f"{where}不能同时指定「check」和「manual: true」")
        if check_id is not None:
            item.check = str(check_id)
            item.params = self.params(node, where, item.check)
        elif "params" in node:
            self.error(node, "params", f"{where}是人工评查项目，不能有「params」")
        return item

    def deduction(self, node: LineDict, where: str, points: float) -> Deduction:
        raw = node.get("deduct", "whole")
        if raw == "whole":
            return Deduction("whole")
        if isinstance(raw, LineDict) and len(raw) == 1:
            kind, value = next(iter(raw.items()))
            if kind in ("fixed", "each") and _is_number(value) and value > 0:
                return Deduction(kind, float(value))
            if (
                kind == "range"
                and isinstance(value, list)
                and len(value) == 2
                and all(_is_number(v) for v in value)
                and 0 <= value[0] <= value[1]
            ):
                return Deduction("range", float(value[0]), float(value[1]))
        self.error(
            node,
            "deduct",
            f"{where}的扣分规则「deduct」应为 whole、{{fixed: 分}}、{{each: 分}} 或 {{range: [低, 高]}}",
        )
        return Deduction("whole")

    def params(self, node: LineDict, where: str, check_id: str) -> dict[str, Any]:
        check = self.checks.get(check_id)
        if check is None:
            known = "、".join(sorted(self.checks))
            self.error(
                node, "check", f"{where}引用了未知的自动检查「{check_id}」（已注册：{known}）"
            )
            return {}
        raw = node.get("params") or LineDict()
        if not isinstance(raw, LineDict):
            self.error(node, "params", f"{where}的「params」应为键值映射")
            return {}
        declared = check.info.params
        values = {name: param.default for name, param in declared.items()}
        for name, value in raw.items():
            param = declared.get(name)
            if param is None:
                allowed = "、".join(declared) or "无"
                self.error(
                    raw, name, f"{where}的检查 {check_id} 没有参数「{name}」（可用参数：{allowed}）"
                )
            elif (isinstance(value, bool) and param.type is not bool) or not isinstance(
                value, param.type
            ):
                self.error(raw, name, f"{where}的参数「{name}」类型不对：{param.description}")
            else:
                values[name] = value
        return values


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
