"""The parsers read the real pages completely and correctly, and refuse pages that break the expected shape."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract.competition import parse_ideas
from kg.extract.dutch import parse_date
from kg.extract.events import parse_events
from kg.extract.keyfigures import parse_key_figures
from kg.extract.projects import parse_projects
from kg.extract.text import ExtractionError, clean

from .known import INNOVATIVE_PROJECTS

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"


def page(name: str) -> str:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8")


# -- project blocks ---------------------------------------------------------------------------------------------

PROJECTS = INNOVATIVE_PROJECTS


@pytest.fixture(scope="module")
def blocks():
    return parse_projects("innovatieve-projecten", page("innovatieve-projecten"))


def test_all_five_project_blocks_are_found(blocks):
    assert [b.municipality.value for b in blocks] == [p.municipality for p in PROJECTS]


@pytest.mark.parametrize("expected", PROJECTS, ids=[p.municipality for p in PROJECTS])
def test_project_block_is_read_completely(blocks, expected):
    b = next(b for b in blocks if b.municipality.value == expected.municipality)
    assert (b.title.value, b.start.value, b.end.value) == (expected.title, expected.start, expected.end)
    assert b.contact is not None
    read = (b.contact.name.value, b.contact.phone.value, b.contact.email.value)
    assert read == (expected.contact, expected.phone, expected.email)
    assert tuple(d.value for d in b.downloads) == expected.downloads
    assert b.description.value and "Contactgegevens" not in b.description.value


@pytest.mark.parametrize("expected", PROJECTS, ids=[p.municipality for p in PROJECTS])
def test_every_value_points_at_the_text_it_was_read_from(blocks, expected):
    text = page("innovatieve-projecten")
    b = next(b for b in blocks if b.municipality.value == expected.municipality)
    for located in (b.municipality, b.title, b.contact.name, b.contact.email):
        assert text[located.span.start : located.span.end] == located.value
    for date in (b.start, b.end):
        assert parse_date(text[date.span.start : date.span.end]) == date.value
    assert clean(text[b.description.span.start : b.description.span.end]) == b.description.value


BLOCK = """Oss
Een titel
{period}

Een beschrijving.

Contactgegevens
Jan Jansen
{phone}
{email}
{downloads}"""


@pytest.mark.parametrize("period", ["1 maart 2017 tot 1 januari 2019", "Looptijd: 1 maart 2017 tot 1 januari 2019"])
def test_period_is_read_with_or_without_looptijd(period):
    (b,) = parse_projects("t", BLOCK.format(period=period, phone="0612345678", email="j@oss.nl", downloads=""))
    assert (b.start.value, b.end.value) == (dt.date(2017, 3, 1), dt.date(2019, 1, 1))


@pytest.mark.parametrize("heading", ["Download bij dit project:", "Downloads bij dit project:"])
def test_downloads_are_read_under_either_heading(heading):
    text = BLOCK.format(
        period="1 maart 2017 tot 1 januari 2019",
        phone="0612345678",
        email="j@oss.nl",
        downloads=f"\n{heading}\nEen rapport\nNog een rapport\n",
    )
    (b,) = parse_projects("t", text)
    assert [d.value for d in b.downloads] == ["Een rapport", "Nog een rapport"]


@pytest.mark.parametrize(
    ("phone", "email", "message"),
    [("06-12", "j@oss.nl", "line 9"), ("0612345678", "j@oss", "line 10")],
    ids=["bad phone", "bad e-mail"],
)
def test_bad_contact_line_is_an_error_naming_the_line(phone, email, message):
    text = BLOCK.format(period="1 maart 2017 tot 1 januari 2019", phone=phone, email=email, downloads="")
    with pytest.raises(ExtractionError, match=message):
        parse_projects("t", text)


def test_page_without_project_periods_is_an_error():
    with pytest.raises(ExtractionError, match="no project period"):
        parse_projects("t", "Oss\nEen titel\nvanaf maart 2017\n")


# -- competition ideas --------------------------------------------------------------------------------------------

IDEAS = [
    # entrant, caption as printed, start of summary
    ("Bergen op Zoom", "Gemeente Brergen op Zoom", "In de prullenmand met die traditionele gesprekkencyclus!"),
    ("Dienst Dommelvallei", "Dienst Dommelvallei", "Gebruik traditionele archiefkennis als fundament"),
    ("Almere", "Almere", "Verbind het gemeentelijke vakmanschap met de nieuwe generatie."),
    ("Son en Breugel", "Son Breugel", "Het dorp van de toekomst"),
    ("Kampen", "Kampen", "Programma Veerkracht"),
    ("Tholen", "Tholen", "De consulenten van Werk en Inkomen"),
    ("Eersel", "Eersel", "Het vormgeven van de functie Medewerker Innovatie."),
    ("Mobiliteitscentrum West Brabant", "Mobiliteitscentrum West Branbant", "De externe inhuur omlaag"),
    ("Werken in Friesland", "WerkeninFriesland", "Een soort Wikipedia, maar dan voor gemeenten."),
    ("Rotterdam", "Rotterdam", "De kracht van oudere werknemers"),
]


@pytest.fixture(scope="module")
def ideas():
    return parse_ideas("finalisten-3-2-1-co-2016", page("finalisten-3-2-1-co-2016"))


def test_all_ten_finalist_ideas_are_found(ideas):
    assert [i.entrant.value for i in ideas] == [e[0] for e in IDEAS]


@pytest.mark.parametrize("expected", IDEAS, ids=[e[0] for e in IDEAS])
def test_idea_entry_with_its_caption_wherever_the_page_put_it(ideas, expected):
    entrant, caption, summary = expected
    idea = next(i for i in ideas if i.entrant.value == entrant)
    assert idea.caption is not None and idea.caption.value == caption
    assert idea.summary.value.startswith(summary)
    assert not idea.summary.value.endswith(caption) or caption in summary
    assert not idea.description.value.startswith(caption)
    assert "Finaledag" not in idea.description.value


def test_caption_glued_to_the_heading_is_split_off(ideas):
    idea = next(i for i in ideas if i.entrant.value == "Dienst Dommelvallei")
    assert idea.summary.value.endswith("succesvol op te bouwen.")


def test_caption_glued_to_the_description_is_split_off(ideas):
    idea = next(i for i in ideas if i.entrant.value == "Almere")
    assert idea.description.value.startswith("Bij gemeenten worden nauwelijks gericht stagiaires geworven.")


def test_idea_without_description_is_an_error():
    with pytest.raises(ExtractionError, match="has no description"):
        parse_ideas("t", "Het idee van Oss: Een idee.\n\n")


# -- key figures ------------------------------------------------------------------------------------------------

FIGURES = [
    # measure, breakdown, period, value, unit
    ("inwoners", "totaal", None, Decimal("45477"), "persons"),
    ("fte", "totaal", dt.date(2013, 1, 1), Decimal("223"), "fte"),
    ("medewerkers", "totaal", dt.date(2013, 1, 1), Decimal("276"), "persons"),
    ("medewerkers", "vrouw", dt.date(2013, 1, 1), Decimal("147"), "persons"),
    ("medewerkers", "man", dt.date(2013, 1, 1), Decimal("129"), "persons"),
    ("gemiddelde-leeftijd", "totaal", None, Decimal("47.3"), "years"),
    ("schaalverdeling", "schaal-1-6", None, Decimal("12"), "percent"),
    ("schaalverdeling", "schaal-7-9", None, Decimal("42"), "percent"),
    ("schaalverdeling", "schaal-10-12", None, Decimal("40"), "percent"),
    ("schaalverdeling", "schaal-13-en-hoger", None, Decimal("6"), "percent"),
    ("ziekteverzuim", "totaal", 2008, Decimal("3.9"), "percent"),
    ("ziekteverzuim", "totaal", 2009, Decimal("4.16"), "percent"),
    ("ziekteverzuim", "totaal", 2010, Decimal("3.5"), "percent"),
    ("ziekteverzuim", "totaal", 2011, Decimal("4.32"), "percent"),
    ("ziekteverzuim", "totaal", 2012, Decimal("4.43"), "percent"),
    ("opleidingsbudget-aandeel-loonsom", "totaal", None, Decimal("1.5"), "percent"),
    ("opleidingsbudget", "totaal", None, Decimal("231000"), "euro"),
]


@pytest.fixture(scope="module")
def figures():
    return parse_key_figures("praktijkverhaal-soest", page("praktijkverhaal-soest"))


def test_every_key_figure_is_read_and_no_more(figures):
    assert sorted((f.measure, f.breakdown, str(f.period)) for f in figures) == sorted(
        (m, b, str(p)) for m, b, p, _, _ in FIGURES
    )


@pytest.mark.parametrize("expected", FIGURES, ids=[f"{f[0]}-{f[1]}-{f[2]}" for f in FIGURES])
def test_key_figure_value_unit_and_period(figures, expected):
    measure, breakdown, period, value, unit = expected
    f = next(f for f in figures if (f.measure, f.breakdown, f.period) == (measure, breakdown, period))
    assert (f.value, f.unit, f.area.value) == (value, unit, "Soest")


def test_sickness_absence_keeps_the_note_on_what_it_excludes(figures):
    notes = {f.note.value for f in figures if f.measure == "ziekteverzuim"}
    assert notes == {"percentage is exclusief zwangerschap en exclusief langdurig zieken"}


@pytest.mark.parametrize(
    "bullet",
    ["• Aantal wethouders : 4", "• Gemiddelde leeftijd : 47.3 jaar", "• Ziekteverzuim : 2008 = 3,9%, ongeveer 4%"],
    ids=["unknown figure", "English decimal point", "left-over text"],
)
def test_a_key_figure_that_is_not_understood_is_an_error(bullet):
    text = f"Kengetallen\n\n• Soest : 45.477 inwoners\n{bullet}\n"
    with pytest.raises(ExtractionError, match="line 4"):
        parse_key_figures("t", text)


# -- dated events --------------------------------------------------------------------------------------------------


def test_dated_events_with_their_questions():
    events = parse_events("interview-ao-fonds", page("interview-ao-fonds"))
    assert [(e.date.value, e.title.value, len(e.questions)) for e in events] == [
        (dt.date(2017, 11, 9), "Integraal werken", 3),
        (dt.date(2018, 1, 25), "Werk en (jeugd)participatie", 2),
    ]
    assert events[0].questions[0].value == "Hoe, wanneer en wie werken integraal?"


def test_text_under_an_event_that_is_not_a_question_is_an_error():
    with pytest.raises(ExtractionError, match="line 2"):
        parse_events("t", "  • 9 november 2017 – Integraal werken\n    Dit is geen vraag.\n")
