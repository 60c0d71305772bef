"""Dates and numbers as Dutch readers write them: "1 maart 2017", "juni 2018", "45.477", "4,16".

One place for the labels the build writes (periods, key figures, stated numbers) and the pages show."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def date_text(value: object) -> str:
    """ "2017-03-01" (or a date) -> "1 maart 2017", "2018-06" -> "juni 2018"; anything else (a year, a date with
    a time zone) as it is."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return text
    month = MONTHS[int(m.group(2)) - 1]
    return f"{int(m.group(3))} {month} {m.group(1)}" if m.group(3) else f"{month} {m.group(1)}"


def number_text(value: int | float | Decimal) -> str:
    """Thousands with a dot and a decimal comma: 45477 -> "45.477", 4.16 -> "4,16", 231000.0 -> "231.000"."""
    if value == int(value):
        value = int(value)
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")
