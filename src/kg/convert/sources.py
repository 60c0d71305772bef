"""The source pages and the register as resources: what every prov:wasDerivedFrom points at.

Each page is `{base}id/bron/{id}` (an aeno:SourcePage) with its title, language, kind and publisher as the
manifest gives them; its plain-text copy `{base}doc/bron/{id}.txt` is what passages (`#char=` fragments)
point into, with its SHA-256 so a reader can check the copy.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.convert.codelists import Code
from kg.convert.context import AGENTS, Context
from kg.convert.resolve import Where
from kg.read.curation.schema import SourceKind
from kg.records import Span
from kg.vocab import DCAT, DCTERMS, FOAF, PROV

EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
ISO_639_3 = {"nl": "NLD", "en": "ENG"}


def sources(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    m = ctx.inputs.manifest
    ctx.scheme_label("source-kind", "Soorten bronpagina's", "Kinds of source page")
    for i, s in enumerate(m.sources):
        node = ctx.iris.thing("source", s.id)
        text = ctx.iris.source_text(s.id)
        e.typed(node, aeno.SourcePage)
        where = Where("sources", ("sources", i))
        heading = _heading(ctx, s.id, s.title)  # read where the page carries its title; else the editors' name
        e.label(node, s.title, None, heading)
        e.add(node, DCTERMS.title, Literal(s.title, lang=s.language), heading)
        e.add(node, DCTERMS.language, URIRef(EU_LANGUAGE + ISO_639_3.get(s.language, s.language.upper())))
        e.add(node, DCTERMS.type, ctx.code("source-kind", s.kind, _code(m.kinds[s.kind])))
        e.add(node, DCTERMS.hasFormat, text)
        e.add(node, FOAF.page, URIRef(f"{ctx.iris.base}doc/bron/{s.id}"))
        publisher_name = "uitgever niet vermeld"
        if s.publisher:
            publisher = ctx.link(node, DCTERMS.publisher, s.publisher, AGENTS, s.id, where.at("publisher"))
            if publisher is not None:
                publisher_name = ctx.resolve.entries[s.publisher.id].label
        e.add(
            node,
            DCTERMS.bibliographicCitation,
            Literal(f"{s.title}. Webpagina, {publisher_name}. Als platte tekst bewaard in aeno-kg.", lang="nl"),
        )
        e.typed(text, FOAF.Document, PROV.Entity)
        e.label(text, f"{s.title} (platte tekst)", f"{s.title} (plain text)")
        e.add(text, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/plain"))
        ctx.checksum(text, s.sha256)
        e.add(text, PROV.alternateOf, node)

    for reg in (ctx.inputs.register, ctx.inputs.regions_table):
        if reg is None:
            continue
        node = ctx.iris.thing("source", reg.id)
        e.typed(node, PROV.Entity, DCAT.Dataset)
        e.label(node, reg.title)
        e.add(node, DCTERMS.title, Literal(reg.title, lang="nl"))
        e.add(node, DCTERMS.description, Literal(reg.description, lang="en"))
        e.add(node, DCTERMS.source, URIRef(reg.origin))


def _heading(ctx: Context, source: str, title: str) -> Span | None:
    start = ctx.inputs.texts[source].find(title)
    return Span(source, start, start + len(title)) if start >= 0 else None


def _code(kind: SourceKind) -> Code:
    return Code(kind.nl, kind.en, kind.definition.nl, kind.definition.en)
