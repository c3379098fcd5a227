"""A seeded generator of realistic case registers, clean or with one planted defect per case.

Clean cases follow every rule of checks.md. Deadlines are computed here by
walking ``chinese_calendar`` day by day, independently of evaltool's Calendar,
and many cases sit exactly on a deadline around the 2022 holidays and 调休
days. Each planter takes a clean case and breaks one rule the way units get it
wrong; it returns the rows it changed (a duplicate case number breaks two).

About a fifth of the clean cases are 简易程序 (当场处罚); the planters of rules that bind
both procedures break either kind. The 较大数额 of hearing rights is a fixed national-test
figure by default, or Chongqing's effective-dated one (``chongqing_threshold``).
"""

import datetime as dt
import random
from calendar import monthrange
from collections import defaultdict
from collections.abc import Callable

import chinese_calendar
import yaml

from evaltool.fields import FIELDS

D = dt.date.fromisoformat
ONE = dt.timedelta(days=1)

UNITS = (
    ("区市场监督管理局", "区市监"),
    ("区城市管理综合行政执法局", "区城管"),
    ("区生态环境局", "区环"),
)
LAWS = (
    ("中华人民共和国食品安全法", "第一百二十四条第一款第三项"),
    ("中华人民共和国产品质量法", "第五十条"),
    ("中华人民共和国广告法", "第五十八条第一款"),
    ("城市市容和环境卫生管理条例", "第三十四条"),
    ("中华人民共和国大气污染防治法", "第一百零八条"),
)
CAUSES = ("经营超过保质期的食品", "销售不合格产品", "发布虚假广告", "占道经营", "未按规定排放废气")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "明静华强伟芳敏军洋勇艳杰涛磊超秀霞平刚桂"
COMPANIES = ("某商贸有限公司", "某食品店", "某科技有限公司", "某餐饮管理有限公司", "某建材经营部")

THRESHOLDS = {"自然人": 5000, "法人及非法人组织": 50000}
CHONGQING_2023 = D("2023-03-01")
SUMMARY_LIMITS = {"自然人": 200, "法人及非法人组织": 3000}
MAJOR_FINE = 100000
# Check params for the generator's cases (it counts 个体工商户 as natural persons).
PARAMS = {
    "hearing.right_notified": {"thresholds": THRESHOLDS, "individual_business_as": "自然人"},
    "procedure.summary_eligibility": {"individual_business_as": "自然人"},
    "review.legal": {"major_fine": MAJOR_FINE},
    "review.collective": {"major_fine": MAJOR_FINE},
    "docno.format": {"no_padding": True},  # the generator plants 虚位 among the defects
}
HEAVY = ("吊销许可证件", "责令停产停业")
LATEST_DECISION = D("2024-03-29")

# Working days around the 2022 holidays and 调休 days, as decision or notice dates.
HOLIDAY_WINDOWS = (
    ("2022-01-24", "2022-01-30"),  # Spring Festival; 01-29, 01-30 worked
    ("2022-03-28", "2022-04-02"),  # Qingming; 04-02 worked
    ("2022-04-22", "2022-04-29"),  # Labour Day; 04-24 worked
    ("2022-05-05", "2022-05-07"),  # 05-07 worked
    ("2022-05-30", "2022-06-02"),  # Dragon Boat
    ("2022-09-05", "2022-09-09"),  # Mid-Autumn
    ("2022-09-23", "2022-10-09"),  # National Day; 10-08, 10-09 worked
    ("2022-12-26", "2022-12-30"),  # New Year 2023
)

# The columns the generator fills, with the headers and in the order of evaltool.fields.
COLUMNS = {
    "unit",
    "case_no",
    "decision_no",
    "procedure",
    "cause",
    "party",
    "party_type",
    "violation_on",
    "discovered_on",
    "filed_on",
    "notified_on",
    "hearing_notified",
    "hearing_requested_on",
    "hearing_notice_on",
    "hearing_on",
    "legal_review_on",
    "collective_on",
    "extension_days",
    "decided_on",
    "served_on",
    "publicized_on",
    "closed_on",
    "penalty_kinds",
    "fine",
    "confiscated",
    "basis",
    "officers",
    "officer_certs",
    "life_health_finance",
}
HEADERS = tuple(f.header for f in FIELDS if f.key in COLUMNS)


def workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def after(day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day``."""
    while n:
        day += ONE
        n -= workday(day)
    return day


def before(day: dt.date, n: int) -> dt.date:
    """The working day whose n-th working day after is ``day`` (``day`` a working day)."""
    while n:
        day -= ONE
        n -= workday(day)
    return day


def rolled(day: dt.date) -> dt.date:
    while not workday(day):
        day += ONE
    return day


def window_days() -> list[dt.date]:
    days = []
    for start, end in HOLIDAY_WINDOWS:
        day = D(start)
        while day <= D(end):
            if workday(day):
                days.append(day)
            day += ONE
    return days


def fixed_threshold(decided: dt.date, party_type: str) -> int:
    """The test's own 较大数额, 个体工商户 counted as natural persons."""
    return THRESHOLDS["自然人" if party_type == "个体工商户" else party_type]


def chongqing_threshold(decided: dt.date, party_type: str) -> int:
    """Chongqing's 较大数额 (checks.md): before 2023-03-01 by activity (no activity column, so natural
    persons non-business, organisations and 个体工商户 business); from then by party, 个体工商户 as citizens."""
    if decided < CHONGQING_2023:
        return 1000 if party_type == "自然人" else 20000
    return 50000 if party_type == "法人及非法人组织" else 5000


class Generator:
    """Clean cases from a seeded random source; case numbers unique per unit."""

    def __init__(
        self,
        seed: int,
        threshold: Callable[[dt.date, str], int] = fixed_threshold,
        *,
        both_procedures: bool = False,
        no_padding: bool = True,
    ):
        """``both_procedures``: planters of rules that bind 简易程序 too break cases of either kind
        (otherwise only 普通程序 cases, for a checklist that applies every check to every case).
        ``no_padding``: the standard forbids 虚位 in decision numbers, so 015 is a defect to plant."""
        self.rng = random.Random(seed)
        self.threshold = threshold
        self.both_procedures = both_procedures
        self.no_padding = no_padding
        self.serial = 0
        self.anchors = window_days()

    def pick_decision_day(self) -> dt.date:
        if self.rng.random() < 0.45:
            return self.rng.choice(self.anchors)
        day = D("2021-08-02") + dt.timedelta(days=self.rng.randrange(960))
        return min(rolled(day), LATEST_DECISION)

    def officers(self) -> tuple[str, str]:
        count = self.rng.choice((2, 2, 2, 3))
        names = self.rng.sample([s + g for s in SURNAMES for g in GIVEN], count)
        numbers = [f"5001{self.rng.randrange(10**6, 10**7)}" for _ in names]
        return "、".join(names), "、".join(numbers)

    def party(self, party_type: str) -> str:
        if party_type == "自然人":
            return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)
        return "重庆" + self.rng.choice(COMPANIES)

    def case(self, *, procedure: str | None = None, **wanted) -> dict:
        """A clean case (header → value); ``wanted`` forces ``hearing_held``, ``kinds``, ``fine``."""
        procedure = procedure or ("简易程序" if self.rng.random() < 0.2 else "普通程序")
        self.serial += 1
        unit, abbr = self.rng.choice(UNITS)
        party_type = self.rng.choice(
            ("自然人", "法人及非法人组织", "法人及非法人组织", "个体工商户")
        )
        law, article = self.rng.choice(LAWS)
        officers, certs = self.officers()
        decided = wanted.get("decided") or self.pick_decision_day()
        row = {
            "执法单位": unit,
            "案号": f"{abbr}立〔{decided.year}〕{self.serial}号",
            "决定书文号": f"{abbr}罚〔{decided.year}〕{self.serial}号",
            "程序类型": procedure,
            "案由": self.rng.choice(CAUSES),
            "当事人": self.party(party_type),
            "当事人类别": party_type,
            "处罚依据": f"《{law}》{article}",
            "执法人员": officers,
            "执法证号": certs,
            "决定日期": decided,
            "涉及生命健康或金融安全": "否",
        }
        if procedure == "简易程序":
            return self._summary(row, party_type, decided)
        return self._ordinary(row, party_type, decided, wanted)

    def _summary(self, row: dict, party_type: str, decided: dt.date) -> dict:
        counted = "自然人" if party_type == "个体工商户" else party_type
        limit = SUMMARY_LIMITS[counted] if decided >= D("2021-07-15") else 50
        if self.rng.random() < 0.25:
            row.update({"处罚种类": "警告"})
        else:
            fine = self.rng.choice([f for f in (50, 100, 200, 500, 1000, 2000, 3000) if f <= limit])
            row.update({"处罚种类": "罚款", "罚款金额（元）": fine})
        row.update(
            {
                "违法行为发生日期": decided - dt.timedelta(days=self.rng.randrange(3)),
                "告知日期": decided,
                "送达日期": decided,
                "结案日期": decided + dt.timedelta(days=self.rng.randrange(10)),
            }
        )
        return row

    def _ordinary(self, row: dict, party_type: str, decided: dt.date, wanted: dict) -> dict:
        rng = self.rng
        kinds = (
            wanted.get("kinds")
            or rng.choices(
                (
                    ["罚款"],
                    ["警告", "罚款"],
                    ["罚款", "没收违法所得"],
                    ["警告"],
                    ["罚款", HEAVY[0]],
                ),
                weights=(55, 15, 12, 10, 8),
            )[0]
        )
        fine = wanted.get("fine")
        if fine is None and "罚款" in kinds:
            fine = rng.choice((500, 1000, 2000, 5000, 8000, 20000, 30000, 50000, 60000, 150000))
        confiscated = rng.choice((800, 3500, 12000)) if "没收违法所得" in kinds else None
        threshold = self.threshold(decided, party_type)
        heavy = any(k in HEAVY for k in kinds)
        large = heavy or (fine or 0) >= threshold or (confiscated or 0) >= threshold
        held = wanted.get("hearing_held", large and rng.random() < 0.4)
        notified_hearing = large or held or rng.random() < 0.3
        row.update(
            {
                "处罚种类": "、".join(kinds),
                "罚款金额（元）": fine,
                "没收金额（元）": confiscated,
                "听证告知": "是" if notified_hearing else "否",
            }
        )
        if held:
            hearing = before(decided, rng.randint(1, 5))
            notice = before(hearing, 7 if rng.random() < 0.35 else rng.randint(8, 12))
            requested = before(notice, rng.randint(0, 2))
            notified = before(requested, rng.randint(1, 5))
            row.update({"听证申请日期": requested, "听证通知日期": notice, "听证日期": hearing})
        else:
            least = 6 if notified_hearing else 1
            gap = least if rng.random() < 0.3 else rng.randint(least, 25)
            notified = before(decided, gap)
        if held or heavy or (fine or 0) >= MAJOR_FINE:
            review = decided - dt.timedelta(days=rng.randint(0, 3))
            row.update(
                {"法制审核日期": max(review, notified), "集体讨论日期": max(review, notified)}
            )
        filed = before(notified, rng.randint(5, 30))
        if rng.random() < 0.15:  # the earliest filing for which the decision is still in time
            filed = decided - dt.timedelta(days=90)
            while rolled(filed + dt.timedelta(days=89)) >= decided:
                filed -= ONE
        extension = None
        if rolled(filed + dt.timedelta(days=90)) < decided:
            extension = (decided - filed).days - 90
        filing_gap = 15 if rng.random() < 0.25 else rng.randint(0, 15)
        discovered = before(rolled(filed), filing_gap) if filing_gap else filed
        served = after(decided, 7 if rng.random() < 0.3 else rng.randint(0, 7))
        row.update(
            {
                "违法行为发生日期": discovered - dt.timedelta(days=rng.randrange(400)),
                "发现日期": discovered,
                "立案日期": filed,
                "告知日期": notified,
                "延期天数": extension,
                "送达日期": served,
                "公示日期": after(decided, 7 if rng.random() < 0.3 else rng.randint(1, 7)),
                "结案日期": served + dt.timedelta(days=rng.randrange(40)),
            }
        )
        return row


# ---------------------------------------------------------------- planters

Planter = Callable[[Generator], list[dict]]


def _ordinary(g: Generator, **wanted) -> dict:
    return g.case(procedure="普通程序", **wanted)


def plant_fields(g: Generator) -> list[dict]:
    row = g.case()
    key = g.rng.choice(("当事人", "处罚依据", "决定日期", "执法人员", "处罚种类", "案由"))
    row[key] = None
    return [row]


def plant_duplicate(g: Generator) -> list[dict]:
    first, second = g.case(), g.case()
    second["执法单位"] = first["执法单位"]
    number = first["案号"]
    second["案号"] = (
        number.replace("〔", "[").replace("〕", "]") if g.rng.random() < 0.3 else number
    )
    return [first, second]


def _either(g: Generator) -> dict:
    """A clean case of either procedure (half 普通程序, half 简易程序), when the generator plants both."""
    summary = g.both_procedures and g.rng.random() < 0.5
    return g.case(procedure="简易程序" if summary else "普通程序")


def plant_order(g: Generator) -> list[dict]:
    row = _either(g)
    decided = row["决定日期"]
    if row["程序类型"] == "简易程序":
        if g.rng.random() < 0.5:
            row["告知日期"] = decided + dt.timedelta(days=g.rng.randint(1, 10))
        else:
            row["送达日期"] = decided - dt.timedelta(days=g.rng.randint(1, 5))
        return [row]
    defect = g.rng.randrange(4)
    if defect == 0:
        row["告知日期"] = decided + dt.timedelta(days=g.rng.randint(1, 10))
    elif defect == 1:
        row["送达日期"] = decided - dt.timedelta(days=g.rng.randint(1, 5))
    elif defect == 2:
        row["立案日期"] = row["发现日期"] - dt.timedelta(days=g.rng.randint(1, 20))
    else:
        row["法制审核日期"] = decided + dt.timedelta(days=g.rng.randint(1, 5))
    return [row]


def plant_min_two(g: Generator) -> list[dict]:
    row = _either(g)
    row["执法人员"] = row["执法人员"].split("、")[0]
    row["执法证号"] = row["执法证号"].split("、")[0]
    return [row]


def plant_certificates(g: Generator) -> list[dict]:
    row = _either(g)
    numbers = row["执法证号"].split("、")
    defect = g.rng.randrange(4)
    if defect == 0:
        numbers = numbers[:-1]
    elif defect == 1:
        numbers[-1] = g.rng.choice(("无", "undefined", "暂无"))
    elif defect == 2:
        numbers[-1] = str(g.rng.randrange(100, 99999))
    else:
        numbers[-1] = numbers[0]
    row["执法证号"] = "、".join(numbers)
    return [row]


def plant_filing(g: Generator) -> list[dict]:
    row = _ordinary(g, decided=g.rng.choice(g.anchors) if g.rng.random() < 0.5 else None)
    filed = rolled(row["立案日期"])
    row["立案日期"] = filed
    row["发现日期"] = before(filed, 31 if g.rng.random() < 0.5 else g.rng.randint(32, 60))
    row["违法行为发生日期"] = row["发现日期"] - dt.timedelta(days=g.rng.randrange(100))
    return [row]


def plant_decision(g: Generator) -> list[dict]:
    row = _ordinary(g)
    decided = row["决定日期"]
    filed = decided - dt.timedelta(days=90)
    while rolled(filed + dt.timedelta(days=90)) >= decided:
        filed -= ONE
    filed -= dt.timedelta(days=0 if g.rng.random() < 0.5 else g.rng.randint(1, 40))
    row.update({"立案日期": filed, "延期天数": None, "发现日期": filed})
    row["违法行为发生日期"] = filed - dt.timedelta(days=g.rng.randrange(100))
    return [row]


def plant_service(g: Generator) -> list[dict]:
    row = _either(g)
    if row["程序类型"] == "简易程序":  # 当场交付
        row["送达日期"] = row["决定日期"] + dt.timedelta(days=g.rng.randint(1, 10))
        return [row]
    row["送达日期"] = after(row["决定日期"], 8 if g.rng.random() < 0.5 else g.rng.randint(9, 20))
    row["结案日期"] = row["送达日期"] + dt.timedelta(days=g.rng.randrange(20))
    return [row]


def plant_prior(g: Generator) -> list[dict]:
    if g.both_procedures and g.rng.random() < 0.5:  # 当场处罚 may notify on the day, never after
        row = g.case(procedure="简易程序")
        row["告知日期"] = row["决定日期"] + dt.timedelta(days=g.rng.randint(1, 10))
        return [row]
    row = _ordinary(g, hearing_held=False)
    decided = row["决定日期"]
    row["告知日期"] = (
        decided if g.rng.random() < 0.4 else decided + dt.timedelta(days=g.rng.randint(1, 10))
    )
    return [row]


def plant_waiting(g: Generator) -> list[dict]:
    row = _ordinary(g, hearing_held=False)
    row["听证告知"] = "是"
    row["告知日期"] = before(row["决定日期"], 5 if g.rng.random() < 0.5 else g.rng.randint(1, 4))
    return [row]


def plant_right(g: Generator) -> list[dict]:
    if g.rng.random() < 0.5:
        row = _ordinary(g, kinds=["罚款", g.rng.choice(HEAVY)], fine=3000, hearing_held=False)
    else:
        row = _ordinary(
            g, kinds=["罚款"], fine=g.rng.choice((50000, 60000, 150000)), hearing_held=False
        )
    row["听证告知"] = "否"
    return [row]


def plant_timing(g: Generator) -> list[dict]:
    row = _ordinary(g, kinds=["罚款"], fine=80000, hearing_held=True)
    if g.rng.random() < 0.7:
        row["听证日期"] = after(
            row["听证通知日期"], 6 if g.rng.random() < 0.5 else g.rng.randint(1, 5)
        )
    else:
        row["听证日期"] = row["决定日期"] + dt.timedelta(days=g.rng.randint(1, 5))
    return [row]


def _plant_review(column: str) -> Planter:
    def plant(g: Generator) -> list[dict]:
        row = _ordinary(g, kinds=["罚款", g.rng.choice(HEAVY)], fine=3000, hearing_held=False)
        if g.rng.random() < 0.5:
            row[column] = row["决定日期"] + dt.timedelta(days=g.rng.randint(1, 10))
        else:
            row[column] = "否"
        return [row]

    return plant


def two_years_on(day: dt.date) -> dt.date:
    """The last day of a two-year period from ``day`` (29 February ends on 28 February), rolled."""
    year = day.year + 2
    return rolled(dt.date(year, day.month, min(day.day, monthrange(year, day.month)[1])))


def plant_limitation(g: Generator) -> list[dict]:
    row = _ordinary(g)
    found = row["发现日期"]
    start = found - dt.timedelta(days=730)
    while two_years_on(start) >= found:  # the latest start that is already out of time
        start -= ONE
    row["违法行为发生日期"] = start - dt.timedelta(
        days=0 if g.rng.random() < 0.4 else g.rng.randint(1, 300)
    )
    return [row]


def plant_summary(g: Generator) -> list[dict]:
    row = g.case(procedure="简易程序")
    # A 个体工商户 is over the limit whichever way a standard counts it.
    counted = "法人及非法人组织" if row["当事人类别"] == "个体工商户" else row["当事人类别"]
    if g.rng.random() < 0.7:
        limit = SUMMARY_LIMITS[counted] if row["决定日期"] >= D("2021-07-15") else 50
        row["处罚种类"] = "罚款"
        row["罚款金额（元）"] = limit + (
            1 if g.rng.random() < 0.4 else g.rng.choice((100, 800, 5000))
        )
    else:
        row["处罚种类"] = "罚款、没收违法所得"
        row["罚款金额（元）"] = 100
        row["没收金额（元）"] = 500
    return [row]


def plant_publicity(g: Generator) -> list[dict]:
    row = _ordinary(g)
    row["公示日期"] = after(row["决定日期"], 8 if g.rng.random() < 0.5 else g.rng.randint(9, 30))
    return [row]


def plant_citation(g: Generator) -> list[dict]:
    row = g.case()
    law, article = g.rng.choice(LAWS)
    row["处罚依据"] = g.rng.choice(
        (None, "undefined", "无", f"依据《{law}》的有关规定", f"{law}{article}", f"《{law}》")
    )
    return [row]


def plant_docno(g: Generator) -> list[dict]:
    row = g.case()
    number, year = row["决定书文号"], row["决定日期"].year
    agency, serial = number.split("〔")[0], number.split("〕")[1].removesuffix("号")
    defects = [
        f"{agency}[{year}]{serial}号",
        f"{agency}【{year}】{serial}号",
        f"{agency}〔{year}〕第{serial}号",
        f"{agency}〔{year - 1}〕{serial}号",
        f"{agency}（{year}）{serial}号",
    ]
    if g.no_padding:
        defects.append(f"{agency}〔{year}〕0{serial}号")
    row["决定书文号"] = g.rng.choice(defects)
    return [row]


def plant_consistency(g: Generator) -> list[dict]:
    row = g.case()
    if g.rng.random() < 0.5:
        row["处罚种类"] = "罚款"
        row["罚款金额（元）"] = None
    else:
        row["处罚种类"] = "警告"
        row["罚款金额（元）"] = g.rng.choice((100, 500, 2000))
    return [row]


PLANTERS: dict[str, Planter] = {
    "fields.required": plant_fields,
    "case.duplicate_no": plant_duplicate,
    "dates.order": plant_order,
    "officers.min_two": plant_min_two,
    "officers.certificates": plant_certificates,
    "deadline.filing": plant_filing,
    "deadline.decision": plant_decision,
    "deadline.service": plant_service,
    "notice.prior": plant_prior,
    "notice.waiting_period": plant_waiting,
    "hearing.right_notified": plant_right,
    "hearing.timing": plant_timing,
    "review.legal": _plant_review("法制审核日期"),
    "review.collective": _plant_review("集体讨论日期"),
    "limitation.period": plant_limitation,
    "procedure.summary_eligibility": plant_summary,
    "publicity.deadline": plant_publicity,
    "basis.citation": plant_citation,
    "docno.format": plant_docno,
    "penalty.consistency": plant_consistency,
}


def evaluation_checklist(path):
    """Write a checklist with one item per planted check, with the generator's params; its path."""
    items = [
        {"id": check_id, "title": check_id, "points": 5, "check": check_id}
        | ({"params": PARAMS[check_id]} if check_id in PARAMS else {})
        for check_id in PLANTERS
    ]
    checklist = {
        "id": "eval",
        "title": "评测",
        "version": "1",
        "groups": [{"id": "g", "title": "全部", "items": items}],
    }
    path.write_text(yaml.safe_dump(checklist, allow_unicode=True), encoding="utf-8")
    return path


class Tally:
    """Per check: planted failures found, clean cases falsely failed, and examples of misses."""

    def __init__(self):
        self.planted, self.found, self.clean, self.false = (defaultdict(int) for _ in range(4))
        self.misses = defaultdict(list)

    def add(self, label: str | None, findings: list[dict]) -> None:
        """Count a case's findings; ``label`` is the check planted in it (None for a clean case)."""
        for finding in findings:
            check_id, failed = finding["check"], finding["outcome"] == "fail"
            if label == check_id:
                self.planted[check_id] += 1
                self.found[check_id] += failed
                if not failed:
                    self.misses[check_id].append(
                        f"planted, {finding['outcome']}: {finding['message']}"
                    )
            elif label is None:
                self.clean[check_id] += 1
                self.false[check_id] += failed
                if failed:
                    self.misses[check_id].append(f"clean, fail: {finding['message']}")
