"""Charts as inline SVG: horizontal bars and lines with labels, no scripts and no fonts from the network.

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


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value per label, None where there is none (a gap)."""

    name: str
    values: Sequence[float | None]
    color: str = PALETTE[0]


LINE_LEFT = 48
LINE_RIGHT = 24
LINE_INSET = 36  # first and last points stand clear of the axis labels
LINE_PLOT_HEIGHT = 220
LINE_TOP = 14
LINE_AXIS_HEIGHT = 30
LEGEND_ROW = 26
LEGEND_COLUMNS = 3
TICKS = 5


def _axis_floor(values: Sequence[float], maximum: float) -> float:
    """A round lower end for the value axis a little under the lowest value (never below 0)."""
    low = min(values, default=0.0)
    step = maximum / 10 or 1.0
    return max(0.0, (low // step - 1) * step) if low > step else 0.0


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    maximum: float = 100.0,
    minimum: float | None = None,
) -> Markup:
    """A line chart over ``labels`` (e.g. years), one line per series, a legend underneath.

    The value axis runs from ``minimum`` (default: a round value under the lowest point) to
    ``maximum``; each point is marked and, with at most two series, labelled with its value.
    """
    points = [v for s in series for v in s.values if v is not None]
    low = _axis_floor(points, maximum) if minimum is None else minimum
    top = max([maximum, *points])
    span = (top - low) or 1.0
    plot_width = WIDTH - LINE_LEFT - LINE_RIGHT
    legend_rows = -(-len(series) // LEGEND_COLUMNS)
    bottom = LINE_TOP + LINE_PLOT_HEIGHT
    height = bottom + LINE_AXIS_HEIGHT + LEGEND_ROW * legend_rows + 4

    def x(index: int) -> float:
        if len(labels) == 1:
            return LINE_LEFT + plot_width / 2
        inner = plot_width - 2 * LINE_INSET
        return round(LINE_LEFT + LINE_INSET + inner * index / (len(labels) - 1), 1)

    def y(value: float) -> float:
        return round(bottom - LINE_PLOT_HEIGHT * (value - low) / span, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(TICKS + 1):
        value = low + span * tick / TICKS
        parts.append(
            f'<line x1="{LINE_LEFT}" y1="{y(value)}" x2="{WIDTH - LINE_RIGHT}" y2="{y(value)}" '
            f'stroke="{"#000" if tick == 0 else "#ccc"}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LINE_LEFT - 6}" y="{y(value)}" font-size="{FONT_SIZE - 2}" '
            f'text-anchor="end" dominant-baseline="middle">{value:.3g}</text>'
        )
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{x(index)}" y="{bottom + LINE_AXIS_HEIGHT / 2 + 2}" '
            f'font-size="{FONT_SIZE}" text-anchor="middle" dominant-baseline="middle">'
            f"{escape(_short(label))}</text>"
        )
    show_values = len(series) <= 2
    for line in series:
        color = escape(line.color)
        run: list[str] = []
        for index, value in enumerate([*line.values, None]):
            if value is None:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" '
                        'stroke-width="2"/>'
                    )
                run = []
                continue
            run.append(f"{x(index)},{y(value)}")
            parts.append(f'<circle cx="{x(index)}" cy="{y(value)}" r="3.5" fill="{color}"/>')
            if show_values:
                parts.append(
                    f'<text x="{x(index)}" y="{y(value) - 9}" font-size="{FONT_SIZE - 2}" '
                    f'text-anchor="middle">{value:g}</text>'
                )
    column_width = (WIDTH - LINE_LEFT) / LEGEND_COLUMNS
    for number, line in enumerate(series):
        left = LINE_LEFT + column_width * (number % LEGEND_COLUMNS)
        middle = bottom + LINE_AXIS_HEIGHT + LEGEND_ROW * (number // LEGEND_COLUMNS) + 12
        parts.append(
            f'<line x1="{left}" y1="{middle}" x2="{left + 22}" y2="{middle}" '
            f'stroke="{escape(line.color)}" stroke-width="3"/>'
        )
        parts.append(
            f'<text x="{left + 28}" y="{middle}" font-size="{FONT_SIZE - 1}" '
            f'dominant-baseline="middle">{escape(_short(line.name))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
