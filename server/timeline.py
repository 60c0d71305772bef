"""A timeline of the projects' periods as an SVG drawn on the server: no script, readable by screen readers
(a group with title and description, one link per project whose name starts with its visible label), with
the same data as a table next to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Period:
    label: str
    href: str
    start: dt.date
    end: dt.date


def svg(periods: list[Period], width: int = 960, row: int = 26) -> str:
    if not periods:
        return ""
    first = min(p.start for p in periods).year
    last = max(p.end for p in periods).year + 1
    left, right, top = 380, 20, 30  # room for full labels: a link's visible text must be in its name
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days
    height = top + row * len(periods) + 10

    def x(day: dt.date) -> float:
        return left + (width - left - right) * (day - dt.date(first, 1, 1)).days / span

    parts = [
        # role="group", not "img": the bars are links, and an image must not contain interactive elements
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-labelledby="tijdlijn-titel tijdlijn-uitleg" class="timeline">',
        '<title id="tijdlijn-titel">Tijdlijn van de projecten</title>',
        f'<desc id="tijdlijn-uitleg">Looptijd van {len(periods)} projecten tussen {first} en {last - 1}, '
        "elk als balk van begin- tot einddatum.</desc>",
    ]
    for year in range(first, last + 1):
        xx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{xx:.1f}" y1="{top - 8}" x2="{xx:.1f}" y2="{height - 5}" class="grid"/>')
        if year < last:
            parts.append(f'<text x="{xx + 4:.1f}" y="{top - 12}" class="year">{year}</text>')
    for i, p in enumerate(sorted(periods, key=lambda p: (p.start, p.label))):
        y = top + i * row
        label = escape(p.label)
        when = f"{p.start.isoformat()} tot {p.end.isoformat()}"
        parts.append(
            f'<a href="{escape(p.href)}" aria-label="{escape(p.label)}, {when}">'
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" class="label">{label}</text>'
            f'<rect x="{x(p.start):.1f}" y="{y + 4}" width="{max(2.0, x(p.end) - x(p.start)):.1f}" height="{row - 10}" '
            f'rx="3" class="bar"><title>{escape(p.label)}: {when}</title></rect></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
