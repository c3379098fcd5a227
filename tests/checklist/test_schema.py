"""The JSON Schema that ``evaltool checklist schema`` prints, as an editor would use it."""

import json
import textwrap

import jsonschema
import pytest
import yaml

from evaltool.checklist.load import (
    GROUP_KEYS,
    ITEM_KEYS,
    SCORING_KEYS,
    TOP_KEYS,
    shipped_checklists,
)
from evaltool.checklist.tailor import GROUP_CHANGE_KEYS, OVERRIDE_KEYS
from evaltool.cli import cli
from kit.checklists import ZHUZHOU

PLUGIN = """
import evaltool
from evaltool.check.spec import Param, check_info
from evaltool.model import passed


@check_info(
    title="许可证号已登记",
    basis="某市规定",
    reads=("remarks",),
    params={"prefixes": Param(list, ["JY"], "许可证号前缀"), "strict": Param(bool, False, "严格")},
)
def licence(case, params, ctx):
    return passed("已登记")


@evaltool.hookimpl
def evaltool_register_checks(register):
    register("city.licence", licence)
"""


def as_json(path) -> dict:
    """A YAML file as an editor's YAML 1.2 mode sees it: dates are plain strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture
def schema(runner):
    result = runner.invoke(cli, ["checklist", "schema"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    jsonschema.Draft7Validator.check_schema(printed)
    return printed


@pytest.mark.parametrize("checklist_id", sorted(shipped_checklists()))
def test_every_shipped_checklist_is_valid_against_the_printed_schema(schema, checklist_id):
    document = as_json(shipped_checklists()[checklist_id])
    jsonschema.Draft7Validator(schema).validate(document)


def test_schema_knows_the_same_keys_as_the_loader(schema):
    definitions = schema["definitions"]
    assert set(schema["properties"]) == TOP_KEYS
    assert set(schema["properties"]["scoring"]["properties"]) == SCORING_KEYS
    assert set(definitions["group"]["properties"]) == GROUP_KEYS
    assert set(definitions["item"]["properties"]) == ITEM_KEYS
    assert set(definitions["group_change"]["properties"]) == GROUP_CHANGE_KEYS
    assert set(definitions["override"]["properties"]) == OVERRIDE_KEYS


def test_schema_includes_params_of_plugin_checks(runner, tmp_path, write_checklist):
    plugin = tmp_path / "city_plugin.py"
    plugin.write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    result = runner.invoke(cli, ["--plugin", str(plugin), "checklist", "schema"])
    schema = json.loads(result.output)
    params = schema["definitions"]["params"]["city.licence"]
    prefixes = params["properties"]["prefixes"]
    assert (prefixes["description"], prefixes["default"]) == ("许可证号前缀", ["JY"])
    assert prefixes["anyOf"][0] == {"type": ["array"]}
    assert params["properties"]["strict"]["anyOf"][0] == {"type": ["boolean"]}
    assert (
        "city.licence" in schema["definitions"]["item"]["properties"]["check"]["oneOf"][0]["enum"]
    )
    validator = jsonschema.Draft7Validator(schema)
    good = """
        id: city
        title: 某市标准
        version: "1"
        groups:
          - id: main
            title: 许可
            points: 100
            items:
              - {id: C1, title: 许可证号, points: 100, check: city.licence, params: {prefixes: [SP]}}
    """
    assert validator.is_valid(as_json(write_checklist(good, "good.yaml")))
    dated = good.replace(
        "prefixes: [SP]", "prefixes: [{from: 2024-01-01, value: [SP], source: 某市规定}]"
    )
    assert validator.is_valid(as_json(write_checklist(dated, "dated.yaml")))
    loaded = runner.invoke(
        cli,
        ["--plugin", str(plugin), "checklist", "validate", str(write_checklist(dated, "d.yaml"))],
    )
    assert loaded.exit_code == 0, loaded.output
    wrong_type = good.replace("prefixes: [SP]", "strict: [{to: 2023-12-31, value: maybe}]")
    assert not validator.is_valid(as_json(write_checklist(wrong_type, "wrong.yaml")))
    bad = write_checklist(good.replace("prefixes: [SP]", "prefix: [SP]"), "bad.yaml")
    errors = list(validator.iter_errors(as_json(bad)))
    assert any("prefix" in e.message for e in errors)
    check_result = runner.invoke(cli, ["--plugin", str(plugin), "checklist", "validate", str(bad)])
    assert check_result.exit_code == 2 and "没有参数「prefix」" in check_result.output


@pytest.mark.parametrize(
    ("mistake", "where"),
    [
        ({"colour": "red"}, "top level"),
        ({"scoring": {"veto_effect": "sometimes"}}, "veto effect"),
        (
            {
                "groups": [
                    {"id": "g", "title": "组", "items": [{"id": "I", "title": "项", "points": 1}]}
                ]
            },
            "neither check nor manual",
        ),
        (
            {
                "groups": [
                    {
                        "id": "g",
                        "title": "组",
                        "items": [{"id": "I", "title": "项", "check": "no.such"}],
                    }
                ]
            },
            "unknown check",
        ),
        (
            {
                "groups": [
                    {
                        "id": "g",
                        "title": "组",
                        "items": [{"id": "I", "title": "项", "manual": True, "deduct": {"per": 1}}],
                    }
                ]
            },
            "deduction",
        ),
        ({"overrides": {"I": {"enabled": False}}}, "overrides without extends"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(schema, mistake, where):
    document = {
        "id": "x",
        "title": "标准",
        "version": "1",
        "groups": [
            {
                "id": "g",
                "title": "组",
                "items": [{"id": "I", "title": "项", "points": 1, "manual": True}],
            }
        ],
    }
    document.update(mistake)
    assert not jsonschema.Draft7Validator(schema).is_valid(document), where


def test_tailoring_files_validate_with_partial_content(schema):
    document = {
        "extends": "national-ordinary",
        "id": "city",
        "title": "某市",
        "version": "1",
        "groups": [{"id": "filing", "points": 8}],
        "overrides": {
            "L03": {"enabled": False, "reason": "不适用"},
            "P01": {"params": {"days": 20}},
        },
    }
    validator = jsonschema.Draft7Validator(schema)
    assert validator.is_valid(document)
    document["overrides"]["P01"]["params"] = {"no_such_param": 1}
    assert not validator.is_valid(document)


def test_the_schema_accepts_every_new_key_and_rejects_their_misspellings(schema, tmp_path):
    from test_format_features import NEW_KEYS
    from test_published_standards import EXECUTION, SICHUAN

    validator = jsonschema.Draft7Validator(schema)
    for name, text in {
        "zhuzhou": ZHUZHOU,
        "sichuan": SICHUAN,
        "execution": EXECUTION,
        "features": NEW_KEYS,
    }.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        errors = [e.message for e in validator.iter_errors(as_json(path))]
        assert errors == [], (name, errors)
    for wrong in (
        NEW_KEYS.replace("bonus_cap: 1", "bonus_limit: 1"),
        NEW_KEYS.replace("veto: no_score", "veto: nothing"),
        NEW_KEYS.replace("fine_above: 1000", "fine_over: 1000"),
        NEW_KEYS.replace("level: unit", "level: county"),
    ):
        path = tmp_path / "wrong.yaml"
        path.write_text(wrong, encoding="utf-8")
        assert not validator.is_valid(as_json(path))
