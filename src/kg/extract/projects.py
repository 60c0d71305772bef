"""Project blocks of the project overview page.

The page lists each project as

    Delft                                          <- municipality
    Leerroute publiek ondernemerschap              <- title
    Looptijd: 1 januari 2017 tot 1 januari 2019    <- period, with or without "Looptijd:"

    De wereld is in beweging. ...                  <- description, one or more paragraphs

    Contactgegevens                                <- contact: name, phone, e-mail (any order after the name)
    Peter Tangel
    06 – 23016443
    ptangel@delft.nl

    Downloads bij dit project:                     <- optional, "Download" or "Downloads"
    Barometer april 2017
    ...

The period line anchors a block; everything else is checked against the expected shape and a deviation is an
`ExtractionError` naming the line.
"""

from __future__ import annotations

import re

from kg.extract.dutch import DATE_PATTERN, check_email, parse_date, phone_to_e164
from kg.extract.text import ExtractionError, Line, lines, located, span_of
from kg.records import Contact, Located, ProjectBlock, Span

PERIOD = re.compile(rf"^\s*(?:Looptijd:\s*)?(?P<start>{DATE_PATTERN})\s+tot\s+(?P<end>{DATE_PATTERN})\s*$", re.I)
CONTACT_HEADING = re.compile(r"^\s*Contactgegevens\s*$")
DOWNLOADS_HEADING = re.compile(r"^\s*Downloads?\s+bij\s+dit\s+project:?\s*$", re.I)


def parse_projects(source: str, text: str) -> list[ProjectBlock]:
    ls = lines(text)
    anchors = [i for i, line in enumerate(ls) if PERIOD.match(line.text)]
    if not anchors:
        raise ExtractionError(source, 1, "no project period line such as '1 maart 2017 tot 1 januari 2019'")
    blocks = []
    for n, i in enumerate(anchors):
        limit = anchors[n + 1] - 2 if n + 1 < len(anchors) else len(ls)  # next block's municipality line
        blocks.append(_block(source, text, ls, i, limit))
    return blocks


def _block(source: str, text: str, ls: list[Line], i: int, limit: int) -> ProjectBlock:
    if i < 2 or ls[i - 1].blank or ls[i - 2].blank:
        raise ExtractionError(source, ls[i].number, "a period line must follow a municipality and a title line")
    municipality_line, title_line, period_line = ls[i - 2], ls[i - 1], ls[i]
    m = PERIOD.match(period_line.text)
    assert m
    start = Located(
        parse_date(m["start"]), Span(source, period_line.start + m.start("start"), period_line.start + m.end("start"))
    )
    end = Located(
        parse_date(m["end"]), Span(source, period_line.start + m.start("end"), period_line.start + m.end("end"))
    )

    j = i + 1
    contact_at = next((k for k in range(j, limit) if CONTACT_HEADING.match(ls[k].text)), None)
    desc_end_line = contact_at if contact_at is not None else _last_paragraph_end(ls, j, limit)
    desc_start = ls[j].start if j < len(ls) else period_line.end
    desc_end = ls[desc_end_line - 1].end if desc_end_line > j else desc_start
    description = located(source, text, desc_start, desc_end)
    if not description.value:
        raise ExtractionError(source, period_line.number + 1, "a project needs a description after its period")

    contact = None
    k = desc_end_line
    if contact_at is not None:
        contact, k = _contact(source, ls, contact_at, limit)
    downloads: list[Located[str]] = []
    while k < limit and ls[k].blank:
        k += 1
    if k < limit and DOWNLOADS_HEADING.match(ls[k].text):
        k += 1
        while k < limit and not ls[k].blank:
            downloads.append(Located(ls[k].text.strip(), span_of(source, ls[k])))
            k += 1
    last = max(k - 1, contact_at or 0, desc_end_line - 1)
    while last > i and ls[last].blank:
        last -= 1
    return ProjectBlock(
        municipality=Located(municipality_line.text.strip(), span_of(source, municipality_line)),
        title=Located(title_line.text.strip(), span_of(source, title_line)),
        start=start,
        end=end,
        description=description,
        contact=contact,
        downloads=tuple(downloads),
        span=Span(source, municipality_line.start, ls[last].end),
    )


def _last_paragraph_end(ls: list[Line], j: int, limit: int) -> int:
    k = limit
    while k > j and ls[k - 1].blank:
        k -= 1
    return k


def _contact(source: str, ls: list[Line], heading: int, limit: int) -> tuple[Contact, int]:
    """Name on the first line after the heading, then phone and e-mail recognised by their form."""
    body = []
    k = heading + 1
    while k < limit and not ls[k].blank:
        body.append(ls[k])
        k += 1
    if not body:
        raise ExtractionError(source, ls[heading].number, "'Contactgegevens' is not followed by a name")
    name = Located(body[0].text.strip(), span_of(source, body[0]))
    phone = email = None
    for line in body[1:]:
        value = line.text.strip()
        if "@" in value:
            try:
                email = Located(check_email(value), span_of(source, line))
            except ValueError as exc:
                raise ExtractionError(source, line.number, f"contact e-mail: {exc}") from exc
        else:
            try:
                phone = Located(phone_to_e164(value), span_of(source, line))
            except ValueError as exc:
                raise ExtractionError(source, line.number, f"contact line is neither e-mail nor phone: {exc}") from exc
    span = Span(source, ls[heading].start, body[-1].end)
    return Contact(name=name, phone=phone, email=email, span=span), k
