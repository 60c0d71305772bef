"""A timeline of the projects' periods, drawn on the server as SVG (templates/timeline.svg): no script,
readable by screen readers (a group with title and description, one link per project whose name starts with
its visible label), with the same data as a table next to it. This module only computes the geometry; the
template writes it, escaped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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


def layout(periods: list[Period], width: int = 960, row: int = 26) -> Timeline | None:
    """Where everything goes: a year grid and one bar per period (sorted by start, then name); None for none."""
    if not periods:
        return None
    first = min(p.start for p in periods).year
    last = max(p.end for p in periods).year + 1
    # room for the longest label in full (a link's visible text must be in its name): about 7 units a
    # character at the 12-unit font, measured on the longest title of the project overview page
    left = max(240, min(width // 2, 20 + round(7 * max(len(p.label) for p in periods))))
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
            f"{p.start.isoformat()} tot {p.end.isoformat()}",
            f"{x(p.start):.1f}",
            top + i * row + 4,
            f"{max(2.0, x(p.end) - x(p.start)):.1f}",
            top + i * row + 16,
        )
        for i, p in enumerate(sorted(periods, key=lambda p: (p.start, p.label)))
    ]
    return Timeline(width, height, first, last - 1, grid, bars, left - 8, top - 8, top - 12, row - 10)
