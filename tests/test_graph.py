"""The published graph holds everything the sources state, in the shape the core vocabulary promises."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.vocab import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SCHEMA, SDMX_ATT, SDMX_DIM, SKOS, UNIT, VCARD

from .known import INNOVATIVE_PROJECTS

BASE = "https://w3id.org/aeno-kg/"
AENO = f"{BASE}def/"
SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"


def iri(kind: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}id/{kind}/{slug}")


def a(name: str) -> URIRef:
    return URIRef(AENO + name)


def labels(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> set[str]:
    return {str(o) for o in g.objects(node, prop)}


def test_graph_has_no_blank_nodes(graph):
    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


MUNICIPALITIES = [
    ("rotterdam", "Rotterdam", "GM0599"),
    ("delft", "Delft", "GM0503"),
    ("eindhoven", "Eindhoven", "GM0772"),
    ("oss", "Oss", "GM0828"),
    ("terneuzen", "Terneuzen", "GM0715"),
    ("bergen-op-zoom", "Bergen op Zoom", "GM0748"),
    ("son-en-breugel", "Son en Breugel", "GM0848"),
    ("tholen", "Tholen", "GM0716"),
    ("eersel", "Eersel", "GM0770"),
    ("kampen", "Kampen", "GM0166"),
    ("almere", "Almere", "GM0034"),
    ("soest", "Soest", "GM0342"),
]


@pytest.mark.parametrize(("slug", "name", "code"), MUNICIPALITIES, ids=[m[0] for m in MUNICIPALITIES])
def test_municipality_named_in_the_sources_is_one_resource_with_code_and_tooi(graph, slug, name, code):
    node = iri("gemeente", slug)
    assert {a("Municipality"), ORG.FormalOrganization, ORG.Organization} <= set(graph.objects(node, RDF.type))
    assert Literal(name, lang="nl") in set(graph.objects(node, RDFS.label))
    assert list(graph.objects(node, DCTERMS.identifier)) == [Literal(code)]
    assert URIRef(f"https://identifier.overheid.nl/tooi/id/gemeente/gm{code[2:]}") in set(
        graph.objects(node, OWL.sameAs)
    )
    sources = set(graph.objects(node, PROV.wasDerivedFrom))
    assert iri("bron", "gemeenten-cbs") in sources and len(sources) >= 2, "named by a page as well as the register"


def test_every_municipality_of_the_register_is_published(graph):
    assert len(set(graph.subjects(RDF.type, a("Municipality")))) == 342


ORGANISATIONS = [
    "ao-fonds-gemeenten",
    "vng",
    "platform31",
    "g32",
    "factor-vijf",
    "dienst-dommelvallei",
    "mobiliteitscentrum-west-brabant",
    "werken-in-friesland",
    "regio-west-brabant",
    "stadsbeheer-rotterdam",
]


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_organisation_named_in_the_sources_is_published(graph, slug):
    node = iri("organisatie", slug)
    assert ORG.Organization in set(graph.objects(node, RDF.type))
    assert labels(graph, node) and list(graph.objects(node, PROV.wasDerivedFrom))


def test_stadsbeheer_is_a_unit_of_rotterdam(graph):
    unit = iri("organisatie", "stadsbeheer-rotterdam")
    assert (unit, ORG.unitOf, iri("gemeente", "rotterdam")) in graph
    assert ORG.OrganizationalUnit in set(graph.objects(unit, RDF.type))


VARIANTS = [
    (
        "organisatie",
        "ao-fonds-gemeenten",
        "A&O fonds Gemeenten",
        {"A+O fonds gemeenten", "AenO fonds gemeenten", "A+O Fonds Gemeenten", "A+O fonds Gemeenten"},
    ),
]
MISSPELLINGS = [
    ("gemeente", "bergen-op-zoom", "Bergen op Zoom", {"Brergen op Zoom"}),
    ("gemeente", "son-en-breugel", "Son en Breugel", {"Son Breugel"}),
    (
        "organisatie",
        "mobiliteitscentrum-west-brabant",
        "Mobiliteitscentrum West Brabant",
        {"Mobiliteitscentrum West Branbant"},
    ),
    ("organisatie", "werken-in-friesland", "Werken in Friesland", {"WerkeninFriesland"}),
    ("persoon", "carine-vollebregt", "Carine Vollebregt", {"Carine Vollebrecht"}),
]


@pytest.mark.parametrize(("kind", "slug", "name", "variants"), VARIANTS, ids=[v[1] for v in VARIANTS])
def test_other_names_resolve_to_one_resource_and_are_kept_as_alt_labels(graph, kind, slug, name, variants):
    node = iri(kind, slug)
    assert name in labels(graph, node)
    assert variants <= labels(graph, node, SKOS.altLabel)
    for variant in variants:  # no second resource carries the variant as its name
        assert set(graph.subjects(RDFS.label, Literal(variant, lang="nl"))) <= {node}


@pytest.mark.parametrize(("kind", "slug", "name", "misspelt"), MISSPELLINGS, ids=[v[1] for v in MISSPELLINGS])
def test_misspellings_resolve_to_one_resource_as_hidden_labels_never_offered_as_names(
    graph, kind, slug, name, misspelt
):
    node = iri(kind, slug)
    assert name in labels(graph, node)
    assert misspelt <= labels(graph, node, SKOS.hiddenLabel)
    assert not misspelt & labels(graph, node, SKOS.altLabel)
    for variant in misspelt:
        assert set(graph.subjects(RDFS.label, Literal(variant, lang="nl"))) <= {node}


@pytest.mark.parametrize("p", INNOVATIVE_PROJECTS, ids=[p.slug for p in INNOVATIVE_PROJECTS])
def test_innovative_project_with_period_contact_downloads_and_programme(graph, p):
    node = iri("project", p.slug)
    assert {a("Project"), SCHEMA.Project} <= set(graph.objects(node, RDF.type))
    assert (node, a("carriedOutBy"), iri("gemeente", p.municipality_slug)) in graph
    assert (node, SCHEMA.startDate, Literal(p.start)) in graph and (node, SCHEMA.endDate, Literal(p.end)) in graph
    assert graph.value(node, SCHEMA.startDate).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    contact = iri("persoon", p.contact_slug)
    assert (node, DCAT.contactPoint, contact) in graph
    assert VCARD.Individual in set(graph.objects(contact, RDF.type))
    assert (contact, VCARD.hasTelephone, URIRef(f"tel:{p.phone}")) in graph
    assert (contact, VCARD.hasEmail, URIRef(f"mailto:{p.email}")) in graph
    assert len(list(graph.objects(node, a("hasDownload")))) == len(p.downloads)
    assert (node, a("programme"), iri("programma", "innovatie-projectenregeling")) in graph
    assert list(graph.objects(node, DCTERMS.description))


FINALISTS = [
    "bergen-op-zoom",
    "dienst-dommelvallei",
    "almere",
    "son-en-breugel",
    "kampen",
    "tholen",
    "eersel",
    "mobiliteitscentrum-west-brabant",
    "werken-in-friesland",
    "rotterdam",
]


def test_the_ten_finalists_of_3_2_1_co_2016(graph):
    programme = iri("programma", "3-2-1-co-2016")
    ideas = {s for s in graph.subjects(a("programme"), programme) if (s, RDF.type, a("Project")) in graph}
    assert ideas == {iri("project", f"3-2-1-co-2016-{f}") for f in FINALISTS}
    for idea in ideas:
        assert Literal("Finalist 3-2-1-Co 2016", lang="nl") in set(graph.objects(idea, SCHEMA.award))
        assert len(list(graph.objects(idea, a("carriedOutBy")))) == 1


PROGRAMMES = [
    "innovatie-projectenregeling",
    "meester-in-je-werk",
    "uitvoeringsautoriteit",
    "3-2-1-co-2016",
    "particip-sea",
    "generatiepact",
    "lerend-werken",
    "wmo-werkplaatsen",
    "nu-al-eenvoudig-beter",
]


@pytest.mark.parametrize("slug", PROGRAMMES)
def test_programme_named_in_the_sources_is_published(graph, slug):
    node = iri("programma", slug)
    assert a("Programme") in set(graph.objects(node, RDF.type)) and labels(graph, node)


PEOPLE = [
    ("age-veenstra", "soest", "Gemeentesecretaris"),
    ("jeannet-kool", "soest", "Directeur bedrijfsvoering"),
    ("carine-vollebregt", "soest", "HR-adviseur"),
    ("wilfred-hoejenbos", "ondernemingsraad-soest", "OR-voorzitter"),
    ("karin-sleeking", "ao-fonds-gemeenten", "Directeur"),
    ("may-yalcin", "ao-fonds-gemeenten", "Projectleider"),
    ("claudia-baars", "rotterdam", None),
    ("peter-tangel", "delft", None),
    ("gerry-van-aken", "eindhoven", None),
    ("joyce-bergmans", "oss", None),
    ("anouk-guilliet", "terneuzen", None),
]


@pytest.mark.parametrize(("slug", "org", "function"), PEOPLE, ids=[p[0] for p in PEOPLE])
def test_named_person_with_organisation_and_function(graph, slug, org, function):
    node = iri("persoon", slug)
    member_of = set(graph.objects(node, ORG.memberOf))
    assert member_of == {iri("organisatie", org)} or member_of == {iri("gemeente", org)}
    if function:
        assert Literal(function, lang="nl") in set(graph.objects(node, SCHEMA.jobTitle))


def test_photographer_without_organisation_has_a_role(graph):
    node = iri("persoon", "kees-winkelman")
    assert not list(graph.objects(node, ORG.memberOf)) and list(graph.objects(node, a("role")))


PUBLICATIONS = [
    ("overheidsprofessionals-werken-aan-nieuwe-rollen", {"vng", "ao-fonds-gemeenten"}),
    ("zo-kan-het-ook", {"factor-vijf"}),
    ("praktijkverhaal-soest", {"factor-vijf"}),
    ("trendstudie-g32", {"platform31"}),
]


@pytest.mark.parametrize(("slug", "creators"), PUBLICATIONS, ids=[p[0] for p in PUBLICATIONS])
def test_publication_with_its_makers(graph, slug, creators):
    node = iri("publicatie", slug)
    assert a("Publication") in set(graph.objects(node, RDF.type))
    assert set(graph.objects(node, DCTERMS.creator)) == {iri("organisatie", c) for c in creators}


def test_practice_story_is_part_of_the_series_bundled_in_zo_kan_het_ook(graph):
    story, series = (
        iri("publicatie", "praktijkverhaal-soest"),
        iri("publicatie", "serie-fraaie-voorbeelden-ontwikkeling-en-mobiliteit"),
    )
    assert (story, DCTERMS.isPartOf, series) in graph
    assert (series, DCTERMS.isPartOf, iri("publicatie", "zo-kan-het-ook")) in graph
    assert (iri("publicatie", "zo-kan-het-ook"), a("commissionedBy"), iri("organisatie", "ao-fonds-gemeenten")) in graph


EVENTS = [
    ("2017-11-09-integraal-werken", "2017-11-09", 3),
    ("2018-01-25-werk-en-jeugd-participatie", "2018-01-25", 2),
    ("2018-06-bijeenkomst-innovatieve-projecten-1", "2018-06", 0),
    ("2018-06-bijeenkomst-innovatieve-projecten-2", "2018-06", 0),
    ("finaledag-3-2-1-co-2016", None, 0),
]


@pytest.mark.parametrize(("slug", "date", "questions"), EVENTS, ids=[e[0] for e in EVENTS])
def test_event_with_date_as_far_as_the_source_states_it(graph, slug, date, questions):
    node = iri("evenement", slug)
    assert {a("Event"), SCHEMA.Event} <= set(graph.objects(node, RDF.type))
    value = graph.value(node, a("statedStartDate")) or graph.value(node, SCHEMA.startDate)
    assert (str(value) if value is not None else None) == date
    assert len(list(graph.objects(node, a("question")))) == questions


def test_theme_scheme_is_complete_and_every_theme_defined(graph):
    scheme = URIRef(f"{BASE}id/thema")
    themes = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(themes) == 19
    for theme in themes:
        pref = {o.language: str(o) for o in graph.objects(theme, SKOS.prefLabel)}
        assert set(pref) == {"nl", "en"}
        assert {o.language for o in graph.objects(theme, SKOS.definition)} == {"nl", "en"}
        assert list(graph.objects(theme, DCTERMS.source))
    carried = {t for t in themes if list(graph.subjects(DCTERMS.subject, t))}
    assert themes == carried, "every theme is carried by a project, publication or event"


def test_themes_are_matched_to_tooi_and_eu_themes(graph):
    werk = URIRef("https://identifier.overheid.nl/tooi/def/thes/top/c_9d1917e9")
    assert (iri("thema", "arbeidsmarkt"), SKOS.closeMatch, werk) in graph
    assert SKOS.Concept in set(graph.objects(werk, RDF.type))
    assert (
        iri("thema", "leren-en-veranderen"),
        SKOS.broadMatch,
        URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
    ) in graph


KEY_FIGURES = [
    # observation slug, measure, value, unit
    ("soest-inwoners-niet-vermeld-totaal", "inhabitants", Decimal("45477"), UNIT.NUM),
    ("soest-gemiddelde-leeftijd-niet-vermeld-totaal", "averageAge", Decimal("47.3"), UNIT.YR),
    ("soest-opleidingsbudget-niet-vermeld-totaal", "trainingBudget", Decimal("231000"), UNIT.CCY_EUR),
    ("soest-ziekteverzuim-2012-totaal", "sicknessAbsence", Decimal("4.43"), UNIT.PERCENT),
    ("soest-ziekteverzuim-2008-totaal", "sicknessAbsence", Decimal("3.9"), UNIT.PERCENT),
    ("soest-medewerkers-2013-01-01-vrouw", "employees", Decimal("147"), UNIT.NUM),
    ("soest-fte-2013-01-01-totaal", "fte", Decimal("223"), a("FTE")),
    ("soest-schaalverdeling-niet-vermeld-schaal-13-en-hoger", "salaryScaleShare", Decimal("6"), UNIT.PERCENT),
]


@pytest.mark.parametrize(("slug", "measure", "value", "unit"), KEY_FIGURES, ids=[k[0] for k in KEY_FIGURES])
def test_key_figure_is_an_observation_with_period_measure_unit_and_value(graph, slug, measure, value, unit):
    node = iri("observatie", slug)
    assert QB.Observation in set(graph.objects(node, RDF.type))
    assert graph.value(node, QB.measureType) == a(measure)
    assert Decimal(str(graph.value(node, a(measure)))) == value
    assert graph.value(node, SDMX_ATT.unitMeasure) == unit
    assert graph.value(node, SDMX_DIM.refArea) == iri("gemeente", "soest")
    assert graph.value(node, SDMX_DIM.refPeriod) is not None


def test_all_seventeen_key_figures_of_soest(graph):
    dataset = iri("dataset", "kengetallen-soest")
    assert len(set(graph.subjects(QB.dataSet, dataset))) == 17


MAIN_CLASSES = ["Project", "Programme", "Publication", "Event", "Municipality"]


@pytest.mark.parametrize("cls", MAIN_CLASSES)
def test_every_resource_is_derived_from_a_source(graph, cls):
    for node in graph.subjects(RDF.type, a(cls)):
        assert list(graph.objects(node, PROV.wasDerivedFrom)), node


def test_every_statement_with_provenance_points_at_its_exact_passage(graph):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")}
    statements = list(graph.subjects(RDF.type, RDF.Statement))
    assert len(statements) > 400
    for st in statements:
        s, p, o = (graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in graph
        for passage in graph.objects(st, PROV.wasDerivedFrom):
            doc, fragment = str(passage).split("#char=")
            start, end = map(int, fragment.split(","))
            source = doc.rsplit("/", 1)[-1].removesuffix(".txt")
            assert str(graph.value(passage, PROV.value)) == texts[source][start:end]
            assert graph.value(passage, PROV.wasQuotedFrom) == iri("bron", source)


def test_the_passage_behind_a_project_title_is_the_title_in_the_page(graph):
    project = iri("project", "oss-osse-manier-van-zelforganisatie")
    q = """SELECT ?quote WHERE { ?st rdf:subject ?p ; rdf:predicate dcterms:title ; prov:wasDerivedFrom ?passage .
                                  ?passage prov:value ?quote }"""
    rows = list(graph.query(q, initBindings={"p": project}, initNs={"rdf": RDF, "dcterms": DCTERMS, "prov": PROV}))
    assert [str(r[0]) for r in rows] == ["Osse manier van Zelforganisatie"]


def test_contact_details_are_tel_and_mailto_iris(graph):
    for o in graph.objects(None, VCARD.hasTelephone):
        assert str(o).startswith("tel:+31")
    for o in graph.objects(None, VCARD.hasEmail):
        assert str(o).startswith("mailto:")


def test_people_have_foaf_names(graph):
    for person in graph.subjects(RDF.type, FOAF.Person):
        assert graph.value(person, FOAF.name) is not None


# -- dates ------------------------------------------------------------------------------------------------------

PREFIXES = f"""PREFIX aeno: <{AENO}> PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"""


def test_every_start_and_end_date_is_a_comparable_xsd_date(graph):
    kinds = {o.datatype for p in (SCHEMA.startDate, SCHEMA.endDate) for o in graph.objects(None, p)}
    assert kinds == {URIRef("http://www.w3.org/2001/XMLSchema#date")}


def test_which_meetings_were_in_2018_finds_every_one_whatever_the_precision_of_its_date(graph):
    rows = graph.query(
        PREFIXES
        + """SELECT ?e WHERE { ?e a aeno:Event ; schema:startDate ?d
            FILTER (?d >= "2018-01-01"^^xsd:date && ?d <= "2018-12-31"^^xsd:date) }"""
    )
    found = {str(r.e) for r in rows}
    stated_in_2018 = {
        str(e)
        for e in graph.subjects(RDF.type, URIRef(f"{AENO}Event"))
        for o in [*graph.objects(e, URIRef(f"{AENO}statedStartDate")), *graph.objects(e, SCHEMA.startDate)]
        if str(o).startswith("2018")
    }
    assert found == stated_in_2018 and len(found) == 3


@pytest.mark.parametrize(
    ("node", "start", "end", "stated_start", "stated_end"),
    [
        (iri("evenement", "2018-06-bijeenkomst-innovatieve-projecten-1"), "2018-06-01", None, "2018-06", None),
        (iri("programma", "programma-ao-fonds-2018-2020"), "2018-01-01", "2020-12-31", "2018", "2020"),
    ],
)
def test_a_date_coarser_than_a_day_keeps_its_stated_precision_beside_the_comparable_day(
    graph, node, start, end, stated_start, stated_end
):
    assert [str(o) for o in graph.objects(node, SCHEMA.startDate)] == [start]
    assert [str(o) for o in graph.objects(node, SCHEMA.endDate)] == ([end] if end else [])
    assert [str(o) for o in graph.objects(node, URIRef(f"{AENO}statedStartDate"))] == [stated_start]
    assert [str(o) for o in graph.objects(node, URIRef(f"{AENO}statedEndDate"))] == ([stated_end] if stated_end else [])


def test_schema_project_holds_the_projects_and_ideas_and_no_programme(graph):
    projects = set(graph.subjects(RDF.type, SCHEMA.Project))
    assert projects == set(graph.subjects(RDF.type, URIRef(f"{AENO}Project")))
    assert not projects & set(graph.subjects(RDF.type, URIRef(f"{AENO}Programme")))


def test_the_rotterdam_tag_line_gives_the_rotterdam_project_its_three_themes_with_the_passage(graph):
    project = iri("project", "rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers")
    themes = set(graph.objects(project, DCTERMS.subject))
    assert {iri("thema", t) for t in ("arbeidsmarkt", "banenafspraak", "participatiewet")} <= themes
    quotes = {
        str(q)
        for st in graph.subjects(RDF.subject, project)
        if graph.value(st, RDF.object) == iri("thema", "banenafspraak")
        for passage in graph.objects(st, PROV.wasDerivedFrom)
        for q in graph.objects(passage, PROV.value)
    }
    assert quotes == {"Arbeidsmarkt; Banenafspraak; Participatiewet"}


# -- regions ----------------------------------------------------------------------------------------------------


def test_every_municipality_lies_in_one_province_and_one_safety_region(graph):
    municipalities = set(graph.subjects(RDF.type, URIRef(f"{AENO}Municipality")))
    assert len(municipalities) == 342
    for m in municipalities:
        assert len(set(graph.objects(m, URIRef(f"{AENO}province")))) == 1, m
        assert len(set(graph.objects(m, URIRef(f"{AENO}safetyRegion")))) == 1, m


@pytest.mark.parametrize(
    ("municipality", "province", "pv", "region", "vr"),
    [
        ("oss", "noord-brabant", "PV30", "brabant-noord", "VR21"),
        ("soest", "utrecht", "PV26", "utrecht", "VR09"),
        ("terneuzen", "zeeland", "PV29", "zeeland", "VR19"),
    ],
)
def test_a_municipality_links_its_province_and_safety_region_with_their_official_codes(
    graph, municipality, province, pv, region, vr
):
    m = iri("gemeente", municipality)
    p, r = iri("provincie", province), iri("veiligheidsregio", region)
    assert graph.value(m, URIRef(f"{AENO}province")) == p and graph.value(m, URIRef(f"{AENO}safetyRegion")) == r
    assert str(graph.value(p, DCTERMS.identifier)) == pv and str(graph.value(r, DCTERMS.identifier)) == vr
    assert graph.value(r, URIRef(f"{AENO}province")) == p


def test_projects_per_province_finds_the_provinces_of_the_projects(graph):
    rows = graph.query(
        PREFIXES
        + """ PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?province (COUNT(DISTINCT ?project) AS ?n) WHERE {
          ?project a aeno:Project ; aeno:carriedOutBy/aeno:province ?p . ?p rdfs:label ?province
        } GROUP BY ?province"""
    )
    per_province = {str(r.province): int(r.n) for r in rows}
    assert {"Noord-Brabant", "Zuid-Holland", "Zeeland", "Utrecht"} <= set(per_province)


def test_every_dimension_of_the_key_figures_structure_is_typed_as_one(graph):
    QB_NS = "http://purl.org/linked-data/cube#"
    dimensions = set(graph.objects(None, URIRef(f"{QB_NS}dimension")))
    assert len(dimensions) == 5  # area, period, sex, salary scale, measure type
    assert all((d, RDF.type, URIRef(f"{QB_NS}DimensionProperty")) in graph for d in dimensions)


def test_every_dutch_text_is_tagged_dutch(graph):
    untagged = [
        (s, p)
        for s, p, o in graph
        if p in (DCTERMS.bibliographicCitation, DCTERMS.title, DCTERMS.description, SKOS.definition)
        and isinstance(o, Literal)
        and o.language is None
        and o.datatype is None
    ]
    assert not untagged, untagged[:5]


def test_the_vng_and_fund_publication_has_the_date_its_file_name_states_inferred_from_that_name(graph):
    publication = iri("publicatie", "overheidsprofessionals-werken-aan-nieuwe-rollen")
    assert [str(d) for d in graph.objects(publication, DCTERMS.issued)] == ["2015-05-08"]
    inferred_from = URIRef("https://w3id.org/aeno-kg/def/inferredFrom")
    statements = [
        st for st in graph.subjects(RDF.subject, publication) if graph.value(st, RDF.predicate) == DCTERMS.issued
    ]
    quotes = {
        str(q)
        for st in statements
        for passage in graph.objects(st, inferred_from)
        for q in graph.objects(passage, PROV.value)
    }
    assert quotes == {"AO_gemeenten_rapport_overheidsprofessionals_08-05-2015"}
    assert not any((st, PROV.wasDerivedFrom, None) in graph for st in statements)  # a file name does not state it
