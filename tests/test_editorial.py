"""Reading, inferring or editing: every statement about a described thing is read from a passage of a source
page, inferred by a named rule, marked as the editors', or the register's (kg.convert.editorial), exactly one
of them; a read statement's passage holds what it states; and a user can tell which in a query and on the page."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from kg.vocab import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS
from tests import marking
from tests.marking import Marks, described, registers

BASE = "https://w3id.org/aeno-kg/"
EDITORS = URIRef(f"{BASE}id/organisatie/aeno-kg-uitgever")
PARTICIPATIEWET = URIRef(f"{BASE}id/thema/participatiewet")
AENO = Namespace(f"{BASE}def/")
#: what a register gives about the things it lists
REGISTER_PROPERTIES = {
    RDFS.label,
    SKOS.altLabel,
    DCTERMS.identifier,
    OWL.sameAs,
    ORG.classification,
    URIRef("http://xmlns.com/foaf/0.1/name"),
    AENO.safetyRegion,
    AENO.province,
}


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return Graph().parse(project.root / "ontology" / "aeno.ttl")


HOW = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX aeno: <https://w3id.org/aeno-kg/def/>
SELECT ?how WHERE {
  OPTIONAL { ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage }
  OPTIONAL { ?i rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; aeno:inferredBy ?rule }
  OPTIONAL { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasAttributedTo ?editors }
  BIND (IF(BOUND(?passage), "read", IF(BOUND(?rule), "inferred", IF(BOUND(?editors), "editorial", "unmarked")))
        AS ?how)
}"""


def how(graph: Graph, s: URIRef, p: URIRef, o) -> str:
    rows = list(graph.query(HOW, initBindings={"s": s, "p": p, "o": o}))
    return str(rows[0][0])


def test_every_statement_about_a_described_thing_is_exactly_one_of_read_inferred_editorial_or_register(graph, ontology):
    """Over the whole graph: each statement about a thing (types, the model and the records of provenance aside)
    is read, inferred, editorial or the register's, and never two of them."""
    marks, regs = Marks.of(graph), registers(graph)
    wrong = [(t, sorted(k)) for t in described(graph, ontology) if len(k := marking.how(graph, marks, regs, t)) != 1]
    assert wrong == []


def test_the_four_kinds_are_all_in_use(graph, ontology):
    marks, regs = Marks.of(graph), registers(graph)
    used = {k for t in described(graph, ontology) for k in marking.how(graph, marks, regs, t)}
    assert used == set(marking.KINDS)


def test_what_is_marked_register_is_what_the_register_files_say(graph, ontology, project):
    """A statement counts as the register's only where the register gives it: its value is in the register's file
    (a name, a code, the TOOI code, the safety region or province by name), for the register's own properties.
    What else is said of a municipality (an org:hasMember, a number a page states) has a mark of its own."""
    marks, regs = Marks.of(graph), registers(graph)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (project.root / "data" / "reference").glob("*.csv"))
    wrong = []
    for s, p, o in described(graph, ontology):
        if marking.how(graph, marks, regs, (s, p, o)) != {"register"}:
            continue
        if p not in REGISTER_PROPERTIES:
            wrong.append((s, p, o))
        elif p == ORG.classification:
            continue  # what kind of organisation the register lists: a municipality, a province, a safety region
        elif isinstance(o, Literal):
            value = str(o).removeprefix("Veiligheidsregio ").removeprefix("Safety region ")
            if value not in text:
                wrong.append((s, p, o))
        elif p == OWL.sameAs:
            if str(o).rsplit("/gm", 1)[-1] not in text:
                wrong.append((s, p, o))
        elif not any(str(n).removeprefix("Veiligheidsregio ") in text for n in graph.objects(o, RDFS.label)):
            wrong.append((s, p, o))
    assert wrong == []


def test_what_a_page_adds_to_a_municipality_is_not_marked_as_the_register(graph):
    """The register gives Soest's name and codes; its members, units and survey mark come from the pages."""
    marks, regs = Marks.of(graph), registers(graph)
    soest = URIRef(f"{BASE}id/gemeente/soest")
    for p in (ORG.hasMember, ORG.hasUnit, URIRef(f"{BASE}def/employeeSurveyScore")):
        values = list(graph.objects(soest, p))
        assert values, p
        assert all(marking.how(graph, marks, regs, (soest, p, o)) != {"register"} for o in values), p
    assert marking.how(graph, marks, regs, (soest, DCTERMS.identifier, Literal("GM0342"))) == {"register"}


def test_every_read_statement_s_passage_holds_its_object(graph):
    """Over the whole graph: the passage a statement is read from states its object: names it, writes its number
    (in digits or words) or its date (as the source writes dates); a reader who follows the link finds it there."""
    marks = Marks.of(graph)
    unheld = [
        (str(t[0]), str(t[1]), str(t[2]), str(graph.value(passage, PROV.value)))
        for t, passages in marks.passages.items()
        for passage in passages
        if not marking.holds(graph, passage, *t)
    ]
    assert len(marks.passages) > 500
    assert unheld == []


def test_every_inferred_statement_names_a_defined_rule_and_what_it_was_inferred_from(graph):
    marks = Marks.of(graph)
    assert marks.rules
    for t, rules in marks.rules.items():
        assert len(rules) == 1, t
        rule = rules[0]
        assert (rule, RDF.type, AENO.InferenceRule) in graph, rule
        assert {d.language for d in graph.objects(rule, SKOS.definition)} == {"nl", "en"}, rule
        bases = marks.bases[t]
        assert bases, t
        for basis in bases:  # a passage of a page, or the statement the rule reverses
            assert (basis, PROV.value, None) in graph or (basis, RDF.type, RDF.Statement) in graph, (t, basis)


def test_editorial_statements_are_attributed_to_the_publisher_of_the_dataset(graph):
    attributed = set(graph.objects(None, PROV.wasAttributedTo))
    assert attributed == {EDITORS}


@pytest.mark.parametrize(
    ("p", "o", "expected"),
    [
        # the Dutch name is on the page's tag line; the English one is the editors'
        (SKOS.prefLabel, Literal("Participatiewet", lang="nl"), "read"),
        (SKOS.prefLabel, Literal("Participation Act", lang="en"), "editorial"),
        # the hierarchy and the definition are the editors'
        (SKOS.broader, URIRef(f"{BASE}id/thema/arbeidsmarkt"), "editorial"),
        (SKOS.inScheme, URIRef(f"{BASE}id/thema"), "editorial"),
    ],
)
def test_a_user_can_tell_reading_from_editing_in_a_query(graph, p, o, expected):
    assert (PARTICIPATIEWET, p, o) in graph
    assert how(graph, PARTICIPATIEWET, p, o) == expected


def test_a_definition_that_states_an_outside_fact_names_the_document_behind_it(graph):
    definition = next(d for d in graph.objects(PARTICIPATIEWET, SKOS.definition) if d.language == "nl")
    assert "1 januari 2015" in definition
    sources = {
        doc
        for st in graph.subjects(RDF.subject, PARTICIPATIEWET)
        if (st, RDF.predicate, SKOS.definition) in graph and (st, RDF.object, definition) in graph
        for doc in graph.objects(st, DCTERMS.source)
    }
    law = URIRef("https://wetten.overheid.nl/BWBR0015703")
    assert sources == {law}
    assert (law, DCTERMS.title, Literal("Participatiewet", lang="nl")) in graph


def test_a_project_tag_read_from_the_page_is_not_marked_editorial(graph):
    project = URIRef(f"{BASE}id/project/rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers")
    theme = URIRef(f"{BASE}id/thema/banenafspraak")
    assert how(graph, project, URIRef("http://purl.org/dc/terms/subject"), theme) in {"read", "unmarked"}
    assert any(how(graph, project, p, theme) == "read" for p in graph.predicates(project, theme))


def test_the_page_marks_editorial_values_and_names_the_outside_source(client):
    html = client.get("/doc/thema/participatiewet", headers={"Accept": "text/html"}).data.decode()
    assert 'class="editorial"' in html and ">redactie<" in html
    assert 'href="https://wetten.overheid.nl/BWBR0015703">Participatiewet</a>' in html


def test_the_resource_in_turtle_carries_its_editorial_statements(client):
    r = client.get("/doc/thema/participatiewet", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.data, format="turtle")
    editorial = set(g.subjects(PROV.wasAttributedTo, EDITORS))
    assert editorial and all((st, RDF.subject, PARTICIPATIEWET) in g for st in editorial)
    assert URIRef("https://wetten.overheid.nl/BWBR0015703") in set(g.objects(None, DCTERMS.source))


def folded(text: str) -> str:
    """Case and kinds of space aside (the pages use no-break spaces)."""
    return " ".join(text.split()).casefold()


NAME_PROPERTIES = ["rdfs:label", "skos:prefLabel", "dcterms:title", "schema:name", "foaf:name", "skos:altLabel"]


@pytest.mark.parametrize("prop", NAME_PROPERTIES)
def test_a_name_marked_as_read_is_in_its_passage(graph, prop):
    """A name the editors composed ("Bijeenkomst ... (juni 2018, eerste van twee)") must not be credited to a
    passage that does not contain it; such a name is editorial."""
    rows = graph.query(
        f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX schema: <http://schema.org/>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?name ?quote WHERE {{
          ?st rdf:predicate {prop} ; rdf:subject ?s ; rdf:object ?name ; prov:wasDerivedFrom/prov:value ?quote }}"""
    )
    credited = [(str(s), str(n), str(q)) for s, n, q in rows]
    assert credited, f"no {prop} is read from a passage"
    wrong = [(s, n) for s, n, q in credited if folded(n) not in folded(q)]
    assert wrong == []


@pytest.mark.parametrize(
    "thing",
    [
        f"{BASE}id/programma/programma-ao-fonds-2018-2020",  # "In het programma van A+O fonds Gemeenten ..."
        f"{BASE}id/publicatie/trendstudie-g32",  # "de trendstudie die Platform31 uitvoerde in opdracht van de G32"
    ],
)
def test_a_name_the_editors_composed_is_an_editorial_label_not_a_title(graph, thing):
    node = URIRef(thing)
    assert (node, DCTERMS.title, None) not in graph
    label = next(lb for lb in graph.objects(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert how(graph, node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), label) == "editorial"


def test_the_page_shows_an_inferred_value_with_its_rule_and_the_passage_it_starts_from(client):
    html = client.get("/doc/persoon/claudia-baars", headers={"Accept": "text/html"}).data.decode()
    part = html[html.index("<summary>afgeleid</summary>") :]
    assert 'href="/doc/afleidingsregel/e-maildomein">Organisatie uit het e-maildomein</a>' in part[:600]
    assert "<blockquote>c.baars@rotterdam.nl</blockquote>" in part[:1200]


def test_the_page_shows_a_reversed_relation_with_the_statement_it_reverses(client):
    html = client.get("/doc/gemeente/rotterdam", headers={"Accept": "text/html"}).data.decode()
    assert "Omgekeerd uit: Stadsbeheer Rotterdam · " in html


def test_the_page_shows_a_theme_the_editors_gave_with_the_passage_it_rests_on(client):
    html = client.get("/doc/project/3-2-1-co-2016-werken-in-friesland", headers={"Accept": "text/html"}).data.decode()
    assert "<summary>op grond van</summary>" in html
    assert "<blockquote>Zodat we onze kennis samen up-to-date houden.</blockquote>" in html


def test_the_resource_in_turtle_carries_its_inferred_statements(client):
    r = client.get("/doc/persoon/claudia-baars", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.data, format="turtle")
    rules = set(g.objects(None, AENO.inferredBy))
    assert rules == {URIRef(f"{BASE}id/afleidingsregel/e-maildomein")}


def test_a_statement_a_passage_states_is_read_even_where_a_rule_also_gives_it():
    """A page-wide theme that a project's own text also names is read, not inferred as well (a statement has one
    mark); a statement only a rule gives is inferred once, with each passage that rule started from."""
    from kg.convert.editorial import Marker
    from kg.convert.emit import Emitter, Triples
    from kg.iris import Iris
    from kg.records import Span

    iris = Iris(BASE)
    texts = {"p": "Leren en veranderen. Dit project gaat over zelforganisatie en zelforganisatie."}
    triples = Triples()
    triples.mark(Marker(iris))
    e = Emitter(iris, texts, {}, triples)
    project, theme, other = iris.thing("project", "x"), iris.thing("theme", "zelforganisatie"), iris.thing("theme", "y")
    rule = iris.thing("inference-rule", "hele-pagina")
    e.infer(project, DCTERMS.subject, theme, rule, e.passage(Span("p", 0, 19)))
    e.add(project, DCTERMS.subject, theme, Span("p", 42, 58))
    e.infer(project, DCTERMS.subject, other, rule, e.passage(Span("p", 0, 19)))
    e.infer(project, DCTERMS.subject, other, rule, e.passage(Span("p", 62, 78)))
    triples.end_marking({})
    g = Graph().parse(data="\n".join(triples.lines), format="nt")
    read, inferred = e.statement(project, DCTERMS.subject, theme), e.statement(project, DCTERMS.subject, other)
    assert (read, PROV.wasDerivedFrom, None) in g and (read, AENO.inferredBy, None) not in g
    assert set(g.objects(inferred, AENO.inferredBy)) == {rule} and len(set(g.objects(inferred, AENO.inferredFrom))) == 2
