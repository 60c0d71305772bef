"""What the source pages say, as the tests know it: each fact written once, for the tests of every step that
carries it (extraction reads it, the graph states it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class InnovativeProject:
    """A project block of the page on the fund's innovative projects."""

    municipality: str  # as the page writes it
    title: str
    start: dt.date
    end: dt.date
    contact: str  # the contact's name
    phone: str  # E.164
    email: str
    downloads: tuple[str, ...]  # the titles of its downloads
    slug: str  # of its IRI: written out, not derived, as IRIs are a public contract
    contact_slug: str

    @property
    def municipality_slug(self) -> str:
        return self.municipality.lower()


INNOVATIVE_PROJECTS = [
    InnovativeProject(
        "Rotterdam",
        "Waardevolle verbindingen tussen jonge en oude medewerkers",
        dt.date(2016, 12, 1),
        dt.date(2018, 1, 1),
        "Claudia Baars",
        "+31623881174",
        "c.baars@rotterdam.nl",
        (),
        "rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers",
        "claudia-baars",
    ),
    InnovativeProject(
        "Delft",
        "Leerroute publiek ondernemerschap",
        dt.date(2017, 1, 1),
        dt.date(2019, 1, 1),
        "Peter Tangel",
        "+31623016443",
        "ptangel@delft.nl",
        ("Barometer april 2017", "Barometer mei 2017", "Tussenrapportage", "Voorbeeld prestatieafspraak"),
        "delft-leerroute-publiek-ondernemerschap",
        "peter-tangel",
    ),
    InnovativeProject(
        "Eindhoven",
        "Planlab",
        dt.date(2017, 4, 1),
        dt.date(2019, 1, 1),
        "Gerry van Aken",
        "+31615945419",
        "g.van.aken@eindhoven.nl",
        (),
        "eindhoven-planlab",
        "gerry-van-aken",
    ),
    InnovativeProject(
        "Oss",
        "Osse manier van Zelforganisatie",
        dt.date(2017, 3, 1),
        dt.date(2019, 1, 1),
        "Joyce Bergmans",
        "+31629024454",
        "j.bergmans@oss.nl",
        (),
        "oss-osse-manier-van-zelforganisatie",
        "joyce-bergmans",
    ),
    InnovativeProject(
        "Terneuzen",
        "Het nieuwe Samenspel",
        dt.date(2017, 2, 1),
        dt.date(2019, 1, 1),
        "Anouk Guilliet",
        "+31613162844",
        "a.guilliet@terneuzen.nl",
        ("Visual het nieuwe samenspel",),
        "terneuzen-het-nieuwe-samenspel",
        "anouk-guilliet",
    ),
]
