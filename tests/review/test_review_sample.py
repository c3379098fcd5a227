"""`evaltool sample`: which files each unit's review takes, reproducibly, stratified by procedure."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltool.cli import cli
from evaltool.review.sample import allocate
from kit.registers import case_row
from kit.review import sheet_rows


def unit_rows(unit, ordinary, summary=0):
    rows = [case_row(执法单位=unit, 案号=f"{unit}普{n}") for n in range(1, ordinary + 1)]
    rows += [
        case_row(执法单位=unit, 案号=f"{unit}简{n}", 程序类型="简易程序")
        for n in range(1, summary + 1)
    ]
    return rows


@pytest.fixture
def register(write_register):
    return write_register([*unit_rows("甲局", 8, 2), *unit_rows("乙局", 5), *unit_rows("丙局", 1)])


def sample(runner, tmp_path, register, *options, name="清单.xlsx"):
    out = tmp_path / name
    result = runner.invoke(cli, ["sample", str(register), "-o", str(out), *options])
    return result, out


def drawn(out):
    return [(r["执法单位"], r["案号"], r["程序类型"]) for r in sheet_rows(out, "抽查清单")]


def test_same_seed_same_list_and_the_rule_is_recorded(runner, tmp_path, register):
    first, out1 = sample(runner, tmp_path, register, "--count", "5", "--seed", "7", name="1.xlsx")
    again, out2 = sample(runner, tmp_path, register, "--count", "5", "--seed", "7", name="2.xlsx")
    assert first.exit_code == again.exit_code == 0, first.output
    assert drawn(out1) == drawn(out2)
    assert "随机种子：7" in first.output
    rows = list(load_workbook(out1)["抽样说明"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in rows}
    assert facts["随机种子"] == 7 and facts["抽取件数"] == 5
    assert "随机种子 7" in facts["抽样规则"]
    start = next(n for n, row in enumerate(rows) if row[0] == "执法单位")
    assert rows[start][:5] == (
        "执法单位",
        "案卷总数",
        "抽取数",
        "普通程序（抽取/总数）",
        "简易程序（抽取/总数）",
    )
    table = {row[0]: row for row in rows[start + 1 :]}
    assert table["甲局"][1:5] == (10, 5, "4/8", "1/2")  # population, drawn, by procedure type
    assert table["丙局"][1:5] == (1, 1, "1/1", "0/0")
    assert "分层随机抽取 5/10 件" in table["甲局"][5]


def test_different_seeds_draw_different_files(runner, tmp_path, register):
    lists = {
        tuple(
            drawn(
                sample(runner, tmp_path, register, "--count", "2", "--seed", s, name=f"{s}.xlsx")[1]
            )
        )
        for s in ("1", "2", "3", "4")
    }
    assert len(lists) > 1


def test_the_order_of_the_register_files_does_not_change_the_sample(
    runner, tmp_path, write_register
):
    one = write_register(unit_rows("甲局", 6), name="一.xlsx")
    two = write_register(unit_rows("乙局", 6), name="二.xlsx")
    outputs = []
    for n, order in enumerate(((one, two), (two, one))):
        out = tmp_path / f"{n}.xlsx"
        args = ["sample", *map(str, order), "-o", str(out), "--count", "3", "--seed", "11"]
        assert runner.invoke(cli, args).exit_code == 0
        outputs.append(sorted(drawn(out)))
    assert outputs[0] == outputs[1]


def test_ratio_rounds_up_with_a_minimum_per_unit(runner, tmp_path, register):
    result, out = sample(runner, tmp_path, register, "--ratio", "0.1", "--min", "2", "--seed", "1")
    assert result.exit_code == 0, result.output
    per_unit = {}
    for unit, _, _ in drawn(out):
        per_unit[unit] = per_unit.get(unit, 0) + 1
    assert per_unit == {"甲局": 2, "乙局": 2, "丙局": 1}  # ceil(0.1 × n), at least 2, at most n


def test_all_ordinary_takes_every_ordinary_file_and_no_other(runner, tmp_path, register):
    result, out = sample(runner, tmp_path, register, "--all-ordinary")
    assert result.exit_code == 0, result.output
    files = drawn(out)
    assert len(files) == 14 and {p for _, _, p in files} == {"普通程序"}
    assert "普通程序案卷全部评查（8 件）" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "请指定一种抽样方式"),
        (["--count", "3", "--all-ordinary"], "请指定一种抽样方式"),
        (["--ratio", "1.5"], "--ratio 应大于 0 且不超过 1"),
        (["--ratio", "一成"], "应为 0 到 1 之间的比例"),
        (["--count", "0"], "--count 应为正整数"),
    ],
)
def test_bad_rules_exit_2(runner, tmp_path, register, options, message):
    result, out = sample(runner, tmp_path, register, *options)
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_missing_register_exits_2(runner, tmp_path):
    result, _ = sample(runner, tmp_path, tmp_path / "无.xlsx", "--count", "1")
    assert result.exit_code == 2
    assert "文件不存在" in result.output


@given(
    st.integers(0, 50),
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), max_size=5),
)
def test_allocation_is_exact_and_never_exceeds_a_stratum(size, strata):
    size = min(size, sum(strata.values()))
    shares = allocate(size, strata)
    assert sum(shares.values()) == size
    for name, share in shares.items():
        assert 0 <= share <= strata[name]
        exact = Fraction(size * strata[name], sum(strata.values()) or 1)
        assert abs(share - exact) < 1  # proportional up to rounding
