"""Errors a user can cause, each carrying a Chinese message that names where the problem is."""


class EvaltoolError(Exception):
    """An input or usage problem that the CLI reports in Chinese and exits with code 2."""


class ProblemsError(EvaltoolError):
    """A file with one or more problems, each a Chinese line that names file and line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class ChecklistError(ProblemsError):
    """A checklist that cannot be used: YAML syntax, unknown keys, unknown check ids, bad params."""


class ConfigError(ProblemsError):
    """A review config (evaltool.yaml) that cannot be used."""


class RegisterError(EvaltoolError):
    """A register file that cannot be read at all."""


class PluginError(EvaltoolError):
    """A plugin that cannot be loaded or registers something invalid."""


class DocumentError(EvaltoolError):
    """A case-file document (决定书, 告知书 …) that cannot be read: the message names the file."""
