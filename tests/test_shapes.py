"""The shapes catch each way the data can go wrong.

Every case below breaks one resource of a copy of the real graph. All breakages touch different resources,
so they are applied to one copy and validated in one run (a pySHACL run over the graph takes seconds); each
case then checks that its own violation, on its own focus node and property, is in the report. The graph as
built has no violations at all (first test), so every reported violation comes from a breakage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.iris import Iris
from kg.validate import (
    PYSHACL_LIMIT,
    Report,
    engine_for,
    load_shapes,
    skos_subgraph,
    skos_subgraph_from_store,
    validate,
)
from kg.validate.sparql import Compiler
from kg.vocab import DCTERMS, ORG, OWL, QB, RDF, SCHEMA, SDMX_ATT, SKOS, VCARD, XSD

BASE = "https://w3id.org/aeno-kg/"
AENO = URIRef(f"{BASE}def/")


def iri(kind: str, slug: str) -> URIRef:
    return URIRef(f"{BASE}id/{kind}/{slug}")


def a(name: str) -> URIRef:
    return URIRef(f"{AENO}{name}")


@dataclass(frozen=True)
class Break:
    name: str
    apply: Callable[[Graph], None]
    focus: URIRef | Literal
    path: str | None  # as the report writes it, e.g. "dcterms:title"; None for node-level constraints
    profile: str = "aeno-shapes"


def replace(g: Graph, s, p, new) -> None:
    g.remove((s, p, None))
    g.add((s, p, new))


def drop(g: Graph, s, p) -> None:
    g.remove((s, p, None))


def drop_provenanced_title(g: Graph) -> None:
    """Remove a statement but keep its recorded provenance."""
    g.remove((iri("project", "delft-leerroute-publiek-ondernemerschap"), DCTERMS.title, None))


PROV = "http://www.w3.org/ns/prov#"
PARTICIPATIEWET = iri("thema", "participatiewet")
# editorial statements (kg.convert.editorial) about the theme
BROADER_STATEMENT = Iris(BASE).genid("statement", PARTICIPATIEWET, SKOS.broader, iri("thema", "arbeidsmarkt").n3())
SCHEME_STATEMENT = Iris(BASE).genid("statement", PARTICIPATIEWET, SKOS.inScheme, URIRef(f"{BASE}id/thema").n3())


def also_read(g: Graph) -> None:
    """Give an editorial statement a passage as well."""
    passage = next(g.subjects(URIRef(PROV + "wasQuotedFrom"), None))
    g.add((BROADER_STATEMENT, URIRef(PROV + "wasDerivedFrom"), passage))


#: the statement that Claudia Baars works at Rotterdam, inferred from her e-mail address
MEMBERSHIP_STATEMENT = Iris(BASE).genid(
    "statement",
    iri("persoon", "claudia-baars"),
    URIRef("http://www.w3.org/ns/org#memberOf"),
    iri("gemeente", "rotterdam").n3(),
)


def also_editorial(g: Graph) -> None:
    """Attribute an inferred statement to the editors as well."""
    g.add((MEMBERSHIP_STATEMENT, URIRef(PROV + "wasAttributedTo"), iri("organisatie", "aeno-kg-uitgever")))


EINDHOVEN = iri("project", "eindhoven-planlab")
OSS_PROJECT = iri("project", "oss-osse-manier-van-zelforganisatie")
TERNEUZEN = iri("project", "terneuzen-het-nieuwe-samenspel")
ROTTERDAM = iri("project", "rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers")

STADSBEHEER_EMPLOYEES = iri("hoeveelheid", "organisatie-stadsbeheer-rotterdam-medewerkers")
INNOVATION_TEAMS_TIME = iri("hoeveelheid", "project-soest-innovatieteams-duur")
OMGEVINGSWET = iri("evenement", "inwerkingtreding-omgevingswet")

BREAKS = [
    Break("project without title", lambda g: drop(g, EINDHOVEN, DCTERMS.title), EINDHOVEN, "dcterms:title"),
    Break(
        "project ends before it starts",
        lambda g: replace(g, OSS_PROJECT, SCHEMA.endDate, Literal("2016-01-01", datatype=XSD.date)),
        OSS_PROJECT,
        "schema:startDate",
    ),
    Break(
        "start date not an xsd:date",
        lambda g: replace(g, TERNEUZEN, SCHEMA.startDate, Literal("1 februari 2017")),
        TERNEUZEN,
        "schema:startDate",
    ),
    Break(
        "project carried out by a theme",
        lambda g: g.add((ROTTERDAM, a("carriedOutBy"), iri("thema", "vakmanschap"))),
        ROTTERDAM,
        "aeno:carriedOutBy",
    ),
    Break(
        "project without any organisation",
        lambda g: drop(g, iri("project", "3-2-1-co-2016-kampen"), a("carriedOutBy")),
        iri("project", "3-2-1-co-2016-kampen"),
        None,
    ),
    Break(
        "project without provenance",
        lambda g: drop(g, iri("project", "3-2-1-co-2016-tholen"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
        iri("project", "3-2-1-co-2016-tholen"),
        "prov:wasDerivedFrom",
    ),
    Break(
        "e-mail that is not an address",
        lambda g: replace(g, iri("persoon", "claudia-baars"), VCARD.hasEmail, URIRef("mailto:c.baars@rotterdam")),
        iri("persoon", "claudia-baars"),
        "vcard:hasEmail",
    ),
    Break(
        "phone number not in E.164",
        lambda g: replace(g, iri("persoon", "peter-tangel"), VCARD.hasTelephone, URIRef("tel:06-23016443")),
        iri("persoon", "peter-tangel"),
        "vcard:hasTelephone",
    ),
    Break(
        "contact that cannot be reached",
        lambda g: (
            drop(g, iri("persoon", "joyce-bergmans"), VCARD.hasEmail),
            drop(g, iri("persoon", "joyce-bergmans"), VCARD.hasTelephone),
        ),
        iri("persoon", "joyce-bergmans"),
        None,
    ),
    Break(
        "person without organisation or role",
        lambda g: drop(g, iri("persoon", "may-yalcin"), ORG.memberOf),
        iri("persoon", "may-yalcin"),
        None,
    ),
    Break(
        "CBS code used by two municipalities",
        lambda g: replace(g, iri("gemeente", "tholen"), DCTERMS.identifier, Literal("GM0770")),
        Literal("GM0770"),
        "^dcterms:identifier",
    ),
    Break(
        "CBS code of the wrong form",
        lambda g: replace(g, iri("gemeente", "kampen"), DCTERMS.identifier, Literal("0166")),
        iri("gemeente", "kampen"),
        "dcterms:identifier",
    ),
    Break(
        "TOOI identifier of another municipality",
        lambda g: replace(
            g, iri("gemeente", "almere"), OWL.sameAs, URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0035")
        ),
        iri("gemeente", "almere"),
        "owl:sameAs",
    ),
    Break(
        "municipality not typed org:FormalOrganization",
        lambda g: g.remove((iri("gemeente", "delft"), RDF.type, ORG.FormalOrganization)),
        iri("gemeente", "delft"),
        "rdf:type",
    ),
    Break(
        "theme without English definition",
        lambda g: g.remove(
            (
                iri("thema", "innovatie"),
                SKOS.definition,
                Literal(
                    "Devising and trying out new ways of working, roles and solutions in the municipal organisation.",
                    lang="en",
                ),
            )
        ),
        iri("thema", "innovatie"),
        "skos:definition",
    ),
    Break(
        "theme without any definition (NL-SBB)",
        lambda g: drop(g, iri("thema", "kennisdeling"), SKOS.definition),
        iri("thema", "kennisdeling"),
        "skos:definition",
        "NL-SBB skos-ap-nl",
    ),
    Break(
        "top concept with a broader concept",
        lambda g: g.add((iri("thema", "sociaal-domein"), SKOS.broader, iri("thema", "arbeidsmarkt"))),
        iri("thema", "sociaal-domein"),
        "skos:broader",
    ),
    Break(
        "observation with two values",
        lambda g: g.add(
            (
                iri("observatie", "soest-ziekteverzuim-2009-totaal"),
                a("sicknessAbsence"),
                Literal("4.2", datatype=XSD.decimal),
            )
        ),
        iri("observatie", "soest-ziekteverzuim-2009-totaal"),
        "qb:measureType",
    ),
    Break(
        "observation without unit",
        lambda g: drop(g, iri("observatie", "soest-ziekteverzuim-2010-totaal"), SDMX_ATT.unitMeasure),
        iri("observatie", "soest-ziekteverzuim-2010-totaal"),
        "sdmx-attribute:unitMeasure",
    ),
    Break(
        "observation of an unknown measure",
        lambda g: replace(g, iri("observatie", "soest-ziekteverzuim-2011-totaal"), QB.measureType, a("happiness")),
        iri("observatie", "soest-ziekteverzuim-2011-totaal"),
        "qb:measureType",
    ),
    Break(
        "programme that starts after it ends",
        lambda g: replace(
            g, iri("programma", "programma-ao-fonds-2018-2020"), SCHEMA.startDate, Literal("2021", datatype=XSD.gYear)
        ),
        iri("programma", "programma-ao-fonds-2018-2020"),
        "schema:startDate",
    ),
    Break(
        "event with two dates",
        lambda g: g.add(
            (
                iri("evenement", "2017-11-09-integraal-werken"),
                SCHEMA.startDate,
                Literal("2017-11-10", datatype=XSD.date),
            )
        ),
        iri("evenement", "2017-11-09-integraal-werken"),
        "schema:startDate",
    ),
    Break(
        "provenance of a statement that is not in the graph", drop_provenanced_title, None, "rdf:subject"
    ),  # focus: the statement node, found below
    Break(
        "statement neither read nor editorial",
        lambda g: drop(g, SCHEME_STATEMENT, URIRef(PROV + "wasAttributedTo")),
        SCHEME_STATEMENT,
        None,
    ),
    Break("statement both read and editorial", also_read, BROADER_STATEMENT, "rdf:subject"),
    Break("statement both inferred and editorial", also_editorial, MEMBERSHIP_STATEMENT, "rdf:subject"),
    Break(
        "inferred statement that does not say what from",
        lambda g: drop(g, MEMBERSHIP_STATEMENT, URIRef(f"{BASE}def/inferredFrom")),
        MEMBERSHIP_STATEMENT,
        "aeno:inferredFrom",
    ),
    Break(
        "stated number written as text",
        lambda g: replace(g, STADSBEHEER_EMPLOYEES, SCHEMA.value, Literal("ruim 3.000", lang="nl")),
        STADSBEHEER_EMPLOYEES,
        "schema:value",
    ),
    Break(
        "stated number without the source's hedge",
        lambda g: drop(g, STADSBEHEER_EMPLOYEES, a("numberQualifier")),
        STADSBEHEER_EMPLOYEES,
        "aeno:numberQualifier",
    ),
    Break(
        "duration in a unit that is no UN/CEFACT time code",
        lambda g: replace(g, INNOVATION_TEAMS_TIME, SCHEMA.unitCode, Literal("maanden")),
        INNOVATION_TEAMS_TIME,
        "schema:unitCode",
    ),
    Break(
        "frequency as text instead of an EU frequency",
        lambda g: replace(g, iri("programma", "kicker-soest"), a("frequency"), Literal("maandelijks", lang="nl")),
        iri("programma", "kicker-soest"),
        "aeno:frequency",
    ),
    Break(
        "event expected earlier without the status rescheduled",
        lambda g: drop(g, OMGEVINGSWET, SCHEMA.eventStatus),
        OMGEVINGSWET,
        "schema:eventStatus",
    ),
]


def _same_pref_label(g: Graph) -> None:
    """A second theme with the Dutch preferred label of another (NL-SBB: unique within a scheme)."""
    label = next(o for o in g.objects(iri("thema", "arbeidsmarkt"), SKOS.prefLabel) if o.language == "nl")
    replace(g, iri("thema", "personeel"), SKOS.prefLabel, label)


#: NL-SBB's warnings, broken on purpose too: the SPARQL validator must find what pySHACL finds here as well
#: (its SPARQL constraints, sh:disjoint)
WARNINGS = [
    Break(
        "concept whose alternative label is its preferred label",
        lambda g: g.add((iri("thema", "innovatie"), SKOS.altLabel, g.value(iri("thema", "innovatie"), SKOS.prefLabel))),
        iri("thema", "innovatie"),
        "skos:prefLabel",
        "NL-SBB skos-ap-nl",
    ),
    Break(
        "two concepts of a scheme with one notation",
        lambda g: [g.add((iri("thema", s), SKOS.notation, Literal("T1"))) for s in ("vakmanschap", "digitalisering")],
        iri("thema", "vakmanschap"),
        None,
        "NL-SBB skos-ap-nl",
    ),
    Break(
        "two concepts of a scheme with one preferred label",
        _same_pref_label,
        iri("thema", "personeel"),
        None,
        "NL-SBB skos-ap-nl",
    ),
]


@pytest.fixture(scope="module")
def shapes(project):
    return load_shapes(project.shapes_dir, project.iris)


@pytest.fixture(scope="module")
def broken_report(broken_graph, shapes) -> Report:
    return validate(broken_graph, *shapes, Iris(BASE))


def test_the_graph_as_built_has_no_violations(assembled):
    assert assembled.report.count("Violation") == 0, assembled.report.text()


@pytest.mark.parametrize("b", BREAKS, ids=[b.name for b in BREAKS])
def test_shape_reports_the_breakage(broken_report, b):
    found = [
        r
        for r in broken_report.results
        if r.severity == "Violation"
        and r.profile == b.profile
        and (b.focus is None or r.focus == str(b.focus))
        and r.path == b.path
    ]
    assert found, f"no violation for {b.name}; report:\n{broken_report.text(('Violation',))}"
    assert all(r.message_nl and r.message_en for r in found if r.profile == "aeno-shapes")


@pytest.mark.parametrize("b", WARNINGS, ids=[b.name for b in WARNINGS])
def test_nl_sbb_warns_of_the_breakage(broken_report, b):
    assert any(
        r.severity == "Warning" and r.profile == b.profile and r.focus == str(b.focus) and r.path == b.path
        for r in broken_report.results
    ), broken_report.text(("Warning",))


def test_nl_sbb_also_reports_a_top_concept_with_a_broader_concept(broken_report):
    """NL-SBB's rule sits in a shape of severity Warning, so pySHACL reports it as a Warning."""
    assert any(
        r.profile == "NL-SBB skos-ap-nl" and r.focus.endswith("/thema/sociaal-domein") and "topbegrip" in r.message_nl
        for r in broken_report.results
    )


def test_every_message_of_the_project_shapes_is_in_dutch_and_english(shapes):
    own, _ = shapes
    from kg.vocab import SH

    for holder in set(own.subjects(SH.message, None)):
        languages = {m.language for m in own.objects(holder, SH.message)}
        assert languages == {"nl", "en"}, holder


# -- the SPARQL validator (used for large graphs) says the same as pySHACL -----------------------------------


def _store_of(g: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(input=g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _findings(report: Report) -> set[tuple]:
    """What a result says, with blank-node focus nodes (their labels differ between stores) made anonymous."""
    return {
        (r.severity, r.profile, "_:b" if r.focus.startswith("_:") or "/" not in r.focus else r.focus, r.path, r.value)
        for r in report.results
    }


@pytest.fixture(scope="module")
def broken_graph(assembled) -> Graph:
    g = Graph()
    g += assembled.graph
    for b in BREAKS + WARNINGS:
        b.apply(g)
    return g


@pytest.mark.parametrize("which", [pytest.param("as built", marks=pytest.mark.exhaustive), "broken"])
def test_sparql_validator_reports_what_pyshacl_reports(assembled, broken_graph, broken_report, shapes, which):
    """On the broken graph (the graph as built, and every breakage), and on the graph as built alone. (The
    fast loop compares the validators' counts on the graph as built in tests/test_build.py.)"""
    if which == "as built":
        g, by_pyshacl = assembled.graph, validate(assembled.graph, *shapes, Iris(BASE), "pyshacl")
    else:
        g, by_pyshacl = broken_graph, broken_report
    by_sparql = validate(None, *shapes, Iris(BASE), "sparql", _store_of(g))
    assert _findings(by_sparql) == _findings(by_pyshacl)
    assert len(by_sparql.results) == len(by_pyshacl.results)  # the same results as often: build.json counts them
    assert by_sparql.conforms == by_pyshacl.conforms


def test_the_skos_subgraph_from_the_store_is_the_one_from_the_graph(assembled):
    from_graph = skos_subgraph(assembled.graph)
    from_store = skos_subgraph_from_store(_store_of(assembled.graph))
    assert len(from_graph) > 100
    assert isomorphic(from_graph, from_store)


SCHEMES = ["thema", "organisatiesoort", "programmasoort", "publicatiesoort", "uitsplitsing", "bronsoort"]


@pytest.fixture(scope="module")
def undefined_per_scheme(assembled, shapes):
    """One concept of each scheme stripped of its definitions, and the report over that graph."""
    g = Graph()
    for t in assembled.graph:
        g.add(t)
    stripped = {}
    for scheme in SCHEMES:
        concept = sorted(g.subjects(SKOS.inScheme, URIRef(f"{BASE}id/{scheme}")))[0]
        g.remove((concept, SKOS.definition, None))
        stripped[scheme] = concept
    _, nlsbb = shapes
    return stripped, validate(g, Graph(), nlsbb, Iris(BASE))  # NL-SBB is what is asked; no project shapes


@pytest.mark.parametrize("scheme", SCHEMES)
def test_nl_sbb_covers_every_concept_scheme_of_the_graph(undefined_per_scheme, scheme):
    """NL-SBB checks every concept scheme, not only the themes: a concept of any code list without a definition
    is a violation of the official profile."""
    stripped, report = undefined_per_scheme
    assert any(
        r.profile == "NL-SBB skos-ap-nl" and r.severity == "Violation" and r.focus == str(stripped[scheme])
        for r in report.results
    )


def test_the_whole_graph_conforms_to_nl_sbb(assembled):
    assert not [r for r in assembled.report.results if r.profile == "NL-SBB skos-ap-nl" and r.severity == "Violation"]


def test_the_sparql_validator_needs_a_store(assembled, shapes):
    with pytest.raises(KGError, match="Oxigraph store"):
        validate(None, *shapes, Iris(BASE), "sparql")


@pytest.mark.parametrize(
    ("triples", "asked", "engine"),
    [
        (10, "auto", "pyshacl"),
        (PYSHACL_LIMIT + 1, "auto", "sparql"),
        (10, "sparql", "sparql"),
        (10**7, "pyshacl", "pyshacl"),
    ],
)
def test_validator_choice(triples, asked, engine):
    assert engine_for(triples, asked) == engine


def test_an_unknown_validator_is_refused():
    with pytest.raises(KGError, match="unknown validator"):
        engine_for(10, "fast")


# -- pySHACL parses each SPARQL text once (kg.validate.prepared): the same report, faster -----------------------


def _pyshacl_report(data, shapes_graph, focus=None) -> Graph:
    import pyshacl

    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        focus_nodes=focus,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        advanced=True,  # as kg.validate runs it: SPARQL targets
    )
    return report


@pytest.mark.exhaustive  # pySHACL over the whole broken graph once more; the tests below check the view itself
@pytest.mark.parametrize("profile", ["aeno-shapes", "NL-SBB skos-ap-nl"])
def test_prepared_queries_give_the_report_of_plain_pyshacl(broken_graph, broken_report, shapes, profile):
    """The view only changes how often a text is parsed: the report graph is the same as plain pySHACL's on
    the broken graph (with SPARQL targets in our shapes and SPARQL constraints in NL-SBB that find things)."""
    from kg.validate import SKOS_CLASSES
    from kg.vocab import RDF, SH

    own, nlsbb = shapes
    data, focus = broken_graph, None
    if profile != "aeno-shapes":
        data = skos_subgraph(broken_graph)
        focus = sorted({s for c in SKOS_CLASSES for s in data.subjects(RDF.type, c)}, key=str)
    shapes_graph = own if profile == "aeno-shapes" else nlsbb
    prepared = broken_report.graphs[broken_report.profiles.index(profile)]  # kg.validate ran pySHACL on the view
    plain = _pyshacl_report(data, shapes_graph, focus)
    assert len(list(plain.subjects(RDF.type, SH.ValidationResult))) > 0
    assert isomorphic(prepared, plain)


def test_prepared_queries_parse_each_text_once(shapes, assembled):
    """NL-SBB's SPARQL constraints run once per concept; each distinct text is parsed once."""
    from kg.validate import SKOS_CLASSES
    from kg.validate.prepared import data_graph
    from kg.vocab import RDF, SH

    _, nlsbb = shapes
    data = skos_subgraph(assembled.graph)
    focus = sorted({s for c in SKOS_CLASSES for s in data.subjects(RDF.type, c)}, key=str)
    view = data_graph(data)
    _pyshacl_report(view, nlsbb, focus)
    texts = {str(t) for t in nlsbb.objects(None, SH.select)}
    assert len(focus) > 50
    assert 0 < view.impl.parsed <= len(texts)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ex:p ?o }",  # a prefix bound on the graph, not declared in the text
        "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:p ?o }",
        "ASK { $this <http://example.org/p> ?o }",
    ],
)
def test_a_prepared_query_answers_as_rdflib_does(text):
    from kg.validate.prepared import PreparedQueries

    g = Graph()
    g.bind("ex", "http://example.org/")
    g.parse(data="<http://example.org/a> <http://example.org/p> 1 . <http://example.org/b> <http://example.org/q> 2 .")
    view = PreparedQueries(g)
    for this in (URIRef("http://example.org/a"), URIRef("http://example.org/b")):
        binding = {"this": this}
        assert list(view.query(text, initBindings=binding)) == list(g.query(text, initBindings=binding))
    assert view.parsed == 1


# -- the SPARQL validator's forms of sh:maxCount 1 and of any other count select the same focus nodes --------


MAXCOUNT_DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:none a ex:C .
ex:one a ex:C ; ex:p ex:x .
ex:two a ex:C ; ex:p ex:x , ex:y .
ex:plain a ex:C ; ex:p "1" , "1"^^xsd:string .
ex:langs a ex:C ; ex:p "1"@nl , "1"@en .
ex:typed a ex:C ; ex:p "1"^^xsd:integer , "01"^^xsd:integer .
ex:blank a ex:C ; ex:p [] , [] .
ex:three a ex:C ; ex:p 1 , 2 , 3 .
ex:x a ex:C . ex:y a ex:C . ex:one2 a ex:C ; ex:p ex:y . ex:four a ex:C ; ex:p ex:x .
"""


@pytest.mark.parametrize("path", ["<http://example.org/p>", "^<http://example.org/p>"])
@pytest.mark.parametrize("n", [0, 1, 2])
def test_more_than_n_values_is_the_count_above_n(path, n):
    """The forms used for sh:maxCount 0 (any value) and 1 (two values that are not the same term) find
    exactly the nodes whose count of distinct values is above n ("1" and "1"^^xsd:string are one term,
    "1"@nl and "1"@en two, 1 and 01 two), on a path and its inverse; above 1 the count itself is used."""
    from kg.validate.sparql import _PropertyChecks

    store = ox.Store()
    store.load(input=MAXCOUNT_DATA, format=ox.RdfFormat.TURTLE)
    checks = object.__new__(_PropertyChecks)
    checks.focus, checks.p = "?this a <http://example.org/C> .", path
    count = f"SELECT DISTINCT ?this WHERE {{ {checks._count(optional=False)} FILTER (?_n > {n}) }}"
    form = f"SELECT DISTINCT ?this WHERE {{ {checks.more_than(n)} }}"
    expected = {r["this"].value for r in store.query(count)}
    assert {r["this"].value for r in store.query(form)} == expected
    assert expected  # the data has nodes over the limit either way


# -- the SPARQL validator on small shapes beside pySHACL: sh:node, sh:disjoint, SPARQL constraints, focus classes --

SMALL_SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Thing a sh:NodeShape ; sh:targetClass ex:C ; sh:targetSubjectsOf ex:label ;
  sh:property [ sh:path ex:label ; sh:disjoint ex:alt ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex: ; sh:message "no code shared"@en ;
    sh:select "SELECT $this WHERE { $this ex:code ?c . ?other ex:code ?c . FILTER (?this != ?other) }" ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex: ;
    sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:label ?any } }" ] .
"""

#: sh:node as NL-SBB uses it (a concept's dct:source and the shape of a source document)
SMALL_NODE_SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Thing sh:property [ sh:path ex:source ; sh:node ex:Source ; sh:severity sh:Warning ] .
ex:Source a sh:NodeShape ; sh:targetObjectsOf ex:source ;
  sh:property [ sh:path ex:title ; sh:minCount 1 ; sh:datatype xsd:string ] ;
  sh:property [ sh:path ex:page ; sh:nodeKind sh:IRI ; sh:severity sh:Warning ] .
"""

SMALL_DATA = """
@prefix ex: <http://example.org/> .
ex:good a ex:C ; ex:label "a" ; ex:alt "b" ; ex:source ex:s1 , ex:titled ; ex:code "1" .
ex:untitled a ex:C ; ex:label "c" ; ex:source ex:s2 ; ex:code "2" .
ex:same a ex:C ; ex:label "d" ; ex:alt "d" ; ex:code "2" .
ex:unlabelled a ex:C ; ex:source ex:s3 .
ex:titled a ex:C ; ex:label "t" ; ex:title "a source that is a focus node" ; ex:page ex:p .
ex:notfocus a ex:D ; ex:label "e" ; ex:alt "e" .
ex:s1 ex:title "one" ; ex:page "not an IRI" .
ex:s2 ex:page ex:p .
ex:s3 ex:title 3 .
"""


def _small_reports(shapes_text: str, focus_classes: tuple[URIRef, ...]) -> tuple[Report, Report]:
    from kg.validate import _run, _run_sparql

    shapes_graph = Graph().parse(data=shapes_text, format="turtle")
    data = Graph().parse(data=SMALL_DATA, format="turtle")
    store = ox.Store()
    store.load(input=SMALL_DATA, format=ox.RdfFormat.TURTLE)
    focus = sorted(set(data.subjects(RDF.type, URIRef("http://example.org/C"))), key=str) if focus_classes else None
    by_pyshacl, by_sparql = Report(), Report()
    _run(by_pyshacl, data, shapes_graph, focus, "small", [])
    _run_sparql(by_sparql, store, shapes_graph, "small", [], focus_classes)
    return by_pyshacl, by_sparql


C = (URIRef("http://example.org/C"),)


@pytest.mark.parametrize("focus_classes", [(), C], ids=["all targets", "focus class"])
def test_the_sparql_validator_reports_what_pyshacl_reports_on_small_shapes(focus_classes):
    """sh:disjoint, SPARQL constraints ($this only in a FILTER NOT EXISTS too), and a focus restricted to a
    class's members as pySHACL restricts it to a list of focus nodes."""
    by_pyshacl, by_sparql = _small_reports(SMALL_SHAPES, focus_classes)
    found = _findings(by_pyshacl)
    assert {(r[2].rsplit("/", 1)[-1], r[3]) for r in found} >= {
        ("same", "<http://example.org/label>"),
        ("untitled", None),
        ("same", None),
        ("unlabelled", None),
    }
    assert any(r[2].endswith("/notfocus") for r in found) == (not focus_classes)
    assert _findings(by_sparql) == found and len(by_sparql.results) == len(by_pyshacl.results)


def test_sh_node_is_checked_as_pyshacl_checks_it_given_focus_nodes():
    """Given focus nodes, pySHACL checks a value's sh:node only when the value is a focus node itself (a
    source document that is not a concept is not checked at all); the compiled checks do the same."""
    by_pyshacl, by_sparql = _small_reports(SMALL_SHAPES + SMALL_NODE_SHAPES, C)
    assert _findings(by_sparql) == _findings(by_pyshacl) and len(by_sparql.results) == len(by_pyshacl.results)
    values = {r.value for r in by_pyshacl.results}
    assert not values & {f"http://example.org/s{n}" for n in (1, 2, 3)}  # they fail ex:Source, but are not checked


def test_sh_node_without_focus_classes_is_refused():
    with pytest.raises(KGError, match="sh:node is supported only with focus classes"):
        Compiler(Graph().parse(data=SMALL_SHAPES + SMALL_NODE_SHAPES, format="turtle")).checks()


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this ?value WHERE { $this ?p ?value }",  # pySHACL would report ?value; the checks, the focus node
        "SELECT * WHERE { $this ?p ?o }",
        "PREFIX ex: <http://example.org/> SELECT $this WHERE { $this ex:p ?o }",  # prefixes come from sh:prefixes
        "SELECT $this WHERE { $this ?p $PATH }",
    ],
)
def test_a_sparql_constraint_the_checks_would_report_otherwise_than_pyshacl_is_refused(select):
    shapes = f"""@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "{select}" ] ."""
    with pytest.raises(KGError, match="not one the validator can run"):
        Compiler(Graph().parse(data=shapes, format="turtle")).checks()
