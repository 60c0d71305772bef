"""Every catalogued query answers what the sources say, in the editor and as a saved-query web API whose
parameters are bound as RDF terms."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.iris import Iris
from kg.query import saved

BASE = "https://w3id.org/aeno-kg/id/"


def rows(client, name: str, **params) -> list[dict]:
    r = client.get(f"/api/queries/{name}", query_string=params)
    assert r.status_code == 200, r.data
    return json.loads(r.data)["rows"]


def test_every_catalogued_query_has_title_and_description_in_dutch_and_english():
    queries = saved.load()
    assert len(queries) == 7
    for q in queries:
        assert q.title and q.title_en and q.description and q.description_en


def test_the_catalogue_lists_itself_with_its_parameters(client):
    listing = json.loads(client.get("/api/queries").data)["queries"]
    by_name = {q["name"]: q for q in listing}
    assert set(by_name) == {q.name for q in saved.load()}
    (param,) = by_name["projecten-met-gedeeld-thema"]["parameters"]
    assert param == {
        "name": "gemeente",
        "type": "gemeente",
        "default": "oss",
        "required": False,
        "description": "De gemeente, als slug van haar IRI (bijvoorbeeld oss, bergen-op-zoom)",
    }
    assert by_name["projecten-op-datum"]["url"] == "/api/queries/projecten-op-datum"


# -- expected answers, from the sources ----------------------------------------------------------------------


def test_projects_sharing_a_theme_with_oss(client):
    """The shared themes are a list in the engine's order (GROUP_CONCAT), compared as a set."""
    found = {r["label"]: set(r["sharedThemes"].split(", ")) for r in rows(client, "projecten-met-gedeeld-thema")}
    assert found == {
        "Leertraject Samenwerken doe je niet in je eentje (Soest)": {"Leren en veranderen", "Organisatieontwikkeling"},
        "Planlab": {"Leren en veranderen", "Organisatieontwikkeling"},
        "Archiefkennis als fundament voor digitaal werken": {"Organisatieontwikkeling"},
        "Het nieuwe Samenspel": {"Leren en veranderen"},
        "Leerroute publiek ondernemerschap": {"Leren en veranderen"},
        "PEP-talk in plaats van de gesprekkencyclus": {"Zelforganisatie"},
        "Programma Veerkracht": {"Organisatieontwikkeling"},
        "Innovatieteams (Soest)": {"Organisatieontwikkeling"},
        "Waardevolle verbindingen tussen jonge en oude medewerkers": {"Leren en veranderen"},
    }


def test_projects_sharing_a_theme_with_another_municipality(client):
    found = {r["label"] for r in rows(client, "projecten-met-gedeeld-thema", gemeente="tholen")}
    assert found == {"Planlab", "Programma Veerkracht"}  # both in the social domain, like Tholen's idea


def test_projects_of_a_theme_include_those_of_narrower_themes(client):
    assert {r["label"] for r in rows(client, "projecten-per-thema", thema="zelforganisatie")} == {
        "Osse manier van Zelforganisatie",
        "PEP-talk in plaats van de gesprekkencyclus",
    }
    organisation = {r["label"] for r in rows(client, "projecten-per-thema", thema="organisatieontwikkeling")}
    assert "PEP-talk in plaats van de gesprekkencyclus" in organisation  # via zelforganisatie
    assert "Integraal werkende consulenten" in organisation  # via integraal werken


def test_projects_per_theme_without_a_choice_covers_every_carried_theme(client):
    themes = {r["themeLabel"] for r in rows(client, "projecten-per-thema")}
    assert "Banenafspraak" in themes and len(themes) == 19  # every theme, since the Rotterdam tag line


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2017-02-15", {"rotterdam", "delft", "terneuzen"}),
        ("2017-06-01", {"rotterdam", "delft", "eindhoven", "oss", "terneuzen"}),
        ("2018-06-01", {"delft", "eindhoven", "oss", "terneuzen"}),
        ("2016-06-01", set()),
    ],
)
def test_projects_running_on_a_date(client, day, expected):
    found = {
        r["project"].removeprefix(f"{BASE}project/").split("-")[0]
        for r in rows(client, "projecten-op-datum", datum=day)
    }
    assert found == expected


def test_contact_of_a_project(client):
    (row,) = rows(client, "contactpersonen-van-project", project="oss-osse-manier-van-zelforganisatie")
    assert (row["name"], row["phone"], row["email"], row["organisation"]) == (
        "Joyce Bergmans",
        "tel:+31629024454",
        "mailto:j.bergmans@oss.nl",
        "Oss",
    )


def test_contacts_of_all_projects(client):
    assert {r["name"] for r in rows(client, "contactpersonen-van-project")} == {
        "Claudia Baars",
        "Peter Tangel",
        "Gerry van Aken",
        "Joyce Bergmans",
        "Anouk Guilliet",
    }


def test_finalists_of_3_2_1_co_2016(client):
    entrants = [r["entrant"] for r in rows(client, "finalisten-3-2-1-co-2016")]
    assert entrants == sorted(
        [
            "Almere",
            "Bergen op Zoom",
            "Dienst Dommelvallei",
            "Eersel",
            "Kampen",
            "Mobiliteitscentrum West Brabant",
            "Rotterdam",
            "Son en Breugel",
            "Tholen",
            "Werken in Friesland",
        ]
    )


def test_key_figures_of_soest(client):
    found = {(r["measure"], r["sex"], r["salaryScale"], r["period"]): r["value"] for r in rows(client, "kengetallen")}
    assert len(found) == 17
    assert found[("aantal inwoners", "Totaal", "Alle schalen", "niet vermeld in de bron")] == 45477
    assert found[("gemiddelde leeftijd medewerkers", "Totaal", "Alle schalen", "niet vermeld in de bron")] == 47.3
    assert found[("opleidingsbudget", "Totaal", "Alle schalen", "niet vermeld in de bron")] == 231000
    assert found[("ziekteverzuim", "Totaal", "Alle schalen", "2012")] == 4.43
    assert found[("aantal medewerkers", "Vrouw", "Alle schalen", "1 januari 2013")] == 147
    share = ("aandeel medewerkers per salarisschaal", "Totaal", "Salarisschaal 1-6", "niet vermeld in de bron")
    assert found[share] == 12


def test_key_figures_of_a_municipality_without_any(client):
    assert rows(client, "kengetallen", gemeente="oss") == []


def test_people_per_organisation(client):
    found = {(r["name"], r["organisation"], r.get("function")) for r in rows(client, "personen-per-organisatie")}
    assert ("Wilfred Hoejenbos", "Ondernemingsraad gemeente Soest", "OR-voorzitter") in found
    assert ("Karin Sleeking", "A&O fonds Gemeenten", "Directeur") in found
    assert ("Claudia Baars", "Rotterdam", None) in found
    assert len(found) == 11
    units = {r["name"]: r.get("partOf") for r in rows(client, "personen-per-organisatie")}
    assert units["Wilfred Hoejenbos"] == "Soest"


# -- the API ---------------------------------------------------------------------------------------------------


def test_saved_query_as_csv(client):
    r = client.get(
        "/api/queries/projecten-op-datum", query_string={"datum": "2017-02-15"}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 200 and r.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(r.data.decode())))
    assert [t["label"] for t in table] == [
        "Waardevolle verbindingen tussen jonge en oude medewerkers",
        "Leerroute publiek ondernemerschap",
        "Het nieuwe Samenspel",
    ]


def test_saved_query_as_sparql_json(client):
    r = client.get("/api/queries/finalisten-3-2-1-co-2016", query_string={"format": "sparql-json"})
    assert r.mimetype == "application/sparql-results+json"
    assert len(json.loads(r.data)["results"]["bindings"]) == 10


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"gemeente": "oss> } ?s ?p ?o . FILTER(true"}, "must be a slug"),
        ({"gemeente": "Oss"}, "must be a slug"),
        ({"datum": "15-02-2017"}, None),
        ({"stad": "oss"}, "unknown parameter(s) stad"),
    ],
    ids=["injection attempt", "not a slug", "not a date", "unknown parameter"],
)
def test_bad_parameters_are_400(client, params, fragment):
    name = "projecten-op-datum" if "datum" in params else "projecten-met-gedeeld-thema"
    r = client.get(f"/api/queries/{name}", query_string=params, headers={"Accept": "application/json"})
    assert r.status_code == 400
    assert (fragment or "must be a date") in json.loads(r.data)["error"]["message"]


def test_parameters_are_bound_as_terms_not_pasted(monkeypatch, client):
    seen = []
    from kg.query.pool import Pool

    original = Pool.run

    def spy(self, job, *args, **kwargs):
        seen.append(job)
        return original(self, job, *args, **kwargs)

    monkeypatch.setattr(Pool, "run", spy)
    rows(client, "projecten-met-gedeeld-thema", gemeente="son-en-breugel")
    (job,) = seen
    assert "son-en-breugel" not in job.query
    assert job.substitutions == (("gemeente", f"<{BASE}gemeente/son-en-breugel>"),)


def test_unknown_saved_query_is_404_naming_the_known_ones(client):
    r = client.get("/api/queries/alles", headers={"Accept": "application/json"})
    assert r.status_code == 404 and "projecten-op-datum" in json.loads(r.data)["error"]["message"]


def test_editor_tabs_carry_the_default_parameters_as_values():
    q = saved.by_name("projecten-met-gedeeld-thema")
    text = saved.with_defaults(q, Iris("https://w3id.org/aeno-kg/"))
    assert "WHERE {\n  VALUES ?gemeente { <https://w3id.org/aeno-kg/id/gemeente/oss> }" in text


def test_editor_queries_run_as_they_are_shown(client):
    for q in saved.load():
        r = client.post(
            "/sparql",
            data={"query": saved.for_editor(q, Iris("https://w3id.org/aeno-kg/"))},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert r.status_code == 200, (q.name, r.data)
        assert json.loads(r.data)["results"]["bindings"], q.name


@pytest.mark.parametrize("q", saved.load(), ids=lambda q: q.name)
def test_an_editor_tab_opens_with_the_query_described_not_the_catalogue_metadata(q):
    text = saved.for_editor(q, Iris("https://w3id.org/aeno-kg/"))
    head = text.split("\n", 1)[0]
    assert head.startswith("# ") and q.description.split()[0] in head
    for meta in ("# order:", "# title@en:", "# param:", "# description@en:"):
        assert meta not in text
