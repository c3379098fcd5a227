"""PDF through headless Chromium: the printed HTML document, so the PDF looks as the HTML prints.

The page size, margins, page numbers and pagination come from the document's own print CSS
(templates/_gbt9704.css). Without Chromium on the machine the PDF cannot be made; the message
says how to get one.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from evaltool.errors import EvaltoolError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT_SECONDS = 180


def find_browser() -> str | None:
    """The headless-capable browser on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str, path: str | Path) -> None:
    """Print ``html`` to a PDF file at ``path`` with headless Chromium."""
    browser = find_browser()
    if browser is None:
        raise EvaltoolError(
            "生成 PDF 需要 Chromium 或 Chrome 浏览器，本机未找到。"
            "请安装后重试（Debian/Ubuntu：apt-get install chromium），"
            "或改用 --format html 生成网页后在浏览器中「打印 → 另存为 PDF」"
        )
    with tempfile.TemporaryDirectory(prefix="evaltool-pdf-") as folder:
        page = Path(folder) / "document.html"
        page.write_text(html, encoding="utf-8")
        target = Path(folder) / "document.pdf"
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EvaltoolError(f"调用浏览器生成 PDF 失败：{exc}") from exc
        if not target.is_file() or target.stat().st_size == 0:
            raise EvaltoolError(f"浏览器未能生成 PDF（{Path(path).name}），请改用 --format html")
        shutil.copyfile(target, path)
