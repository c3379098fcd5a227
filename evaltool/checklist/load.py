"""Load a checklist from YAML safely, follow ``extends:`` and validate it, reporting every problem with file and line."""

import importlib.resources
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool.check.spec import Check
from evaltool.checklist.model import (
    ITEM_KEYS,
    VETO_EFFECTS,
    Checklist,
    Deduction,
    Grade,
    Group,
    Item,
    Scoring,
    fmt_points,
)
from evaltool.checklist.tailor import apply_tailoring
from evaltool.errors import ChecklistError
from evaltool.read.values import ENUMS
from evaltool.yamlfile import LineDict, Validator, read_yaml

__all__ = ["DEFAULT_CHECKLIST", "ChecklistSource", "LineDict", "load_checklist"]

DEFAULT_CHECKLIST = "national-ordinary"

TOP_KEYS = {
    "id",
    "title",
    "version",
    "description",
    "applies_to",
    "effective",
    "source",
    "extends",
    "scoring",
    "groups",
    "overrides",
}
SCORING_KEYS = {"total", "veto_effect", "veto_deduction", "grades"}
GROUP_KEYS = {"id", "title", "points", "veto", "items"}
MAX_BYTES = 1 << 20  # 1 MB: the national checklist (70 items) is under 30 KB
MAX_ITEMS = 2_000


@dataclass(frozen=True)
class ChecklistSource:
    """A checklist that can be named by id: shipped with evaltool or registered by a plugin."""

    id: str
    path: Path
    provider: str  # "内置" or the name of the plugin that registered it


def shipped_checklists() -> dict[str, Path]:
    """The checklists that ship with evaltool, by id (their file name)."""
    folder = importlib.resources.files("evaltool.checklists")
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def available_checklists(
    registered: dict[str, ChecklistSource] | None = None,
) -> dict[str, ChecklistSource]:
    """Shipped checklists plus those plugins registered, by id."""
    sources = {
        cid: ChecklistSource(cid, path, "内置") for cid, path in shipped_checklists().items()
    }
    sources.update(registered or {})
    return dict(sorted(sources.items()))


def resolve_checklist(
    ref: str | Path | None, available: dict[str, ChecklistSource] | None = None
) -> Path:
    """A checklist file from a path or the id of an available checklist (default: the national one)."""
    ref = ref or DEFAULT_CHECKLIST
    available = available_checklists() if available is None else available
    path = Path(ref)
    if path.is_file():
        return path
    if str(ref) in available:
        return available[str(ref)].path
    raise ChecklistError(
        [
            f"找不到评查标准「{ref}」：既不是文件，也不是已知的评查标准"
            f"（可用：{'、'.join(available)}）"
        ]
    )


@dataclass
class CatalogueEntry:
    """An available checklist, loaded, or the problems that stop it loading."""

    source: ChecklistSource
    checklist: Checklist | None
    problems: list[str]


def catalogue(
    checks: dict[str, Check], registered: dict[str, ChecklistSource] | None = None
) -> list[CatalogueEntry]:
    """Every available checklist (shipped and plugin-provided), each loaded and validated."""
    entries = []
    for source in available_checklists(registered).values():
        try:
            checklist = load_checklist(source.path, checks, checklists=registered)
        except ChecklistError as exc:
            entries.append(CatalogueEntry(source, None, exc.problems))
        else:
            entries.append(CatalogueEntry(source, checklist, []))
    return entries


def load_checklist(
    ref: str | Path | None,
    checks: dict[str, Check],
    *,
    checklists: dict[str, ChecklistSource] | None = None,
) -> Checklist:
    """Read, resolve (``extends:``) and validate a checklist; raise ChecklistError listing every problem.

    ``checklists`` are the plugin-registered checklists (``Registry.checklists``), which
    can be named by id like the shipped ones, in ``ref`` and in ``extends:``.
    """
    available = available_checklists(checklists)
    return _load(resolve_checklist(ref, available), checks, available, ())


def _load(
    path: Path, checks: dict[str, Check], available: dict[str, ChecklistSource], chain: tuple
) -> Checklist:
    data = read_yaml(path, error=ChecklistError, what="评查标准文件", max_bytes=MAX_BYTES)
    _check_item_count(path, data)
    validator = _Validator(path, checks)
    if isinstance(data, LineDict) and "extends" in data:
        validator.mapping(data, TOP_KEYS, "评查标准", None, None)
        base = _load_base(data, validator, checks, available, (*chain, path))
        checklist = apply_tailoring(base, data, validator)
    else:
        checklist = validator.checklist(data)
    problems = validator.problems or consistency_problems(checklist)
    if problems:
        raise ChecklistError(problems)
    return checklist


def _check_item_count(path: Path, data: Any) -> None:
    """Refuse a checklist with more than ``MAX_ITEMS`` items before validating each of them."""
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        return
    count = sum(
        len(group["items"])
        for group in groups
        if isinstance(group, dict) and isinstance(group.get("items"), list)
    )
    if count > MAX_ITEMS:
        raise ChecklistError(
            [f"{path}：评查标准有 {count} 个评查项目，超过上限 {MAX_ITEMS} 个，已拒绝读取"]
        )


def _load_base(
    data: LineDict,
    validator: "_Validator",
    checks: dict[str, Check],
    available: dict[str, ChecklistSource],
    chain: tuple,
) -> Checklist:
    ref = data["extends"]
    here = validator.at(data, "extends")
    if not isinstance(ref, str) or not ref.strip():
        raise ChecklistError(
            [f"{here}：「extends」应为内置评查标准的编号或相对于本文件的路径，如 national-ordinary"]
        )
    relative = validator.path.parent / ref
    if relative.is_file():
        path = relative
    elif ref in available:
        path = available[ref].path
    else:
        raise ChecklistError(
            [
                f"{here}：找不到所扩展的评查标准「{ref}」：{relative} 不存在，"
                f"也不是已知的评查标准（可用：{'、'.join(available)}）"
            ]
        )
    seen = [p.resolve() for p in chain]
    if path.resolve() in seen:
        loop = " → ".join(p.name for p in (*chain[seen.index(path.resolve()) :], path))
        raise ChecklistError([f"{here}：评查标准的 extends 形成循环：{loop}"])
    try:
        return _load(path, checks, available, chain)
    except ChecklistError as exc:
        raise ChecklistError([f"{here}：所扩展的评查标准「{ref}」有问题：", *exc.problems]) from exc


def consistency_problems(checklist: Checklist) -> list[str]:
    """Points that do not add up and grades that cannot be reached, located where they were set."""
    problems = []
    for group in checklist.groups:
        items = sum(item.points for item in group.items)
        if group.points is not None and not math.isclose(items, group.points, abs_tol=1e-6):
            problems.append(
                f"{_last_source(checklist, group)}：分组 {group.id}（{group.title}）的分值 "
                f"{fmt_points(group.points)} 与其评查项目分值之和 {fmt_points(items)} 不符"
            )
    total = sum(group.maximum for group in checklist.groups)
    scoring = checklist.scoring
    if not math.isclose(total, scoring.total, abs_tol=1e-6):
        parts = "＋".join(f"{g.id} {fmt_points(g.maximum)}" for g in checklist.groups if g.maximum)
        problems.append(
            f"{_last_source(checklist, None)}：总分 {fmt_points(scoring.total)} 与各分组分值之和 "
            f"{fmt_points(total)}（{parts}）不符，请调整分值使其相加等于总分"
        )
    if scoring.total <= 0:
        problems.append(f"{scoring.origin or checklist.path}：总分应大于 0")
    if not checklist.items:
        problems.append(f"{checklist.path}：没有启用的评查项目")
    if scoring.grades and scoring.grades[0].min > scoring.total:
        top = scoring.grades[0]
        problems.append(
            f"{scoring.origin or checklist.path}：最高等次「{top.name}」的最低分 {fmt_points(top.min)} "
            f"超过总分 {fmt_points(scoring.total)}，任何案卷都达不到"
        )
    return problems


def _last_source(checklist: Checklist, group: Group | None) -> str:
    """Where the points of a group (or, with None, the total) were last changed, else defined."""
    if group is None:
        touched = checklist.changes
        default = checklist.scoring.origin or checklist.path
    else:
        ids = {i.id for i in group.items} | {
            i.id for i in checklist.disabled if i.group == group.id
        }
        touched = [c for c in checklist.changes if c.target in ids | {f"分组 {group.id}"}]
        default = group.origin or checklist.path
    return touched[-1].source if touched else default


class _Validator(Validator):
    """Turns parsed YAML into a Checklist, collecting every problem with its line."""

    def __init__(self, path: Path, checks: dict[str, Check]):
        super().__init__(path)
        self.checks = checks
        self.next_position = 0

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

    def text(self, node: LineDict, key: str, where: str, default: str = "") -> str:
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, LineDict | list | bool):
            self.error(node, key, f"{where}的「{key}」应为文字")
            return default
        return str(value).strip()

    def flag(self, node: LineDict, key: str, where: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.error(node, key, f"{where}的「{key}」应为 true 或 false，实际为「{value}」")
            return default
        return value

    def identity(self, data: LineDict) -> tuple[str, str, str]:
        """The id, title and version every checklist file declares for itself."""
        cl_id = self.required(data, "id", "评查标准", (str, int))
        title = self.required(data, "title", "评查标准")
        version = data.get("version")
        if version is None or version == "":
            self.error(data, "version", "评查标准缺少「version」")
        return str(cl_id or ""), str(title or ""), str(version or "")

    def metadata(self, data: LineDict) -> dict[str, Any]:
        """The optional metadata present in a file: applies_to, effective dates, source, description."""
        found: dict[str, Any] = {}
        if "applies_to" in data:
            applies_to = data.get("applies_to") or []
            known = dict.fromkeys(ENUMS["procedure"].values())
            if not isinstance(applies_to, list) or not all(isinstance(p, str) for p in applies_to):
                self.error(data, "applies_to", "「applies_to」应为程序类型列表，如 [普通程序]")
            elif unknown := [p for p in applies_to if p not in known]:
                self.error(
                    data,
                    "applies_to",
                    f"「applies_to」中的程序类型「{'、'.join(unknown)}」未知（可选：{'、'.join(known)}）",
                )
            else:
                found["applies_to"] = list(applies_to)
        if "effective" in data:
            effective = data.get("effective") or LineDict()
            if self.mapping(effective, {"from", "to"}, "effective", data, "effective"):
                found["effective_from"] = effective.get("from")
                found["effective_to"] = effective.get("to")
        for key in ("source", "description"):
            if key in data:
                found[key] = self.text(data, key, "评查标准")
        return found

    def checklist(self, data: Any) -> Checklist:
        if not self.mapping(data, TOP_KEYS - {"extends"}, "评查标准", None, None):
            raise ChecklistError(self.problems or [f"{self.path}：评查标准应为键值映射"])
        if "overrides" in data:
            self.error(
                data, "overrides", "只有用「extends」扩展其他评查标准时才能使用「overrides」"
            )
        cl_id, title, version = self.identity(data)
        scoring = self.scoring(data.get("scoring", LineDict()), data, Scoring())
        seen: dict[str, str] = {}
        groups = self.groups(data, seen)
        return Checklist(
            id=cl_id,
            title=title,
            version=version,
            groups=groups,
            scoring=scoring,
            path=str(self.path),
            **self.metadata(data),
        )

    def scoring(self, node: Any, parent: LineDict, base: Scoring) -> Scoring:
        """``base`` with the keys given in ``node`` replaced."""
        scoring = Scoring(
            base.total, base.veto_effect, base.veto_deduction, list(base.grades), base.origin
        )
        if not self.mapping(node, SCORING_KEYS, "scoring", parent, "scoring"):
            return scoring
        if "scoring" in parent:
            scoring.origin = self.at(parent, "scoring")
        scoring.total = self.number(node, "total", "scoring", scoring.total)
        effect = node.get("veto_effect", scoring.veto_effect)
        if effect in VETO_EFFECTS:
            scoring.veto_effect = effect
        else:
            self.error(
                node,
                "veto_effect",
                f"未知的否决效果「{effect}」（可选：{'、'.join(VETO_EFFECTS)}）",
            )
        if "veto_deduction" in node:
            scoring.veto_deduction = self.number(node, "veto_deduction", "scoring", 100.0)
            if scoring.veto_effect != "deduct":
                self.error(
                    node,
                    "veto_deduction",
                    "「veto_deduction」只在否决效果为 deduct 时使用（每个否决项扣多少分）",
                )
            elif scoring.veto_deduction <= 0:
                self.error(node, "veto_deduction", "「veto_deduction」应大于 0")
        if "grades" in node:
            scoring.grades = self.grades(node)
        return scoring

    def grades(self, node: LineDict) -> list[Grade]:
        raw = node["grades"]
        if not isinstance(raw, list) or len(raw) < 2:
            self.error(
                node, "grades", "「grades」应为至少两个等次的列表，如 - {name: 优秀, min: 90}"
            )
            return Scoring().grades
        grades = []
        for entry in raw:
            if self.mapping(entry, {"name", "min"}, "等次", node, "grades"):
                name = self.required(entry, "name", "等次")
                grades.append(Grade(str(name), self.number(entry, "min", "等次", 0.0)))
        mins = [g.min for g in grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            self.error(node, "grades", "等次应按最低分从高到低排列，且最低分互不相同")
        if len({g.name for g in grades}) != len(grades):
            self.error(node, "grades", "等次名称不能重复")
        if grades and grades[-1].min != 0:
            self.error(node, "grades", "最后一个等次的最低分应为 0，使每个分数都有等次")
        return grades

    def groups(self, data: LineDict, seen: dict[str, str]) -> list[Group]:
        raw = data.get("groups")
        if not isinstance(raw, list) or not raw:
            self.error(data, "groups", "评查标准缺少「groups」（评查项目分组列表）")
            return []
        groups: list[Group] = []
        for node in raw:
            group = self.group(node, data, seen)
            if group is None:
                continue
            if any(g.id == group.id for g in groups):
                self.error(node, "id", f"分组编号「{group.id}」重复")
            groups.append(group)
        return groups

    def group(self, node: Any, parent: LineDict, seen: dict[str, str]) -> Group | None:
        if not self.mapping(node, GROUP_KEYS, "分组", parent, "groups"):
            return None
        group_id = str(self.required(node, "id", "分组", (str, int)))
        where = f"分组 {group_id} "
        veto = self.flag(node, "veto", where, False)
        points = self.number(node, "points", where, 0.0) if "points" in node else None
        items = self.items(node, group_id, veto, seen)
        if not items:
            self.error(node, "items", f"{where}没有评查项目")
        title = self.required(node, "title", where, (str, int))
        return Group(group_id, str(title), items, points, veto, origin=self.at(node))

    def items(self, node: LineDict, group_id: str, veto: bool, seen: dict[str, str]) -> list[Item]:
        raw = node.get("items") or []
        if not isinstance(raw, list):
            self.error(node, "items", f"分组 {group_id} 的「items」应为评查项目列表")
            return []
        return [
            item for item_node in raw if (item := self.item(item_node, node, group_id, veto, seen))
        ]

    def item(self, node: Any, group: LineDict, group_id: str, group_veto: bool, seen: dict):
        if not self.mapping(node, ITEM_KEYS, "评查项目", group, "items"):
            return None
        item_id = str(self.required(node, "id", "评查项目", (str, int)))
        where = f"评查项目 {item_id} "
        if item_id in seen:
            self.error(node, "id", f"{where}编号重复（{seen[item_id]}已使用）")
        seen[item_id] = self.at(node)
        veto = self.flag(node, "veto", where, group_veto)
        item = Item(
            id=item_id,
            title=str(self.required(node, "title", where) or ""),
            group=group_id,
            requirement=self.text(node, "requirement", where),
            points=self.number(node, "points", where, 0.0),
            veto=veto,
            category=self.text(node, "category", where),
            basis=self.text(node, "basis", where),
            remediation=self.text(node, "remediation", where),
            manual=self.flag(node, "manual", where, False),
            line=node.line,
            origin=self.at(node),
            position=self.next_position,
        )
        self.next_position += 1
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
        from evaltool.check.params import (
            parse_param,  # imported here: this method is all params.py touches
        )

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
                continue
            parsed, problems = parse_param(name, param, value)
            for at, key, message in problems:
                self.error(raw if at is None else at, key, f"{where}的{message}")
            if not problems:
                values[name] = parsed
        return values


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
