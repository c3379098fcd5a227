"""The version of evaltool (``evaltool.__version__``). pyproject.toml takes it from here, so that
knowing it costs no search of the installed packages (importlib.metadata) at start-up."""

__version__ = "0.1.0"
