"""A JSON Schema of the checklist format, with the params of every registered check.

Editors that understand JSON Schema (VS Code with the YAML extension, JetBrains
IDEs) use it to complete keys, check ids and params and to flag mistakes as
people type. It mirrors the loader's rules where a schema can express them;
``evaltool checklist validate`` remains the authority (sums, grades, lines).
Draft-07 is used because editors support it best.
"""

import json
from typing import Any

from evaltool.check.spec import Check, Param
from evaltool.checklist.dump import plain_value
from evaltool.checklist.model import LEVELS, VETO_EFFECTS
from evaltool.fields import FIELD_BY_KEY, PENALTY_KINDS
from evaltool.read.values import ENUMS
from evaltool.text import json_text

JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    tuple: "array",
    dict: "object",
}

TEXTS = {
    "id": "编号（分组、评查项目的编号在标准内唯一，发布后不再改变含义）",
    "title": "名称",
    "version": '版本，如 "2024.1"',
    "description": "说明",
    "applies_to": "适用的程序类型；登记表中其他程序类型的案卷不按本标准评查",
    "companions": "其他程序类型的案卷按哪个评查标准评查，如 {简易程序: simple}；扩展时只写改变的",
    "effective": "生效期间",
    "source": "来源：依据的文件、发布机关或网址",
    "extends": "所扩展（剪裁）的评查标准：内置或插件标准的编号，或相对于本文件的路径",
    "scoring": "评分规则：总分、否决效果和等次",
    "groups": "分组（评查环节）列表；剪裁文件中，编号已存在的分组表示修改，其余为新增",
    "overrides": "按评查项目编号修改所扩展标准中的项目",
    "total": "总分（各分组分值之和必须等于总分）",
    "veto_effect": "否决效果：zero 总分计0分并不合格；fail 不合格但保留得分；"
    "block_excellent 只是不得评为最高等次；deduct 每个否决项扣 veto_deduction 分",
    "veto_deduction": "否决效果为 deduct 时，每个否决项扣的分数（如 100）",
    "grades": "等次，从高到低；min 为该等次的最低分（含本数），above 为不含本数的下限；"
    "words 为标准原文的写法；最后一个等次的 min 为 0",
    "bonus_cap": "加分项合计最多加的分数",
    "rescale": "true：有不适用项目时按 实得分 ÷ 应得分 × 总分 计分",
    "points": "分值（分组：扣分上限；项目：本项最多扣的分数，分组有分值时可不写）",
    "veto": "是否为否决项：true/false，或该项自己的否决效果（zero、fail、block_excellent、"
    "deduct、no_score）",
    "bonus": "true：加分项分组（符合的得该项分值，合计不超过 scoring.bonus_cap）",
    "level": "case（默认，每件案卷评分）或 unit（每个单位评分一次，不计入案卷得分）",
    "items": "评查项目列表（剪裁文件中修改已有分组时，这里是新增的项目）",
    "requirement": "评查内容（评分表上印出的要求）",
    "deduct": "扣分规则：whole（扣全分，默认）、{fixed: 分}、{each: 分, per: 项}、{range: [低, 高]}，"
    "或它们的列表；每条规则可写 text（规则原文）",
    "category": "报告用的问题类别，如 主体、事实与证据、适用法律、程序、裁量、文书、归档",
    "basis": "依据，写到条款",
    "remediation": "整改建议",
    "check": "自动检查的编号，或多个编号的列表（全部符合才为符合）",
    "params": "自动检查的参数（不写的用检查的默认值）；有多个检查时按检查编号分别写",
    "manual": "人工评查（没有自动检查）",
    "enabled": "false 表示停用（不参与评分、不印在评分表上）",
    "group": "把项目移到另一个分组",
    "reason": "修改理由（记录在生效标准的来源说明中）",
}


def _text(key: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": TEXTS[key], **schema} if key in TEXTS else schema


def param_schema(param: Param) -> dict[str, Any]:
    """A check parameter: a plain value or a list of dated periods (``evaltool.check.params``).

    The JSON type is given where Python's maps cleanly; ``null`` is allowed when the
    param is optional (default None). The default is shown as a checklist would write it.
    """
    types = param.type if isinstance(param.type, tuple) else (param.type,)
    names = list(dict.fromkeys(JSON_TYPES[t] for t in types if t in JSON_TYPES))
    plain: dict[str, Any] = {}
    if names and all(t in JSON_TYPES for t in types):
        plain["type"] = [*names, "null"] if param.default is None else names
    period_value = {"type": [*names, "null"]} if "type" in plain else {}
    date = {"type": "string", "format": "date"}
    dated = {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["value"],
            "properties": {
                "from": date,
                "to": date,
                "value": period_value,
                "source": {"type": "string"},
            },
            "additionalProperties": False,
        },
    }
    default = json.loads(json.dumps(plain_value(param.default), default=str))
    return {"description": param.description, "anyOf": [plain, dated], "default": default}


def _params_defs(checks: dict[str, Check]) -> dict[str, Any]:
    return {
        check_id: {
            "type": "object",
            "description": f"{check.info.title}（{check.plugin}）",
            "properties": {name: param_schema(p) for name, p in check.info.params.items()},
            "additionalProperties": False,
        }
        for check_id, check in sorted(checks.items())
    }


def _check_rules(checks: dict[str, Check]) -> list[dict[str, Any]]:
    """With ``check: X`` given, ``params`` must be X's params."""
    return [
        {
            "if": {"properties": {"check": {"const": check_id}}, "required": ["check"]},
            "then": {"properties": {"params": {"$ref": f"#/definitions/params/{check_id}"}}},
        }
        for check_id in sorted(checks)
    ]


def checklist_schema(checks: dict[str, Check]) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a checklist file, for these registered checks."""
    points = {"type": "number", "minimum": 0}
    text = {"type": "string"}
    ident = {"type": ["string", "integer"]}
    param_names = sorted({name for c in checks.values() for name in c.info.params})
    check_id = {"type": "string", "enum": sorted(checks)}
    veto = {"oneOf": [{"type": "boolean"}, {"type": "string", "enum": list(VETO_EFFECTS)}]}
    item_properties = {
        "id": ident,
        "title": text,
        "requirement": text,
        "points": points,
        "deduct": {"$ref": "#/definitions/deduct"},
        "veto": veto,
        "category": text,
        "basis": text,
        "remediation": text,
        "check": {"oneOf": [check_id, {"type": "array", "items": check_id, "minItems": 1}]},
        "params": {"type": "object"},
        "manual": {"type": "boolean"},
        "applies_to": {"$ref": "#/definitions/condition"},
    }
    item = {
        "type": "object",
        "description": "评查项目",
        "required": ["id", "title"],
        "properties": {k: _text(k, v) for k, v in item_properties.items()},
        "additionalProperties": False,
        "oneOf": [
            {"required": ["check"], "properties": {"manual": {"const": False}}},
            {
                "required": ["manual"],
                "properties": {"manual": {"const": True}},
                "not": {"anyOf": [{"required": ["check"]}, {"required": ["params"]}]},
            },
        ],
        "allOf": _check_rules(checks),
    }
    group_properties = {
        "id": ident,
        "title": text,
        "points": points,
        "veto": veto,
        "items": {"type": "array", "items": {"$ref": "#/definitions/item"}},
        "bonus": {"type": "boolean"},
        "level": {"type": "string", "enum": list(LEVELS)},
        "applies_to": {"$ref": "#/definitions/condition"},
    }
    group = {
        "type": "object",
        "description": "分组（评查环节）",
        "required": ["id", "title", "items"],
        "properties": {k: _text(k, v) for k, v in group_properties.items()},
        "additionalProperties": False,
    }
    change_properties = {
        "id": ident,
        "title": text,
        "points": points,
        "items": group_properties["items"],
        "enabled": {"type": "boolean"},
        "reason": text,
    }
    group_change = {
        "type": "object",
        "description": "对所扩展标准中已有分组的修改",
        "required": ["id"],
        "properties": {k: _text(k, v) for k, v in change_properties.items()},
        "additionalProperties": False,
    }
    override_properties = {
        **{k: v for k, v in item_properties.items() if k != "id"},
        "params": {"type": "object", "propertyNames": {"enum": param_names}},
        "enabled": {"type": "boolean"},
        "group": ident,
        "reason": text,
    }
    override = {
        "type": "object",
        "description": "对一个评查项目的修改",
        "properties": {k: _text(k, v) for k, v in override_properties.items()},
        "additionalProperties": False,
        "allOf": _check_rules(checks),
    }
    scoring_properties = {
        "total": {"type": "number", "exclusiveMinimum": 0},
        "veto_effect": {"type": "string", "enum": list(VETO_EFFECTS)},
        "veto_deduction": {"type": "number", "exclusiveMinimum": 0},
        "grades": {
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": text, "min": points, "above": points, "words": text},
                "oneOf": [{"required": ["min"]}, {"required": ["above"]}],
                "additionalProperties": False,
            },
        },
        "bonus_cap": points,
        "rescale": {"type": "boolean"},
    }
    date = {"type": "string", "format": "date"}
    top_properties = {
        "id": ident,
        "title": text,
        "version": {"type": ["string", "number"]},
        "description": text,
        "applies_to": {
            "type": "array",
            "items": {"type": "string", "enum": list(dict.fromkeys(ENUMS["procedure"].values()))},
        },
        "companions": {
            "type": "object",
            "propertyNames": {"enum": list(dict.fromkeys(ENUMS["procedure"].values()))},
            "additionalProperties": {"type": "string"},
        },
        "effective": {
            "type": "object",
            "properties": {"from": date, "to": date},
            "additionalProperties": False,
        },
        "source": text,
        "extends": text,
        "scoring": {
            "type": "object",
            "properties": {k: _text(k, v) for k, v in scoring_properties.items()},
            "additionalProperties": False,
        },
        "groups": {"type": "array", "minItems": 1},
        "overrides": {"type": "object", "additionalProperties": {"$ref": "#/definitions/override"}},
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "urn:evaltool:checklist",
        "title": "evaltool 评查标准（docs/checklists.md）",
        "type": "object",
        "required": ["id", "title", "version"],
        "properties": {k: _text(k, v) for k, v in top_properties.items()},
        "additionalProperties": False,
        "if": {"required": ["extends"]},
        "then": {
            "properties": {
                "groups": {
                    "items": {
                        "anyOf": [
                            {"$ref": "#/definitions/group"},
                            {"$ref": "#/definitions/group_change"},
                        ]
                    }
                }
            }
        },
        "else": {
            "required": ["groups"],
            "properties": {"groups": {"items": {"$ref": "#/definitions/group"}}},
            "not": {"required": ["overrides"]},
        },
        "definitions": {
            "item": item,
            "group": group,
            "group_change": group_change,
            "override": override,
            "deduct": {
                "oneOf": [
                    {"const": "whole"},
                    {"$ref": "#/definitions/rule"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/rule"}},
                ]
            },
            "rule": {
                "oneOf": [
                    _single("whole", {"const": True}),
                    _single("fixed", {"type": "number", "exclusiveMinimum": 0}),
                    _single("each", {"type": "number", "exclusiveMinimum": 0}, per=text),
                    _single(
                        "range",
                        {"type": "array", "items": points, "minItems": 2, "maxItems": 2},
                    ),
                ]
            },
            "condition": _condition_schema(points),
            "params": _params_defs(checks),
        },
    }


def _single(key: str, value: dict[str, Any], **more: dict[str, Any]) -> dict[str, Any]:
    """A deduction rule of one kind, with its optional words (``text``) and more keys."""
    return {
        "type": "object",
        "required": [key],
        "properties": {key: value, "text": {"type": "string"}, **more},
        "additionalProperties": False,
    }


def _condition_schema(points: dict[str, Any]) -> dict[str, Any]:
    """``applies_to`` of an item or group: procedures, or a mapping of conditions."""

    def one_or_many(values) -> dict[str, Any]:
        enum = {"type": "string", "enum": list(dict.fromkeys(values))}
        return {"oneOf": [enum, {"type": "array", "items": enum, "minItems": 1}]}

    procedures = one_or_many(ENUMS["procedure"].values())
    return {
        "description": "适用条件：不满足的案卷，该项目（分组）不适用、不计分",
        "oneOf": [
            {"type": "array", "items": procedures["oneOf"][0]},
            {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    "procedure": procedures,
                    "penalty_kind": one_or_many(PENALTY_KINDS),
                    "party_type": one_or_many(ENUMS["party_type"].values()),
                    "hearing_held": {"type": "boolean"},
                    "fine_above": points,
                    "fields": {"type": "object", "propertyNames": {"enum": sorted(FIELD_BY_KEY)}},
                },
                "additionalProperties": False,
            },
        ],
    }


def schema_json(checks: dict[str, Check]) -> str:
    return json_text(checklist_schema(checks))
