"""Charts as inline SVG: horizontal bars with labels, no scripts and no fonts from the network.

The SVG scales to its container (``width="100%"`` with a viewBox), so it never
overflows the A4 text width; fonts come from the document's CSS.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 600
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
FONT_SIZE = 15
MAX_LABEL_CHARS = 14
PALETTE = ("#2f5d8a", "#3f8f5a", "#c98a1b", "#b03a2e", "#6b4f8a", "#5a6b75")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # what to print after the bar; the value when empty
    color: str = PALETTE[0]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str, maximum: float | None = None) -> Markup:
    """A horizontal bar chart; ``maximum`` fixes the scale (e.g. the checklist total)."""
    top = max([maximum or 0.0, *(b.value for b in bars)]) or 1.0
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + ROW_HEIGHT * max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{height - TOP}" '
        'stroke="#000" stroke-width="1"/>',
    ]
    for row, bar in enumerate(bars):
        y = TOP + row * ROW_HEIGHT
        length = round(plot * max(bar.value, 0.0) / top, 1)
        middle = y + ROW_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" font-size="{FONT_SIZE}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_short(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR_HEIGHT / 2}" width="{length}" '
            f'height="{BAR_HEIGHT}" fill="{escape(bar.color)}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{middle}" font-size="{FONT_SIZE}" '
            f'dominant-baseline="middle">{escape(bar.text or f"{bar.value:g}")}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
