"""Dutch names for the terms of standard vocabularies that pages show, and how pages group properties.

Our own terms (aeno:) are labelled in the ontology, which is part of the served graph; standard terms are
named here, so a page says "thema" rather than dcterms:subject.
"""

from __future__ import annotations

from kg.iris import Iris
from kg.vocab import STANDARD

NS = STANDARD


def _x(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return NS[prefix] + local


#: properties a page never shows: misspellings kept for search (the RDF document still has them)
NOT_SHOWN = frozenset({_x("skos:hiddenLabel")})


PROPERTIES = {
    _x(k): v
    for k, v in {
        "rdf:type": "soort",
        "rdfs:label": "naam",
        "rdfs:comment": "toelichting",
        "rdfs:isDefinedBy": "gedefinieerd in",
        "skos:prefLabel": "voorkeursterm",
        "skos:altLabel": "andere schrijfwijze",
        "skos:definition": "definitie",
        "skos:inScheme": "begrippenkader",
        "skos:broader": "breder thema",
        "skos:narrower": "smaller thema",
        "skos:topConceptOf": "topbegrip van",
        "skos:hasTopConcept": "topbegrip",
        "skos:exactMatch": "is gelijk aan",
        "skos:closeMatch": "komt overeen met",
        "skos:broadMatch": "valt onder",
        "skos:relatedMatch": "verwant aan",
        "dcterms:title": "titel",
        "dcterms:description": "beschrijving",
        "dcterms:subject": "thema",
        "dcterms:identifier": "identificatie",
        "dcterms:source": "bron",
        "dcterms:creator": "maker",
        "dcterms:isPartOf": "onderdeel van",
        "dcterms:hasPart": "bevat",
        "dcterms:relation": "zie ook",
        "dcterms:hasFormat": "ook als",
        "dcterms:publisher": "uitgever",
        "dcterms:language": "taal",
        "dcterms:type": "soort",
        "dcterms:bibliographicCitation": "citeren als",
        "foaf:name": "naam",
        "foaf:page": "pagina",
        "vcard:fn": "volledige naam",
        "vcard:hasEmail": "e-mail",
        "vcard:hasTelephone": "telefoon",
        "org:memberOf": "lid van",
        "org:hasMember": "lid",
        "org:unitOf": "onderdeel van",
        "org:hasUnit": "onderdeel",
        "org:classification": "soort organisatie",
        "owl:sameAs": "zelfde als",
        "prov:wasDerivedFrom": "afgeleid van",
        "prov:wasQuotedFrom": "geciteerd uit",
        "prov:value": "geciteerde tekst",
        "prov:alternateOf": "andere vorm van",
        "schema:startDate": "begin",
        "schema:endDate": "einde",
        "schema:previousStartDate": "eerder verwacht begin",
        "schema:eventStatus": "status",
        "schema:duration": "duur",
        "schema:numberOfEmployees": "aantal medewerkers",
        "schema:value": "waarde",
        "schema:minValue": "ten minste",
        "schema:maxValue": "ten hoogste",
        "schema:unitText": "eenheid",
        "schema:unitCode": "eenheidscode (UN/CEFACT)",
        "schema:currency": "valuta",
        "schema:name": "naam",
        "schema:jobTitle": "functie",
        "schema:contributor": "medewerking",
        "schema:about": "gaat over",
        "schema:organizer": "organisator",
        "schema:award": "onderscheiding",
        "schema:audience": "doelgroep",
        "schema:audienceType": "doelgroep, zoals genoemd",
        "schema:position": "plaats in de volgorde",
        "qudt:symbol": "symbool",
        "skos:notation": "code",
        "dcat:contactPoint": "contactpersoon",
        "dcat:mediaType": "mediatype",
        "qb:dataSet": "dataset",
        "qb:measureType": "maat",
        "qb:structure": "structuur",
        "sdmx-dimension:refArea": "gebied",
        "sdmx-dimension:refPeriod": "periode",
        "sdmx-attribute:unitMeasure": "eenheid",
        "rdf:subject": "onderwerp",
        "rdf:predicate": "eigenschap",
        "rdf:object": "waarde",
        "spdx:checksum": "controlegetal",
        "time:hasBeginning": "begin",
        "time:hasEnd": "einde",
        "time:inXSDDate": "datum",
    }.items()
}

INVERSE = {
    _x(k): v
    for k, v in {
        "dcterms:subject": "Met dit thema",
        "skos:inScheme": "Begrippen in dit kader",
        "skos:broader": "Smallere thema's",
        "org:memberOf": "Leden",
        "org:unitOf": "Onderdelen",
        "dcat:contactPoint": "Contactpersoon van",
        "prov:wasDerivedFrom": "Bron van",
        "prov:wasQuotedFrom": "Geciteerde passages",
        "dcterms:creator": "Maakte",
        "schema:contributor": "Werkte mee aan",
        "schema:about": "Publicaties hierover",
        "schema:organizer": "Organiseerde",
        "schema:audience": "Doelgroep van",
        "dcterms:isPartOf": "Bevat",
        "dcterms:publisher": "Publiceert",
        "qb:dataSet": "Waarnemingen",
        "sdmx-dimension:refArea": "Kengetallen",
        "sdmx-dimension:refPeriod": "Kengetallen in deze periode",
        "org:classification": "Organisaties van deze soort",
        "dcterms:type": "Van deze soort",
        "dcterms:source": "Thema's uit deze bron",
        "dcterms:relation": "Genoemd bij",
        "skos:narrower": "Bredere thema's",
        "skos:hasTopConcept": "Topbegrip in",
        "skos:topConceptOf": "Topbegrippen",
        "skos:exactMatch": "Gelijk aan",
        "skos:closeMatch": "Komt overeen met",
        "skos:broadMatch": "Thema's die hieronder vallen",
        "org:hasUnit": "Onderdeel van",
        "org:hasMember": "Lid van",
        "org:linkedTo": "Werkt samen met",
        "schema:award": "Toegekend aan",
    }.items()
}

#: types a page does not show beside a more specific one ("Gemeente", not "Gemeente, Formele organisatie,
#: Organisatie"): the superclasses the graph materialises for queries, and technical co-types
GENERIC_TYPES = frozenset(
    _x(c)
    for c in (
        "org:Organization",
        "org:FormalOrganization",
        "schema:Project",
        "schema:Event",
        "schema:CreativeWork",
        "foaf:Agent",
        "foaf:Document",
        "vcard:Individual",
        "vcard:Kind",
        "prov:Entity",
        "prov:Plan",
        "time:TemporalEntity",
    )
)

CLASSES = {
    _x(k): v
    for k, v in {
        "foaf:Person": "Persoon",
        "org:Organization": "Organisatie",
        "org:FormalOrganization": "Formele organisatie",
        "org:OrganizationalUnit": "Organisatieonderdeel",
        "skos:Concept": "Begrip",
        "skos:ConceptScheme": "Begrippenkader",
        "schema:Project": "Project (schema.org)",
        "schema:Event": "Evenement (schema.org)",
        "schema:CreativeWork": "Werk",
        "schema:WebPage": "Webpagina",
        "schema:DigitalDocument": "Digitaal document",
        "qb:Observation": "Waarneming",
        "qb:DataSet": "Dataset (Data Cube)",
        "vcard:Individual": "Contactpersoon",
        "foaf:Document": "Document",
        "prov:Entity": "Entiteit",
        "rdf:Statement": "Uitspraak",
        "time:TemporalEntity": "Periode",
        "time:Instant": "Tijdstip",
        "time:ProperInterval": "Tijdvak",
        "dcat:Dataset": "Dataset",
    }.items()
}

#: groups of a resource page, in order, and the properties they hold (the rest goes to "Relaties" or "Overig")
GROUPS = [
    (
        "Naam en beschrijving",
        [
            "rdfs:label",
            "skos:prefLabel",
            "dcterms:title",
            "schema:name",
            "foaf:name",
            "vcard:fn",
            "skos:altLabel",
            "schema:jobTitle",
            "aeno:role",
            "dcterms:description",
            "skos:definition",
            "rdfs:comment",
            "aeno:question",
            "schema:award",
            "dcterms:bibliographicCitation",
        ],
    ),
    (
        "Periode",
        [
            "schema:startDate",
            "schema:endDate",
            "schema:previousStartDate",
            "schema:eventStatus",
            "time:inXSDDate",
            "time:hasBeginning",
            "time:hasEnd",
        ],
    ),
    ("Contact", ["dcat:contactPoint", "vcard:hasTelephone", "vcard:hasEmail"]),
    (
        "Identificatie en koppelingen",
        [
            "dcterms:identifier",
            "owl:sameAs",
            "skos:exactMatch",
            "skos:closeMatch",
            "skos:broadMatch",
            "skos:relatedMatch",
        ],
    ),
    ("Herkomst", ["prov:wasDerivedFrom", "dcterms:source", "prov:wasQuotedFrom", "prov:value"]),
]


def expand(curie: str, iris: Iris) -> str:
    if curie.startswith("aeno:"):
        return str(iris.aeno[curie[5:]])
    return _x(curie)
