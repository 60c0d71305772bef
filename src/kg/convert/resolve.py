"""Resolving what the data refers to: ids in curated files, names in the pages, quotes in the sources.

Problems are collected, not raised, so one build reports every broken reference at once with its file, line
and field; `Resolver.check()` raises them together.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import URIRef

from kg.errors import DataError, Problem
from kg.extract.text import line_at
from kg.iris import Iris
from kg.names import key, similarity
from kg.read.curation.yamlfile import LineMap
from kg.records import Located, Span

FUZZY_MIN = 0.85  # "Brergen op Zoom" ~ "Bergen op Zoom" 0.96; "Son Breugel" ~ "Son en Breugel" 0.91
FUZZY_MARGIN = 0.05  # the best match must beat the next one by this much


@dataclass(frozen=True)
class Where:
    """A place in a curated file, for error messages."""

    file: str  # key of the curated file: "people", "projects", ...
    loc: tuple[str | int, ...]

    def at(self, *fields: str | int) -> Where:
        """A place within this one: a field of the entry, an item of a list in it."""
        return Where(self.file, (*self.loc, *fields))


@dataclass(frozen=True)
class Entry:
    kind: str
    iri: URIRef
    label: str


class Resolver:
    def __init__(self, iris: Iris, texts: dict[str, str], lines: dict[str, LineMap], sources_file: str) -> None:
        self.iris = iris
        self.texts = texts
        self.lines = lines
        self.sources_file = sources_file
        self.problems: list[Problem] = []
        self.entries: dict[str, Entry] = {}
        self._names: dict[str, dict[str, set[str]]] = {}  # kind -> name key -> ids
        self.spellings: dict[str, set[str]] = {}  # id -> every name it was given, as written

    # -- problems ----------------------------------------------------------------------------------------

    def problem(self, where: Where | Span | None, message: str) -> None:
        if isinstance(where, Where):
            self.problems.append(self.lines[where.file].problem(where.loc, message))
        elif isinstance(where, Span):
            line = line_at(self.texts[where.source], where.start)
            self.problems.append(Problem(f"{self.sources_file}/{where.source}", line, None, message))
        else:
            self.problems.append(Problem("(build)", None, None, message))

    def check(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    # -- ids ---------------------------------------------------------------------------------------------

    def declare(self, kind: str, id_: str, label: str, where: Where | Span | None = None) -> URIRef:
        iri = self.iris.thing(kind, id_)
        known = self.entries.get(id_)
        if known and known.iri != iri:
            self.problem(where, f"id '{id_}' is used for a {known.kind} and a {kind}; ids must be unique")
        elif known:
            self.problem(where, f"{kind} id '{id_}' is declared twice")
        self.entries[id_] = Entry(kind, iri, label)
        self.name(kind, id_, label)
        return iri

    def name(self, kind: str, id_: str, name: str) -> None:
        """Make `name` resolvable to the entity `id_`."""
        self._names.setdefault(kind, {}).setdefault(key(name), set()).add(id_)
        self.spellings.setdefault(id_, set()).add(name)

    def ref(self, id_: str, kinds: tuple[str, ...], where: Where) -> URIRef | None:
        entry = self.entries.get(id_)
        if entry is None:
            hint = difflib.get_close_matches(id_, [i for i, e in self.entries.items() if e.kind in kinds], n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else ""
            self.problem(where, f"unknown {' or '.join(kinds)} '{id_}'{extra}")
            return None
        if entry.kind not in kinds:
            self.problem(where, f"'{id_}' is a {entry.kind}, expected a {' or '.join(kinds)}")
            return None
        return entry.iri

    def id_of(self, iri: URIRef) -> str:
        return str(iri).rsplit("/", 1)[-1]

    # -- names in the pages ------------------------------------------------------------------------------

    def resolve_name(self, name: Located[str], kinds: tuple[str, ...]) -> tuple[str, bool] | None:
        """The id a name in a page refers to, and whether it was matched exactly (by key) or as a variant
        (a close spelling, unique among the candidates). None, with a problem recorded, if neither."""
        k = key(name.value)
        exact = {i for kind in kinds for i in self._names.get(kind, {}).get(k, set())}
        if len(exact) == 1:
            return next(iter(exact)), True
        if len(exact) > 1:
            self.problem(name.span, f"'{name.value}' could be any of {sorted(exact)}")
            return None
        best: dict[str, float] = {}
        for kind in kinds:
            for name_key, ids in self._names.get(kind, {}).items():
                score = similarity(name.value, name_key)
                for i in ids:
                    best[i] = max(best.get(i, 0.0), score)
        scored = sorted(((s, i) for i, s in best.items()), reverse=True)
        if scored and scored[0][0] >= FUZZY_MIN and (len(scored) == 1 or scored[0][0] - scored[1][0] >= FUZZY_MARGIN):
            return scored[0][1], False
        self.problem(name.span, f"'{name.value}' is no known {' or '.join(kinds)}; add it to the curated data")
        return None

    # -- quotes ------------------------------------------------------------------------------------------

    def quote(self, source: str | None, quote: str, where: Where) -> Span | None:
        if source is None or source not in self.texts:
            self.problem(where, f"unknown source '{source}'")
            return None
        text = self.texts[source]
        start = text.find(quote)
        if start >= 0:
            return Span(source, start, start + len(quote))
        # Web pages mix in no-break spaces and line breaks; let any whitespace match any whitespace.
        pattern = r"\s+".join(re.escape(word) for word in quote.split())
        m = re.search(pattern, text)
        if m:
            return Span(source, m.start(), m.end())
        if start < 0:
            hint = difflib.get_close_matches(
                quote, [ln.strip() for ln in text.splitlines() if ln.strip()], n=1, cutoff=0.6
            )
            extra = f"; closest line: {hint[0][:80]!r}" if hint else ""
            self.problem(where, f"quote not found in source '{source}': {quote[:80]!r}{extra}")
            return None
        return Span(source, start, start + len(quote))
