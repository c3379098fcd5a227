"""Which standard scores which case: one standard per procedure type (普通程序, 简易程序, …).

A run names its standards either as one standard (``-c chongqing``, or ``checklist:`` in
``evaltool.yaml``), which brings the companions it names for other procedures
(``companions: {简易程序: chongqing-simple}``), or as a mapping from procedure type to
standard. A case whose procedure type is blank is scored by the main standard, as before;
a case whose procedure type no standard covers is left unscored and listed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from evaltool.checklist.load import DEFAULT_CHECKLIST, load_checklist
from evaltool.checklist.model import Checklist
from evaltool.errors import ChecklistError
from evaltool.model import Case
from evaltool.plugins import Registry
from evaltool.read.values import ENUMS

ORDINARY = "普通程序"
StandardsRef = str | Path | Mapping[str, str | Path] | None


@dataclass
class Standards:
    """The standards of a run: the main one and the one for each procedure type it names."""

    main: Checklist
    by_procedure: dict[str, Checklist] = field(default_factory=dict)

    def for_case(self, case: Case) -> Checklist | None:
        """The standard that scores this case, or None when no standard covers its procedure."""
        procedure = case.get("procedure")
        if procedure is None:
            return self.main
        chosen = self.by_procedure.get(procedure)
        if chosen is None and self.main.applies(procedure):
            return self.main
        return chosen

    @property
    def all(self) -> list[Checklist]:
        """Every standard of the run, the main one first, each once."""
        found = {id(self.main): self.main}
        for checklist in self.by_procedure.values():
            found.setdefault(id(checklist), checklist)
        return list(found.values())

    def procedures(self, checklist: Checklist) -> list[str]:
        """The procedure types this standard scores in the run."""
        return [p for p, c in self.by_procedure.items() if c is checklist]


def load_standards(ref: StandardsRef, registry: Registry, *, companions: bool = True) -> Standards:
    """The standards a run scores by: one standard and its companions, or a procedure → standard mapping.

    ``companions=False``: the named standards only (a workflow that handles one standard).

    Raises ChecklistError when a standard cannot be loaded or does not apply to the
    procedure type it is named for.
    """
    loaded: dict[str, Checklist] = {}

    def load(ref: str | Path | None) -> Checklist:
        key = str(ref or DEFAULT_CHECKLIST)
        if key not in loaded:
            loaded[key] = load_checklist(key, registry.checks, checklists=registry.checklists)
        return loaded[key]

    if isinstance(ref, Mapping):
        known = dict.fromkeys(ENUMS["procedure"].values())
        if unknown := [p for p in ref if p not in known]:
            raise ChecklistError(
                [
                    f"评查标准映射中的程序类型「{'、'.join(unknown)}」未知（可选：{'、'.join(known)}）"
                ]
            )
        named = {procedure: load(value) for procedure, value in ref.items()}
        main = named.get(ORDINARY) or next(iter(named.values()), None) or load(None)
    else:
        main = load(ref)
        named = {}
    by_procedure = {procedure: main for procedure in main.applies_to}
    for checklist in [main, *named.values()] if companions else []:
        for procedure, companion in checklist.companions.items():
            if procedure not in named and procedure not in main.applies_to:
                by_procedure.setdefault(procedure, load(_companion(checklist, companion)))
    by_procedure.update(named)
    problems = [
        f"评查标准「{checklist.id}」的适用范围（{'、'.join(checklist.applies_to)}）"
        f"不含{procedure}，不能用于评查{procedure}案卷"
        for procedure, checklist in by_procedure.items()
        if checklist.applies_to and procedure not in checklist.applies_to
    ]
    if problems:
        raise ChecklistError(problems)
    return Standards(main, by_procedure)


def _companion(checklist: Checklist, ref: str) -> str:
    """A companion's id, or its path when it is a file beside the standard that names it."""
    beside = Path(checklist.path).parent / ref if checklist.path else None
    return str(beside) if beside is not None and beside.is_file() else ref


def main_standard(ref: StandardsRef) -> str | Path | None:
    """The one standard of a reference: itself, or the 普通程序 (else first) entry of a mapping."""
    if isinstance(ref, Mapping):
        return ref.get(ORDINARY) or next(iter(ref.values()), None)
    return ref
