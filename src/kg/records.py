"""Plain records that extraction produces and conversion consumes.

Every value read from a source page travels with the `Span` it was read from, so the graph can point each
statement at the exact passage behind it. Records know nothing of RDF, IRIs or HTTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open character range [start, end) of one source text (Python string indices = code points,
    which is what RFC 5147 `#char=` fragments count for a UTF-8 text/plain document)."""

    source: str
    start: int
    end: int

    def text(self, sources: dict[str, str]) -> str:
        return sources[self.source][self.start : self.end]

    def cover(self, other: Span) -> Span:
        """The smallest span holding both (same source)."""
        assert other.source == self.source
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A value and the span it was read from."""

    value: T
    span: Span


@dataclass(frozen=True, slots=True)
class Contact:
    name: Located[str]
    phone: Located[str] | None  # E.164, e.g. +31623881174
    email: Located[str] | None
    span: Span  # the whole "Contactgegevens" block


@dataclass(frozen=True, slots=True)
class ProjectBlock:
    """One project as the project overview page states it."""

    municipality: Located[str]
    title: Located[str]
    start: Located[dt.date]
    end: Located[dt.date]
    description: Located[str]
    contact: Contact | None
    downloads: tuple[Located[str], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Idea:
    """One "Het idee van X: ..." entry of the competition page."""

    entrant: Located[str]
    summary: Located[str]
    description: Located[str]
    caption: Located[str] | None  # the name as printed under the entry, often spelled differently
    span: Span


@dataclass(frozen=True, slots=True)
class Figure:
    """One key figure (a statistical observation) from a "Kengetallen" block."""

    measure: str  # key of a measure, see kg.extract.keyfigures.MEASURES
    value: Decimal
    unit: str  # key of a unit, see kg.extract.keyfigures.UNITS
    period: dt.date | int | None  # a day, a year, or None where the source states none
    breakdown: str  # "totaal" or a breakdown key such as "vrouw", "schaal-1-6"
    area: Located[str]
    span: Span
    note: Located[str] | None = None


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """One entry of a dated event list ("9 november 2017 – Integraal werken" and its questions)."""

    date: Located[dt.date]
    title: Located[str]
    questions: tuple[Located[str], ...]
    span: Span


@dataclass
class Extraction:
    """Everything the parsers read from the sources."""

    projects: list[ProjectBlock] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[DatedEvent] = field(default_factory=list)
