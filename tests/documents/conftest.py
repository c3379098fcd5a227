"""Fixtures of the document tests: a register with its 文书 folder, run through the real pipeline."""

import itertools

import pytest
import yaml

from evaltool.pipeline import check_registers
from kit.casefiles import write_docx
from kit.checklists import one_item_checklist
from kit.registers import REVIEW_DATE


class DocumentRun:
    """The results of a run, and the finding of item ``T1`` on the first case."""

    def __init__(self, results: dict):
        self.results = results

    @property
    def finding(self) -> dict:
        return next(f for c in self.results["cases"] for f in c["findings"] if f["item_id"] == "T1")


@pytest.fixture
def run_documents(write_register, tmp_path, registry):
    """``run_documents(check_id, rows, documents, params=None)`` → DocumentRun.

    ``documents`` maps file names to paragraph lists (written as .docx) or to a writer
    ``f(path)``; they go into a 文书 folder beside the register, found automatically
    (or, with ``folder_given``, into a folder named on the command line).
    """
    counter = itertools.count()

    def run(check_id, rows, documents, params=None, *, checklist=None, folder_given=False):
        n = next(counter)
        base = tmp_path / f"run-{n}"
        base.mkdir()
        path = base / "checklist.yaml"
        path.write_text(
            yaml.safe_dump(checklist or one_item_checklist(check_id, params), allow_unicode=True),
            encoding="utf-8",
        )
        register = write_register(rows, name=f"run-{n}/登记表.xlsx")
        folder = base / ("案卷文书" if folder_given else "文书")
        folder.mkdir()
        for name, content in documents.items():
            if callable(content):
                content(folder / name)
            else:
                write_docx(folder / name, content)
        results = check_registers(
            [register],
            checklist=path,
            registry=registry,
            review_date=REVIEW_DATE,
            include_pass=True,
            documents=[folder] if folder_given else None,
        )
        return DocumentRun(results)

    return run
