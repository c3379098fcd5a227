"""Load a checklist from YAML safely, follow ``extends:`` and validate it, reporting every problem with file and line."""

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltool.check.spec import Check
from evaltool.checklist.model import (
    CONDITION_KEYS,
    ITEM_KEYS,
    LEVELS,
    VETO_EFFECTS,
    Checklist,
    Condition,
    Deduction,
    Grade,
    Group,
    Item,
    Scoring,
    fmt_points,
)
from evaltool.checklist.tailor import apply_tailoring
from evaltool.errors import ChecklistError
from evaltool.fields import FIELD_BY_KEY, PENALTY_KINDS
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
    "companions",
    "effective",
    "source",
    "extends",
    "scoring",
    "groups",
    "overrides",
}
SCORING_KEYS = {"total", "veto_effect", "veto_deduction", "grades", "bonus_cap", "rescale"}
GROUP_KEYS = {"id", "title", "points", "veto", "items", "bonus", "level", "applies_to"}
GRADE_KEYS = {"name", "min", "above", "words"}
RULE_KINDS = ("whole", "fixed", "each", "range")
RULE_KEYS = {*RULE_KINDS, "per", "text"}
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
    import evaltool.checklists

    folder = Path(evaltool.checklists.__file__).parent  # importlib.resources would load tempfile
    return {path.stem: path for path in folder.iterdir() if path.suffix == ".yaml"}


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
    shipped = any(path == source.path for source in available.values())  # rarely changes: cached
    data = read_yaml(
        path, error=ChecklistError, what="评查标准文件", max_bytes=MAX_BYTES, cache=shipped
    )
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
        if (
            group.points is not None
            and all(item.own_points for item in group.items)
            and not math.isclose(items, group.points, abs_tol=1e-6)
        ):
            problems.append(
                f"{_last_source(checklist, group)}：分组 {group.id}（{group.title}）的分值 "
                f"{fmt_points(group.points)} 与其评查项目分值之和 {fmt_points(items)} 不符"
            )
    counted = file_groups(checklist)
    total = sum(group.maximum for group in counted)
    scoring = checklist.scoring
    if not math.isclose(total, scoring.total, abs_tol=1e-6):
        parts = "＋".join(f"{g.id} {fmt_points(g.maximum)}" for g in counted if g.maximum)
        problems.append(
            f"{_last_source(checklist, None)}：总分 {fmt_points(scoring.total)} 与各分组分值之和 "
            f"{fmt_points(total)}（{parts}）不符，请调整分值使其相加等于总分"
        )
    if scoring.total <= 0:
        problems.append(f"{scoring.origin or checklist.path}：总分应大于 0")
    if not checklist.items:
        problems.append(f"{checklist.path}：没有启用的评查项目")
    if any(item.bonus for item in checklist.items) and scoring.bonus_cap <= 0:
        problems.append(
            f"{scoring.origin or checklist.path}：评查标准有加分项，应在 scoring 中用「bonus_cap」"
            "写明加分的上限（如 bonus_cap: 5）"
        )
    if scoring.grades and scoring.grades[0].min > scoring.total:
        top = scoring.grades[0]
        problems.append(
            f"{scoring.origin or checklist.path}：最高等次「{top.name}」的最低分 {fmt_points(top.min)} "
            f"超过总分 {fmt_points(scoring.total)}，任何案卷都达不到"
        )
    return problems


def file_groups(checklist: Checklist) -> list[Group]:
    """The groups whose points make up a file's total: not bonus, not unit-level."""
    return [g for g in checklist.groups if not g.bonus and g.level == "case"]


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
        if "companions" in data:
            companions = self.companions(data, known)
            if companions is not None:
                found["companions"] = companions
        if "effective" in data:
            effective = data.get("effective") or LineDict()
            if self.mapping(effective, {"from", "to"}, "effective", data, "effective"):
                for key in ("from", "to"):
                    value = effective.get(key)
                    if value is not None and not isinstance(value, dt.date):
                        self.error(
                            effective,
                            key,
                            f"effective 的「{key}」应为日期，如 2021-07-15，实际为「{value}」",
                        )
                        continue
                    found[f"effective_{key}"] = value
                found["effective_origin"] = str(self.path)
        for key in ("source", "description"):
            if key in data:
                found[key] = self.text(data, key, "评查标准")
        return found

    def companions(self, data: LineDict, known: dict) -> dict[str, str] | None:
        """``companions``: the standard (id or path) that scores each other procedure type."""
        node = data.get("companions") or {}
        if not isinstance(node, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in node.items()
        ):
            self.error(
                data,
                "companions",
                "「companions」应为程序类型到评查标准的映射，如 {简易程序: simple}",
            )
            return None
        if unknown := [p for p in node if p not in known]:
            self.error(
                data,
                "companions",
                f"「companions」中的程序类型「{'、'.join(unknown)}」未知（可选：{'、'.join(known)}）",
            )
            return None
        return {procedure: ref.strip() for procedure, ref in node.items()}

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
        scoring = dataclasses.replace(base, grades=list(base.grades))
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
        if "bonus_cap" in node:
            scoring.bonus_cap = self.number(node, "bonus_cap", "scoring", 0.0)
        scoring.rescale = self.flag(node, "rescale", "scoring", scoring.rescale)
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
            if self.mapping(entry, GRADE_KEYS, "等次", node, "grades"):
                name = self.required(entry, "name", "等次")
                bound = "above" if "above" in entry else "min"
                if "above" in entry and "min" in entry:
                    self.error(
                        entry, "above", "等次只能写「min」（含本数）或「above」（不含本数）之一"
                    )
                grades.append(
                    Grade(
                        str(name),
                        self.number(entry, bound, "等次", 0.0),
                        exclusive=bound == "above",
                        words=self.text(entry, "words", "等次"),
                    )
                )
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
        veto, effect = self.veto(node, where, (False, None))
        points = self.number(node, "points", where, 0.0) if "points" in node else None
        group = Group(
            group_id,
            "",
            [],
            points,
            veto,
            origin=self.at(node),
            bonus=self.flag(node, "bonus", where, False),
            level=self.level(node, where),
            applies_to=self.condition(node, where) if "applies_to" in node else None,
        )
        if group.bonus and veto:
            self.error(node, "bonus", f"{where}加分项分组不能同时是否决项分组")
        if group.bonus and group.level == "unit":
            self.error(node, "bonus", f"{where}加分项只对案卷计算，不能同时写 level: unit")
        group.items = self.items(node, group, seen, effect)
        if group.level == "unit" and (veto or any(item.veto for item in group.items)):
            self.error(
                node, "level", f"{where}按单位评查的分组不能含否决项：否决只针对案卷，不针对单位"
            )
        if not group.items:
            self.error(node, "items", f"{where}没有评查项目")
        group.title = str(self.required(node, "title", where, (str, int)))
        for item in group.items:
            if not item.own_points and not item.veto and points is None:
                self.problems.append(
                    f"{item.origin}：评查项目 {item.id} 不是否决项，应有大于 0 的分值「points」"
                    f"（或者在分组 {group_id} 写分值「points」，作为本组各项合计的扣分上限）"
                )
        group.cap_items()
        return group

    def items(
        self, node: LineDict, group: Group, seen: dict[str, str], effect: str | None = None
    ) -> list[Item]:
        raw = node.get("items") or []
        if not isinstance(raw, list):
            self.error(node, "items", f"分组 {group.id} 的「items」应为评查项目列表")
            return []
        return [
            item
            for item_node in raw
            if (item := self.item(item_node, node, group, (group.veto, effect), seen))
        ]

    def veto(self, node: LineDict, where: str, default: tuple) -> tuple[bool, str | None]:
        """``veto:`` as true/false or the name of a veto effect (that item's own effect)."""
        value = node.get("veto", default[0])
        if isinstance(value, bool):
            return value, default[1] if value else None
        if isinstance(value, str) and value in VETO_EFFECTS:
            return True, value
        self.error(
            node,
            "veto",
            f"{where}的「veto」应为 true、false 或否决效果（{'、'.join(VETO_EFFECTS)}），"
            f"实际为「{value}」",
        )
        return default

    def level(self, node: LineDict, where: str) -> str:
        value = node.get("level", "case")
        if not isinstance(value, str) or value not in LEVELS:
            self.error(
                node,
                "level",
                f"{where}的「level」应为 case（每件案卷评分）或 unit（每个单位评分一次），"
                f"实际为「{value}」",
            )
            return "case"
        return value

    def item(self, node: Any, group_node: LineDict, group: Group, veto_default, seen: dict):
        if not self.mapping(node, ITEM_KEYS, "评查项目", group_node, "items"):
            return None
        item_id = str(self.required(node, "id", "评查项目", (str, int)))
        where = f"评查项目 {item_id} "
        if item_id in seen:
            self.error(node, "id", f"{where}编号重复（{seen[item_id]}已使用）")
        seen[item_id] = self.at(node)
        veto, effect = self.veto(node, where, veto_default)
        item = Item(
            id=item_id,
            title=str(self.required(node, "title", where) or ""),
            group=group.id,
            requirement=self.text(node, "requirement", where),
            points=self.number(node, "points", where, 0.0),
            veto=veto,
            veto_effect=effect,
            category=self.text(node, "category", where),
            basis=self.text(node, "basis", where),
            remediation=self.text(node, "remediation", where),
            manual=self.flag(node, "manual", where, False),
            bonus=group.bonus,
            level=group.level,
            own_points="points" in node,
            line=node.line,
            origin=self.at(node),
            position=self.next_position,
        )
        self.next_position += 1
        if "applies_to" in node:
            item.applies_to = self.condition(node, where)
        if veto and item.points > 0:
            self.error(
                node,
                "points",
                f"{where}是否决项，否决项不计分，不应有分值「points」"
                "（要既计分又否决，请拆成一个计分项和一个否决项）",
            )
        if not veto and item.own_points and item.points <= 0:
            self.error(node, "points", f"{where}不是否决项，应有大于 0 的分值「points」")
        if group.bonus and not item.own_points:
            self.error(node, "id", f"{where}是加分项，应写明加分的分值「points」")
        item.rules = self.rules(node, where, item.points if item.own_points else None)
        self.method(node, where, item)
        return item

    def method(self, node: LineDict, where: str, item: Item) -> None:
        """The item's automatic check(s) and their params, or ``manual: true``."""
        check_ids = node.get("check")
        if check_ids is None and not item.manual:
            self.error(
                node, "id", f"{where}应指定自动检查「check」或标记为人工评查「manual: true」"
            )
        if check_ids is not None and item.manual:
            self.error(node, "check", f"{where}不能同时指定「check」和「manual: true」")
            return
        if check_ids is None:
            if "params" in node:
                self.error(node, "params", f"{where}是人工评查项目，不能有「params」")
            return
        if not isinstance(check_ids, list):
            item.check = str(check_ids)
            item.params = self.params(node, where, item.check)
            return
        if not check_ids or not all(isinstance(c, str) for c in check_ids):
            self.error(node, "check", f"{where}的「check」应为检查编号或检查编号的列表")
            return
        if len(set(check_ids)) != len(check_ids):
            self.error(node, "check", f"{where}的「check」中有重复的检查编号")
        raw = node.get("params") or LineDict()
        if not isinstance(raw, LineDict):
            self.error(node, "params", f"{where}的「params」应为以检查编号为键的映射")
            raw = LineDict()
        for name in sorted(set(raw) - set(check_ids), key=str):
            self.error(
                raw,
                name,
                f"{where}的「params」中的「{name}」不是本项目的检查（本项目的检查："
                f"{'、'.join(check_ids)}）；有多项检查时，参数按检查编号分别写",
            )
        for check_id in check_ids:
            holder = LineDict()
            holder.line = raw.lines.get(check_id, node.line)
            holder.lines = {"check": node.lines.get("check", node.line), "params": holder.line}
            holder["check"] = check_id
            if check_id in raw:
                holder["params"] = raw[check_id]
            params = self.params(holder, where, check_id)
            if item.check is None:
                item.check, item.params = check_id, params
            else:
                item.more_checks[check_id] = params

    def condition(self, node: LineDict, where: str) -> Condition | None:
        """``applies_to`` of an item or group: a list of procedures, or a mapping of rules."""
        raw = node.get("applies_to")
        if isinstance(raw, list):
            holder = LineDict()
            holder.line, holder.lines = node.lines.get("applies_to", node.line), {}
            holder["procedure"] = raw
            raw = holder
        if not self.mapping(
            raw, set(CONDITION_KEYS), f"{where}的「applies_to」", node, "applies_to"
        ):
            return None
        if not raw:
            self.error(node, "applies_to", f"{where}的「applies_to」没有写任何条件")
            return None
        found: dict[str, Any] = {}
        choices = {
            "procedure": dict.fromkeys(ENUMS["procedure"].values()),
            "penalty_kind": dict.fromkeys(PENALTY_KINDS),
            "party_type": dict.fromkeys(ENUMS["party_type"].values()),
        }
        for key, known in choices.items():
            if key in raw:
                values = raw[key] if isinstance(raw[key], list) else [raw[key]]
                if unknown := [v for v in values if not isinstance(v, str) or v not in known]:
                    self.error(
                        raw,
                        key,
                        f"{where}的 applies_to.{key} 中的「{'、'.join(map(str, unknown))}」未知"
                        f"（可选：{'、'.join(known)}）",
                    )
                found[key] = tuple(values)
        if "hearing_held" in raw:
            found["hearing_held"] = self.flag(raw, "hearing_held", f"{where}applies_to ", True)
        if "fine_above" in raw:
            found["fine_above"] = self.number(raw, "fine_above", f"{where}applies_to ", 0.0)
        if "fields" in raw:
            fields = raw["fields"]
            if self.mapping(
                fields, set(FIELD_BY_KEY), f"{where}的 applies_to.fields", raw, "fields"
            ):
                found["fields"] = tuple(
                    (key, tuple(v if isinstance(v, list) else [v]))
                    for key, v in fields.items()
                    if key in FIELD_BY_KEY
                )
        return Condition(**found)

    def rules(self, node: LineDict, where: str, points: float | None) -> list[Deduction]:
        """``deduct``: one rule or a list of rules, each with its own words and amount.

        ``points`` None: the row has no maximum of its own (its section caps it).
        """
        raw = node.get("deduct", "whole")
        entries = raw if isinstance(raw, list) and raw else [raw]
        rules = []
        for entry in entries:
            rule = self.rule(entry, node, where, points)
            if rule is not None:
                rules.append(rule)
        return rules or [Deduction("whole")]

    def rule(self, raw: Any, node: LineDict, where: str, points: float | None) -> Deduction | None:
        if raw == "whole":
            if points is None and "deduct" in node:
                self.error(node, "deduct", f"{where}没有自己的分值，不能「扣全分」（whole）")
            return Deduction("whole")
        usage = (
            f"{where}的扣分规则「deduct」应为 whole、{{fixed: 分}}、{{each: 分, per: 项}}、"
            "{range: [低, 高]}，或它们的列表（可加 text: 规则原文）"
        )
        if not isinstance(raw, LineDict):
            self.error(node, "deduct", usage)
            return None
        if not self.mapping(raw, RULE_KEYS, f"{where}的扣分规则", node, "deduct"):
            return None
        kinds = [k for k in RULE_KINDS if k in raw]
        text = self.text(raw, "text", where)
        per = self.text(raw, "per", where, "处")
        if len(kinds) != 1:
            self.error(raw, None, usage)
            return None
        kind, value = kinds[0], raw[kinds[0]]
        if "per" in raw and kind != "each":
            self.error(
                raw, "per", f"{where.strip()}：「per」（每项、每处、每份的量词）只用于 each 规则"
            )
        if kind == "whole":
            if value is not True:
                self.error(raw, "whole", f"{where.strip()}：扣全分写作 {{whole: true}}")
            return Deduction("whole", text=text)
        if kind in ("fixed", "each") and _is_number(value) and value > 0:
            rule = Deduction(kind, float(value), per=per, text=text)
        elif (
            kind == "range"
            and isinstance(value, list)
            and len(value) == 2
            and all(_is_number(v) for v in value)
            and 0 <= value[0] <= value[1]
        ):
            rule = Deduction("range", float(value[0]), float(value[1]), text=text)
        else:
            self.error(raw, kind, usage)
            return None
        stated = [float(n) for match in _AMOUNT.findall(text) for n in match if n]
        if text and stated and stated != list(rule.stated_amounts()):
            shown = "-".join(fmt_points(a) for a in rule.stated_amounts())
            self.error(
                raw,
                "text",
                f"{where}的扣分规则原文「{text}」中的分数与规则的分数 {shown} 不一致",
            )
        largest = rule.amount if kind == "each" else rule.most
        if points is not None and largest is not None and largest > points + 1e-9:
            self.error(
                raw,
                kind,
                f"{where}的扣分「{rule.describe(points)}」大于本项分值 {fmt_points(points)} 分",
            )
        return rule

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


# The amounts a rule's words state: 扣5分, 扣0.5分, 扣1-5分 (the numbers after 扣).
_AMOUNT = re.compile(r"扣(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?分")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
