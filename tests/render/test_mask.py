"""Masking personal data: no ID number, credit code or mobile number survives, other text is kept."""

import re

from hypothesis import example, given
from hypothesis import strategies as st

from evaltool.render.mask import (
    _masked_numbers,
    is_natural_person,
    mask_ids,
    mask_party,
    mask_person_name,
    mask_strings,
)

ID_LIKE = re.compile(r"\d{17}[\dXx]|\d{15}")
CREDIT_LIKE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", re.IGNORECASE)
MOBILE_LIKE = re.compile(r"1[3-9]\d{9}")

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
person_ids = st.builds(
    lambda body, check: body + check,
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789Xx"),
)
credit_codes = st.builds(
    lambda a, b, c: a + b + c,
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=10, max_size=10),
)
mobiles = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
chinese = st.text(alphabet="当事人张三身份证号码联系电话执法罚款元，。：（）〔〕 -", max_size=12)
pieces = st.lists(
    st.one_of(person_ids, credit_codes, mobiles, chinese, digits, st.text(max_size=5)), max_size=8
)


@given(pieces)
def test_no_number_survives_masking(parts):
    masked = mask_ids("".join(parts))
    assert not ID_LIKE.search(masked)
    assert not CREDIT_LIKE.search(masked)
    assert not MOBILE_LIKE.search(masked)


@given(pieces)
def test_masking_keeps_length_and_is_idempotent(parts):
    text = "".join(parts)
    masked = mask_ids(text)
    assert len(masked) == len(text)
    assert mask_ids(masked) == masked


@given(st.lists(chinese, max_size=5))
def test_text_without_numbers_is_unchanged(parts):
    text = "".join(parts)
    assert mask_ids(text) == text


def test_masked_numbers_keep_only_their_ends():
    text = "身份证号500101199001011234，信用代码91500000MA5U12345X，手机13812345678。"
    assert mask_ids(text) == (
        "身份证号50**************34，信用代码91**************5X，手机13*******78。"
    )


def test_case_numbers_and_dates_are_not_masked():
    text = "区市监罚〔2023〕12号，决定日期 2023-04-20，罚款 5000 元，电话 023-48661234"
    assert mask_ids(text) == text


@given(st.text(alphabet="张王李赵欧阳司马三丰娜芳明", min_size=2, max_size=4))
def test_person_name_keeps_surname_and_length(name):
    masked = mask_person_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0]
    assert "某" in masked
    assert masked != name


def test_person_names_as_documents_write_them():
    assert mask_person_name("张三") == "张某"
    assert mask_person_name("张三丰") == "张某某"
    assert mask_person_name("欧阳娜娜") == "欧阳某某"


def test_who_is_a_natural_person():
    assert is_natural_person("张三", "自然人")
    assert is_natural_person("张三", None)
    assert is_natural_person("王五", "个体工商户")
    assert not is_natural_person("王记面馆", "个体工商户")
    assert not is_natural_person("重庆某商贸有限公司", None)
    assert not is_natural_person("张三", "法人及非法人组织")


def test_party_masking_follows_the_settings():
    assert mask_party("张三", "自然人") == "张某"
    assert mask_party("张三", "自然人", names=False) == "张三"
    assert mask_party("重庆某甲商贸有限公司", "法人及非法人组织") == "重庆某甲商贸有限公司"
    assert mask_party("重庆某甲商贸有限公司", None, companies=True) == "某有限公司"
    assert mask_party("重庆某公司91500000MA5U12345X", None) == "重庆某公司91**************5X"
    assert mask_party(None, None) == ""


# JSON-like documents (results, index) holding numbers in strings at any depth.
json_documents = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), pieces.map("".join)
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(chinese, inner, max_size=4),
    max_leaves=20,
)


def _masked_everywhere(value):
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, dict):
        return {key: _masked_everywhere(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_everywhere(item) for item in value]
    return value


@given(json_documents)
@example({"当事人": "13812345678", "案卷": [{"电话": ["13912345678"]}]})
def test_a_document_is_masked_in_every_string_and_the_original_kept(document):
    before = repr(document)
    masked = mask_strings(document)
    assert masked == _masked_everywhere(document)
    assert repr(document) == before  # a copy: the bureau's own results keep their numbers


# Characters numbers are typed with: digits of both widths, letters, separators, +86 and others.
typed = st.lists(
    st.sampled_from([*"0123456789０１２３４５６７８９XxＸ+＋ -－\u200b\u3000（号甲", "86", "138"]),
    max_size=30,
).map("".join)


@given(st.one_of(typed, pieces.map("".join), st.text(max_size=30)))
@example("信用代码AB123456CDEFGHJKLM")  # a credit code may hold only six digits
def test_the_quick_look_never_changes_what_is_masked(text):
    """Text too short or with fewer than six digits is returned at once: exactly as masked."""
    assert mask_ids(text) == _masked_numbers(text)
