"""Bar charts as SVG drawn on the server: no script and no outside resource, so the strict
content security policy holds and the desk works without JavaScript. Every value is also in
the chart's <title> tooltips and in a table next to it, for screen readers."""

from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

# Distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 40, 36, 12


@dataclass
class Series:
    name: str
    values: list  # one number per label


def bar_chart(title, labels, series, *, unit=""):
    """Stacked bars, one per label; `series` share the labels. Returns safe SVG markup."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))] or [0]
    top = _nice_ceiling(max(totals))
    plot_height = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        base = 0
        for colour, one in zip(PALETTE, series, strict=False):
            value = one.values[i]
            if value:
                height = value / top * plot_height
                y = TOP + plot_height - (base + value) / top * plot_height
                bars.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} — {}{}</title></rect>",
                    _at(LEFT + i * step + step * 0.15), _at(y), _at(step * 0.7), _at(height),
                    colour, label,
                    one.name, _number(value), unit))
            base += value
        bars.append(format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>',
            _at(LEFT + i * step + step / 2), HEIGHT - BOTTOM + 14, label))
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#666"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="10">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" font-size="10">0</text>',
        LEFT, HEIGHT - BOTTOM, WIDTH, HEIGHT - BOTTOM, LEFT - 4, TOP + 8, _number(top),
        LEFT - 4, HEIGHT - BOTTOM)
    legend = format_html_join("", '<tspan fill="{}">■</tspan> {}  ',
                              ((colour, one.name) for colour, one in
                               zip(PALETTE, series, strict=False) if len(series) > 1))
    return format_html(
        '<svg class="desk-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}"><title>{}</title>{}{}'
        '<text x="{}" y="{}" font-size="11">{}</text></svg>',
        WIDTH, HEIGHT, title, title, axis, mark_safe("".join(bars)), LEFT, HEIGHT - 6,
        legend)


def _nice_ceiling(value):
    """The axis' top: 1, 2 or 5 times a power of ten, at least the value."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def _at(coordinate):
    return f"{coordinate:.1f}"


def _number(value):
    return escape(f"{value:g}" if isinstance(value, float) else value)
