"""A timeline of the projects' periods, drawn on the server as SVG (templates/timeline.svg): no script,
readable by screen readers (a group with title and description, one link per project whose name starts with
its visible label), with the same data as a table next to it. This module only computes the geometry; the
template writes it, escaped."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from kg.dutch import date_text


@dataclass(frozen=True)
class Period:
    label: str
    href: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class GridLine:
    x: str
    label: int | None  # the year that starts here, if a bar can fall in it
    label_x: str


@dataclass(frozen=True)
class Bar:
    label: str
    href: str
    when: str
    x: str
    y: int
    width: str
    text_y: int
    lines: tuple[str, ...] = ()  # the label in lines, where it stands above its bar (the narrow layout)


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    first: int
    last: int
    grid: list[GridLine]
    bars: list[Bar]
    label_x: int
    grid_top: int
    year_y: int
    bar_height: int
    narrow: bool = False  # labels above the bars, for a phone


def layout(periods: list[Period], width: int = 960, row: int = 26) -> Timeline | None:
    """Where everything goes: a year grid and one bar per period (sorted by start, then name); None for none."""
    if not periods:
        return None
    first = min(p.start for p in periods).year
    last = max(p.end for p in periods).year + 1
    # room for the longest label in full (a link's visible text must be in its name): about 7.6 units a
    # character at the 13-unit font, measured on the longest title of the project overview page
    left = max(240, min(width // 2, 20 + round(7.6 * max(len(p.label) for p in periods))))
    right, top = 20, 30
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days
    height = top + row * len(periods) + 10

    def x(day: dt.date) -> float:
        return left + (width - left - right) * (day - dt.date(first, 1, 1)).days / span

    grid = [
        GridLine(
            f"{x(dt.date(year, 1, 1)):.1f}",
            year if year < last else None,
            f"{x(dt.date(year, 1, 1)) + 4:.1f}",
        )
        for year in range(first, last + 1)
    ]
    bars = [
        Bar(
            p.label,
            p.href,
            f"{date_text(p.start)} tot {date_text(p.end)}",
            f"{x(p.start):.1f}",
            top + i * row + 4,
            f"{max(2.0, x(p.end) - x(p.start)):.1f}",
            top + i * row + 16,
        )
        for i, p in enumerate(sorted(periods, key=lambda p: (p.start, p.label)))
    ]
    return Timeline(width, height, first, last - 1, grid, bars, left - 8, top - 8, top - 12, row - 10)


#: the narrow layout's width in SVG units: drawn at about one unit a pixel on a 390 px phone, so its 12-unit text
#: is 12 px there
NARROW = 360
LINE_CHARS = 52  # what fits on a line of the narrow layout at the 12-unit font


def narrow_layout(periods: list[Period]) -> Timeline | None:
    """The same timeline for a phone: each project's name on its own line(s) above its bar, the bars across the
    whole width, so that neither the names nor the bars need sideways scrolling."""
    if not periods:
        return None
    first = min(p.start for p in periods).year
    last = max(p.end for p in periods).year + 1
    left, right, top, line, bar = 8, 8, 28, 15, 8
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days

    def x(day: dt.date) -> float:
        return left + (NARROW - left - right) * (day - dt.date(first, 1, 1)).days / span

    grid = [
        GridLine(f"{x(dt.date(y, 1, 1)):.1f}", y if y < last else None, f"{x(dt.date(y, 1, 1)) + 3:.1f}")
        for y in range(first, last + 1)
    ]
    bars, y = [], top
    for p in sorted(periods, key=lambda p: (p.start, p.label)):
        lines = tuple(textwrap.wrap(p.label, LINE_CHARS)) or (p.label,)
        text_y = y + 12
        bar_y = y + line * len(lines) + 2
        bars.append(
            Bar(
                p.label,
                p.href,
                f"{date_text(p.start)} tot {date_text(p.end)}",
                f"{x(p.start):.1f}",
                bar_y,
                f"{max(2.0, x(p.end) - x(p.start)):.1f}",
                text_y,
                lines,
            )
        )
        y = bar_y + bar + 10
    return Timeline(NARROW, y + 4, first, last - 1, grid, bars, left, top - 6, top - 12, bar, narrow=True)
