"""Pages are valid HTML (the Nu HTML Checker, from npm's vnu-jar) and accessible in their structure: Dutch,
landmarks, one h1, a skip link, labelled form fields, images and charts with text alternatives.

The checker needs Java and `npm ci` (package.json); without them this module is skipped, unless
KG_REQUIRE_TOOLS=1 (as .ci/run sets it), which turns a missing tool into a failure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.tools import require_tools

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def browse_paths() -> list[str]:
    """The home page and the menu's pages, as the server defines them (kg.server.pages.BROWSE)."""
    from flask import Flask, url_for

    from kg.server import api, downloads, pages, resources, sparql

    app = Flask(__name__)  # the server's routes alone, to make the paths: no store is needed
    for blueprint in (sparql.bp, api.bp, resources.bp, pages.bp, downloads.bp):
        app.register_blueprint(blueprint)
    with app.test_request_context():
        return [url_for("pages.home"), *(url_for(p.endpoint, **p.values) for p in pages.BROWSE)]


PAGES = [
    *browse_paths(),
    "/projecten?thema=zelforganisatie",
    "/zoeken",
    "/zoeken?q=zelforganisatie",
    "/doc/project/oss-osse-manier-van-zelforganisatie",
    "/doc/project/3-2-1-co-2016-bergen-op-zoom",
    "/doc/gemeente/oss",
    "/doc/organisatie/ao-fonds-gemeenten",
    "/doc/persoon/carine-vollebregt",
    "/doc/thema/zelforganisatie",
    "/doc/thema",
    "/doc/programma/3-2-1-co-2016",
    "/doc/publicatie/zo-kan-het-ook",
    "/doc/evenement/2017-11-09-integraal-werken",
    "/doc/observatie/soest-ziekteverzuim-2008-totaal",
    "/doc/dataset/kengetallen-soest",
    "/doc/dataset/aeno-kg",
    "/doc/bron/praktijkverhaal-soest?passage=100,200",
    "/doc/organisatiesoort/gemeente?pagina=2",
    "/doc/def/Project",
    "/doc/def/",
    "/doc/project/bestaat-niet",
]


@pytest.fixture(scope="module")
def pages(app) -> dict[str, str]:
    client = app.test_client()
    out = {}
    for path in PAGES:
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.mimetype == "text/html", path
        out[path] = r.data.decode("utf-8")
    return out


def require_tool(available: bool, what: str) -> None:
    require_tools([] if available else [what], "npm ci, and Java for the Nu HTML Checker")


def test_every_page_is_valid_html(pages, tmp_path):
    require_tool(VNU.is_file() and shutil.which("java") is not None, "the Nu HTML Checker (vnu.jar) and Java")
    files = {}
    for i, (path, html) in enumerate(pages.items()):
        f = tmp_path / f"page{i:02d}.html"
        f.write_text(html, encoding="utf-8")
        files[f.name] = path
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr)  # the checker always reports; no report means it did not run
    assert "version" in report and "messages" in report
    problems = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
    ]
    assert problems == []


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.labels_for: set[str] = set()
        self.svg_titles = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag == "title" and any(t == "svg" for t, _ in self.tags):
            self.svg_titles += 1

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


@pytest.mark.parametrize("path", PAGES)
def test_page_structure_is_accessible(pages, path):
    s = Structure()
    s.feed(pages[path])
    assert s.all("html")[0].get("lang") == "nl"
    for landmark in ("header", "main", "footer"):
        assert len(s.all(landmark)) >= 1, landmark
    assert len(s.all("main")) == 1 and len(s.all("h1")) == 1
    assert all(n.get("aria-label") for n in s.all("nav")), "every navigation has a name"
    assert any(a.get("href") == "#inhoud" for a in s.all("a")), "skip link"
    assert all(img.get("alt") is not None for img in s.all("img"))
    for field in s.all("input") + s.all("select") + s.all("textarea"):
        if field.get("type") not in ("hidden", "submit"):
            assert field.get("id") in s.labels_for or field.get("aria-label"), field
    for svg in s.all("svg"):
        assert svg.get("role") in ("img", "group") and svg.get("aria-labelledby")


def test_text_contrast_of_the_style_sheet_meets_wcag_aaa():
    """The colours the style sheet uses for text, against the backgrounds it uses them on (WCAG 2 contrast)."""
    import re

    css = (ROOT / "server" / "static" / "site.css").read_text()
    colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))

    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for fg in ("text", "muted", "link"):
        for bg in ("bg", "band"):
            assert contrast(colours[fg], colours[bg]) >= 7.0, (fg, bg)
    assert contrast("#ffffff", colours["link"]) >= 7.0, "button text on the link colour"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_its_licence_and_that_it_is_not_the_funds_publication(pages, path):
    s = Structure()
    s.feed(pages[path])
    assert any(a.get("rel") == "license" and "creativecommons.org/licenses/by/4.0" in a["href"] for a in s.all("a"))
    assert "Uitgegeven door aeno-kg; geen officiële publicatie van het A&amp;O fonds Gemeenten" in pages[path]
    assert any(a.get("rel") == "icon" for a in s.all("link"))


def test_the_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 301
    with client.get(r.headers["Location"]) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


@pytest.mark.parametrize(
    ("path", "title"),
    [("/doc/project/bestaat-niet", "Niet gevonden"), ("/.well-known/genid/bad!name", "Ongeldig verzoek")],
)
def test_an_error_page_for_a_person_is_in_dutch_and_says_what_to_do(client, path, title):
    r = client.get(path, headers={"Accept": "text/html"})
    html = r.data.decode()
    assert f"<h1>{title}" in html and "Not Found" not in html and "Bad Request" not in html
    if r.status_code == 404:
        assert 'href="/projecten"' in html


def test_an_error_for_a_program_keeps_the_http_reason(client):
    r = client.get("/api/queries/bestaat-niet", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json["error"]["title"] == "Not Found"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2017-03-01", "1 maart 2017"), ("2018-06", "juni 2018"), ("2018", "2018"), ("2012-12-31", "31 december 2012")],
)
def test_dates_read_as_dutch_readers_write_them(value, shown):
    from kg.server.pages import dutch_date

    assert dutch_date(value) == shown


def test_a_page_shows_a_dutch_date_and_keeps_the_iso_date_for_machines(client):
    html = client.get("/doc/evenement/2017-11-09-integraal-werken", headers={"Accept": "text/html"}).data.decode()
    assert '<time datetime="2017-11-09">9 november 2017</time>' in html


def test_the_dataset_has_a_page_a_civil_servant_can_check(client, dist):
    r = client.get("/id/dataset/aeno-kg", follow_redirects=True, headers={"Accept": "text/html"})
    html = r.data.decode()
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Geen officiële publicatie van het A&amp;O fonds Gemeenten" in html
    assert 'rel="license"' in html and "CC BY 4.0" in html
    assert "Uitgever" in html and 'href="/sparql"' in html
    assert "0 overtredingen" in html and 'href="/download/validation.txt"' in html
    size = (dist / "kg.ttl.gz").stat().st_size
    assert f"{size / 1000:.0f} kB" in html  # sizes as people read them, not in bytes


def test_every_page_links_to_the_dataset_page(pages):
    assert all('href="/doc/dataset/aeno-kg">Over deze dataset' in html for html in pages.values())


@pytest.mark.parametrize(("n", "shown"), [(512, "512 bytes"), (138_237, "138 kB"), (1_420_000, "1,4 MB")])
def test_sizes_read_as_people_read_them(n, shown):
    from kg.server.resources import size_text

    assert size_text(n) == shown


def test_other_organisations_are_those_the_sources_name_not_the_registers_regions(client):
    home = client.get("/").data.decode()
    assert "<strong>17</strong> andere organisaties" in home  # organisations.yaml names 17
    listing = client.get("/organisaties").data.decode()
    assert "Platform31" in listing and "Veiligheidsregio" not in listing and "Utrecht</a>" not in listing


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("provincie=Zeeland&met-projecten=1", {"Terneuzen", "Tholen"}),
        ("naam=bergen+op", {"Bergen op Zoom"}),
        ("provincie=Noord-Brabant&naam=bergen", {"Bergen op Zoom", "Steenbergen"}),
    ],
)
def test_the_municipalities_can_be_filtered_by_province_projects_and_name(client, query, expected):
    html = client.get(f"/gemeenten?{query}").data.decode()
    found = set(re.findall(r'<td[^>]*><a href="/doc/gemeente/[^"]+">([^<]+)</a></td>', html))
    assert found == expected


def test_the_municipalities_filter_keeps_its_choices_across_pages(client):
    html = client.get("/gemeenten?provincie=Gelderland").data.decode()
    assert '<option value="Gelderland" selected>' in html
    assert "gevonden" in html


@pytest.mark.parametrize("path", ["/doc/gemeente/soest", "/doc/dataset/kengetallen-soest"])
def test_key_figures_are_a_table_and_a_chart_of_the_trend(client, path):
    html = re.sub(r' data-label="[^"]*"', "", client.get(path).data.decode())  # a card's labels on a phone
    table = html.split('<section aria-labelledby="kengetallen"', 1)[1].split("</section>", 1)[0]
    assert table.count("<tr>") == 1 + 17  # the header and the 17 observations
    assert "<td>vrouw</td><td>1 januari 2013</td><td>147</td>" in table
    s = Structure()
    s.feed(table)
    (chart,) = s.all("svg")
    assert chart.get("role") == "img"
    desc = table.split("<desc", 1)[1].split("</desc>", 1)[0]
    assert "2008: 3,9%" in desc and "2012: 4,43%" in desc  # the chart's text states every value


def test_a_municipality_without_key_figures_shows_no_key_figures(client):
    assert 'aria-labelledby="kengetallen"' not in client.get("/doc/gemeente/oss").data.decode()


def test_a_project_page_shows_how_to_reach_its_contact(client):
    html = client.get("/doc/project/rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers").data.decode()
    assert '<a href="mailto:c.baars@rotterdam.nl">c.baars@rotterdam.nl</a>' in html
    assert '<a href="tel:+31623881174">+31 6 23881174</a>' in html


def test_a_page_says_a_name_once_and_shows_the_specific_type_only(client):
    html = client.get("/doc/project/oss-osse-manier-van-zelforganisatie").data.decode()
    assert ">titel<" in html
    assert ">naam<" not in html  # the same as the title
    soest = client.get("/doc/gemeente/soest").data.decode()
    assert soest.count(">naam<") == 1  # rdfs:label "Soest"@nl and foaf:name "Soest" say the same
    types = re.findall(r'<span class="type">([^<]+)</span>', soest)
    assert types == ["Gemeente"]


def test_dutch_values_come_before_english_ones(client):
    html = client.get("/doc/thema/participatiewet").data.decode()
    assert html.index("De wet die sinds 1 januari 2015") < html.index("The act that since 1 January 2015")


def test_format_links_are_named_as_people_know_the_formats(client):
    html = client.get("/doc/gemeente/oss").data.decode()
    for name in ("Turtle", "JSON-LD", "N-Triples", "RDF/XML"):
        assert f">{name}</a>" in html
    assert ">text/turtle</a>" not in html


def test_the_timeline_leaves_room_for_its_longest_label():
    import datetime as dt

    from kg.server.timeline import Period, layout

    long = "Waardevolle verbindingen tussen jonge en oude medewerkers"
    t = layout(
        [
            Period(long, "/x", dt.date(2017, 1, 1), dt.date(2018, 1, 1)),
            Period("Planlab", "/y", dt.date(2017, 3, 1), dt.date(2019, 1, 1)),
        ]
    )
    assert float(t.label_x) >= 7 * len(long)  # right-aligned text ending at label_x starts inside the picture


def test_a_project_page_pictures_its_relations_as_links(client):
    html = client.get("/doc/project/oss-osse-manier-van-zelforganisatie").data.decode()
    for layout in ("wide", "narrow"):  # the picture for a wide screen, and the one for a phone
        picture = html.split(f'class="relations {layout}"', 1)[1].split("</svg>", 1)[0]
        assert 'href="/doc/thema/zelforganisatie" aria-label="thema: Zelforganisatie"' in picture
        assert 'href="/doc/gemeente/oss"' in picture
        assert "exampleresource" not in picture.lower() and "/doc/bron/" not in picture  # provenance left out


def _store_terms(dist, query: str) -> set[str]:
    import pyoxigraph as ox

    from kg.query.builds import Build

    build = Build.read(dist)
    store = ox.Store.read_only(str(dist / "store"))
    graphs = [ox.NamedNode(g) if g else ox.DefaultGraph() for g in build.page_graphs]
    return {row[0].value for row in store.query(query, default_graph=graphs)}


def test_every_property_a_page_can_show_has_a_dutch_name(dist):
    """A page names each property it shows, and each property by which something points to a thing, in Dutch:
    from the ontology's Dutch label or the site's own list; never its local name ("exampleResource")."""
    from kg.server import labels

    used = _store_terms(dist, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
    named = _store_terms(
        dist, 'SELECT DISTINCT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (LANG(?l) = "nl") }'
    )
    shown = used - set(labels.NOT_SHOWN)
    unnamed = sorted(p for p in shown if p not in named and p not in labels.PROPERTIES)
    assert unnamed == []


def test_every_kind_of_thing_a_page_can_show_has_a_dutch_name(dist):
    from kg.server import labels

    used = _store_terms(dist, "SELECT DISTINCT ?c WHERE { ?s a ?c }")
    named = _store_terms(
        dist,
        "SELECT DISTINCT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label>|"
        '<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER (LANG(?l) = "nl") }',
    )
    unnamed = sorted(c for c in used if c not in named and c not in labels.CLASSES)
    assert unnamed == []


def test_a_project_s_json_ld_says_how_to_reach_its_contact(client):
    """One request gives the contact's e-mail and phone: in the schema.org JSON-LD the page embeds, and in the
    project's RDF (?format=jsonld), beside dcat:contactPoint."""
    html = client.get("/doc/project/eindhoven-planlab").data.decode()
    embedded = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert embedded["contactPoint"] == [
        {
            "@type": "ContactPoint",
            "@id": "https://w3id.org/aeno-kg/id/persoon/gerry-van-aken",
            "name": "Gerry van Aken",
            "email": "g.van.aken@eindhoven.nl",
            "telephone": "+31615945419",
        }
    ]
    rdf = client.get("/doc/project/eindhoven-planlab?format=ttl").data.decode()
    assert "mailto:g.van.aken@eindhoven.nl" in rdf and "tel:+31615945419" in rdf


def test_a_theme_counts_its_projects_as_the_overviews_do(client):
    themes = client.get("/themas").data.decode()
    for slug in ("organisatieontwikkeling", "arbeidsmarkt", "leren-en-veranderen"):
        listed = int(re.search(rf'href="/projecten\?thema={slug}">(\d+) project', themes).group(1))
        page = client.get(f"/doc/thema/{slug}").data.decode()
        overview = client.get(f"/projecten?thema={slug}").data.decode()
        assert f"Projecten met dit thema ({listed})" in page
        assert overview.count('<td data-label="Project">') == listed
