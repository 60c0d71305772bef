"""The "Kengetallen" (key figures) block of a practice story.

    Kengetallen

    • Soest : 45.477 inwoners
    • 223 fte (1.1.13) / 276 medewerkers (1.1.13): 147 vrouwen en 129 mannen
    • Gemiddelde leeftijd : 47,3 jaar
    • Verdeling medewerkers over schalen : 1-6 = 12% / 7-9 = 42%, 10-12 = 40%, 13 en hoger = 6%.
    • Ziekteverzuim : 2008 = 3,9%, 2009 = 4,16%, ... (percentage is exclusief zwangerschap ...)
    • Opleidingsbudget : 1,5% van de loonsom = € 231.000.

Every bullet must be recognised completely; anything left over is an `ExtractionError`, so a figure is never
dropped silently. Numbers use Dutch separators ("47,3" is 47.3, "€ 231.000" is 231000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from kg.extract.dutch import parse_number, parse_short_date
from kg.extract.text import ExtractionError, Line, lines, span_of
from kg.records import Figure, Located, Span

#: measure key -> (Dutch label, English label, unit key)
MEASURES: dict[str, tuple[str, str, str]] = {
    "inwoners": ("Aantal inwoners", "Number of inhabitants", "persons"),
    "fte": ("Formatie in fte", "Staff in full-time equivalents", "fte"),
    "medewerkers": ("Aantal medewerkers", "Number of employees", "persons"),
    "gemiddelde-leeftijd": ("Gemiddelde leeftijd medewerkers", "Average age of employees", "years"),
    "schaalverdeling": ("Aandeel medewerkers per salarisschaal", "Share of employees per salary scale", "percent"),
    "ziekteverzuim": ("Ziekteverzuim", "Sickness absence rate", "percent"),
    "opleidingsbudget-aandeel-loonsom": (
        "Opleidingsbudget als deel van de loonsom",
        "Training budget as share of payroll",
        "percent",
    ),
    "opleidingsbudget": ("Opleidingsbudget", "Training budget", "euro"),
}

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
SHORT_DATE = r"\d{1,2}\.\d{1,2}\.\d{2,4}"
HEADING = re.compile(r"^\s*Kengetallen\s*$")
BULLET = re.compile(r"^\s*[•*-]\s*")

INHABITANTS = re.compile(rf"^(?P<area>[^:]+?)\s*:\s*(?P<n>(?:{NUM}))\s+inwoners\.?$")
FTE = re.compile(rf"(?P<n>(?:{NUM}))\s+fte\s*\((?P<d>{SHORT_DATE})\)")
EMPLOYEES = re.compile(
    rf"(?P<n>(?:{NUM}))\s+medewerkers\s*\((?P<d>{SHORT_DATE})\)\s*:\s*(?P<f>(?:{NUM}))\s+vrouwen\s+en\s+(?P<m>(?:{NUM}))\s+mannen"
)
AVERAGE_AGE = re.compile(rf"^Gemiddelde leeftijd\s*:\s*(?P<n>(?:{NUM}))\s+jaar\.?$")
SCALES = re.compile(r"^Verdeling medewerkers over schalen\s*:\s*")
SCALE_ITEM = re.compile(rf"(?P<k>\d+\s*-\s*\d+|\d+\s+en\s+hoger)\s*=\s*(?P<v>(?:{NUM}))\s*%")
ABSENCE = re.compile(r"^Ziekteverzuim\s*:\s*")
ABSENCE_ITEM = re.compile(rf"(?P<y>\d{{4}})\s*=\s*(?P<v>(?:{NUM}))\s*%")
NOTE = re.compile(r"\((?P<note>[^()]*)\)\s*$")
TRAINING = re.compile(rf"^Opleidingsbudget\s*:\s*(?P<p>(?:{NUM}))\s*%\s+van de loonsom\s*=\s*€\s*(?P<e>(?:{NUM}))\.?$")
LEFTOVER = re.compile(r"^[\s/,.;]*$")


def parse_key_figures(source: str, text: str) -> list[Figure]:
    ls = lines(text)
    heading = next((i for i, line in enumerate(ls) if HEADING.match(line.text)), None)
    if heading is None:
        raise ExtractionError(source, 1, "no 'Kengetallen' block")
    bullets: list[Line] = []
    for line in ls[heading + 1 :]:
        if line.blank and not bullets:
            continue
        if line.blank or not BULLET.match(line.text):
            break
        bullets.append(line)
    if not bullets:
        raise ExtractionError(source, ls[heading].number, "'Kengetallen' is not followed by bullets")

    area: Located[str] | None = None
    for b in bullets:
        m = INHABITANTS.match(_content(b))
        if m:
            off = _offset(b)
            area = Located(m["area"].strip(), span_of(source, b, off + m.start("area"), off + m.end("area")))
    if area is None:
        raise ExtractionError(source, bullets[0].number, "no '<gemeente> : N inwoners' bullet names the area")

    figures: list[Figure] = []
    for b in bullets:
        figures.extend(_bullet(source, b, area))
    return figures


def _content(line: Line) -> str:
    return line.text[_offset(line) :].rstrip()


def _offset(line: Line) -> int:
    m = BULLET.match(line.text)
    assert m
    return m.end()


def _bullet(source: str, b: Line, area: Located[str]) -> Iterator[Figure]:
    content, off = _content(b), _offset(b)

    def span(m: re.Match[str], group: int | str = 0) -> Span:
        return span_of(source, b, off + m.start(group), off + m.end(group))

    def fig(measure: str, value: Decimal, period, breakdown: str, sp: Span, note=None) -> Figure:  # noqa: ANN001
        return Figure(measure, value, MEASURES[measure][2], period, breakdown, area, sp, note)

    def fail(what: str) -> ExtractionError:
        return ExtractionError(source, b.number, f"key figure not understood ({what}): {content!r}")

    try:
        if m := INHABITANTS.match(content):
            yield fig("inwoners", parse_number(m["n"]), None, "totaal", span(m))
            return
        if m := AVERAGE_AGE.match(content):
            yield fig("gemiddelde-leeftijd", parse_number(m["n"]), None, "totaal", span(m))
            return
        if m := TRAINING.match(content):
            yield fig("opleidingsbudget-aandeel-loonsom", parse_number(m["p"]), None, "totaal", span(m))
            yield fig("opleidingsbudget", parse_number(m["e"]), None, "totaal", span(m))
            return
        if FTE.search(content) or EMPLOYEES.search(content):
            rest = content
            for m in FTE.finditer(content):
                yield fig("fte", parse_number(m["n"]), parse_short_date(m["d"]), "totaal", span(m))
                rest = rest.replace(m[0], "")
            for m in EMPLOYEES.finditer(content):
                day = parse_short_date(m["d"])
                yield fig("medewerkers", parse_number(m["n"]), day, "totaal", span(m))
                yield fig("medewerkers", parse_number(m["f"]), day, "vrouw", span(m))
                yield fig("medewerkers", parse_number(m["m"]), day, "man", span(m))
                rest = rest.replace(m[0], "")
            if not LEFTOVER.match(rest):
                raise fail(f"left over: {rest.strip()!r}")
            return
        if m := SCALES.match(content):
            rest = content[m.end() :]
            for item in SCALE_ITEM.finditer(content, m.end()):
                key = "schaal-" + re.sub(r"\s+", "-", re.sub(r"\s*-\s*", "-", item["k"]))
                yield fig("schaalverdeling", parse_number(item["v"]), None, key, span(item))
                rest = rest.replace(item[0], "", 1)
            if not LEFTOVER.match(rest):
                raise fail(f"left over: {rest.strip()!r}")
            return
        if m := ABSENCE.match(content):
            note_m = NOTE.search(content)
            note = Located(note_m["note"].strip(), span(note_m, "note")) if note_m else None
            body_end = note_m.start() if note_m else len(content)
            rest = content[m.end() : body_end]
            for item in ABSENCE_ITEM.finditer(content, m.end(), body_end):
                yield fig("ziekteverzuim", parse_number(item["v"]), int(item["y"]), "totaal", span(item), note)
                rest = rest.replace(item[0], "", 1)
            if not LEFTOVER.match(rest):
                raise fail(f"left over: {rest.strip()!r}")
            return
    except ValueError as exc:
        if isinstance(exc, ExtractionError):
            raise
        raise fail(str(exc)) from exc
    raise fail("no known pattern")
