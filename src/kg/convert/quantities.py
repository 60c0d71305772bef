"""Numbers the sources state ("ruim 3.000 collega's", "bijna 250 van de 275 medewerkers", "18 innovatieteams"),
kept as values a query can compare, each with the passage it was read from.

A quantity is a `schema:QuantitativeValue` (a `schema:MonetaryAmount` for money) at
{base}id/hoeveelheid/{kind}-{slug}-{what}: `schema:value` the number as stated, the source's hedge as
`aeno:numberQualifier` (a concept of {base}id/getalsaanduiding) with `schema:minValue` for "more than" and
`schema:maxValue` for "almost", `schema:unitText` what is counted, and `aeno:outOf` the whole a part is counted
against. The thing links to it with the property the curated `property` names; that link and `schema:value`
carry the passage. A duration ("tweeënhalve dag training", "twee maanden") is a quantity in its time unit with
the UN/CEFACT `schema:unitCode` (DAY, WEE, MON, ANN), so durations in one unit compare and a query can convert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.convert.codelists import QUALIFIERS
from kg.convert.context import Context
from kg.convert.resolve import Where
from kg.dutch import fold, number_text, writes_number
from kg.read.curation.schema import Frequency, Quantity
from kg.vocab import DCTERMS, RDFS, SCHEMA, XSD

#: the EU frequency table's concepts for the time units a source says something recurs in
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "dag": ("DAILY", "dagelijks", "daily"),
    "week": ("WEEKLY", "wekelijks", "weekly"),
    "maand": ("MONTHLY", "maandelijks", "monthly"),
    "jaar": ("ANNUAL", "jaarlijks", "annual"),
}


@dataclass(frozen=True)
class Kind:
    prop: str  # local name in schema: or aeno:
    in_schema: bool
    slug: str  # Dutch, for the IRI
    unit_nl: str
    unit_en: str
    money: bool = False


KINDS = {
    "employees": Kind("numberOfEmployees", True, "medewerkers", "medewerkers", "employees"),
    "participants": Kind("participantCount", False, "deelnemers", "deelnemers", "participants"),
    "advisers": Kind("adviserCount", False, "adviseurs", "adviseurs", "advisers"),
    "finalists": Kind("finalistCount", False, "finalisten", "finalisten", "finalists"),
    "teams": Kind("teamCount", False, "teams", "teams", "teams"),
    "members": Kind("memberCount", False, "leden", "leden", "members"),
    "parts": Kind("partCount", False, "onderdelen", "onderdelen", "parts"),
    "posts": Kind("postCount", False, "formatieplaatsen", "formatieplaatsen", "posts"),
    "pilots": Kind("pilotCount", False, "proeftuinen", "proeftuinen", "pilot labs"),
    "intended-results": Kind(
        "intendedResultCount", False, "beoogde-resultaten", "beoogde resultaten", "intended results"
    ),
    "hiring-spend": Kind("hiringSpend", False, "inhuur", "euro", "euro", money=True),
    "survey-score": Kind("employeeSurveyScore", False, "medewerkersonderzoek", "rapportcijfer", "mark (1-10)"),
    "duration": Kind("duration", True, "duur", "", ""),
    "training-duration": Kind("trainingDuration", False, "trainingsduur", "", ""),
}

#: a time unit: UN/CEFACT common code, Dutch singular and plural, English singular and plural
TIME_UNITS = {
    "dag": ("DAY", "dag", "dagen", "day", "days"),
    "week": ("WEE", "week", "weken", "week", "weeks"),
    "maand": ("MON", "maand", "maanden", "month", "months"),
    "jaar": ("ANN", "jaar", "jaar", "year", "years"),
}


def number(value: float) -> Literal:
    """An integer where the number is whole (counts, euros), else a decimal."""
    if float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(str(value), datatype=XSD.decimal)


def quantities(ctx: Context, node: URIRef, items: Iterable[Quantity], default_source: str, where: Where) -> None:
    e, aeno = ctx.emit, ctx.aeno
    kind_path, _, slug = str(node)[len(ctx.iris.id_space) :].partition("/")
    seen: dict[str, int] = {}
    for i, q in enumerate(items):
        here = where.at(i)
        span = ctx.resolve.quote(q.source or default_source, q.quote, here.at("quote"))
        if span is None:
            continue
        ctx.scheme_label("qualifier", "Getalsaanduidingen", "Number qualifiers")  # once there is a qualifier
        k = KINDS[q.property]
        prop = SCHEMA[k.prop] if k.in_schema else aeno[k.prop]
        quote = span.text(ctx.inputs.texts)
        if not writes_number(quote, q.value):
            ctx.resolve.problem(here.at("quote"), f"the quote does not write the number {number_text(q.value)}")
            continue
        counted = ctx.counted.get(str(prop))
        noun = counted_noun(quote, counted) if counted else None
        if counted and noun is None:
            ctx.resolve.problem(
                here.at("property"),
                f"the quote names nothing {k.prop} counts ({', '.join(sorted(counted))}): is it another count?",
            )
            continue
        n = seen[k.slug] = seen.get(k.slug, 0) + 1
        qnode = ctx.iris.thing("quantity", f"{kind_path}-{slug}-{k.slug}" + (f"-{n}" if n > 1 else ""))
        e.typed(qnode, SCHEMA.MonetaryAmount if k.money else SCHEMA.QuantitativeValue)
        e.add(node, prop, qnode, span)
        e.add(qnode, SCHEMA.value, number(q.value), span)
        e.derived(qnode, [span.source])
        unit_nl, unit_en = k.unit_nl, k.unit_en
        if q.unit is not None:
            code, one_nl, many_nl, one_en, many_en = TIME_UNITS[q.unit]
            unit_nl, unit_en = (one_nl, one_en) if q.value == 1 else (many_nl, many_en)
            # the UN/CEFACT code of the unit the passage names ("dag"): the editors' coding, resting on it
            unit_code = Literal(code)
            e.add(qnode, SCHEMA.unitCode, unit_code)
            e.outside.setdefault((qnode, SCHEMA.unitCode, unit_code), []).append(e.passage(span))
        if k.money:
            e.add(qnode, SCHEMA.currency, Literal("EUR"))
        elif noun is not None:  # what is counted, as the source names it ("organisatieadviseurs"), read
            unit_nl = noun
            e.add(qnode, SCHEMA.unitText, Literal(noun, lang="nl"), span)
            e.add(qnode, SCHEMA.unitText, Literal(unit_en, lang="en"))
        else:
            e.add(qnode, SCHEMA.unitText, Literal(unit_nl, lang="nl"))
            e.add(qnode, SCHEMA.unitText, Literal(unit_en, lang="en"))
        e.add(qnode, aeno.numberQualifier, ctx.code("qualifier", q.qualifier, QUALIFIERS[q.qualifier]))
        if q.qualifier == "meer-dan":
            e.add(qnode, SCHEMA.minValue, number(q.value), span)
        elif q.qualifier == "bijna":
            e.add(qnode, SCHEMA.maxValue, number(q.value), span)
        if q.out_of is not None:
            e.add(qnode, aeno.outOf, number(q.out_of), span)
        if q.about is not None:
            ctx.lang_text(qnode, SCHEMA.description, q.about)
        hedge = {"precies": "", "ongeveer": "ongeveer ", "meer-dan": "meer dan ", "bijna": "bijna "}[q.qualifier]
        amount = number_text(q.value)
        unit = "euro" if k.money else unit_nl
        of = f" van de {int(q.out_of)}" if q.out_of is not None else ""
        e.add(qnode, RDFS.label, Literal(f"{hedge}{amount}{of} {unit}", lang="nl"))


def counted_noun(quote: str, counted: Iterable[str]) -> str | None:
    """The first word of the quote that names what a count property counts (its aeno:countedAs nouns), as the
    quote writes it: the noun itself or a compound ending in it ("organisatieadviseurs" for "adviseurs",
    "innovatieteams" for "teams"), as Dutch puts a compound's head last."""
    nouns = tuple(fold(n) for n in counted)
    for word in re.findall(r"[\w’']+", quote):
        if fold(word).endswith(nouns):
            return word
    return None


def frequency(ctx: Context, node: URIRef, f: Frequency | None, default_source: str, where: Where) -> None:
    """`aeno:frequency`: how often a recurring thing happens, as a concept of the EU frequency table (the one
    DCAT uses for a dataset's accrual periodicity), so that "which awards are handed out monthly?" is a match."""
    if f is None:
        return
    span = ctx.resolve.quote(f.source or default_source, f.quote, where.at("quote"))
    if span is None:
        return
    code, nl, en = FREQUENCIES[f.every]
    value = URIRef(EU_FREQUENCY + code)
    ctx.emit.typed(value, DCTERMS.Frequency)
    ctx.emit.label(value, nl, en)
    ctx.emit.add(node, ctx.aeno.frequency, value, span)
