"""libyaml parses what the pure-Python parser parses: the same data, the same line of every key,
and on bad input the same Chinese message with the same line."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.errors import ChecklistError
from evaltool.yamlfile import LineDict, parse_yaml, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [
        *ROOT.joinpath("checklists").glob("*.yaml"),
        *ROOT.joinpath("examples").rglob("*.yaml"),
        ROOT / "evaltool" / "index" / "default.yaml",
        ROOT / "tests" / "fixed-checklist.yaml",
    ]
)


def assert_same_tree(fast, exact, where="根"):
    """Equal data, and every mapping at the same line with its keys at the same lines."""
    assert type(fast) is type(exact), where
    if isinstance(exact, LineDict):
        assert (fast.line, fast.lines) == (exact.line, exact.lines), where
        assert list(fast) == list(exact), where
        for key in exact:
            assert_same_tree(fast[key], exact[key], f"{where}.{key}")
    elif isinstance(exact, list):
        assert len(fast) == len(exact), where
        for n, (a, b) in enumerate(zip(fast, exact, strict=True)):
            assert_same_tree(a, b, f"{where}[{n}]")
    else:
        assert fast == exact, where


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_yaml_file_parses_to_the_same_data_and_lines(path):
    text = path.read_text(encoding="utf-8-sig")
    assert_same_tree(parse_yaml(text), parse_yaml(text, exact=True))


texts = st.text(st.sampled_from("评查标准案卷期限：: -#'\"ab1 \n"), max_size=12)
scalars = st.one_of(
    texts,
    st.integers(-1000, 1000),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(data=documents, flow=st.sampled_from([None, True, False]), width=st.integers(20, 80))
def test_any_document_parses_to_the_same_data_and_lines(data, flow, width):
    text = yaml.safe_dump(
        data, allow_unicode=True, default_flow_style=flow, width=width, sort_keys=False
    )
    assert_same_tree(parse_yaml(text), parse_yaml(text, exact=True))


def test_folded_chinese_text_joins_without_spaces_in_both_parsers():
    text = "说明: >\n  行政处罚决定书\n  应当载明救济途径。\n  See also\n  the law\n"
    expected = "行政处罚决定书应当载明救济途径。 See also the law\n"
    assert parse_yaml(text)["说明"] == parse_yaml(text, exact=True)["说明"] == expected


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("id: a\ntitle 标题\nversion: 1\n", 2, "缺少冒号"),
        ("id: a\n\tversion: 1\n", 2, "制表符"),
        ("id: a\ngroups: [1, 2\nversion: 1\n", 2, "缺少「]」"),
        ("id: a\nid: b\n", 2, "重复的键「id」（第 1 行已出现）"),
        ("id: a\neffective: {from: 2030-13-01}\n", 2, "日期「2030-13-01」不存在"),
    ],
)
def test_a_bad_file_is_reported_at_its_line_in_chinese(tmp_path, text, line, problem):
    path = tmp_path / "标准.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        read_yaml(path, error=ChecklistError, what="评查标准文件")
    (message,) = caught.value.problems
    assert f"标准.yaml:第 {line} 行：YAML 格式错误" in message and problem in message, message
