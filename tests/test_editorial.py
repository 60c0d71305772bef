"""Reading or editing: every statement about a described thing is either read from a passage of a source page,
read from a register, or marked as the editors' (kg.convert.editorial), and a user can tell which in a query
and on the page."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.vocab import DCTERMS, PROV, RDF, SKOS

BASE = "https://w3id.org/aeno-kg/"
EDITORS = URIRef(f"{BASE}id/organisatie/aeno-kg-uitgever")
PARTICIPATIEWET = URIRef(f"{BASE}id/thema/participatiewet")

HOW = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?how WHERE {
  OPTIONAL { ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage }
  OPTIONAL { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasAttributedTo ?editors }
  BIND (IF(BOUND(?passage), "read", IF(BOUND(?editors), "editorial", "unmarked")) AS ?how)
}"""


def how(graph: Graph, s: URIRef, p: URIRef, o) -> str:
    rows = list(graph.query(HOW, initBindings={"s": s, "p": p, "o": o}))
    return str(rows[0][0])


def test_no_statement_about_a_described_thing_is_left_unmarked(graph):
    """Every triple about a thing with a page is read, from a register, or editorial (types and the
    provenance links themselves aside)."""
    unmarked = list(
        graph.query(
            """
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?s ?p ?o WHERE {
              ?s ?p ?o .
              FILTER (STRSTARTS(STR(?s), STR(?id)) && !STRSTARTS(STR(?s), STR(?sources)) && ?s != ?dataset)
              FILTER (?p NOT IN (rdf:type, prov:wasDerivedFrom, dcterms:source))
              FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?register . FILTER (?register IN (?r1, ?r2)) }
              FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
            }""",
            initBindings={
                "id": Literal(f"{BASE}id/"),
                "sources": Literal(f"{BASE}id/bron/"),
                "dataset": URIRef(f"{BASE}id/dataset/aeno-kg"),
                "r1": URIRef(f"{BASE}id/bron/gemeenten-cbs"),
                "r2": URIRef(f"{BASE}id/bron/veiligheidsregios"),
            },
        )
    )
    assert unmarked == []


def test_a_statement_is_read_or_editorial_never_both(graph):
    both = list(
        graph.query(
            """
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?st WHERE { ?st prov:wasDerivedFrom ?passage ; prov:wasAttributedTo ?editors }"""
        )
    )
    assert both == []


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


def test_register_facts_are_marked_on_the_resource_not_per_statement(graph):
    soest = URIRef(f"{BASE}id/gemeente/soest")
    assert (soest, PROV.wasDerivedFrom, URIRef(f"{BASE}id/bron/gemeenten-cbs")) in graph
    assert how(graph, soest, DCTERMS.identifier, next(graph.objects(soest, DCTERMS.identifier))) == "unmarked"


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
