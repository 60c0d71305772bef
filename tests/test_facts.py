"""Facts the sources state as values a user can query: numbers with the source's hedge, partners, films, the
Soest practices, and key figures whose dimensions each mean one thing. Each test is a question a user asks."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef

from kg.dutch import fold

BASE = "https://w3id.org/aeno-kg/"
PREFIXES = f"""
PREFIX aeno: <{BASE}def/>
PREFIX id: <{BASE}id/>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-code: <http://purl.org/linked-data/sdmx/2009/code#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def ask(graph: Graph, query: str) -> list[tuple]:
    """Run a query; `id:kind/slug` is written out as a full IRI (SPARQL's prefixed names cannot hold a slash)."""
    query = re.sub(r"\bid:([a-z-]+/[A-Za-z0-9-]*)", lambda m: f"<{BASE}id/{m.group(1)}>", query)
    return [tuple(r) for r in graph.query(PREFIXES + query)]


def test_how_many_people_work_at_stadsbeheer_rotterdam(graph):
    rows = ask(
        graph,
        """SELECT ?value ?min ?qualifier WHERE {
             <https://w3id.org/aeno-kg/id/organisatie/stadsbeheer-rotterdam> schema:numberOfEmployees ?q .
             ?q schema:value ?value ; schema:minValue ?min ; aeno:numberQualifier/skos:prefLabel ?qualifier .
             FILTER (LANG(?qualifier) = "nl") }""",
    )
    assert [(int(v), int(m), str(q)) for v, m, q in rows] == [(3000, 3000, "Meer dan")]


def test_how_many_of_soests_employees_took_the_learning_programme(graph):
    rows = ask(
        graph,
        """SELECT ?value ?max ?of WHERE {
             id:project/soest-samenwerken-doe-je-niet-in-je-eentje aeno:participantCount ?q .
             ?q schema:value ?value ; schema:maxValue ?max ; aeno:outOf ?of }""",
    )
    assert [(int(v), int(m), int(o)) for v, m, o in rows] == [(250, 250, 275)]


def test_which_projects_coached_more_than_three_teams(graph):
    rows = ask(
        graph,
        """SELECT ?project ?n WHERE {
             ?project a aeno:Project ; aeno:teamCount/schema:value ?n FILTER (?n > 3) } ORDER BY ?n""",
    )
    assert [(str(p).rsplit("/", 1)[-1], int(n)) for p, n in rows] == [
        ("oss-osse-manier-van-zelforganisatie", 5),
        ("soest-innovatieteams", 18),
    ]


def test_what_the_west_brabant_municipalities_spend_on_hiring(graph):
    rows = ask(
        graph,
        """SELECT ?value ?currency ?about WHERE {
             id:organisatie/regio-west-brabant aeno:hiringSpend ?q .
             ?q a schema:MonetaryAmount ; schema:value ?value ; schema:currency ?currency ; schema:description ?about
             FILTER (LANG(?about) = "nl") } ORDER BY ?value""",
    )
    assert [(int(v), str(c)) for v, c, _ in rows] == [(50000, "EUR"), (50000000, "EUR")]
    assert "25 gemeenten" in str(rows[1][2])


def test_soests_employee_survey_mark(graph):
    rows = ask(graph, "SELECT ?v WHERE { id:gemeente/soest aeno:employeeSurveyScore/schema:value ?v }")
    assert [int(v) for (v,) in rows] == [8]


def test_every_stated_number_has_the_passage_it_was_read_from(graph):
    rows = ask(
        graph,
        """SELECT ?q ?value ?quote WHERE {
             ?q schema:value ?value .
             FILTER (STRSTARTS(STR(?q), STR(id:hoeveelheid/)))
             OPTIONAL { ?st rdf:subject ?q ; rdf:predicate schema:value ; rdf:object ?value ;
                            prov:wasDerivedFrom/prov:value ?quote } }""",
    )
    assert len(rows) >= 9
    words = {  # how the sources write numbers in words
        Decimal(2): ["twee"],
        Decimal("2.5"): ["tweeënhalve"],
        Decimal(3): ["drie", "drietal"],
        Decimal(4): ["vier"],
        Decimal(5): ["vijf"],
        Decimal(18): ["Achttien"],
        Decimal(50000000): ["50 miljoen"],
    }
    for q, value, quote in rows:
        assert quote is not None, q
        n = Decimal(str(value))
        digits = re.escape(f"{n.normalize():,f}".replace(",", "_").replace(".", ",").replace("_", "."))
        said = [re.escape(w) for w in words.get(n, [])] + [rf"(?<![\d.,]){digits}(?![\d,]|\.\d)"]
        assert any(re.search(w, str(quote)) for w in said), (q, value, quote)


def test_who_the_fund_works_with(graph):
    rows = ask(graph, "SELECT ?partner WHERE { id:organisatie/ao-fonds-gemeenten org:linkedTo ?partner }")
    assert {str(p).rsplit("/", 1)[-1] for (p,) in rows} == {
        "vng",
        "platform31",
        "andere-ao-en-oo-fondsen",
        "klankbordgroepen-ao-fonds-gemeenten",
    }


def test_the_films_on_the_project_page(graph):
    rows = ask(
        graph,
        """SELECT ?title WHERE { ?film dcterms:type id:publicatiesoort/film ; dcterms:title ?title ;
                                       prov:wasDerivedFrom id:bron/innovatieve-projecten } ORDER BY ?title""",
    )
    assert [str(t) for (t,) in rows] == [
        "Waar ben je tegenaan gelopen en hoe heb je dat opgelost?",
        "Wat is jouw Gouden Tip om met leren & veranderen aan de slag te gaan?",
    ]


def test_the_kicker_is_an_award_of_soest(graph):
    rows = ask(
        graph,
        """SELECT ?kind ?by WHERE { id:programma/kicker-soest dcterms:type ?kind ; aeno:organisedBy ?by }""",
    )
    assert [(str(k).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1]) for k, b in rows] == [("prijs", "soest")]


def test_how_many_pilot_labs_and_results_the_terneuzen_project_sets_out(graph):
    rows = ask(
        graph,
        """SELECT ?phases ?pilots ?results WHERE {
             id:project/terneuzen-het-nieuwe-samenspel aeno:partCount/schema:value ?phases ;
                 aeno:pilotCount/schema:value ?pilots ; aeno:intendedResultCount/schema:value ?results }""",
    )
    assert [tuple(int(x) for x in r) for r in rows] == [(2, 5, 6)]


def test_how_many_of_delfts_posts_must_earn_back_their_cost(graph):
    rows = ask(
        graph,
        """SELECT ?n ?of WHERE { id:project/delft-leerroute-publiek-ondernemerschap aeno:postCount ?q .
                                ?q schema:value ?n ; aeno:outOf ?of }""",
    )
    assert [(int(n), int(o)) for n, o in rows] == [(2, 3)]


def test_how_long_the_innovation_teams_had_for_their_proposals(graph):
    rows = ask(
        graph,
        """SELECT ?value ?unit WHERE { id:project/soest-innovatieteams schema:duration ?d .
                                      ?d schema:value ?value ; schema:unitCode ?unit }""",
    )
    assert [(int(v), str(u)) for v, u in rows] == [(2, "MON")]


def test_which_trainings_took_less_than_a_week(graph):
    rows = ask(
        graph,
        """SELECT ?what ?days WHERE { ?what aeno:trainingDuration ?d .
                                     ?d schema:unitCode "DAY" ; schema:value ?days FILTER (?days < 5) }""",
    )
    assert [(str(w).rsplit("/", 1)[-1], Decimal(str(d))) for w, d in rows] == [
        ("soest-samenwerken-doe-je-niet-in-je-eentje", Decimal("2.5"))
    ]


def test_which_awards_are_handed_out_monthly(graph):
    rows = ask(
        graph,
        """SELECT ?award ?passage WHERE {
             ?award dcterms:type id:programmasoort/prijs ;
                    aeno:frequency <http://publications.europa.eu/resource/authority/frequency/MONTHLY> .
             ?st rdf:subject ?award ; rdf:predicate aeno:frequency ; prov:wasDerivedFrom/prov:value ?passage }""",
    )
    assert [(str(a).rsplit("/", 1)[-1], "maandelijks" in str(p)) for a, p in rows] == [("kicker-soest", True)]


def test_what_happened_in_2010(graph):
    rows = ask(
        graph,
        """SELECT ?event ?who WHERE { ?event a aeno:Event ; schema:startDate ?d ; schema:organizer ?who ;
                                          aeno:statedStartDate ?year
             FILTER (?d >= "2010-01-01"^^xsd:date && ?d < "2011-01-01"^^xsd:date) }""",
    )
    assert [(str(e).rsplit("/", 1)[-1], str(w).rsplit("/", 1)[-1]) for e, w in rows] == [
        ("2010-oordeel-college-soest", "college-van-b-en-w-soest")
    ]


def test_when_the_three_decentralisations_took_effect(graph):
    rows = ask(
        graph,
        """SELECT ?date ?parts ?passage WHERE {
             ?event dcterms:subject id:thema/sociaal-domein ; schema:startDate ?date ;
                    aeno:partCount/schema:value ?parts .
             ?st rdf:subject ?event ; rdf:predicate schema:startDate ; prov:wasDerivedFrom/prov:value ?passage }""",
    )
    assert [(str(d), int(n), "1-1-2015" in str(p)) for d, n, p in rows] == [("2015-01-01", 3, True)]


def test_the_omgevingswet_the_source_expected_in_2018_is_rescheduled_by_the_editors_with_the_law(graph):
    rows = ask(
        graph,
        """SELECT ?expected ?date ?status ?law WHERE {
             id:evenement/inwerkingtreding-omgevingswet schema:previousStartDate ?expected ;
                 schema:startDate ?date ; schema:eventStatus ?status .
             ?read rdf:subject id:evenement/inwerkingtreding-omgevingswet ; rdf:predicate schema:previousStartDate ;
                   prov:wasDerivedFrom ?passage .
             ?edited rdf:subject id:evenement/inwerkingtreding-omgevingswet ; rdf:predicate schema:startDate ;
                     prov:wasAttributedTo ?editors ; dcterms:source ?law }""",
    )
    assert [(str(e), str(d), str(s).rsplit("/", 1)[-1], str(law)) for e, d, s, law in rows] == [
        ("2018", "2024-01-01", "EventRescheduled", "https://wetten.overheid.nl/BWBR0037885")
    ]


# -- key figures: one meaning per dimension --------------------------------------------------------------------


def test_each_observation_has_one_sex_and_one_salary_scale(graph):
    rows = ask(
        graph,
        """SELECT ?obs (COUNT(DISTINCT ?sex) AS ?s) (COUNT(DISTINCT ?scale) AS ?c) WHERE {
             ?obs a qb:Observation .
             OPTIONAL { ?obs sdmx-dimension:sex ?sex } OPTIONAL { ?obs aeno:salaryScale ?scale } } GROUP BY ?obs""",
    )
    assert len(rows) == 17
    assert {(int(s), int(c)) for _, s, c in rows} == {(1, 1)}


def test_the_women_among_soests_employees_are_found_by_the_sdmx_sex_code(graph):
    rows = ask(
        graph,
        """SELECT ?n WHERE { ?obs sdmx-dimension:sex sdmx-code:sex-F ; aeno:employees ?n }""",
    )
    assert [int(n) for (n,) in rows] == [147]


@pytest.mark.parametrize(("scale", "share"), [("schaal-1-6", "12"), ("schaal-13-en-hoger", "6")])
def test_a_salary_scale_share_is_found_by_its_scale(graph, scale, share):
    rows = ask(
        graph,
        f"""SELECT ?v WHERE {{ ?obs aeno:salaryScale id:uitsplitsing/{scale} ; aeno:salaryScaleShare ?v ;
                                  sdmx-dimension:sex sdmx-code:sex-T }}""",
    )
    assert [Decimal(str(v)) for (v,) in rows] == [Decimal(share)]


def test_no_observation_uses_the_deprecated_breakdown(graph):
    assert not list(graph.subject_objects(URIRef(f"{BASE}def/breakdown")))


# -- counts count what their property says --------------------------------------------------------------------

COUNTED_AS = URIRef(f"{BASE}def/countedAs")


def _counted(ontology: Graph) -> dict[URIRef, set[str]]:
    out: dict[URIRef, set[str]] = {}
    for p, noun in ontology.subject_objects(COUNTED_AS):
        out.setdefault(p, set()).add(str(noun))
    return out


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return Graph().parse(project.root / "ontology" / "aeno.ttl")


def test_the_oss_organisation_advisers_are_counted_as_advisers_not_as_participants(graph):
    rows = ask(
        graph,
        """SELECT ?p ?value ?what WHERE {
             id:project/oss-osse-manier-van-zelforganisatie ?p ?q .
             ?q schema:value ?value ; schema:unitText ?what . FILTER (LANG(?what) = "nl") }""",
    )
    counts = {(str(p).rsplit("/", 1)[-1], int(v), str(w)) for p, v, w in rows}
    assert ("adviserCount", 4, "organisatieadviseurs") in counts
    assert [c for c in counts if c[0] == "participantCount"] == [("participantCount", 110, "medewerkers")]


def test_3_2_1_co_counts_its_finalists_not_its_participants(graph):
    rows = ask(graph, "SELECT ?p ?value WHERE { id:programma/3-2-1-co-2016 ?p ?q . ?q schema:value ?value }")
    assert [(str(p).rsplit("/", 1)[-1], int(v)) for p, v in rows] == [("finalistCount", 10)]


def test_every_count_counts_what_its_property_counts_and_its_passage_names_it(graph, ontology):
    """Over the whole graph: each use of a count property names what it counts (schema:unitText, as the passage
    writes it) with one of the nouns the property's definition counts (aeno:countedAs), or a compound ending in
    one; so a team of advisers is not a number of participants, nor finalists all entrants."""
    counted = _counted(ontology)
    uses = list(
        graph.query(
            PREFIXES
            + """SELECT ?s ?p ?what ?quote WHERE {
          ?s ?p ?q . ?q schema:unitText ?what . FILTER (LANG(?what) = "nl")
          ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?q ; prov:wasDerivedFrom/prov:value ?quote }"""
        )
    )
    counts = [(s, p, str(w), str(q)) for s, p, w, q in uses if p in counted]
    assert len(counts) >= 10
    wrong = [
        (str(s), str(p), what)
        for s, p, what, quote in counts
        if not fold(what).endswith(tuple(fold(n) for n in counted[p])) or fold(what) not in fold(quote)
    ]
    assert wrong == []
    assert {p for _, p, _, _ in counts} >= {URIRef(f"{BASE}def/{n}") for n in ("participantCount", "adviserCount")}


def test_each_count_property_defines_what_it_counts_with_the_nouns_it_counts(ontology):
    """The definition (rdfs:comment) of each of our count properties names every noun it counts, in Dutch, and
    the roles are kept apart: no noun is counted by the property for participants and by another."""
    counted = {p: nouns for p, nouns in _counted(ontology).items() if str(p).startswith(f"{BASE}def/")}
    assert len(counted) >= 9
    for p, nouns in counted.items():
        definition = next(
            str(c)
            for c in ontology.objects(p, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))
            if c.language == "nl"
        )
        assert all(n in definition for n in nouns), (p, nouns, definition)
    participants = counted[URIRef(f"{BASE}def/participantCount")]
    for p, nouns in counted.items():
        if p != URIRef(f"{BASE}def/participantCount"):
            assert not nouns & participants, p


# -- inferences say they are ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "p", "o", "rule"),
    [
        ("persoon/claudia-baars", "org:memberOf", "gemeente/rotterdam", "e-maildomein"),
        ("gemeente/rotterdam", "org:hasMember", "persoon/claudia-baars", "omgekeerde-relatie"),
        ("persoon/age-veenstra", "org:memberOf", "gemeente/soest", "plaats-van-het-verhaal"),
        ("gemeente/rotterdam", "org:hasUnit", "organisatie/stadsbeheer-rotterdam", "omgekeerde-relatie"),
        ("publicatie/zo-kan-het-ook", "dcterms:creator", "organisatie/factor-vijf", "maker-van-de-reeks"),
        ("project/eindhoven-planlab", "aeno:programme", "programma/innovatie-projectenregeling", "hele-pagina"),
        ("bron/innovatieve-projecten", "dcterms:publisher", "organisatie/ao-fonds-gemeenten", "wij-van-de-pagina"),
        (
            "project/rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers",
            "aeno:carriedOutBy",
            "organisatie/stadsbeheer-rotterdam",
            "beschreven-vanuit-onderdeel",
        ),
        (
            "programma/kicker-soest",
            "dcterms:relation",
            "project/soest-samenwerken-doe-je-niet-in-je-eentje",
            "verwijzend-woord",
        ),
        ("publicatie/film-waar-ben-je-tegenaan-gelopen", "dcterms:subject", "thema/leren-en-veranderen", "hele-pagina"),
    ],
)
def test_a_statement_a_rule_infers_says_by_which_rule_and_from_what(graph, s, p, o, rule):
    rows = ask(
        graph,
        f"""SELECT ?rule ?basis WHERE {{
              id:{s} {p} id:{o} .
              ?st rdf:subject id:{s} ; rdf:predicate {p} ; rdf:object id:{o} ;
                  aeno:inferredBy ?rule ; aeno:inferredFrom ?basis .
              FILTER NOT EXISTS {{ ?st prov:wasDerivedFrom ?passage }} }}""",
    )
    assert [str(r).rsplit("/", 1)[-1] for r, _ in rows] == [rule]


def test_a_date_taken_from_a_file_name_is_inferred_from_that_file_name(graph):
    rows = ask(
        graph,
        """SELECT ?date ?rule ?quote WHERE {
             id:publicatie/overheidsprofessionals-werken-aan-nieuwe-rollen dcterms:issued ?date .
             ?st rdf:subject id:publicatie/overheidsprofessionals-werken-aan-nieuwe-rollen ;
                 rdf:predicate dcterms:issued ; aeno:inferredBy ?rule ; aeno:inferredFrom/prov:value ?quote }""",
    )
    assert [(str(d), str(r).rsplit("/", 1)[-1], str(q)) for d, r, q in rows] == [
        ("2015-05-08", "datum-in-bestandsnaam", "AO_gemeenten_rapport_overheidsprofessionals_08-05-2015")
    ]


def test_platform31_takes_part_in_the_project_it_is_named_in_with(graph):
    rows = ask(
        graph,
        """SELECT ?quote WHERE {
             id:project/met-een-gezonde-dosis-lef-de-wijk-in schema:contributor id:organisatie/platform31 .
             ?st rdf:subject id:project/met-een-gezonde-dosis-lef-de-wijk-in ; rdf:object id:organisatie/platform31 ;
                 prov:wasDerivedFrom/prov:value ?quote }""",
    )
    (quote,) = [str(q) for (q,) in rows]
    assert "Platform31" in quote and "Met een gezonde dosis lef de wijk in" in quote
    assert not graph.query(
        PREFIXES + f"ASK {{ <{BASE}id/project/met-een-gezonde-dosis-lef-de-wijk-in> aeno:carriedOutBy ?x }}"
    ).askAnswer


# -- what the pages name, a user can look up ---------------------------------------------------------------------


def test_the_competition_has_the_jury_that_chose_its_finalists(graph):
    rows = ask(
        graph, "SELECT ?kind WHERE { id:programma/3-2-1-co-2016 aeno:jury ?jury . ?jury org:classification ?kind }"
    )
    assert [str(k).rsplit("/", 1)[-1] for (k,) in rows] == ["jury"]


@pytest.mark.parametrize(
    ("thing", "kind", "title"),
    [
        ("hr-visie-onderweg-naar-een-arbeidsmarkt", "visie", "Onderweg naar één arbeidsmarkt"),
        ("film-fish", "film", "Fish"),
        ("infographic-ao-fonds", "infographic", "infographic-ao-fonds"),
    ],
)
def test_a_work_the_pages_name_is_a_publication_of_its_kind(graph, thing, kind, title):
    rows = ask(
        graph, f"SELECT ?kind ?title WHERE {{ id:publicatie/{thing} dcterms:type ?kind ; dcterms:title ?title }}"
    )
    assert [(str(k).rsplit("/", 1)[-1], str(t)) for k, t in rows] == [(kind, title)]


def test_the_kick_off_film_belongs_to_soests_learning_programme(graph):
    assert graph.query(
        PREFIXES
        + f"""ASK {{ <{BASE}id/project/soest-samenwerken-doe-je-niet-in-je-eentje>
        dcterms:relation <{BASE}id/publicatie/film-fish> }}"""
    ).askAnswer


def test_soests_instruments_for_development_and_careers(graph):
    rows = ask(
        graph,
        """SELECT ?name WHERE { ?i dcterms:type id:programmasoort/instrument ; aeno:organisedBy id:gemeente/soest ;
                                  rdfs:label ?name FILTER (LANG(?name) = "nl") } ORDER BY ?name""",
    )
    assert [str(n) for (n,) in rows] == [
        "360 graden feedback",
        "Competentiescans",
        "Loopbaanadvies",
        "Ontwikkelgesprekken",
    ]


def test_the_personnel_monitor_appears_yearly(graph):
    rows = ask(graph, "SELECT ?f WHERE { id:publicatie/personeelsmonitor aeno:frequency ?f }")
    assert [str(f) for (f,) in rows] == ["http://publications.europa.eu/resource/authority/frequency/ANNUAL"]


def test_delfts_earning_model_must_start_by_a_date(graph):
    rows = ask(
        graph,
        """SELECT ?due WHERE { id:project/delft-leerroute-publiek-ondernemerschap dcterms:relation ?model .
                               ?model aeno:dueDate ?due }""",
    )
    assert [(d.datatype, str(d)) for (d,) in rows] == [(URIRef("http://www.w3.org/2001/XMLSchema#date"), "2018-01-01")]


def test_the_target_groups_of_the_vng_and_fund_programme_in_their_order(graph):
    rows = ask(
        graph,
        """SELECT ?position ?group WHERE { id:programma/lerend-werken schema:audience ?a ;
                                             aeno:organisedBy id:organisatie/vng, id:organisatie/ao-fonds-gemeenten .
                                           ?a schema:position ?position ; schema:audienceType ?group }
           ORDER BY ?position""",
    )
    assert [(int(p), str(g)) for p, g in rows] == [(1, "HRM"), (2, "inkopers")]


def test_soests_sickness_absence_figures_say_what_they_leave_out(graph):
    rows = ask(
        graph,
        """SELECT ?o (GROUP_CONCAT(STRAFTER(STR(?x), "uitsluiting/"); separator=" ") AS ?left) WHERE {
             ?o qb:measureType aeno:sicknessAbsence ; aeno:exclusion ?x } GROUP BY ?o""",
    )
    assert len(rows) == 5
    assert {tuple(sorted(str(x).split())) for _, x in rows} == {("langdurig-zieken", "zwangerschap")}
    assert not ask(graph, "SELECT ?c WHERE { ?o qb:measureType aeno:sicknessAbsence ; rdfs:comment ?c }")
