"""Reading values written the Dutch way: dates, numbers, phone numbers and e-mail addresses.

These are strict on purpose. A value that does not fit raises `ValueError` with the text it was given, so a
source that changes shape stops the build instead of producing a wrong number.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import phonenumbers

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

DATE_PATTERN = r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})"
_DATE = re.compile(rf"^{DATE_PATTERN}$", re.IGNORECASE)
_SHORT_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")
# Deliberately plain: one @, no spaces, a dot in the domain. Matches what SHACL checks (shapes/aeno-shapes.ttl).
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def parse_date(text: str) -> dt.date:
    """'1 december 2016' -> 2016-12-01."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a Dutch date such as '1 december 2016': {text!r}")
    day, month, year = int(m[1]), MONTHS[m[2].lower()], int(m[3])
    return dt.date(year, month, day)


def parse_short_date(text: str) -> dt.date:
    """'1.1.13' -> 2013-01-01 (day.month.year; two-digit years are read as 20yy)."""
    m = _SHORT_DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a short date such as '1.1.13': {text!r}")
    year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    return dt.date(year, int(m[2]), int(m[1]))


def parse_number(text: str) -> Decimal:
    """A number with Dutch separators: '45.477' -> 45477, '47,3' -> 47.3, '231.000' -> 231000.

    A point is only accepted as a thousands separator (followed by groups of three digits), so an English
    '1.5' is refused rather than read as fifteen.
    """
    t = text.strip()
    if not _NUMBER.match(t):
        raise ValueError(f"not a number with Dutch separators such as '45.477' or '47,3': {text!r}")
    return Decimal(t.replace(".", "").replace(",", "."))


def phone_to_e164(text: str, region: str = "NL") -> str:
    """'06 – 23016443' -> '+31623016443'. Raises ValueError for anything that is not a valid number."""
    cleaned = re.sub(r"[\u2010-\u2015]", "-", text)  # en and em dashes as printed on web pages
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {text!r} ({exc})") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {text!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_email(text: str) -> str:
    t = text.strip()
    if not EMAIL.match(t):
        raise ValueError(f"not an e-mail address: {text!r}")
    return t
