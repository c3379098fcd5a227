"""What templates see: contexts built from a results document and the review config.

Personal data is masked here, before any template runs, so that no template,
shipped or custom, can print an unmasked ID number: every string taken from the
results goes through ``mask_ids``; party names of natural persons are replaced
(also inside finding messages) when the config says so. docs/templates.md
documents every variable.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from functools import cached_property
from typing import Any

from evaltool.calendar import Calendar
from evaltool.collector import paused
from evaltool.config import ReviewConfig
from evaltool.errors import EvaltoolError
from evaltool.render.charts import PALETTE, Bar, bar_chart
from evaltool.render.filters import number
from evaltool.render.mask import CaseMask, mask_ids, mask_strings
from evaltool.score.results import (
    grade_heading,
    grade_order,
    grade_text,
    mean_name,
    results_qualifier,
    score_name,
    standard_of,
    standards_of,
)
from evaltool.score.uncertainty import MIN_FILES, Ranked, interval, mean_or_none, rank_ranges

NO_CASES = "无案卷"
OTHER_CATEGORY = "其他"
EXAMPLES_PER_ITEM = 2
GOOD_UNITS = 3
TOP_PROBLEMS = 10


# A unit without graded files has no interval and no rank range.
NO_UNCERTAINTY = {"interval": None, "few_files": False, "rank_range": None, "rank_span": None}

# Internal detail that stays in results.json, 评查结果.xlsx and the ledger, never in a document sent
# out: register cells 「执法人员（AI4）」「（O6、Q6）」, where a row sits in which workbook, check ids
# 「（deadline.service）」 and the 复核 deliberation 「（复核（王志远）确认：维持评查人意见）」.
_CELL = r"[A-Z]{1,3}[1-9][0-9]*"
_INTERNAL = [
    re.compile(rf"（{_CELL}(?:[、，,]{_CELL})*）"),
    re.compile(r"（[a-z][a-z_]*(?:\.[a-z_*]+)+(?:[、，,][a-z][a-z_]*(?:\.[a-z_*]+)+)*）"),
    re.compile(r"（复核（[^（）]*）确认(?:：[^（）]*)?）"),
    re.compile(r"(?:^|(?<=[；。]))复核（[^（）]*）："),
    re.compile(r"\s?[^\s「」（）：，。；、]+\.xls[xm]?「[^」]*」"),
]


def outgoing_text(text: str | None, reviewers: str | None = None) -> str:
    """A message as a document sent to a unit or published may print it: no cell references,
    no check ids, no workbook locations, no 复核 deliberation and no reviewers' names
    (``reviewers`` as results.json writes them, 「王明、李华」)."""
    text = text or ""
    for pattern in _INTERNAL:
        text = pattern.sub("", text)
    for name in (reviewers or "").split("、"):
        if name:
            text = re.sub(rf"(?:^|(?<=；)){re.escape(name)}：", "", text)
    return text


def outgoing(value: Any) -> Any:
    """A copy of a document's data (e.g. an index document) with ``outgoing_text`` applied to
    every string in it."""
    if isinstance(value, str):
        return outgoing_text(value)
    if isinstance(value, dict):
        return {key: outgoing(item) for key, item in value.items()}
    if isinstance(value, list):
        return [outgoing(item) for item in value]
    return value


class DocumentSet:
    """The documents of one review: shared facts (units, ranking, deadline) computed once.

    ``results`` is a results document (docs/results.md); it is masked on the way in.
    ``index``, when given, is the index document computed from it; the summary shows its table.
    """

    def __init__(
        self,
        results: dict[str, Any],
        config: ReviewConfig,
        *,
        issue_date: dt.date | None = None,
        calendar: Calendar | None = None,
        rectification: dict[str, int | None] | None = None,
        index: dict[str, Any] | None = None,
        year_over_year: dict[str, Any] | None = None,
        draft: bool = False,
    ):
        self.draft = draft  # 草稿: documents render without the fields they need, marked as such
        config = config.override(issue_date=issue_date)
        with paused(settle=True):  # a copy of millions of values, and no cycles among them
            self.results = mask_strings(results)
        self.index = index  # an index document (evaltool index, docs/index.md) for the summary
        # 建议, 问题 and 整改到位 (rectify.counts; the last only known from returned ledgers)
        self.rectification = rectification
        # the change from the previous review (diff.year_over_year), for the summary
        self.year_over_year = year_over_year
        self.config = config
        self.issue_date = issue_date or config.issue_date or dt.date.today()
        self.calendar = calendar or config.calendar()
        self.standards = standards_of(self.results)
        self.items = {
            cid: {item["id"]: item for item in standard.get("items", [])}
            for cid, standard in self.standards.items()
        }
        self.grade_names = grade_order(self.results)
        # grades as documents may name them: bare only when every figure is final
        self.grade_labels = {g: grade_heading(self.results, g) for g in self.grade_names}
        self.cases_by_unit: dict[str, list[dict]] = defaultdict(list)
        for case in self.results["cases"]:
            self.cases_by_unit[case["unit"]].append(case)
        self.units = self._units()
        self.notice_units = [u for u in self.units if u["has_cases"]]
        self._case_masks: dict[tuple[int, bool], CaseMask] = {}
        self._standard_items: dict[str | None, dict[str, dict[str, Any]]] = {}  # by case checklist
        self._outgoing_texts: dict[tuple[str | None, str | None], str] = {}
        self._deadline = self._compute_deadline()  # now, so that fallback_years tells at once

    # -- shared parts ------------------------------------------------------------------

    def _units(self) -> list[dict[str, Any]]:
        """Every unit: configured ones first (in config order), then the others in results order."""
        summaries = {u["unit"]: u for u in self.results["units"]}
        names = [u.name for u in self.config.units]
        names += [name for name in summaries if name not in names]
        rows = []
        for name in names:
            info = self.config.unit(name)
            summary = summaries.get(name)
            cases = summary["cases"] if summary else 0
            grades = (summary or {}).get("grades", {})
            rows.append(
                {
                    "name": name,
                    "full_name": info.full_name,
                    "group": info.group,
                    "has_cases": cases > 0,
                    "cases": cases,
                    "cases_text": str(cases) if cases else NO_CASES,
                    "mean_score": summary["mean_score"] if cases else None,
                    "grades": [
                        {"name": self.grade_labels[g], "grade": g, "count": grades.get(g, 0)}
                        for g in self.grade_names
                    ],
                    "vetoed": summary["vetoed"] if cases else 0,
                    "problems": summary["problems"] if cases else 0,
                    "needs_review": summary["needs_review"] if cases else 0,
                    "rank": None,
                    **NO_UNCERTAINTY,
                }
            )
        ranked = sorted(
            (u for u in rows if u["has_cases"] and u["mean_score"] is not None),
            key=lambda u: -u["mean_score"],
        )
        for unit in ranked:
            unit["rank"] = 1 + sum(other["mean_score"] > unit["mean_score"] for other in ranked)
        self._rank_uncertainty(ranked)
        return rows

    # --- rank uncertainty (issue 15): a unit with 2 files is not ranked like one with 96 ---
    def _rank_uncertainty(self, ranked: list[dict[str, Any]]) -> None:
        """Each ranked unit's bootstrap interval of its mean score and the ranks it allows."""
        for unit in ranked:
            scores = [float(c["score"]) for c in self.cases_by_unit[unit["name"]]]
            unit["interval"] = interval(scores, mean_or_none, seed=unit["name"])
            unit["few_files"] = unit["cases"] < MIN_FILES
        spans = rank_ranges([Ranked(u["mean_score"], u["interval"], u["cases"]) for u in ranked])
        for unit, (low, high) in zip(ranked, spans, strict=True):
            unit["rank_range"] = (low, high)
            unit["rank_span"] = str(low) if low == high else f"{low}–{high}"

    def _compute_deadline(self) -> dict[str, Any]:
        workdays = self.config.deadline_workdays
        date = self.calendar.add_workdays(self.issue_date, workdays)
        beyond = bool(self.calendar.fallback_note(self.issue_date, date))
        return {
            "workdays": workdays,
            "date": date,
            "beyond_holiday_data": beyond,
            "note": "（该期限所在年度的法定节假日安排尚未公布，期限按周一至周五推算；"
            "如期间遇法定节假日，以节假日安排顺延后的日期为准。）"
            if beyond
            else "",
        }

    def deadline(self) -> dict[str, Any]:
        """The rectification deadline: date, working days, and a note when it lies beyond the
        holiday data (``beyond_holiday_data``)."""
        return dict(self._deadline)

    def _document_number(self, serial: int) -> str:
        number = self.config.document_number(serial, self.issue_date.year)
        return number or ("【待填写：发文字号】" if self.draft else "")

    def require_issuing_fields(self) -> None:
        """Refuse a notice or 通报 whose config lacks what it must state, unless a draft."""
        if not self.draft:
            self.check_issuing_fields(self.config)

    @staticmethod
    def check_issuing_fields(config: ReviewConfig) -> None:
        """Raise, naming them, when ``config`` lacks fields a notice or 通报 must state."""
        missing = config.missing_document_fields()
        if missing:
            raise EvaltoolError(
                "评查配置缺少发文所需的项目：" + "；".join(missing) + "。"
                "请在评查配置 evaltool.yaml 中填写（见 docs/config.md），"
                "或加 --draft 生成带「草稿」标记的草稿"
            )

    def common(self) -> dict[str, Any]:
        config, results = self.config, self.results
        checklist = results["checklist"]
        return {
            "review": {
                "name": config.name,
                "year": config.year or self.issue_date.year,
                "reviewing_body": config.reviewing_body,
                "law_firm": config.law_firm,
                "method": config.method,
                "period_from": config.period_from,
                "period_to": config.period_to,
                "review_date": dt.date.fromisoformat(results["review_date"]),
                "checklist": {
                    "title": checklist.get("title", ""),
                    "version": checklist.get("version", ""),
                    "total": checklist.get("total", 100),
                },
                "checklists": [
                    {
                        "title": standard.get("title", ""),
                        "version": standard.get("version", ""),
                        "procedures": standard.get("procedures") or [],
                        "cases": standard.get("cases"),
                    }
                    for standard in self.standards.values()
                ],
            },
            "issue_date": self.issue_date,
            "deadline": self.deadline(),
            "contacts": [
                {"name": c.name, "phone": c.phone, "office": c.office} for c in config.contacts
            ],
            "grade_names": list(self.grade_labels.values()),
            "figures": self.figures(),
            "ranked_units": len(self.notice_units),
            "draft": self.draft,
            "tool": results.get("tool", {}),
        }

    def figures(self) -> dict[str, Any]:
        """What the scores and grades are: final, or e.g. automatic only (and why)."""
        return dict(self._figures)

    @cached_property
    def _figures(self) -> dict[str, Any]:
        """``figures``, worked out once: it reads every case of the results."""
        why = results_qualifier(self.results)
        kind = "" if not why else "自动检查" if self.results.get("scope") == "automatic" else "暂定"
        return {
            "final": not why,
            "qualifier": why,
            "mean_name": mean_name(self.results),
            "mean_short": f"{kind}平均分",
            "score_name": f"{kind}得分",
        }

    def _case_mask(self, case: dict[str, Any], mask_names: bool) -> CaseMask:
        """How documents show the case's people (``CaseMask``), worked out once per case."""
        key = (id(case), mask_names)  # the cases live as long as the DocumentSet
        found = self._case_masks.get(key)
        if found is None:
            found = self._case_masks[key] = CaseMask(
                case, names=mask_names, companies=self.config.mask_companies
            )
        return found

    def _party(self, case: dict[str, Any], mask_names: bool) -> str:
        return self._case_mask(case, mask_names).party

    def _outgoing(self, message: str | None, reviewers: str | None) -> str:
        """``outgoing_text`` of a message, numbers masked: once per distinct message."""
        key = (message, reviewers)
        found = self._outgoing_texts.get(key)
        if found is None:
            found = self._outgoing_texts[key] = mask_ids(outgoing_text(message, reviewers))
        return found

    def _text(self, finding: dict[str, Any], case: dict[str, Any], mask_names: bool) -> str:
        """A finding's message as documents print it: no internal detail (``outgoing_text``),
        the party's name shown as the document shows the party, and, when names are masked,
        the officers' names masked too (王明 → 王某)."""
        text = self._outgoing(finding.get("message"), finding.get("reviewer"))
        return self._case_mask(case, mask_names).shown(text)

    def case_rows(self, unit: str, mask_names: bool) -> list[dict[str, Any]]:
        rows = []
        for case in self.cases_by_unit.get(unit, []):
            rows.append(
                {
                    "case_no": case.get("case_no") or "",
                    "decision_no": case.get("decision_no") or "",
                    "party": self._party(case, mask_names),
                    "party_type": case.get("party_type") or "",
                    "decided_on": case.get("decided_on"),
                    "score": case["score"],
                    "score_name": score_name(case),
                    "grade": grade_text(case),
                    "grade_name": case["grade"],
                    "vetoed": case["vetoed"],
                    "veto_items": [self._title(case, i) for i in case["veto_items"]],
                    "problems": sum(f["outcome"] == "fail" for f in case["findings"]),
                    "source": case.get("source", {}),
                }
            )
        return rows

    def _items_of(self, case: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The items of the standard the case was scored by, by id."""
        standard = case.get("checklist")
        found = self._standard_items.get(standard)
        if found is None:
            found = self._standard_items[standard] = self.items[
                standard_of(self.results, case)["id"]
            ]
        return found

    def _title(self, case: dict[str, Any], item_id: str) -> str:
        item = self._items_of(case).get(item_id)
        return item["title"] if item else item_id

    def problems(self, unit: str, mask_names: bool) -> list[dict[str, Any]]:
        """The unit's failed findings: vetoes first, then by points lost, then in case order."""
        problems = []
        full_name = self.config.unit(unit).full_name
        for case in self.cases_by_unit.get(unit, []):
            for finding in case["findings"]:
                if finding["outcome"] != "fail":
                    continue
                item = self._items_of(case).get(finding["item_id"], {})
                problems.append(
                    {
                        "unit": unit,
                        "unit_full_name": full_name,
                        "case_no": case.get("case_no") or "",
                        "item_id": finding["item_id"],
                        "title": item.get("title") or finding["item_id"],
                        "category": item.get("category") or OTHER_CATEGORY,
                        "description": self._text(finding, case, mask_names),
                        "basis": finding.get("basis") or item.get("basis") or "",
                        "veto": finding["veto"],
                        "deduction": finding["deduction"],
                        "deduction_text": "否决"
                        if finding["veto"]
                        else number(finding["deduction"]),
                        "remediation": item.get("remediation") or "",
                        "source": case.get("source", {}),
                    }
                )
        problems.sort(key=lambda p: (not p["veto"], -p["deduction"]))
        for no, problem in enumerate(problems, 1):
            problem["no"] = no
        return problems

    def unit_level(self, unit: str, mask_names: bool, first_no: int = 1) -> dict[str, Any] | None:
        """The unit's unit-level items (``level: unit``) as a notice states them: the deducted
        ones with the reviewers' reason (masked, no internal detail), numbered from ``first_no``,
        and how many are still open (待评查). None when the standard has no such items."""
        summary = next((u for u in self.results["units"] if u["unit"] == unit), None)
        entry = (summary or {}).get("unit_items")
        if not entry:
            return None
        items = self.items.get(self.results["checklist"].get("id"), {})
        cases = self.cases_by_unit.get(unit, [])
        problems = []
        for scored in entry["items"]:
            if not scored["deduction"]:
                continue
            item = items.get(scored["item_id"], {})
            text = self._outgoing(scored.get("reason"), "、".join(scored.get("reviewers") or ()))
            for case in cases:  # the unit's people as its files name them
                text = self._case_mask(case, mask_names).shown(text)
            problems.append(
                {
                    "no": first_no + len(problems),
                    "title": scored["title"],
                    "category": item.get("category") or OTHER_CATEGORY,
                    "description": text,
                    "basis": item.get("basis") or "",
                    "deduction": scored["deduction"],
                    "deduction_text": number(scored["deduction"]),
                    "remediation": item.get("remediation") or "",
                }
            )
        return {
            "total": len(entry["items"]),
            "pending": sum(scored["deduction"] is None for scored in entry["items"]),
            "problems": problems,
        }

    def needs_review(self, unit: str) -> list[dict[str, Any]]:
        """Checks that could not decide from the register: work for people, never a problem."""
        return [
            {
                "case_no": case.get("case_no") or "",
                "item_id": finding["item_id"],
                "title": self._title(case, finding["item_id"]),
                "message": self._text(finding, case, mask_names=False),
                "source": case.get("source", {}),
            }
            for case in self.cases_by_unit.get(unit, [])
            for finding in case["findings"]
            if finding["outcome"] == "needs_review"
        ]

    # -- documents ---------------------------------------------------------------------

    def notice(self, unit: dict[str, Any], serial: int) -> dict[str, Any]:
        """The 整改通知书 context for one unit (with cases)."""
        mask = self.config.mask_names
        problems = self.problems(unit["name"], mask)
        return {
            **self.common(),
            "document": {"number": self._document_number(serial), "date": self.issue_date},
            "unit": unit,
            "cases": self.case_rows(unit["name"], mask),
            "problems": problems,
            "unit_level": self.unit_level(unit["name"], mask, first_no=len(problems) + 1),
        }

    def notices(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(unit, context) for every unit with cases, numbered consecutively from the config."""
        self.require_issuing_fields()
        first = self.config.docno_first
        return [(u, self.notice(u, first + i)) for i, u in enumerate(self.notice_units)]

    def summary(self) -> dict[str, Any]:
        """The county-wide 评查情况通报 context."""
        self.require_issuing_fields()
        mask = self.config.mask_names
        cases = self.results["cases"]
        scored = [c["score"] for c in cases if c["score"] is not None]
        problems = [p for u in self.notice_units for p in self.problems(u["name"], mask)]
        grade_counts = Counter(case["grade"] for case in cases)
        grades = [
            {
                "name": self.grade_labels[name],
                "grade": name,
                "count": grade_counts.get(name, 0),
                "rate": grade_counts.get(name, 0) / len(cases) if cases else None,
            }
            for name in self.grade_names
        ]
        serial = self.config.docno_summary or self.config.docno_first + len(self.notice_units)
        categories = _categories(problems)
        top = sorted((i for c in categories for i in c["problems"]), key=lambda i: -i["count"])
        groups = list(dict.fromkeys(u["group"] for u in self.units if u["group"]))
        return {
            **self.common(),
            "document": {"number": self._document_number(serial), "date": self.issue_date},
            "addressees": groups,
            "units": sorted(self.units, key=lambda u: (u["rank"] is None, u["rank"] or 0)),
            "totals": {
                "units": len(self.units),
                "units_with_cases": len(self.notice_units),
                "units_without_cases": len(self.units) - len(self.notice_units),
                "cases": len(cases),
                # files with no score (不再打分) are left out of the mean, as in the unit means
                "mean_score": round(sum(scored) / len(scored), 2) if scored else None,
                "vetoed": sum(c["vetoed"] for c in cases),
                "problems": len(problems),
                "needs_review": sum(u["needs_review"] for u in self.units),
                "skipped": len(self.results.get("skipped", [])),
            },
            "grades": grades,
            "categories": categories,
            "top_problems": top[:TOP_PROBLEMS],
            "good_units": sorted(
                (u for u in self.notice_units if not u["vetoed"] and not u["few_files"]),
                key=lambda u: u["rank"],
            )[:GOOD_UNITS],
            "few_file_units": [u for u in self.notice_units if u["few_files"]],
            "min_files": MIN_FILES,
            "charts": self._charts(grades, top[:TOP_PROBLEMS]),
            "rectification": self.rectification,
            "unit_level": self._unit_level_summary(),
            "index": self.index,
            "yoy": self.year_over_year,
        }

    def _unit_level_summary(self) -> dict[str, Any] | None:
        """What the 通报 says of the unit-level items: the deducted ones by how many units they
        concern (no reasons: those go to each unit's notice), and how many units are still open.
        None when the standard has no such items."""
        entries = [u["unit_items"] for u in self.results["units"] if u.get("unit_items")]
        if not entries:
            return None
        deducted = [[i for i in e["items"] if i["deduction"]] for e in entries]
        units = Counter(i["title"] for found in deducted for i in found)
        return {
            "units": sum(bool(found) for found in deducted),
            "problems": sum(len(found) for found in deducted),
            "items": [{"title": t, "units": n} for t, n in units.most_common(TOP_PROBLEMS)],
            "pending_units": sum(any(i["deduction"] is None for i in e["items"]) for e in entries),
        }

    def _charts(self, grades: list[dict], top: list[dict]) -> dict[str, Any]:
        total = self.results["checklist"].get("total", 100)
        colors = PALETTE[1:] + PALETTE[:1]
        return {
            "mean_scores": bar_chart(
                [
                    Bar(u["name"], u["mean_score"], number(u["mean_score"]))
                    for u in sorted(self.notice_units, key=lambda u: u["rank"])
                ],
                title="各单位案卷平均分",
                maximum=total,
            ),
            "grades": bar_chart(
                [
                    Bar(g["name"], g["count"], f"{g['count']}件", colors[i % len(colors)])
                    for i, g in enumerate(grades)
                ],
                title="案卷等次分布",
            ),
            "problems": bar_chart(
                [Bar(i["title"], i["count"], f"{i['count']}次") for i in top],
                title="常见问题（出现次数）",
            )
            if top
            else None,
        }

    def selfcheck(self, unit: dict[str, Any]) -> dict[str, Any]:
        """The 自查报告 context: a unit's own problems and open questions, names not masked."""
        problems = self.problems(unit["name"], mask_names=False)
        fixes = list(dict.fromkeys((p["title"], p["remediation"]) for p in problems))
        return {
            **self.common(),
            "document": {"number": "", "date": self.issue_date},
            "unit": unit,
            "cases": self.case_rows(unit["name"], mask_names=False),
            "problems": problems,
            "needs_review": self.needs_review(unit["name"]),
            "fixes": [{"title": t, "remediation": r} for t, r in fixes],
        }


def _categories(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems by reporting category, then by item: counts, units concerned and a few examples."""
    by_category: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for problem in problems:
        by_category[problem["category"]][problem["item_id"]].append(problem)
    categories = []
    for name, items in by_category.items():
        entries = [
            {
                "item_id": item_id,
                "title": found[0]["title"],
                "veto": found[0]["veto"],
                "count": len(found),
                "units": len({p["unit"] for p in found}),
                "examples": [
                    {"unit": p["unit_full_name"], "case_no": p["case_no"], "text": p["description"]}
                    for p in found[:EXAMPLES_PER_ITEM]
                ],
            }
            for item_id, found in items.items()
        ]
        entries.sort(key=lambda e: -e["count"])
        categories.append(
            {"name": name, "count": sum(e["count"] for e in entries), "problems": entries}
        )
    categories.sort(key=lambda c: -c["count"])
    return categories
