"""Law revisions that matter when a decision cites a law: effective dates and repeals, each with its source.

Small on purpose: only laws whose revision changed article numbers or replaced the law,
as decisions commonly get them wrong. Dates are the dates each text took effect.
"""

import datetime as dt
from dataclasses import dataclass

PRC = "中华人民共和国"


@dataclass(frozen=True)
class Version:
    """One text of a law: from when it was in force, how it is usually labelled, where that is stated."""

    label: str  # e.g. 2019年修订
    year: int  # the year in the label (the year it was adopted)
    in_force: dt.date
    source: str


@dataclass(frozen=True)
class Repeal:
    """A law repealed ``on`` a date and replaced by another, as ``source`` publishes it."""

    on: dt.date
    replaced_by: str
    source: str


def _v(label: str, in_force: str, source: str) -> Version:
    return Version(label, int(label[:4]), dt.date.fromisoformat(in_force), source)


VERSIONS: dict[str, tuple[Version, ...]] = {
    PRC + "行政处罚法": (
        _v("1996年", "1996-10-01", "《中华人民共和国行政处罚法》（1996年）第六十四条"),
        _v("2021年修订", "2021-07-15", "《中华人民共和国行政处罚法》（2021年修订）第八十六条"),
    ),
    PRC + "行政复议法": (
        _v("1999年", "1999-10-01", "《中华人民共和国行政复议法》（1999年）第四十三条"),
        _v("2023年修订", "2024-01-01", "《中华人民共和国行政复议法》（2023年修订）第九十条"),
    ),
    PRC + "食品安全法": (
        _v("2009年", "2009-06-01", "《中华人民共和国食品安全法》（2009年）第一百零四条"),
        _v("2015年修订", "2015-10-01", "《中华人民共和国食品安全法》（2015年修订）第一百五十四条"),
        _v(
            "2018年修正",
            "2018-12-29",
            "全国人民代表大会常务委员会关于修改《中华人民共和国产品质量法》等五部法律的决定（2018年12月29日）",
        ),
        _v(
            "2021年修正",
            "2021-04-29",
            "全国人民代表大会常务委员会关于修改《中华人民共和国道路交通安全法》等八部法律的决定（2021年4月29日）",
        ),
    ),
    PRC + "森林法": (
        _v(
            "1998年修正",
            "1998-07-01",
            "全国人民代表大会常务委员会关于修改《中华人民共和国森林法》的决定（1998年4月29日）",
        ),
        _v(
            "2009年修正",
            "2009-08-27",
            "全国人民代表大会常务委员会关于修改部分法律的决定（2009年8月27日）",
        ),
        _v("2019年修订", "2020-07-01", "《中华人民共和国森林法》（2019年修订）第八十四条"),
    ),
    PRC + "大气污染防治法": (
        _v("2000年修订", "2000-09-01", "《中华人民共和国大气污染防治法》（2000年修订）第六十六条"),
        _v(
            "2015年修订",
            "2016-01-01",
            "《中华人民共和国大气污染防治法》（2015年修订）第一百二十九条",
        ),
        _v(
            "2018年修正",
            "2018-10-26",
            "全国人民代表大会常务委员会关于修改《中华人民共和国野生动物保护法》等十五部法律的决定（2018年10月26日）",
        ),
    ),
    PRC + "环境保护法": (
        _v("1989年", "1989-12-26", "《中华人民共和国环境保护法》（1989年）第四十七条"),
        _v("2014年修订", "2015-01-01", "《中华人民共和国环境保护法》（2014年修订）第七十条"),
    ),
    PRC + "固体废物污染环境防治法": (
        _v(
            "2016年修正",
            "2016-11-07",
            "全国人民代表大会常务委员会关于修改《中华人民共和国对外贸易法》等十二部法律的决定（2016年11月7日）",
        ),
        _v(
            "2020年修订",
            "2020-09-01",
            "《中华人民共和国固体废物污染环境防治法》（2020年修订）第一百二十六条",
        ),
    ),
    PRC + "土地管理法": (
        _v(
            "2004年修正",
            "2004-08-28",
            "全国人民代表大会常务委员会关于修改《中华人民共和国土地管理法》的决定（2004年8月28日）",
        ),
        _v(
            "2019年修正",
            "2020-01-01",
            "全国人民代表大会常务委员会关于修改《中华人民共和国土地管理法》《中华人民共和国城市房地产管理法》的决定（2019年8月26日）",
        ),
    ),
    PRC + "安全生产法": (
        _v(
            "2014年修正",
            "2014-12-01",
            "全国人民代表大会常务委员会关于修改《中华人民共和国安全生产法》的决定（2014年8月31日）",
        ),
        _v(
            "2021年修正",
            "2021-09-01",
            "全国人民代表大会常务委员会关于修改《中华人民共和国安全生产法》的决定（2021年6月10日）",
        ),
    ),
}

REPEALED: dict[str, Repeal] = {
    PRC + "食品卫生法": Repeal(
        dt.date(2009, 6, 1),
        PRC + "食品安全法",
        "《中华人民共和国食品安全法》（2009年）第一百零四条：本法自2009年6月1日起施行，《中华人民共和国食品卫生法》同时废止",
    ),
}

NATIONAL_LAWS = frozenset(
    [
        *VERSIONS,
        *REPEALED,
        PRC + "产品质量法",
        PRC + "消费者权益保护法",
        PRC + "广告法",
        PRC + "反不正当竞争法",
        PRC + "药品管理法",
        PRC + "水污染防治法",
        PRC + "道路交通安全法",
        PRC + "道路运输条例",
        PRC + "城乡规划法",
        PRC + "行政诉讼法",
        PRC + "行政强制法",
    ]
)


def full_name(name: str) -> str | None:
    """The full name of a national law cited without 中华人民共和国, or None when it is not one."""
    if name.startswith(PRC):
        return None
    full = PRC + name
    return full if full in NATIONAL_LAWS else None


def version_in_force(name: str, on: dt.date) -> Version | None:
    """The text of the law in force on a date (None before the first text in the table)."""
    current = None
    for version in VERSIONS.get(name, ()):
        if version.in_force <= on:
            current = version
    return current


def version_cited(name: str, year: int) -> Version | None:
    """The text a citation such as （2009年修正） names: the latest adopted in or before that year."""
    cited = None
    for version in VERSIONS.get(name, ()):
        if version.year <= year:
            cited = version
    return cited
