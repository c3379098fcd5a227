"""Built-in template filters: Chinese dates, amounts in capitals, numbers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.render.filters import amount_in_words, date_cn, date_hanzi, hanzi, number, percent


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 3, 1), "二〇二三年三月一日"),
        (dt.date(2000, 10, 10), "二〇〇〇年十月十日"),
        (dt.date(2024, 12, 31), "二〇二四年十二月三十一日"),
        ("2024-07-20", "二〇二四年七月二十日"),
    ],
)
def test_dates_in_chinese_numerals(day, expected):
    assert date_hanzi(day) == expected


def test_issue_dates_use_arabic_numerals_without_padding():
    assert date_cn(dt.date(2024, 3, 5)) == "2024年3月5日"
    assert date_cn(None) == ""


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1234.5, "壹仟贰佰叁拾肆元伍角"),
        (100000, "壹拾万元整"),
        (10010.5, "壹万零壹拾元伍角"),
        ("3000", "叁仟元整"),
        (0, "零元整"),
    ],
)
def test_amounts_in_capitals(amount, expected):
    assert amount_in_words(amount) == expected


def test_an_amount_that_is_not_a_number_is_an_error():
    with pytest.raises(ValueError, match="不是金额"):
        amount_in_words("五千")


@given(st.integers(min_value=1, max_value=10**8))
def test_whole_amounts_end_in_yuan_zheng(amount):
    words = amount_in_words(amount)
    assert words.endswith("元整")
    assert not any(ch.isdigit() for ch in words)


def test_numbers_and_headings():
    assert number(80.0) == "80"
    assert number(85.555) == "85.56"
    assert number(None) == ""
    assert percent(0.256) == "25.6%"
    assert hanzi(3) == "三"
    assert hanzi(12) == "十二"
