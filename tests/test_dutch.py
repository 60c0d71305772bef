"""Dutch dates, numbers, phone numbers and e-mail addresses are read strictly."""

import datetime as dt
from decimal import Decimal

import pytest

from kg.extract.dutch import check_email, parse_date, parse_number, parse_short_date, phone_to_e164


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 december 2016", dt.date(2016, 12, 1)),
        ("1 januari 2018", dt.date(2018, 1, 1)),
        ("9 november 2017", dt.date(2017, 11, 9)),
        ("25 Januari 2018", dt.date(2018, 1, 25)),
        ("1 maart 2017", dt.date(2017, 3, 1)),
    ],
)
def test_dutch_date_becomes_a_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["1 dec 2016", "december 2016", "31 februari 2018", "1-12-2016", ""])
def test_what_is_not_a_dutch_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(("text", "expected"), [("1.1.13", dt.date(2013, 1, 1)), ("15.6.2012", dt.date(2012, 6, 15))])
def test_short_date_reads_day_month_year(text, expected):
    assert parse_short_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45.477", Decimal("45477")),
        ("47,3", Decimal("47.3")),
        ("231.000", Decimal("231000")),
        ("4,43", Decimal("4.43")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12", Decimal("12")),
    ],
)
def test_number_with_dutch_separators(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.5", "45.47", "4,", "231.000.", "1,2,3", "twaalf"])
def test_number_that_is_ambiguous_or_malformed_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06-23881174", "+31623881174"),
        ("06 – 23016443", "+31623016443"),
        ("0615945419", "+31615945419"),
        ("+31 6 29024454", "+31629024454"),
        ("030 - 123 45 67", "+31301234567"),
    ],
)
def test_phone_number_becomes_e164(text, expected):
    assert phone_to_e164(text) == expected


@pytest.mark.parametrize("text", ["06-2388", "bel ons", "0000000000"])
def test_invalid_phone_number_is_refused(text):
    with pytest.raises(ValueError):
        phone_to_e164(text)


@pytest.mark.parametrize("text", ["c.baars@rotterdam.nl", "g.van.aken@eindhoven.nl", "ptangel@delft.nl"])
def test_email_is_accepted(text):
    assert check_email(text) == text


@pytest.mark.parametrize("text", ["c.baars@rotterdam", "c baars@rotterdam.nl", "@oss.nl", "j.bergmans@"])
def test_malformed_email_is_refused(text):
    with pytest.raises(ValueError):
        check_email(text)
