"""What the index reads from a results document: each unit's graded files and files in scope,
and the outcome of every automatic check on every file, passes included.

Results files list passing findings only with ``--include-pass``; the index does not need
them. An automatic item that has no finding on a file passed, unless its check could not run on
that file's register (``not_assessed``, not partial): then it was not assessed. In the results
of a human review (``evaltool score``, with a ``review`` key) every item of a final file was
decided, so an item without a finding passed.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from evaltool.config import ReviewConfig
from evaltool.score.metrics import NO_CASES, unit_metrics
from evaltool.score.results import standards_of

PASS, FAIL, WAIVED = "pass", "fail", "waived"
NOT_APPLICABLE, NEEDS_REVIEW, NOT_ASSESSED = "not_applicable", "needs_review", "not_assessed"


@dataclass(frozen=True)
class UnitFacts:
    """A unit as the index sees it; ``note`` is 无案卷 or 未评查 when it has no graded file."""

    name: str
    full_name: str
    group: str
    in_scope: int
    cases: tuple[dict[str, Any], ...]
    note: str = ""
    unit_items: dict[str, Any] | None = None  # the unit-level items, scored once for the unit


@dataclass(frozen=True)
class ResultsFacts:
    """The results-wide context of the formulas: checklist total and items, how to read passes."""

    total: float
    items: dict[str, dict[str, Any]]
    reviewed: bool
    not_assessed: frozenset[tuple]  # (file, sheet, standard id or None, item id)
    units: tuple[UnitFacts, ...]

    def check_items(self, patterns: Iterable[str]) -> list[dict[str, Any]]:
        """The checklist items whose automatic check matches one of the patterns."""
        patterns = tuple(patterns)
        return [
            item
            for item in self.items.values()
            if item.get("check") and any(fnmatch(item["check"], p) for p in patterns)
        ]

    def outcomes(self, cases: Iterable[dict], items: list[dict]) -> Counter:
        """How often each outcome occurred for these items on these files (see the module doc).

        A waived failure is counted as ``waived``: an accepted exception, not a failure.
        """
        counts: Counter = Counter()
        for case in cases:
            findings = {f["item_id"]: f for f in case["findings"]}
            standard = case.get("checklist")
            for item in items:
                if standard and item.get("checklist", standard) != standard:
                    continue  # an item of another procedure's standard
                counts[self._outcome(case, item["id"], findings.get(item["id"]))] += 1
        return counts

    def _outcome(self, case: dict, item_id: str, finding: dict | None) -> str:
        if finding is not None:
            if finding["outcome"] == FAIL and finding.get("waived"):
                return WAIVED
            return finding["outcome"]
        source = case.get("source") or {}
        file, sheet = source.get("file"), source.get("sheet")
        gaps = {(file, sheet, case.get("checklist"), item_id), (file, sheet, None, item_id)}
        if not self.reviewed and gaps & self.not_assessed:
            return NOT_ASSESSED
        return PASS


def results_facts(results: dict[str, Any], review_config: ReviewConfig) -> ResultsFacts:
    """The facts of a results document; units in config order first, then as the results list them."""
    cases: dict[str, list[dict]] = {}
    for case in results["cases"]:
        cases.setdefault(case["unit"], []).append(case)
    metrics = {row["unit"]: row for row in unit_metrics(results)}
    unit_items = {u["unit"]: u.get("unit_items") for u in results["units"]}
    names = [u.name for u in review_config.units]
    names += [name for name in metrics if name not in names]
    units = []
    for name in names:
        info = review_config.unit(name)
        row = metrics.get(name)
        units.append(
            UnitFacts(
                name=name,
                full_name=info.full_name,
                group=info.group,
                in_scope=row["in_scope"] if row else 0,
                cases=tuple(cases.get(name, ())),
                note=row["note"] if row else NO_CASES,
                unit_items=unit_items.get(name),
            )
        )
    checklist = results["checklist"]
    return ResultsFacts(
        total=float(checklist.get("total", 100)),
        items=_items(results),
        reviewed="review" in results,
        not_assessed=frozenset(
            (gap["file"], gap["sheet"], gap.get("checklist"), gap["item_id"])
            for gap in results.get("not_assessed", [])
            if not gap.get("partial")
        ),
        units=tuple(units),
    )


def _items(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every item of every standard used, each marked with its standard; the main standard's
    items by id, the others' by ``standard:id``."""
    main = results["checklist"]["id"]
    return {
        (item["id"] if cid == main else f"{cid}:{item['id']}"): {**item, "checklist": cid}
        for cid, standard in standards_of(results).items()
        for item in standard.get("items", [])
    }
