"""The notice and the summary in a real browser: Chinese text and charts show, nothing overflows A4.

Runs when headless Chromium is installed (scripts/install-chromium.sh does it on CI) and
skips otherwise. Screenshots go to the test's tmp_path.
"""

import json
import re
import shutil
import subprocess

import pytest

from evaltool.config import load_config
from evaltool.render import DocumentSet, make_environment, write_notices, write_summary
from kit.documents import MARKET, review_results, write_config

BROWSER = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (path := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="没有安装 chromium")

A4_WIDTH_PX = 794  # 210 mm at 96 dpi

# Measures the rendered page and writes the result into the DOM for --dump-dom. Only the test's
# copy of the document gets this script; the documents themselves have none.
PROBE = """
<script>
(() => {
  const page = document.querySelector("main.page");
  const box = page.getBoundingClientRect();
  const style = getComputedStyle(page);
  const contentRight = box.right - parseFloat(style.paddingRight);
  const overflowing = [...page.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > contentRight + 1
      || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1))
    .map(el => el.tagName + "." + (typeof el.className === "string" ? el.className : "svg"));
  const glyph = (ch) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 40;
    const ctx = canvas.getContext("2d");
    ctx.font = "32px " + getComputedStyle(document.body).fontFamily;
    ctx.fillText(ch, 2, 32);
    return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(",");
  };
  const charts = [...document.querySelectorAll("svg")].map(svg => ({
    width: svg.getBoundingClientRect().width,
    bars: [...svg.querySelectorAll("rect")].map(r => r.getBoundingClientRect().width),
    labels: [...svg.querySelectorAll("text")].map(t => t.getBoundingClientRect().width),
  }));
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    pageWidth: box.width,
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    overflowing: overflowing,
    distinctGlyphs: glyph("评") !== glyph("查") && glyph("评") !== glyph("\\uE000"),
    textLength: page.innerText.length,
    charts: charts,
  });
  document.body.appendChild(probe);
})();
</script>
"""


def _chromium(*args: str, profile) -> str:
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={A4_WIDTH_PX},3000",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measure(html_path, tmp_path) -> dict:
    harness = html_path.with_name("probe-" + html_path.name)
    harness.write_text(
        html_path.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
        encoding="utf-8",
    )
    dom = _chromium("--dump-dom", harness.as_uri(), profile=tmp_path / "profile-dom")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def screenshot(html_path, tmp_path):
    png = tmp_path / (html_path.stem + ".png")
    _chromium(f"--screenshot={png}", html_path.as_uri(), profile=tmp_path / "profile-shot")
    assert png.stat().st_size > 10_000
    return png


@pytest.fixture
def documents(write_register, tmp_path):
    config = load_config(write_config(tmp_path))
    documents = DocumentSet(review_results(write_register), config)
    out = tmp_path / "文书"
    env = make_environment()
    notice = next(
        d.paths[0]
        for d in write_notices(documents, env, out, ["html"])
        if d.paths[0].name.startswith(MARKET)
    )
    summary = write_summary(documents, env, out / "评查情况通报", ["html"]).paths[0]
    return {"notice": notice, "summary": summary}


@pytest.mark.parametrize("which", ["notice", "summary"])
def test_document_renders_on_a4_with_chinese_text(documents, tmp_path, which):
    html = documents[which]
    result = measure(html, tmp_path)
    assert abs(result["pageWidth"] - A4_WIDTH_PX) <= 2
    assert result["scrollWidth"] <= result["viewport"]
    assert result["overflowing"] == []
    assert result["distinctGlyphs"], "中文字形没有显示（缺少中文字体？）"
    assert result["textLength"] > 500
    screenshot(html, tmp_path)


def test_summary_charts_are_drawn(documents, tmp_path):
    charts = measure(documents["summary"], tmp_path)["charts"]
    assert len(charts) == 3
    for chart in charts:
        assert chart["width"] > 400
        assert chart["bars"] and max(chart["bars"]) > 50
        assert min(chart["labels"]) > 0
