"""The theme scheme: a SKOS concept scheme following NL-SBB (the Dutch standard for describing concepts).

Each theme has one skos:prefLabel per language, a skos:definition, skos:inScheme, a dct:source (the source
page that names it), its place in the hierarchy (broader/narrower, top concepts) and matches to concepts of
the TOOI TOP-lijst and the EU data themes. Those external concepts are typed skos:Concept with their labels,
so that the matching relations can be checked and the labels shown.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.convert.context import Context
from kg.convert.resolve import Where
from kg.vocab import DCTERMS, RDFS, SKOS

MATCHES = {
    "exact_match": SKOS.exactMatch,
    "close_match": SKOS.closeMatch,
    "broad_match": SKOS.broadMatch,
    "related_match": SKOS.relatedMatch,
}
EXTERNAL_SCHEMES = {
    "tooi-top": ("https://identifier.overheid.nl/tooi/def/thes/top", "TOOI TOP-lijst", "TOOI top list of themes"),
    "eu-data-theme": (
        "http://publications.europa.eu/resource/authority/data-theme",
        "EU-datathema's",
        "EU data themes",
    ),
}


def declare(ctx: Context) -> None:
    for i, t in enumerate(ctx.inputs.curated.themes.themes):
        ctx.resolve.declare("theme", t.id, t.label.nl, Where("themes", ("themes", i, "id")))


def themes(ctx: Context) -> None:
    e = ctx.emit
    data = ctx.inputs.curated.themes
    scheme = ctx.iris.scheme("theme")
    e.typed(scheme, SKOS.ConceptScheme)
    e.label(scheme, data.scheme.title.nl, data.scheme.title.en)
    for lang in ("nl", "en"):
        e.add(scheme, DCTERMS.title, Literal(getattr(data.scheme.title, lang), lang=lang))
        e.add(scheme, RDFS.comment, Literal(getattr(data.scheme.description, lang), lang=lang))

    external = {k: _external(ctx, c) for k, c in data.external_concepts.items()}
    ids = {t.id for t in data.themes}
    for i, t in enumerate(data.themes):
        where = Where("themes", ("themes", i))
        node = ctx.iris.thing("theme", t.id)
        spans = ctx.evidence_spans(t.evidence, where)
        e.typed(node, SKOS.Concept)
        e.add(node, SKOS.inScheme, scheme)
        for lang in ("nl", "en"):
            label = Literal(getattr(t.label, lang), lang=lang)
            read = ctx.name_span(str(label), spans) if lang == "nl" else None
            e.add(node, SKOS.prefLabel, label, read)
            e.add(node, RDFS.label, label, read)
            definition = Literal(getattr(t.definition, lang), lang=lang)
            e.add(node, SKOS.definition, definition)
            if t.definition_sources:
                e.outside[(node, SKOS.definition, definition)] = [ctx.outside_document(d) for d in t.definition_sources]
        if t.comment:
            ctx.lang_text(node, RDFS.comment, t.comment)
        for span in spans:  # each page that names the theme, from the passage that names it there
            ctx.infer(node, DCTERMS.source, ctx.iris.thing("source", span.source), "bron-van-de-passage", span)
        e.derived(node, {s.source for s in spans})
        if t.broader:
            if t.broader not in ids:
                ctx.resolve.problem(Where("themes", (*where.loc, "broader")), f"unknown theme '{t.broader}'")
            else:
                broader = ctx.iris.thing("theme", t.broader)
                e.add(node, SKOS.broader, broader)
                e.add(broader, SKOS.narrower, node)
        else:
            e.add(node, SKOS.topConceptOf, scheme)
            e.add(scheme, SKOS.hasTopConcept, node)
        for field, prop in MATCHES.items():
            for j, k in enumerate(getattr(t, field)):
                if k not in external:
                    ctx.resolve.problem(Where("themes", (*where.loc, field, j)), f"unknown external concept '{k}'")
                else:
                    e.add(node, prop, external[k])


def _external(ctx: Context, concept) -> URIRef:  # noqa: ANN001 - curation.schema.ExternalConcept
    e = ctx.emit
    node = URIRef(concept.iri)
    scheme_iri, nl, en = EXTERNAL_SCHEMES[concept.scheme]
    scheme = URIRef(scheme_iri)
    e.typed(node, SKOS.Concept)
    e.add(node, SKOS.inScheme, scheme)
    e.add(node, SKOS.prefLabel, Literal(concept.label.nl, lang="nl"))
    e.label(node, concept.label.nl, concept.label.en)
    if concept.label.en:
        e.add(node, SKOS.prefLabel, Literal(concept.label.en, lang="en"))
    ctx.lang_text(node, SKOS.definition, concept.definition)
    if concept.scheme == "eu-data-theme":  # a flat list: every data theme is a top concept
        e.add(node, SKOS.topConceptOf, scheme)
    e.typed(scheme, SKOS.ConceptScheme)
    e.label(scheme, nl, en)
    e.add(scheme, DCTERMS.title, Literal(nl, lang="nl"))
    e.add(scheme, DCTERMS.title, Literal(en, lang="en"))
    return node
