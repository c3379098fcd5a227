"""Fixtures of the check tests: run one check through the real pipeline on register rows."""

import itertools

import pytest
import yaml

from evaltool.pipeline import check_registers
from kit.checklists import one_item_checklist
from kit.registers import REVIEW_DATE


class CheckRun:
    """The results of a run, and the findings of item ``T1`` per case row in register order."""

    def __init__(self, results: dict):
        self.results = results

    @property
    def findings(self) -> list[dict]:
        return [f for c in self.results["cases"] for f in c["findings"] if f["item_id"] == "T1"]

    @property
    def outcomes(self) -> list[str]:
        return [f["outcome"] for f in self.findings]

    @property
    def finding(self) -> dict:
        """The finding on the first case row."""
        return self.findings[0]

    @property
    def not_assessed(self) -> list[dict]:
        return [n for n in self.results["not_assessed"] if n["item_id"] == "T1"]


@pytest.fixture
def run_check(write_register, tmp_path, registry):
    """``run_check(check_id, rows, params=None, *, review_date=, checklist=, headers=, documents=)``.

    Returns a CheckRun. ``documents`` maps file names to texts (文书, written as .txt).

    Writes the rows (dicts keyed by header, see ``case_row``) as an xlsx register
    and a one-item checklist (or ``checklist``, a dict) as YAML, then runs the
    real pipeline with every finding included.
    """
    counter = itertools.count()

    def run(
        check_id,
        rows,
        params=None,
        *,
        review_date=None,
        checklist=None,
        headers=None,
        documents=None,
    ):
        n = next(counter)
        folder = None
        if documents is not None:  # {file name: text}: 文书 as .txt files in their own folder
            folder = tmp_path / f"documents-{n}"
            folder.mkdir()
            for name, text in documents.items():
                (folder / name).write_text(text, encoding="utf-8")
        path = tmp_path / f"checklist-{n}.yaml"
        path.write_text(
            yaml.safe_dump(checklist or one_item_checklist(check_id, params), allow_unicode=True),
            encoding="utf-8",
        )
        register = write_register(rows, name=f"register-{n}.xlsx", headers=headers)
        results = check_registers(
            [register],
            checklist=path,
            registry=registry,
            review_date=review_date or REVIEW_DATE,
            include_pass=True,
            documents=[folder] if folder else None,
        )
        return CheckRun(results)

    return run
