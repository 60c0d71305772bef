"""Dates that compare, in the precision the source gives.

A source may give a day ("9 november 2017"), a month ("maart 2018") or only a year. schema:startDate and
schema:endDate are always an xsd:date, so that one range filter finds every resource whose period falls in the
range: a start is the first day of what the source states, an end its last day. Where the source is less
precise than a day, the value as stated (an xsd:gYear or xsd:gYearMonth) is kept beside it, in
aeno:statedStartDate or aeno:statedEndDate, so that no page or query claims a day the source never gave.
"""

from __future__ import annotations

import calendar
import datetime as dt

from rdflib import Literal

from kg.vocab import XSD


def bounds(stated: str, end: bool = False) -> tuple[Literal, Literal | None]:
    """(the comparable xsd:date, the stated value if coarser than a day) for 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
    A start takes the first day of the stated period, an end (`end=True`) its last."""
    if len(stated) == 10:
        return Literal(dt.date.fromisoformat(stated).isoformat(), datatype=XSD.date), None
    if len(stated) == 7:
        year, month = int(stated[:4]), int(stated[5:])
        day = calendar.monthrange(year, month)[1] if end else 1
        return Literal(dt.date(year, month, day).isoformat(), datatype=XSD.date), Literal(
            stated, datatype=XSD.gYearMonth
        )
    if len(stated) == 4 and stated.isdigit():
        day = dt.date(int(stated), 12, 31) if end else dt.date(int(stated), 1, 1)
        return Literal(day.isoformat(), datatype=XSD.date), Literal(stated, datatype=XSD.gYear)
    raise ValueError(f"not a year, month or day: {stated!r}")
