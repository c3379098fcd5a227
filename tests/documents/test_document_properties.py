"""Invariants of reading: any amount written in words and figures reads back equal; numbers fold."""

from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from evaltool.read.documents import read_document
from evaltool.read.documents.extract import chinese_int, normalize_number
from kit.casefiles import decision, write_txt


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_any_fine_in_words_and_figures_reads_back_equal(amount):
    words = cn2an.an2cn(amount, "rmb").removesuffix("整")
    penalties = [f"罚款人民币{words}（¥{amount}.00）"]
    with TemporaryDirectory() as folder:
        path = write_txt(Path(folder) / "决定书.txt", decision("交通", penalties=penalties))
        doc = read_document(path)
    assert doc.get("fine") == Decimal(amount)
    assert cn2an.cn2an(doc.get("fine_in_words") + "整", "strict") == amount


@given(st.integers(min_value=1, max_value=999))
def test_a_period_in_chinese_or_arabic_numerals_is_the_same_number(n):
    assert chinese_int(str(n)) == n
    assert chinese_int(cn2an.an2cn(n)) == n


@given(
    st.sampled_from(["渝綦市监处罚", "綦城管罚", "明环罚"]),
    st.integers(min_value=2000, max_value=2030),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from([("〔", "〕"), ("[", "]"), ("【", "】"), ("(", ")"), ("（", "）"), ("", " ")]),
)
def test_a_number_matches_whatever_brackets_it_was_typed_with(agency, year, serial, brackets):
    left, right = brackets
    typed = f"{agency}{left}{year}{right}第{serial}号"
    assert normalize_number(typed) == normalize_number(f"{agency}〔{year}〕{serial}号")
