"""Bar charts as SVG drawn on the server: no script and no outside resource, so the strict
content security policy holds and the desk works without JavaScript. Every value is also in
the chart's <title> tooltips and in a table next to it, for screen readers."""

from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 48, 30, 22
FONT = 14


@dataclass
class Series:
    name: str
    values: list  # one number per label


def bar_chart(title, labels, series, *, unit="", has_data=None):
    """Stacked bars, one per label; `series` share the labels. Returns safe markup: the
    caption, the SVG and its legend (for a <figure>)."""
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
        if base:
            bars.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="{}">{}</text>',
                _at(LEFT + i * step + step / 2),
                _at(TOP + plot_height - base / top * plot_height - 4), FONT, _number(base)))
        bars.append(format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="{}">{}</text>',
            _at(LEFT + i * step + step / 2), HEIGHT - BOTTOM + 18, FONT - 2, label))
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#666"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="{}">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" font-size="{}">0</text>',
        LEFT, HEIGHT - BOTTOM, WIDTH, HEIGHT - BOTTOM, LEFT - 6, TOP + 5, FONT, _number(top),
        LEFT - 6, HEIGHT - BOTTOM, FONT)
    svg = format_html(
        '<svg class="desk-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}"><title>{}</title>{}{}</svg>',
        WIDTH, HEIGHT, title, title, axis, mark_safe("".join(bars)))
    legend = format_html_join(
        "", '<li><svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">'
        '<rect width="10" height="10" fill="{}"/></svg> {}</li>',
        ((colour, one.name) for colour, one in zip(PALETTE, series, strict=False)))
    has_data = any(totals) if has_data is None else has_data
    empty = "" if has_data else format_html('<p class="help">{}</p>', _("No data yet."))
    return format_html('<figcaption>{}</figcaption>{}{}<ul class="desk-legend">{}</ul>',
                       title, svg, empty, legend)


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
