"""The installed version of evaltool (``evaltool.__version__``)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evaltool")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
