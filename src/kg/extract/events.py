"""A dated list of events with the questions under each:

    • 9 november 2017 – Integraal werken
      Hoe, wanneer en wie werken integraal? Wanneer heeft integraal werken zin? ...

The date and title are on the bullet line (separated by an en dash or a hyphen); the questions are the
indented lines under it, split after each question mark.
"""

from __future__ import annotations

import re

from kg.extract.dutch import DATE_PATTERN, parse_date
from kg.extract.text import ExtractionError, Line, lines, span_of
from kg.records import DatedEvent, Located, Span

ENTRY = re.compile(rf"^\s*[•*]\s*(?P<date>{DATE_PATTERN})\s+[–—-]\s+(?P<title>\S.*?)\s*$", re.IGNORECASE)
QUESTION = re.compile(r"[^?]*\?")


def parse_events(source: str, text: str) -> list[DatedEvent]:
    ls = lines(text)
    entries = [i for i, line in enumerate(ls) if ENTRY.match(line.text)]
    if not entries:
        raise ExtractionError(source, 1, "no dated event list ('• 9 november 2017 – Title')")
    return [_event(source, ls, i) for i in entries]


def _event(source: str, ls: list[Line], i: int) -> DatedEvent:
    head = ls[i]
    m = ENTRY.match(head.text)
    assert m
    try:
        date = parse_date(m["date"])
    except ValueError as exc:
        raise ExtractionError(source, head.number, str(exc)) from exc
    questions: list[Located[str]] = []
    last = head
    k = i + 1
    while k < len(ls) and not ls[k].blank and not ENTRY.match(ls[k].text):
        body = ls[k]
        for q in QUESTION.finditer(body.text):
            questions.append(Located(q[0].strip(), span_of(source, body, q.start(), q.end())))
        rest = QUESTION.sub("", body.text).strip()
        if rest:
            raise ExtractionError(source, body.number, f"text under an event that is not a question: {rest!r}")
        last = body
        k += 1
    return DatedEvent(
        date=Located(date, span_of(source, head, m.start("date"), m.end("date"))),
        title=Located(m["title"], span_of(source, head, m.start("title"), m.end("title"))),
        questions=tuple(questions),
        span=Span(source, head.start, last.end),
    )
