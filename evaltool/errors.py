"""Errors a user can cause, each carrying a Chinese message that names where the problem is."""


class EvaltoolError(Exception):
    """An input or usage problem that the CLI reports in Chinese and exits with code 2."""


class ChecklistError(EvaltoolError):
    """A checklist that cannot be used: YAML syntax, unknown keys, unknown check ids, bad params."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class RegisterError(EvaltoolError):
    """A register file that cannot be read at all."""


class PluginError(EvaltoolError):
    """A plugin that cannot be loaded or registers something invalid."""
