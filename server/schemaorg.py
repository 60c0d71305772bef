"""The JSON-LD a page embeds for search engines, in schema.org terms (<script type="application/ld+json">)."""

from __future__ import annotations

from kg.server.describe import Description
from kg.server.labels import NS

S = NS["schema"]
TYPE_MAP = [  # first match wins
    ("def/Project", "Project"),
    ("def/Municipality", "GovernmentOrganization"),
    ("def/Programme", "Project"),
    ("def/Publication", "CreativeWork"),
    ("def/Event", "Event"),
    ("def/SourcePage", "WebPage"),
    (NS["foaf"] + "Person", "Person"),
    (NS["org"] + "Organization", "Organization"),
    (NS["skos"] + "ConceptScheme", "DefinedTermSet"),
    (NS["skos"] + "Concept", "DefinedTerm"),
    (NS["qb"] + "Observation", "Observation"),
    (NS["qb"] + "DataSet", "Dataset"),
]
TEXT = {
    NS["rdfs"] + "label": None,
    NS["dcterms"] + "description": "description",
    NS["skos"] + "definition": "description",
    S + "jobTitle": "jobTitle",
    NS["dcterms"] + "identifier": "identifier",
}
LINKS = {
    NS["owl"] + "sameAs": "sameAs",
    NS["skos"] + "exactMatch": "sameAs",
    NS["dcterms"] + "subject": "about",
    S + "about": "about",
    NS["org"] + "memberOf": "memberOf",
    S + "organizer": "organizer",
    NS["dcterms"] + "creator": "creator",
    NS["dcterms"] + "isPartOf": "isPartOf",
    NS["prov"] + "wasDerivedFrom": "isBasedOn",
}


def schema_jsonld(d: Description, url: str) -> dict:
    kind = next((t for key, t in TYPE_MAP for iri, _ in d.types if iri.endswith(key) or iri == key), "Thing")
    out: dict = {"@context": "https://schema.org", "@type": kind, "@id": d.iri, "name": d.label, "url": url}
    for p, o in d.outgoing:
        if p in TEXT and TEXT[p] and (o.lang in (None, "nl")):
            out.setdefault(TEXT[p], o.value)
        elif p in (S + "startDate", S + "endDate") and o.datatype and o.datatype.endswith("#date"):
            out[p.rsplit("/", 1)[-1]] = o.value
        elif p == NS["vcard"] + "hasEmail":
            out["email"] = o.value.removeprefix("mailto:")
        elif p == NS["vcard"] + "hasTelephone":
            out["telephone"] = o.value.removeprefix("tel:")
        elif p in LINKS and o.is_iri:
            out.setdefault(LINKS[p], [])
            out[LINKS[p]].append({"@id": o.value})
    contacts = [_contact(v) for v in d.values(NS["dcat"] + "contactPoint")]
    if contacts:  # with how to reach them, so that a client needs one request, not one per contact
        out["contactPoint"] = contacts
    return out


def _contact(v) -> dict:  # noqa: ANN001 - describe.Value
    point: dict = {"@type": "ContactPoint", "@id": v.term.value, "name": v.label or v.term.value}
    for href, _ in v.reach:
        if href.startswith("mailto:"):
            point["email"] = href.removeprefix("mailto:")
        elif href.startswith("tel:"):
            point["telephone"] = href.removeprefix("tel:")
    return point
