"""The trend report's line charts: inline SVG, one line per series, gaps where a value is missing."""

import re

from evaltool.render.charts import Series, line_chart


def test_each_series_is_a_line_with_a_gap_where_a_value_is_missing():
    svg = line_chart(
        ["2022", "2023", "2024", "2025"],
        [Series("全区（县）", [80, 85, None, 90]), Series("街镇", [70, 75, 78, 82], "#3f8f5a")],
        title="指数趋势",
    )
    assert svg.startswith("<svg") and "<script" not in svg
    polylines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert [len(p.split()) for p in polylines] == [2, 4]  # 80–85, then the gap; 街镇 unbroken
    assert svg.count("<circle") == 7
    assert ">85<" in svg and ">82<" in svg  # two series: points labelled with their values
    assert "全区（县）" in svg and "2025" in svg


def test_labels_are_escaped_and_values_share_one_axis():
    svg = line_chart(["<b>", "x"], [Series("a&b", [50, 100])], title="t<")
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "a&amp;b" in svg and "t&lt;" in svg
    ys = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', svg)]
    assert ys[0] > ys[1]  # 100 is drawn higher than 50


def test_many_series_are_not_labelled_point_by_point():
    series = [Series(f"指标{n}", [60 + n, 70 + n]) for n in range(4)]
    svg = line_chart(["2024", "2025"], series, title="分指数")
    assert ">61<" not in svg and svg.count("<polyline") == 4
