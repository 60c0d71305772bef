"""What every conversion step shares: the inputs, the emitter and the resolver, and small helpers that turn
curated references and quotes into triples with provenance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.convert import dates
from kg.convert.codelists import MATCHED, RULES, Code
from kg.convert.emit import Emitter
from kg.convert.resolve import Resolver, Where
from kg.dutch import names, writes_date
from kg.iris import Iris
from kg.read.curation.schema import AltLabel, DatedQuote, Evidence, LangText, OutsideSource, Quote, Ref
from kg.read.inputs import Inputs
from kg.records import Extraction, Span
from kg.vocab import DCTERMS, FOAF, RDFS, SCHEMA, SKOS, SPDX, XSD

#: kinds of thing a curated reference may point to, by role
AGENTS = ("municipality", "organisation")
PEOPLE_OR_AGENTS = ("person", "municipality", "organisation")
ANYTHING = ("municipality", "organisation", "person", "project", "programme", "publication", "event", "theme")


@dataclass(frozen=True)
class Described:
    """A curated entry that describes a thing, as the converters meet it (Context.described)."""

    entry: Any
    where: Where
    node: URIRef
    spans: list[Span]

    @property
    def source(self) -> str:
        """The source page of its first evidence: where its other statements are looked for by default."""
        return self.entry.evidence[0].source

    @property
    def sources(self) -> set[str]:
        return {s.source for s in self.spans}


@dataclass
class Context:
    inputs: Inputs
    extraction: Extraction
    emit: Emitter
    resolve: Resolver
    #: the nouns each count property counts (aeno:countedAs in the ontology), by property IRI
    counted: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def iris(self) -> Iris:
        return self.emit.iris

    @property
    def aeno(self):  # noqa: ANN201 - rdflib Namespace
        return self.iris.aeno

    # -- curated evidence --------------------------------------------------------------------------------

    def described(self, file: str, entries: Sequence[Any], kind: str) -> Iterator[Described]:
        """Each curated entry of `entries` (the list `file` of data/curated/FILE.yaml) that describes a thing of
        `kind` with its evidence: the entry, its place for error messages, its IRI and the passages of its
        evidence (problems with those are reported on the way)."""
        for i, entry in enumerate(entries):
            where = Where(file, (file, i))
            yield Described(entry, where, self.iris.thing(kind, entry.id), self.evidence_spans(entry.evidence, where))

    def evidence_spans(self, evidence: Iterable[Evidence], where: Where) -> list[Span]:
        spans = []
        for i, ev in enumerate(evidence):
            span = self.resolve.quote(ev.source, ev.quote, where.at("evidence", i, "quote"))
            if span:
                spans.append(span)
        return spans

    def name_span(self, name: str, spans: Iterable[Span]) -> Span | None:
        """The first passage that contains `name` (ignoring case and kinds of space): the name is read from it.
        A name that no passage contains was composed by the editors ("Bijeenkomst ... (juni 2018, eerste van
        twee)"); it gets no passage, so kg.convert.editorial marks it editorial, and callers store it as a
        label, not as the thing's dcterms:title."""
        wanted = _folded(name)
        for span in spans:
            if wanted in _folded(self.inputs.texts[span.source][span.start : span.end]):
                return span
        return None

    def link(
        self, s: URIRef, p: URIRef, ref: Ref, kinds: tuple[str, ...], default_source: str, where: Where
    ) -> URIRef | None:
        """s p <ref.id>: read from the ref's quote, which must name the target; or, where the ref names a
        `rule`, inferred by that rule from the quote. Returns the object IRI, or None if unresolved."""
        target = self.resolve.ref(ref.id, kinds, where.at("id"))
        span = self.resolve.quote(ref.source or default_source, ref.quote, where.at("quote"))
        if target is None or span is None:
            return target
        if ref.rule is not None:
            self.infer(s, p, target, ref.rule, span, where.at("rule"))
        elif not self.names(span, ref.id):
            self.resolve.problem(
                where.at("quote"),
                f"the quote does not name '{ref.id}' (as {' or '.join(sorted(self.resolve.spellings[ref.id]))}), so "
                "it cannot be read from it: quote a passage that names it, or give the `rule` it is inferred by",
            )
            return target
        else:
            self.emit.add(s, p, target, span)
        self.emit.derived(target, [span.source])
        return target

    def names(self, span: Span, id_: str) -> bool:
        """Whether the passage names the thing `id_` by one of its names (kg.dutch.names)."""
        return names(self.inputs.texts[span.source][span.start : span.end], self.resolve.spellings.get(id_, ()))

    def subjects(self, s: URIRef, refs: Iterable[Ref], default_source: str, where: Where) -> None:
        """Themes of s (dcterms:subject). A theme is read where its passage names it; where the passage speaks
        of the theme without naming it ("kennis over te laten dragen" for knowledge sharing) the editors gave the
        theme: an editorial statement resting on that passage (dcterms:source). A `rule` makes it inferred."""
        for i, ref in enumerate(refs):
            here = where.at(i)
            target = self.resolve.ref(ref.id, ("theme",), here.at("id"))
            span = self.resolve.quote(ref.source or default_source, ref.quote, here.at("quote"))
            if target is None or span is None:
                continue
            if ref.rule is not None:
                self.infer(s, DCTERMS.subject, target, ref.rule, span, here.at("rule"))
            elif self.names(span, ref.id):
                self.emit.add(s, DCTERMS.subject, target, span)
            else:
                self.emit.add(s, DCTERMS.subject, target)
                self.emit.outside.setdefault((s, DCTERMS.subject, target), []).append(self.emit.passage(span))
            self.emit.derived(target, [span.source])

    def rule(self, key: str, where: Where | None = None) -> URIRef | None:
        """The concept of an inference rule (codelists.RULES), described with its definition."""
        if key not in RULES:
            self.resolve.problem(where, f"unknown rule '{key}'; the rules are {', '.join(RULES)}")
            return None
        self.scheme_label("inference-rule", "Afleidingsregels", "Inference rules")
        node = self.code("inference-rule", key, RULES[key])
        self.emit.typed(node, self.aeno.InferenceRule)
        return node

    def infer(self, s: URIRef, p: URIRef, o: Node, rule: str, basis: Span | URIRef, where: Where | None = None) -> None:
        """s p o, inferred by the rule from a passage (a span) or from the statement it reverses (an IRI)."""
        node = self.rule(rule, where)
        if node is not None:
            self.emit.infer(s, p, o, node, self.emit.passage(basis) if isinstance(basis, Span) else basis)

    def inverse(self, s: URIRef, p: URIRef, o: URIRef, inverse: URIRef) -> None:
        """o inverse s, inferred from the statement s p o (org:hasUnit from org:unitOf, and the like)."""
        self.infer(o, inverse, s, "omgekeerde-relatie", self.emit.statement(s, p, o))

    def links(
        self, s: URIRef, p: URIRef, refs: Iterable[Ref], kinds: tuple[str, ...], default_source: str, where: Where
    ) -> None:
        for i, ref in enumerate(refs):
            self.link(s, p, ref, kinds, default_source, where.at(i))

    def quoted(self, s: URIRef, p: URIRef, quote: Quote | None, default_source: str, where: Where) -> None:
        """s p "the quote"@nl, the literal being the passage itself."""
        if quote is None:
            return
        span = self.resolve.quote(quote.source or default_source, quote.quote, where.at("quote"))
        self.emit.add(s, p, Literal(quote.quote, lang="nl"), span)

    def alt_labels(self, s: URIRef, labels: Iterable[AltLabel], default_source: str, where: Where) -> None:
        for i, alt in enumerate(labels):
            span = self.resolve.quote(alt.source or default_source, alt.quote, where.at(i, "quote"))
            self.emit.add(s, SKOS.hiddenLabel if alt.hidden else SKOS.altLabel, Literal(alt.label, lang="nl"), span)
            if span:
                self.emit.derived(s, [span.source])

    def period(self, s: URIRef, start: str | None, end: str | None, span: Span | None = None) -> None:
        """schema:startDate / schema:endDate as comparable days, with the stated value where it is coarser
        (kg.convert.dates): the stated year or month is read, the day that stands for it inferred."""
        for stated, prop, kept, is_end in (
            (start, SCHEMA.startDate, "statedStartDate", False),
            (end, SCHEMA.endDate, "statedEndDate", True),
        ):
            if stated:
                day, as_stated = dates.bounds(stated, end=is_end)
                if as_stated is None:
                    self.emit.add(s, prop, day, span)
                    continue
                self.emit.add(s, self.aeno[kept], as_stated, span)  # the year or month, as stated
                if span is not None:  # its first or last day, by rule, so that dates compare
                    self.infer(s, prop, day, "dag-voor-jaar-of-maand", span)
                else:
                    self.emit.add(s, prop, day)

    def dated(self, s: URIRef, p: URIRef, d: DatedQuote, default_source: str, where: Where) -> None:
        """s p the date: read where the quote writes it ("uiterlijk per 1.1.2018"), inferred where the quote
        names the `rule` that gives it (a date in a file name)."""
        span = self.resolve.quote(d.source or default_source, d.quote, where.at("quote"))
        value = Literal(d.date.isoformat(), datatype=XSD.date)
        if span is None:
            return
        if d.rule is not None:
            self.infer(s, p, value, d.rule, span, where.at("rule"))
        elif not writes_date(span.text(self.inputs.texts), d.date.isoformat()):
            self.resolve.problem(where.at("quote"), f"the quote does not write the date {d.date.isoformat()}")
        else:
            self.emit.add(s, p, value, span)

    def stated_text(self, s: URIRef, p: URIRef, text: LangText | None, span: Span | None) -> None:
        """s p the Dutch (and English) text: the Dutch read from the passage where the passage says it ("HR-adviseur
        Carine Vollebregt"); where the editors put it in their words ("Fotograaf van de serie"), theirs, resting
        on that passage. The English is the editors'."""
        if text is None:
            return
        nl = Literal(text.nl, lang="nl")
        if span is not None and names(span.text(self.inputs.texts), [text.nl]):
            self.emit.add(s, p, nl, span)
        else:
            self.emit.add(s, p, nl)
            if span is not None:
                self.emit.outside.setdefault((s, p, nl), []).append(self.emit.passage(span))
        if text.en:
            self.emit.add(s, p, Literal(text.en, lang="en"))

    def outside_document(self, doc: OutsideSource) -> URIRef:
        """A document outside the sources (a law) that supports an editorial fact, described so that a page can
        name it; the caller records it in `emit.outside` for the triple it supports."""
        node = URIRef(doc.iri)
        self.emit.typed(node, FOAF.Document)
        self.emit.add(node, DCTERMS.title, Literal(doc.title, lang="nl"))
        self.emit.add(node, RDFS.label, Literal(doc.title, lang="nl"))
        return node

    def lang_text(self, s: URIRef, p: URIRef, text: LangText | None, span: Span | None = None) -> None:
        if text is None:
            return
        self.emit.add(s, p, Literal(text.nl, lang="nl"), span)
        if text.en:
            self.emit.add(s, p, Literal(text.en, lang="en"))

    def concept(self, kind: str, key: str, nl: str, en: str | None = None) -> URIRef:
        """A concept of one of the small editorial code lists (kinds of organisation, programme, ...)."""
        node = self.iris.thing(kind, key)
        scheme = self.iris.scheme(kind)
        e = self.emit
        e.typed(node, SKOS.Concept)
        e.add(node, SKOS.inScheme, scheme)
        e.add(node, SKOS.prefLabel, Literal(nl, lang="nl"))
        e.label(node, nl, en)
        if en:
            e.add(node, SKOS.prefLabel, Literal(en, lang="en"))
        e.typed(scheme, SKOS.ConceptScheme)
        e.add(scheme, SKOS.hasTopConcept, node)
        e.add(node, SKOS.topConceptOf, scheme)
        return node

    def code(self, kind: str, key: str, code: Code) -> URIRef:
        """A concept of an editorial code list (kg.convert.codelists), with its definition and its match."""
        node = self.concept(kind, key, code.nl, code.en)
        self.emit.add(node, SKOS.definition, Literal(code.definition_nl, lang="nl"))
        self.emit.add(node, SKOS.definition, Literal(code.definition_en, lang="en"))
        if code.match:
            self.emit.add(node, SKOS.exactMatch, self.matched(code.match))
        if code.notation:
            self.emit.add(node, SKOS.notation, Literal(code.notation))
        return node

    def matched(self, iri: str) -> URIRef:
        """A concept of an outside code list (SDMX), described from codelists.MATCHED."""
        m, node, e = MATCHED[iri], URIRef(iri), self.emit
        scheme = URIRef(m.scheme)
        e.typed(node, SKOS.Concept)
        e.add(node, SKOS.inScheme, scheme)
        e.label(node, m.nl, m.en)
        e.add(node, SKOS.prefLabel, Literal(m.nl, lang="nl"))
        e.add(node, SKOS.prefLabel, Literal(m.en, lang="en"))
        e.add(node, SKOS.definition, Literal(m.definition_nl, lang="nl"))
        e.add(node, SKOS.definition, Literal(m.definition_en, lang="en"))
        if m.plural_nl:
            e.add(node, SKOS.hiddenLabel, Literal(m.plural_nl, lang="nl"))
        e.add(node, SKOS.topConceptOf, scheme)  # the SDMX code lists used here are flat
        e.typed(scheme, SKOS.ConceptScheme)
        e.add(scheme, RDFS.label, Literal(m.scheme_label, lang="en"))
        e.add(scheme, DCTERMS.title, Literal(m.scheme_label, lang="en"))
        return node

    def scheme_label(self, kind: str, nl: str, en: str) -> None:
        scheme = self.iris.scheme(kind)
        self.emit.label(scheme, nl, en)
        self.emit.add(scheme, DCTERMS.title, Literal(nl, lang="nl"))
        self.emit.add(scheme, DCTERMS.title, Literal(en, lang="en"))

    def checksum(self, node: URIRef, sha256_hex: str) -> None:
        """spdx:checksum with an IRI (not a blank node) for the checksum, as DCAT 3 describes it."""
        c = self.iris.genid("checksum", str(node))
        self.emit.typed(c, SPDX.Checksum)
        self.emit.add(c, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.emit.add(c, SPDX.checksumValue, Literal(sha256_hex, datatype=XSD.hexBinary))
        self.emit.add(node, SPDX.checksum, c)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()
