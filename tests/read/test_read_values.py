"""Cell values as units write them: every date form, amounts, booleans, lists (register-columns.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaltool.read import values as v

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
TEXT_FORMS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: f"{d.isoformat()} 09:30",
    lambda d: f"{d.year}/{d.month}/{d.day} 9:30:15",
    lambda d: f"{d.year}年{d.month}月{d.day}日 9时30分",
    lambda d: f"{d.isoformat()}T09:30:00",
    lambda d: f"{d.year}－{d.month}－{d.day}".translate(FULL_WIDTH),
)


@given(DATES, st.sampled_from(TEXT_FORMS))
def test_every_text_form_of_a_date_reads_back(day, form):
    assert v.parse_date(form(day)) == day


@given(DATES)
def test_excel_serials_and_date_cells_read_as_the_date_excel_shows(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert v.parse_date(serial) == day
    assert v.parse_date(float(serial) + 0.75) == day  # with a time of day
    assert v.parse_date(str(serial)) == day
    assert v.parse_date(dt.datetime.combine(day, dt.time(10, 30))) == day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("二〇二三年三月五日", dt.date(2023, 3, 5)),
        ("二〇二三年十二月三十一日", dt.date(2023, 12, 31)),
        ("二零二四年十月十日", dt.date(2024, 10, 10)),
        ("2023年3月5号", dt.date(2023, 3, 5)),
        ("2023年3月5", dt.date(2023, 3, 5)),
    ],
)
def test_dates_in_chinese_numerals_and_colloquial_forms(raw, expected):
    assert v.parse_date(raw) == expected


def test_a_date_typed_as_a_number_reads_as_that_date():
    assert v.parse_date(20230305) == dt.date(2023, 3, 5)
    assert v.parse_date(20230305.0) == dt.date(2023, 3, 5)


@pytest.mark.parametrize("raw", ["2023-02-30", "2023年13月5日", "20231301", 20231301])
def test_impossible_dates_are_unreadable_not_guessed(raw):
    with pytest.raises(v.Unreadable, match="日期不存在"):
        v.parse_date(raw)


@pytest.mark.parametrize("raw", ["三月五日", "2023-3", "上周", "23/3/5", True])
def test_text_that_is_no_date_is_unreadable(raw):
    with pytest.raises(v.Unreadable):
        v.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "in_wan", "expected"),
    [
        (5000, False, "5000"),
        (5000.0, False, "5000"),
        ("5,000", False, "5000"),
        ("5000元", False, "5000"),
        ("5,000.50元", False, "5000.5"),
        ("0.5万元", False, "5000"),
        ("0.5万", False, "5000"),
        ("￥5000", False, "5000"),
        ("人民币5000元", False, "5000"),
        ("伍仟元", False, "5000"),
        ("人民币壹万贰仟伍佰元整", False, "12500"),
        ("壹佰元伍角", False, "100.5"),
        ("五千元", False, "5000"),
        (0.5, True, "5000"),  # a 万元 header multiplies bare figures
        ("0.35", True, "3500"),
        ("3500元", True, "3500"),  # a figure that states 元 is taken as stated
        ("五千元", True, "5000"),
        ("1.2万元", True, "12000"),
    ],
)
def test_amounts_in_every_written_form(raw, in_wan, expected):
    assert v.parse_amount(raw, in_wan=in_wan) == Decimal(expected)


@pytest.mark.parametrize("raw", ["五千块", "约5000", "-200", "5000美元", "伍角x"])
def test_amounts_that_cannot_be_read(raw):
    with pytest.raises(v.Unreadable):
        v.parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *((t, True) for t in ("是", "有", "√", "Y", "yes", "YES", "1", 1, 1.0, "已", True)),
        *((f, False) for f in ("否", "无", "×", "N", "no", "0", 0, "未", False)),
    ],
)
def test_booleans(raw, expected):
    assert v.parse_bool(raw) is expected


def test_a_boolean_column_with_other_text_is_unreadable():
    with pytest.raises(v.Unreadable, match="是/否"):
        v.parse_bool("不清楚")


@pytest.mark.parametrize("separator", ["、", "，", ",", "；", ";", "/", " ", "\n", "、 ", "／"])
def test_lists_with_every_separator(separator):
    assert v.parse_list(f"王明{separator}李静{separator}张伟") == ["王明", "李静", "张伟"]


def test_list_keeps_names_with_a_middle_dot():
    assert v.parse_list("阿不都·热合曼、李静") == ["阿不都·热合曼", "李静"]


def test_date_or_bool_columns_take_either():
    assert v.parse_date_or_bool("2023-03-05") == dt.date(2023, 3, 5)
    assert v.parse_date_or_bool("是") is True
    assert v.parse_date_or_bool(0) is False
    with pytest.raises(v.Unreadable, match="日期或 是/否"):
        v.parse_date_or_bool("待定")


def test_enums_fold_their_aliases():
    assert v.parse_enum("一般程序", "procedure") == "普通程序"
    assert v.parse_enum(" 当场处罚 ", "procedure") == "简易程序"
    assert v.parse_enum("企业", "party_type") == "法人及非法人组织"
    with pytest.raises(v.Unreadable, match="普通程序、简易程序、快速办理"):
        v.parse_enum("听证程序", "procedure")


@pytest.mark.parametrize(
    "raw",
    [
        "法人或(者)其他组织",
        "法人或（者）其他组织",
        "法人或者其他组织",
        "法人或其他组织",
        "法人和其他组织",
    ],
)
def test_party_types_as_the_law_spells_them(raw):
    assert v.parse_enum(raw, "party_type") == "法人及非法人组织"


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_numbers_read_the_same_from_int_float_and_text(n):
    assert v.parse_int(n) == v.parse_int(float(n)) == v.parse_int(str(n)) == n
    assert v.parse_text(float(n)) == v.parse_text(n) == str(n)
    assert v.raw_text(float(n)) == str(n)


def test_text_from_any_reader_looks_the_same():
    # openpyxl gives datetimes for date cells, calamine gives dates
    assert (
        v.parse_text(dt.datetime(2023, 3, 5)) == v.parse_text(dt.date(2023, 3, 5)) == "2023-03-05"
    )
    assert v.parse_text("  案号 ") == "案号"
    assert v.parse_text("   ") is None


@given(
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    st.sampled_from(["元", "万元"]),
    st.booleans(),
)
def test_the_unit_an_amount_states_wins_over_the_column(figure, unit, in_wan):
    text = f"{figure}{unit}"
    expected = figure * (10000 if unit == "万元" else 1)
    assert v.parse_amount(text, in_wan=in_wan) == expected
    assert v.stated_unit(text) == unit
    assert v.parse_amount(str(figure), in_wan=in_wan) == figure * (10000 if in_wan else 1)
    assert v.stated_unit(str(figure)) is None
