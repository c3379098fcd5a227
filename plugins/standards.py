"""The review standards that ship with evaltool (checklists/*.yaml), registered like any plugin's."""

import evaltool
from evaltool.checklist.load import shipped_checklists


@evaltool.hookimpl
def evaltool_register_checklists(register):
    for checklist_id, path in shipped_checklists().items():
        register(checklist_id, path)
