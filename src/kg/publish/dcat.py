"""The dataset description for data portals: DCAT-AP-NL 3.0 (data.overheid.nl, data.europa.eu).

A dcat:Catalog with one dcat:Dataset, a dcat:Distribution per dump (byte size, SHA-256 checksum, media type,
EU file type, licence) and one for the SPARQL endpoint, and a dcat:DataService for the endpoint. Values come
from the EU controlled vocabularies (data themes, access rights, languages, file types, countries), each
typed with the class the profile's range checks expect. It also carries what data.overheid.nl asks under
its older DCAT-AP-DONL 1.1 profile: an OWMS TaxonomieBeleidsagenda theme and a contact e-mail and phone
number (when kg.toml gives them).

The graph's own quality is part of the description: dct:conformsTo the shapes it was validated against,
and a DQV quality annotation pointing at the build's SHACL validation report with its counts.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef

from kg.buildinfo import Dump, Release, Validation
from kg.dutch import counted
from kg.iris import Iris
from kg.mediatypes import GZIP
from kg.project import Publication
from kg.publish.diff import Summary
from kg.vocab import DCAT, DCTERMS, FOAF, OA, PROV, RDF, RDFS, SKOS, SPDX, VCARD, XSD, bind_prefixes

DQV = Namespace("http://www.w3.org/ns/dqv#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
OWMS = "http://standaarden.overheid.nl/owms/terms/"

# DCAT 3's versioning terms; rdflib's closed DCAT namespace lacks them
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
DCAT_HAS_VERSION = URIRef("http://www.w3.org/ns/dcat#hasVersion")
DCAT_HAS_CURRENT_VERSION = URIRef("http://www.w3.org/ns/dcat#hasCurrentVersion")
DCAT_PREVIOUS_VERSION = URIRef("http://www.w3.org/ns/dcat#previousVersion")
LDES_SPECIFICATION = "https://w3id.org/ldes/specification"
FORMAT_STANDARDS = {  # the specification each dump format conforms to
    "text/turtle": ("http://www.w3.org/TR/turtle/", "RDF 1.1 Turtle"),
    "application/n-triples": ("http://www.w3.org/TR/n-triples/", "RDF 1.1 N-Triples"),
    "application/ld+json": ("http://www.w3.org/TR/json-ld11/", "JSON-LD 1.1"),
}

THEMES = [  # (IRI, scheme, nl, en)
    (f"{EU}data-theme/GOVE", f"{EU}data-theme", "Overheid en publieke sector", "Government and public sector"),
    (f"{EU}data-theme/SOCI", f"{EU}data-theme", "Bevolking en samenleving", "Population and society"),
    # data.overheid.nl (DCAT-AP-DONL 1.1) still asks for a theme of the OWMS TaxonomieBeleidsagenda
    (f"{OWMS}Werk_(thema)", f"{OWMS}TaxonomieBeleidsagenda", "Werk", "Work"),
    (
        f"{OWMS}Organisatie_en_beleid",
        f"{OWMS}TaxonomieBeleidsagenda",
        "Organisatie en beleid",
        "Organisation and policy",
    ),
]
KEYWORDS = {
    "nl": ["gemeenten", "leren en veranderen", "innovatie", "personeel", "A&O fonds Gemeenten", "kennisgraaf"],
    "en": ["municipalities", "learning and change", "innovation", "staff", "knowledge graph"],
}


DATASET_DESCRIPTION_NL = (
    "Linked data over projecten, ideeën, programma's, publicaties, bijeenkomsten, personen, organisaties en "
    "kengetallen van leren en veranderen bij Nederlandse gemeenten, gelezen uit vijf webpagina's van het A&O "
    "fonds Gemeenten en partners. Elke uitspraak verwijst naar de passage van de bron waaruit zij komt, "
    "noemt de regel waarmee zij is afgeleid, of is gemarkeerd als toevoeging van de redactie; alle 342 "
    "gemeenten zijn gekoppeld aan hun CBS-code en TOOI-identifier. Geen officiële publicatie van het A&O fonds "
    "Gemeenten."
)
DATASET_DESCRIPTION_EN = (
    "Linked data on projects, ideas, programmes, publications, meetings, people, organisations and key "
    "figures of learning and change in Dutch municipalities, read from five web pages of the A&O fund and "
    "partners. Every statement points at the passage of the source it came from, names the rule it was "
    "inferred by, or is marked as added by the editors; all 342 municipalities are linked to their CBS code "
    "and TOOI identifier. Not an official publication of the A&O fund."
)
SERVICE_KEYWORDS = {"nl": ["SPARQL", "linked data", "gemeenten"], "en": ["SPARQL", "linked data", "municipalities"]}
FEED_KEYWORDS = {"nl": ["LDES", "wijzigingen", "linked data"], "en": ["LDES", "changes", "linked data"]}
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"


def catalog_graph(
    iris: Iris,
    pub: Publication,
    dumps: list[Dump],
    modified: str,
    build_id: str,
    report: Validation,
    triples: int,
    releases: tuple[Release, ...] = (),
) -> Graph:
    """The catalogue, in the order a reader meets it: who publishes, under which themes, the catalogue, the
    dataset with its quality, its distributions, its versions, the data service and the change feed.

    `releases` are the releases whose dumps are kept, this build's first: the dataset is versioned as DCAT 3
    says (dcat:version, dcat:hasCurrentVersion, dcat:hasVersion, adms:versionNotes), and each release is a
    dcat:Dataset of its own with its distributions (its dumps, downloadable under releases/) and dcat:previousVersion
    the release before it."""
    c = _Catalogue(iris, pub, Literal(modified[:10], datatype=XSD.date))
    c.agents()
    c.themes()
    c.catalogue()
    current = releases[0] if releases else None
    c.dataset(c.dataset_iri, current.id if current else build_id, current)
    _quality(c.g, iris, c.dataset_iri, build_id, report, triples)
    for dump in dumps:
        c.dump_distribution(c.dataset_iri, dump, iris.distribution(dump.source.replace(".", "-")), dump.name)
    c.endpoint_distribution()
    for i, release in enumerate(releases):
        c.release(release, current=i == 0)
    c.data_service()
    c.feed_service()
    return c.g


class _Catalogue:
    """The catalogue graph being written, with the nodes its steps share and small helpers for typed values."""

    def __init__(self, iris: Iris, pub: Publication, issued: Literal) -> None:
        self.iris, self.pub, self.issued = iris, pub, issued
        self.g = Graph()
        bind_prefixes(self.g, iris)
        self.g.bind("dqv", DQV)
        self.g.bind("adms", ADMS)
        self.catalog = iris.catalogue
        self.dataset_iri = iris.dataset
        self.service = iris.data_service
        self.endpoint = self.url(str(iris.endpoint))
        self.publisher = iris.publisher
        self.contact = iris.contact
        self.licence = self.typed(pub.licence, DCTERMS.LicenseDocument)
        self.public = self.typed(f"{EU}access-right/PUBLIC", DCTERMS.RightsStatement, "Publiek")
        self.dutch = self.typed(f"{EU}language/NLD", DCTERMS.LinguisticSystem, "Nederlands")
        self.netherlands = self.typed(f"{EU}country/NLD", DCTERMS.Location, "Nederland")
        self.theme_nodes: list[URIRef] = []

    # -- helpers -------------------------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def texts(self, s: URIRef, p: URIRef, nl: str, en: str) -> None:
        self.add(s, p, Literal(nl, lang="nl"))
        self.add(s, p, Literal(en, lang="en"))

    def typed(self, iri: str, cls: URIRef, label: str | None = None) -> URIRef:
        """A node of a controlled vocabulary, typed with the class DCAT-AP's range checks expect."""
        node = URIRef(iri)
        self.add(node, RDF.type, cls)
        if label:
            self.add(node, RDFS.label, Literal(label, lang="nl"))
        if cls == SKOS.ConceptScheme:
            self.add(node, DCTERMS.title, Literal(iri.rstrip("/").rsplit("/", 1)[-1], lang="en"))
        return node

    def url(self, iri: str) -> URIRef:
        """An access, download or endpoint URL: DCAT-AP's range check wants it typed rdfs:Resource."""
        return self.typed(iri, RDFS.Resource)

    # -- steps ---------------------------------------------------------------------------------------------

    def agents(self) -> None:
        """The publisher (an organisation of the adms publisher type) and the contact point (vCard)."""
        add, pub, publisher, contact = self.add, self.pub, self.publisher, self.contact
        non_profit = "http://purl.org/adms/publishertype/NonProfitOrganisation"
        add(publisher, RDF.type, FOAF.Agent)
        add(publisher, RDF.type, FOAF.Organization)
        add(publisher, FOAF.name, Literal(pub.publisher_name))
        add(publisher, DCTERMS.type, self.typed(non_profit, SKOS.Concept))
        add(URIRef(non_profit), SKOS.prefLabel, Literal("Non-Profit Organisation", lang="en"))
        add(
            URIRef(non_profit),
            SKOS.inScheme,
            self.typed("http://purl.org/adms/publishertype/1.0", SKOS.ConceptScheme),
        )
        if pub.homepage:
            add(publisher, FOAF.homepage, self.typed(pub.homepage, FOAF.Document))
        add(contact, RDF.type, VCARD.Kind)
        add(contact, RDF.type, VCARD.Organization)
        add(contact, VCARD.fn, Literal(pub.publisher_name))
        if pub.contact_email:
            add(contact, VCARD.hasEmail, URIRef(f"mailto:{pub.contact_email}"))
        if pub.contact_phone:
            add(contact, VCARD.hasTelephone, URIRef(f"tel:{pub.contact_phone}"))
        add(contact, VCARD.hasURL, URIRef(self.iris.base))

    def themes(self) -> None:
        """The EU data themes and the OWMS themes data.overheid.nl asks for, as concepts in their schemes."""
        for iri, scheme, nl, en in THEMES:
            node = self.typed(iri, SKOS.Concept)
            self.texts(node, SKOS.prefLabel, nl, en)
            self.add(node, SKOS.inScheme, self.typed(scheme, SKOS.ConceptScheme))
            self.theme_nodes.append(node)
        self.add(URIRef(f"{EU}data-theme"), SKOS.prefLabel, Literal("Data theme", lang="en"))
        self.add(URIRef(f"{OWMS}TaxonomieBeleidsagenda"), SKOS.prefLabel, Literal("TaxonomieBeleidsagenda", lang="nl"))

    def catalogue(self) -> None:
        add, catalog, pub = self.add, self.catalog, self.pub
        add(catalog, RDF.type, DCAT.Catalog)
        self.texts(catalog, DCTERMS.title, f"Catalogus van {pub.title_nl}", f"Catalogue of the {pub.title_en}")
        self.texts(
            catalog,
            DCTERMS.description,
            "De gegevens en diensten van de aeno-kg-kennisgraaf over leren en veranderen bij gemeenten.",
            "The data and services of the aeno-kg knowledge graph of learning and change in municipalities.",
        )
        for p, o in [
            (DCTERMS.publisher, self.publisher),
            (DCTERMS.creator, self.publisher),
            (DCAT.contactPoint, self.contact),
            (DCAT.dataset, self.dataset_iri),
            (DCAT.service, self.service),
            (DCTERMS.language, self.dutch),
            (DCTERMS.license, self.licence),
            (DCTERMS.spatial, self.netherlands),
            (DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")),
            (FOAF.homepage, self.typed(self.iris.base, FOAF.Document)),
        ]:
            add(catalog, p, o)
        add(catalog, DCTERMS.issued, self.issued)
        add(catalog, DCTERMS.modified, self.issued)

    def dataset(self, dataset: URIRef, version: str, release: Release | None, title: tuple[str, str] = ()) -> None:
        """A dataset (the dataset as a whole, or one release of it) with everything DCAT-AP-NL asks of one."""
        add, pub = self.add, self.pub
        add(dataset, RDF.type, DCAT.Dataset)
        self.texts(dataset, DCTERMS.title, *(title or (pub.title_nl, pub.title_en)))
        self.texts(dataset, DCTERMS.description, DATASET_DESCRIPTION_NL, DATASET_DESCRIPTION_EN)
        add(dataset, DCTERMS.identifier, Literal(str(dataset)))
        for p, o in [
            (DCTERMS.publisher, self.publisher),
            (DCTERMS.creator, self.publisher),
            (DCAT.contactPoint, self.contact),
            (DCTERMS.accessRights, self.public),
            (DCTERMS.license, self.licence),  # also on each distribution, as DCAT-AP asks; here for a plain query
            (DCTERMS.language, self.dutch),
            (DCTERMS.spatial, self.netherlands),
            (DCAT.landingPage, self.typed(self.iris.base, FOAF.Document)),
            (DCTERMS.accrualPeriodicity, self.typed(f"{EU}frequency/IRREG", DCTERMS.Frequency, "Onregelmatig")),
        ]:
            add(dataset, p, o)
        for theme in self.theme_nodes:
            add(dataset, DCAT.theme, theme)
        for lang, words in KEYWORDS.items():
            for w in words:
                add(dataset, DCAT.keyword, Literal(w, lang=lang))
        issued = Literal(release.published[:10], datatype=XSD.date) if release and title else self.issued
        add(dataset, DCTERMS.issued, issued)
        add(dataset, DCTERMS.modified, issued)
        add(dataset, DCAT_VERSION, Literal(version))
        if release is not None:
            nl, en = version_notes(release)
            self.texts(dataset, ADMS.versionNotes, nl, en)
        add(dataset, FOAF.page, self.typed(str(self.iris.dataset_page), FOAF.Document))
        completed = f"{EU}dataset-status/COMPLETED"
        add(dataset, ADMS.status, self.typed(completed, SKOS.Concept))
        add(URIRef(completed), SKOS.prefLabel, Literal("completed", lang="en"))
        add(URIRef(completed), SKOS.inScheme, self.typed(f"{EU}dataset-status", SKOS.ConceptScheme))

    def release(self, release: Release, current: bool) -> None:
        """A release: a version of the dataset, a dcat:Dataset with its own dumps (as the release published
        them, downloadable under releases/<id>/), and the release before it."""
        iris = self.iris
        node = iris.release(release.id)
        dataset = self.dataset_iri
        self.dataset(
            node,
            release.id,
            release,
            (f"{self.pub.title_nl}, release {release.id}", f"{self.pub.title_en}, release {release.id}"),
        )
        self.add(dataset, DCAT_HAS_VERSION, node)
        self.add(node, DCTERMS.isVersionOf, dataset)
        self.add(node, DCTERMS.conformsTo, iris.shapes)  # a release is published only when it conforms
        if current:
            self.add(dataset, DCAT_HAS_CURRENT_VERSION, node)
        if release.previous:
            self.add(node, DCAT_PREVIOUS_VERSION, iris.release(release.previous))
        for dump in release.dumps:
            dist = iris.release_distribution(release.id, dump.source.replace(".", "-"))
            self.dump_distribution(node, dump, dist, f"releases/{release.id}/{dump.name}")

    def dump_distribution(self, dataset: URIRef, dump: Dump, dist: URIRef, file: str) -> None:
        """A compressed dump: download URL, media and file type, size, licence, standard and SHA-256."""
        add, iris = self.add, self.iris
        download = self.url(str(iris.download(file)))
        add(dataset, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        self.texts(dist, DCTERMS.title, f"Dump als {dump.title}, gzip", f"Dump as {dump.title}, gzip")
        self.texts(
            dist,
            DCTERMS.description,
            f"De hele kennisgraaf als {dump.title}, met gzip gecomprimeerd.",
            f"The whole knowledge graph as {dump.title}, compressed with gzip.",
        )
        add(dist, DCAT.accessURL, download)
        add(dist, DCAT.downloadURL, download)
        add(dist, DCAT.mediaType, self.typed(f"{IANA}{dump.media_type}", DCTERMS.MediaType))
        add(dist, DCAT.compressFormat, self.typed(f"{IANA}{GZIP}", DCTERMS.MediaType))
        add(dist, DCTERMS.format, self.typed(f"{EU}file-type/{dump.file_type}", DCTERMS.MediaTypeOrExtent))
        add(dist, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger))
        add(dist, DCTERMS.license, self.licence)
        add(dist, DCTERMS.language, self.dutch)
        add(dist, DCTERMS.issued, self.issued)
        spec, spec_title = FORMAT_STANDARDS[dump.media_type]
        add(dist, DCTERMS.conformsTo, self.typed(spec, DCTERMS.Standard))
        add(URIRef(spec), DCTERMS.title, Literal(spec_title, lang="en"))
        checksum = iris.genid("checksum", str(dist))
        add(checksum, RDF.type, SPDX.Checksum)
        add(checksum, SPDX.algorithm, self.typed(str(SPDX.checksumAlgorithm_sha256), SPDX.ChecksumAlgorithm))
        add(checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary))
        add(dist, SPDX.checksum, checksum)

    def endpoint_distribution(self) -> None:
        add, dist = self.add, self.iris.distribution("sparql")
        add(self.dataset_iri, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        self.texts(dist, DCTERMS.title, "SPARQL-endpoint", "SPARQL endpoint")
        add(dist, DCAT.accessURL, self.endpoint)
        add(dist, DCAT.accessService, self.service)
        add(dist, DCTERMS.license, self.licence)
        add(dist, DCTERMS.language, self.dutch)
        add(dist, DCTERMS.conformsTo, URIRef(SPARQL_PROTOCOL))

    def data_service(self) -> None:
        add, service = self.add, self.service
        add(service, RDF.type, DCAT.DataService)
        self.texts(
            service,
            DCTERMS.title,
            "SPARQL-endpoint van de aeno-kg-kennisgraaf",
            "SPARQL endpoint of the aeno-kg knowledge graph",
        )
        self.texts(
            service,
            DCTERMS.description,
            "Een openbaar, alleen-lezen SPARQL 1.1-eindpunt met querylimieten, een queryeditor en opgeslagen queries.",
            "A public, read-only SPARQL 1.1 endpoint with query limits, a query editor and saved queries.",
        )
        add(service, DCTERMS.identifier, Literal(str(service)))
        for p, o in [
            (DCAT.endpointURL, self.endpoint),
            (DCAT.endpointDescription, self.endpoint),
            (DCAT.servesDataset, self.dataset_iri),
            (DCTERMS.publisher, self.publisher),
            (DCAT.contactPoint, self.contact),
            (DCTERMS.accessRights, self.public),
            (DCTERMS.license, self.licence),
            (DCTERMS.language, self.dutch),
            (DCTERMS.conformsTo, self.typed(SPARQL_PROTOCOL, DCTERMS.Standard)),
        ]:
            add(service, p, o)
        add(service, DCTERMS.creator, self.publisher)
        for theme in self.theme_nodes:
            add(service, DCAT.theme, theme)
        for lang, words in SERVICE_KEYWORDS.items():
            for w in words:
                add(service, DCAT.keyword, Literal(w, lang=lang))

    def feed_service(self) -> None:
        """The change feed: a Linked Data Event Stream of the dataset's resources (kg.publish.ldes)."""
        add, service = self.add, self.iris.feed_service
        feed = self.url(str(self.iris.feed))
        add(service, RDF.type, DCAT.DataService)
        self.texts(service, DCTERMS.title, "Wijzigingsstroom (LDES)", "Change feed (LDES)")
        self.texts(
            service,
            DCTERMS.description,
            "Elke versie van elke bron van de kennisgraaf, per release, als Linked Data Event Stream: een kopie "
            "blijft hiermee bij zonder de hele graaf opnieuw te laden.",
            "Every version of every resource of the knowledge graph, release by release, as a Linked Data Event "
            "Stream: a copy keeps up with it without loading the whole graph again.",
        )
        add(service, DCTERMS.identifier, Literal(str(service)))
        for p, o in [
            (DCAT.endpointURL, feed),
            (DCAT.endpointDescription, feed),
            (DCAT.servesDataset, self.dataset_iri),
            (DCTERMS.publisher, self.publisher),
            (DCTERMS.creator, self.publisher),
            (DCAT.contactPoint, self.contact),
            (DCTERMS.accessRights, self.public),
            (DCTERMS.license, self.licence),
            (DCTERMS.language, self.dutch),
            (DCTERMS.conformsTo, self.typed(LDES_SPECIFICATION, DCTERMS.Standard)),
        ]:
            add(service, p, o)
        add(URIRef(LDES_SPECIFICATION), DCTERMS.title, Literal("Linked Data Event Streams", lang="en"))
        self.add(self.catalog, DCAT.service, service)
        for theme in self.theme_nodes:
            add(service, DCAT.theme, theme)
        for lang, words in FEED_KEYWORDS.items():
            for w in words:
                add(service, DCAT.keyword, Literal(w, lang=lang))


def version_notes(release: Release) -> tuple[str, str]:
    """What a release changed, in Dutch and English, for adms:versionNotes and the dataset page."""
    c = release.changes
    if c is None:
        return "Eerste release.", "First release."
    summary = Summary(c.added, c.removed, c.changed, c.statements_added, c.statements_removed)
    retired = f"; {release.retired} IRI('s) ingetrokken" if release.retired else ""
    retired_en = f"; {release.retired} IRI(s) retired" if release.retired else ""
    return (
        f"Sinds release {release.previous}: {summary.dutch()}{retired}.",
        f"Since release {release.previous}: {summary.text()}{retired_en}.",
    )


def _quality(g: Graph, iris: Iris, dataset: URIRef, build_id: str, report: Validation, triples: int) -> None:
    """dct:conformsTo the shapes, and the validation report as a DQV quality annotation with measurements."""
    shapes = iris.shapes
    nlsbb = URIRef("http://nlbegrip.nl/def/skosapnl")
    for standard, nl, en in [
        (shapes, "Vormregels (SHACL) van de aeno-kg-kennisgraaf", "SHACL shapes of the aeno-kg knowledge graph"),
        (nlsbb, "NL-SBB toepassingsprofiel (skos-ap-nl)", "NL-SBB application profile (skos-ap-nl)"),
    ]:
        g.add((dataset, DCTERMS.conformsTo, standard))
        g.add((standard, RDF.type, DCTERMS.Standard))
        g.add((standard, DCTERMS.title, Literal(nl, lang="nl")))
        g.add((standard, DCTERMS.title, Literal(en, lang="en")))
    annotation = iris.quality(f"validatie-{build_id}")
    validation = iris.download("validation.ttl")
    g.add((dataset, DQV.hasQualityAnnotation, annotation))
    g.add((annotation, RDF.type, DQV.QualityAnnotation))
    g.add((annotation, OA.hasTarget, dataset))
    g.add((annotation, OA.hasBody, validation))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add(
        (
            annotation,
            RDFS.comment,
            Literal(
                f"SHACL-validatie van build {build_id}: "
                f"{'voldoet' if report.conforms else 'voldoet niet'}; "
                f"{counted(report.violations, 'overtreding', 'overtredingen')}, "
                f"{counted(report.warnings, 'waarschuwing', 'waarschuwingen')}, "
                f"{counted(report.infos, 'melding', 'meldingen')} "
                f"tegen {', '.join(report.profiles)}.",
                lang="nl",
            ),
        )
    )
    g.add((validation, RDF.type, FOAF.Document))
    g.add((validation, DCTERMS.title, Literal("SHACL-validatierapport van de laatste build", lang="nl")))
    g.add((validation, DCAT.mediaType, URIRef(f"{IANA}text/turtle")))
    for key, value in [
        ("violations", report.violations),
        ("warnings", report.warnings),
        ("infos", report.infos),
        ("triples", triples),
    ]:
        m = iris.quality(f"{key}-{build_id}")
        g.add((dataset, DQV.hasQualityMeasurement, m))
        g.add((m, RDF.type, DQV.QualityMeasurement))
        g.add((m, DQV.computedOn, dataset))
        g.add((m, DQV.isMeasurementOf, iris.metric(key)))
        metric = iris.metric(key)
        g.add((metric, RDF.type, DQV.Metric))
        nl, en = METRICS[key]
        g.add((metric, RDFS.label, Literal(nl, lang="nl")))
        g.add((metric, RDFS.label, Literal(en, lang="en")))
        g.add((m, DQV.value, Literal(value, datatype=XSD.integer)))
        g.add((m, PROV.wasDerivedFrom, validation))


#: the quality metrics of a build, as the DQV measurements name them
METRICS = {
    "violations": ("Aantal overtredingen van de vormregels (SHACL)", "Number of SHACL violations"),
    "warnings": ("Aantal waarschuwingen van de vormregels (SHACL)", "Number of SHACL warnings"),
    "infos": ("Aantal meldingen van de vormregels (SHACL)", "Number of SHACL infos"),
    "triples": ("Aantal triples van de graaf", "Number of triples in the graph"),
}


def validate_catalog(catalog: Graph, shapes_dir: Path) -> tuple[list[str], list[str]]:
    """Violations and other results of the catalogue against the DCAT-AP-NL 3.0 shapes (all files)."""
    import pyshacl

    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    _, report, _ = pyshacl.validate(
        catalog, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True, advanced=True
    )
    from kg.vocab import SH

    violations, others = [], []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        line = (
            f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
            f"{report.value(result, SH.resultMessage)}"
        )
        (violations if severity == SH.Violation else others).append(line)
    return sorted(violations), sorted(others)
