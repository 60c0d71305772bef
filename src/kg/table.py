"""A readable text table of SPARQL results for people at a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pyoxigraph as ox


def cell_text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns) and ns:
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render(
    names: Sequence[str],
    rows: Sequence[Sequence[ox.NamedNode | ox.Literal | ox.BlankNode | None]],
    prefixes: dict[str, str],
    max_width: int = 60,
) -> str:
    cells = [[_cut(cell_text(t, prefixes), max_width) for t in row] for row in rows]
    widths = [max([_width(n), *(_width(r[i]) for r in cells)]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
