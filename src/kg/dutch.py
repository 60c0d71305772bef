"""Dates and numbers as Dutch readers write them: "1 maart 2017", "juni 2018", "45.477", "4,16".

One place for the labels the build writes (periods, key figures, stated numbers) and the pages show."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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


# -- the other way: how a source may have written a value ------------------------------------------------------
#
# A statement read from a passage must be stated there: its object named (a label), its number written (in
# digits or in words), its date written (as the source writes dates). These say whether a text does, so that the
# build can refuse a curated quote that does not hold its claim and the tests can check every read statement.

_UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien")
_TENS = {2: "twintig", 3: "dertig", 4: "veertig", 5: "vijftig", 6: "zestig", 7: "zeventig", 8: "tachtig", 9: "negentig"}
_ORDINALS = ("", "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende")
_SCALES = {10**6: "miljoen", 10**9: "miljard"}


def number_words(n: int) -> list[str]:
    """The ways Dutch writes a whole number below 100 in words: 4 -> vier, viertal, vierde; 1 -> een, één."""
    if not 0 <= n < 100:
        return []
    if n < 10:
        words = [_UNITS[n]] + (["één"] if n == 1 else [])
    elif n < 20:
        words = [_TEENS[n - 10]]
    else:
        tens, unit = divmod(n, 10)
        if unit == 0:
            words = [_TENS[tens]]
        else:
            joint = "ën" if _UNITS[unit].endswith("e") else "en"
            words = [f"{_UNITS[unit]}{joint}{_TENS[tens]}"]
    tal = [f"{w}tal" for w in words if n >= 2]  # "een drietal", "een tiental"
    ordinal = [_ORDINALS[n]] if 0 < n < len(_ORDINALS) else []
    return words + tal + ordinal


def number_forms(value: Decimal | int | float) -> list[str]:
    """Every way a source may write `value`: digits as Dutch writes them (3.000, 4,16, 3000) and in words
    (vier, achttien, tweeënhalve, 50 miljoen)."""
    v = Decimal(str(value)).normalize()
    forms: list[str] = []
    if v == v.to_integral_value():
        n = int(v)
        forms += [str(n), number_text(n)]
        forms += number_words(n)
        for scale, word in _SCALES.items():
            if n >= scale and n % (scale // 10) == 0:
                forms.append(f"{number_text(Decimal(n) / scale)} {word}")
    else:
        text = format(v, "f")
        forms += [text, text.replace(".", ","), number_text(v)]
        whole, frac = divmod(v, 1)
        if frac == Decimal("0.5"):
            if whole == 1:
                forms += ["anderhalf", "anderhalve"]
            for w in number_words(int(whole))[:1]:
                joint = "ën" if w.endswith("e") else "en"
                forms += [f"{w}{joint}half", f"{w}{joint}halve"]
    return list(dict.fromkeys(forms))


def fold(text: str) -> str:
    """Text compared as a reader reads it: any run of spaces one space, case and typographic quotes ignored,
    "&" read as "en"."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s*&\s*", " en ", text)
    return " ".join(text.split()).casefold()


def names(text: str, candidates: Iterable[str]) -> bool:
    """Whether the text names one of the candidates (folded, as whole words; an inflected ending is allowed:
    "jaarlijks" is named in "de jaarlijkse monitor")."""
    folded = fold(text)
    return any(_contains_word(folded, fold(c), inflected=True) for c in candidates if c.strip())


def writes_number(text: str, value: Decimal | int | float) -> bool:
    """Whether the text writes `value` (number_forms), not as part of a longer number or word."""
    folded = fold(text)
    return any(_contains_word(folded, fold(form)) for form in number_forms(value))


def date_forms(iso: str) -> list[str]:
    """The ways a source may write a date, a month or a year ("2017-03-01", "2018-06", "2009"): 1 maart 2017,
    1-3-2017, 01-03-2017, 1.3.2017, 1.3.17; a month as "juni 2018". A day that is the first or last of its month
    or year may stand for a month or year the source gives (kg.convert.dates keeps the stated value beside it)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if not m:
        return [iso]
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    forms = [str(year)] if month is None else []
    if month is not None:
        mo = int(month)
        month_forms = [f"{MONTHS[mo - 1]} {year}"]
        if day is None:
            forms += month_forms
        else:
            d = dt.date(year, mo, int(day))
            forms += [date_text(d)]
            for sep in ("-", ".", "/"):
                forms += [f"{d.day}{sep}{mo}{sep}{year}", f"{d.day:02d}{sep}{mo:02d}{sep}{year}"]
            forms += [f"{d.day}.{mo}.{year % 100:02d}"]
            last = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            if d.day in (1, last.day):
                forms += month_forms
            if (mo, d.day) in ((1, 1), (12, 31)):
                forms.append(str(year))
    return list(dict.fromkeys(forms))


def writes_date(text: str, iso: str) -> bool:
    """Whether the text writes the date, month or year `iso` (date_forms)."""
    folded = fold(text)
    return any(_contains_word(folded, fold(form)) for form in date_forms(iso))


def _contains_word(text: str, part: str, inflected: bool = False) -> bool:
    """`part` in `text`, not inside a longer word or number ("4" is not in "2014", "vier" not in "vierde")."""
    if not part:
        return False
    ending = r"(?:e|en|s|se|'s)?" if inflected else ""  # de jaarlijkse, de Rotterdamse, Soests
    pattern = r"(?<![\w])" + re.escape(part) + ending + r"(?![\w]|[.,]\d)"
    if part[0] in "0123456789":
        pattern = r"(?<![\d.,])" + re.escape(part) + r"(?!\d|[.,]\d)"
    return re.search(pattern, text) is not None


def counted(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number, as Dutch writes it: "1 melding", "0 meldingen", "16.110 tripels"."""
    return f"{number_text(n)} {one if n == 1 else many}"
