"""Extraction: source texts -> records. Which parsers read a page follows from its `kind` in the manifest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.extract.competition import parse_ideas
from kg.extract.events import parse_events
from kg.extract.keyfigures import parse_key_figures
from kg.extract.projects import parse_projects
from kg.extract.text import ExtractionError
from kg.records import Extraction

#: page kind -> (Extraction field, parser). Kinds without parsers are only quoted by curated data.
PARSERS: dict[str, list[tuple[str, Callable[[str, str], list[Any]]]]] = {
    "projectoverzicht": [("projects", parse_projects)],
    "wedstrijdfinalisten": [("ideas", parse_ideas)],
    "praktijkverhaal": [("figures", parse_key_figures)],
    "interview": [("events", parse_events)],
}

__all__ = ["PARSERS", "ExtractionError", "extract"]


def extract(kinds: dict[str, str], texts: dict[str, str]) -> Extraction:
    """Run the parsers for each source (id -> kind) over its text (id -> text)."""
    out = Extraction()
    for source, kind in sorted(kinds.items()):
        for attr, parser in PARSERS.get(kind, []):
            getattr(out, attr).extend(parser(source, texts[source]))
    return out
