"""Byte-reproducible workbooks for the committed example files.

openpyxl writes the time of saving into docProps/core.xml and into every zip entry, so each
regeneration changes the bytes of an unchanged workbook. ``pin_workbook`` rewrites a saved
workbook with fixed document times and fixed zip entry times, keeping the entries and their order.
"""

import datetime as dt
import re
import zipfile
from pathlib import Path

# The moment every example file claims: a fixed time, not the time of generation.
PINNED = dt.datetime(2024, 1, 1, 0, 0, 0)
_CORE = "docProps/core.xml"
_CORE_TIMES = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def pin_workbook(path: Path, moment: dt.datetime = PINNED) -> Path:
    """Rewrite the xlsx at ``path`` so that its bytes depend only on its content."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == _CORE:
                data = _CORE_TIMES.sub(rf"\g<1>{stamp}\g<2>", data.decode("utf-8")).encode("utf-8")
            pinned = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            archive.writestr(pinned, data)
    partial.replace(path)
    return path
