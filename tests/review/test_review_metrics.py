"""Unit metrics of domain §4: rank tie-breaks, rates with counts, units without graded files."""

from evaltool.score.metrics import problem_stats, rank_units, unit_metrics

GRADES = ["优秀", "合格", "不合格"]


def unit(name, mean, excellent, passed, failed):
    return {
        "unit": name,
        "cases": excellent + passed + failed,
        "mean_score": mean,
        "grades": {"优秀": excellent, "合格": passed, "不合格": failed},
    }


def test_rank_breaks_ties_by_fewer_failing_then_more_excellent_then_more_files():
    rows = [
        unit("甲", 90, 1, 1, 1),
        unit("乙", 90, 0, 3, 0),  # same mean, no failing file: ahead of 甲
        unit("丙", 90, 1, 2, 0),  # same mean and failing, more excellent: ahead of 乙
        unit("丁", 90, 2, 2, 0),  # more excellent than 丙
        unit("辛", 90, 1, 3, 0),  # equal to 丙 but for one more file: ahead of it
        unit("戊", 95, 0, 1, 0),
        unit("己", 90, 1, 2, 0),  # equal to 丙 on everything: shares its rank
        {**unit("庚", None, 0, 0, 0), "cases": 0},
    ]
    assert rank_units(rows, GRADES) == {
        "戊": 1,
        "丁": 2,
        "辛": 3,
        "丙": 4,
        "己": 4,
        "乙": 6,
        "甲": 7,
    }


def finding(item, outcome="fail", waived=False):
    return {"item_id": item, "outcome": outcome, "waived": waived, "veto": False}


def results_with(cases, coverage):
    units = {}
    for case in cases:
        units.setdefault(case["unit"], []).append(case)
    return {
        "checklist": {
            "grades": GRADES,
            "items": [
                {"id": "A", "title": "甲项", "category": "程序", "veto": False},
                {"id": "B", "title": "乙项", "category": "文书", "veto": False},
            ],
        },
        "units": [
            {
                "unit": name,
                "cases": len(cs),
                "mean_score": sum(c["score"] for c in cs) / len(cs),
                "grades": {g: sum(c["grade"] == g for c in cs) for g in GRADES},
                "vetoed": 0,
            }
            for name, cs in units.items()
        ],
        "cases": cases,
        "review": {"coverage": coverage},
    }


def test_units_without_graded_files_show_no_mean_never_zero():
    cases = [
        {"unit": "甲局", "case_no": "1", "score": 90, "grade": "优秀", "findings": [finding("A")]},
        {
            "unit": "甲局",
            "case_no": "2",
            "score": 70,
            "grade": "合格",
            "findings": [finding("A"), finding("B"), finding("B", waived=True)],
        },
    ]
    coverage = [
        {"unit": "甲局", "in_scope": 4},
        {"unit": "乙局", "in_scope": 3},  # files in scope, none graded yet
        {"unit": "丙局", "in_scope": 0},  # no file in scope at all
    ]
    rows = {row["unit"]: row for row in unit_metrics(results_with(cases, coverage))}
    jia = rows["甲局"]
    assert (jia["cases"], jia["coverage"], jia["mean_score"], jia["min_score"]) == (2, 0.5, 80, 70)
    assert jia["rates"] == {"优秀": 0.5, "合格": 0.5, "不合格": 0.0}
    assert (jia["problems"], jia["waived"], jia["problems_per_file"], jia["rank"]) == (3, 1, 1.5, 1)
    assert (rows["乙局"]["mean_score"], rows["乙局"]["note"], rows["乙局"]["rank"]) == (
        None,
        "未评查",
        None,
    )
    assert (rows["丙局"]["note"], rows["丙局"]["coverage"]) == ("无案卷", None)


def test_problem_statistics_count_files_and_units_per_item_and_category():
    cases = [
        {"unit": "甲局", "case_no": "1", "findings": [finding("A"), finding("B")]},
        {"unit": "甲局", "case_no": "2", "findings": [finding("A"), finding("A", "needs_review")]},
        {"unit": "乙局", "case_no": "1", "findings": [finding("A"), finding("B", waived=True)]},
    ]
    by_item, by_category = problem_stats(results_with([], []) | {"cases": cases})
    assert [(i["item_id"], i["problems"], i["files"], i["units"]) for i in by_item] == [
        ("A", 3, 3, 2),
        ("B", 1, 1, 1),
    ]
    assert [(c["category"], c["problems"], c["units"]) for c in by_category] == [
        ("程序", 3, 2),
        ("文书", 1, 1),
    ]
