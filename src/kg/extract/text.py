"""Small helpers for reading plain-text pages line by line while keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.records import Located, Span


class ExtractionError(ValueError):
    """A page does not have the shape a parser expects. Says which source, line and what was expected."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}, line {line}: {message}")
        self.source = source
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor shows it
    start: int  # offset of the first character in the text
    text: str  # without the newline

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines(text: str) -> list[Line]:
    out: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        out.append(Line(number, offset, raw))
        offset += len(raw) + 1
    return out


def line_at(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def span_of(source: str, line: Line, start: int = 0, end: int | None = None) -> Span:
    """Span of (part of) a line, trimmed of surrounding whitespace."""
    text = line.text[start:end] if end is not None else line.text[start:]
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    s = line.start + start + lead
    return Span(source, s, s + len(text) - lead - trail)


def clean(text: str) -> str:
    """Collapse runs of spaces inside lines and trim, keeping paragraph breaks."""
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paragraphs if p)


def located(source: str, text: str, start: int, end: int) -> Located[str]:
    """The cleaned text of [start, end) with its span trimmed of surrounding whitespace."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return Located(clean(raw), Span(source, start + lead, end - trail))
