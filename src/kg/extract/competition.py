"""The "Het idee van X: ..." entries of a competition's finalists page.

Each entry is a heading line, the entrant's name as printed under it (a caption, often spelled differently:
"Gemeente Brergen op Zoom", "Son Breugel"), and one paragraph of description. Web-to-text conversion left the
caption in one of three places, all handled:

    Het idee van Kampen: Programma Veerkracht: ...         caption on its own line
    Kampen
    Gemeentelijke organisaties werken met ...

    Het idee van Dienst Dommelvallei: ... op te bouwen.Dienst Dommelvallei     glued to the heading

    AlmereBij gemeenten worden nauwelijks ...              glued to the start of the description

The caption is kept: it is evidence of how the source spells the entrant's name.
"""

from __future__ import annotations

import re

from kg.extract.text import ExtractionError, Line, lines, located, span_of
from kg.names import similarity
from kg.records import Idea, Located, Span

HEADING = re.compile(r"^\s*Het idee van (?P<entrant>[^:]+?):\s*(?P<summary>\S.*?)\s*$")
GLUED_TAIL = re.compile(r"^(?P<summary>.*[.!?])(?P<caption>[A-Z][^.!?]*)$")
CAPTION_MAX = 60
CAPTION_SIMILARITY = 0.75


def parse_ideas(source: str, text: str) -> list[Idea]:
    ls = lines(text)
    heads = [i for i, line in enumerate(ls) if HEADING.match(line.text)]
    if not heads:
        raise ExtractionError(source, 1, "no 'Het idee van X: ...' entries")
    return [_idea(source, text, ls, i, heads[n + 1] if n + 1 < len(heads) else len(ls)) for n, i in enumerate(heads)]


def _idea(source: str, text: str, ls: list[Line], i: int, limit: int) -> Idea:
    head = ls[i]
    m = HEADING.match(head.text)
    assert m
    entrant = Located(m["entrant"].strip(), span_of(source, head, m.start("entrant"), m.end("entrant")))
    summary_start, summary_end = m.start("summary"), m.end("summary")
    caption: Located[str] | None = None

    glued = GLUED_TAIL.match(m["summary"])
    if glued and similarity(glued["caption"], entrant.value) >= CAPTION_SIMILARITY:
        cap_start = summary_start + glued.start("caption")
        caption = Located(glued["caption"].strip(), span_of(source, head, cap_start, summary_end))
        summary_end = summary_start + glued.end("summary")
    summary = Located(
        re.sub(r"\s+", " ", head.text[summary_start:summary_end]).strip(),
        span_of(source, head, summary_start, summary_end),
    )

    k = i + 1
    if caption is None and k < limit and _is_caption(ls[k], entrant.value):
        caption = Located(ls[k].text.strip(), span_of(source, ls[k]))
        k += 1
    while k < limit and ls[k].blank:
        k += 1
    if k >= limit:
        raise ExtractionError(source, head.number, f"the idea of {entrant.value} has no description")
    para_end = k
    while para_end < limit and not ls[para_end].blank:
        para_end += 1
    start = ls[k].start
    first = ls[k].text
    if (
        caption is None
        and first.startswith(entrant.value)
        and first[len(entrant.value) : len(entrant.value) + 1].isupper()
    ):
        caption = Located(entrant.value, Span(source, start, start + len(entrant.value)))
        start += len(entrant.value)
    description = located(source, text, start, ls[para_end - 1].end)
    return Idea(
        entrant=entrant,
        summary=summary,
        description=description,
        caption=caption,
        span=Span(source, head.start, ls[para_end - 1].end),
    )


def _is_caption(line: Line, entrant: str) -> bool:
    t = line.text.strip()
    return bool(t) and len(t) <= CAPTION_MAX and t[-1] not in ".!?" and similarity(t, entrant) >= CAPTION_SIMILARITY
