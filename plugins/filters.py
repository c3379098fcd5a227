"""The built-in template filters (Chinese dates, amounts in capitals, masking), registered like any plugin's."""

import evaltool
from evaltool.render.filters import FILTERS


@evaltool.hookimpl
def evaltool_register_template_extras(register):
    for name, func in FILTERS.items():
        register(name, func)
