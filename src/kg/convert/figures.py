"""Key figures as RDF Data Cube observations.

One qb:DataSet per area ("Kengetallen Soest"), structured by aeno:keyFiguresStructure (ontology/aeno.ttl):
dimensions area (sdmx-dimension:refArea, the municipality), period (sdmx-dimension:refPeriod), sex
(sdmx-dimension:sex, SDMX's codes), salary scale (aeno:salaryScale) and measure (qb:measureType); the unit as
sdmx-attribute:unitMeasure (QUDT units).

Periods are resources: a day (time:Instant), a year (time:ProperInterval), or "niet vermeld" where the source
gives no period. That last one is a code, like SDMX's "unspecified", so every observation has every dimension
(Data Cube integrity constraint IC-11) without inventing a date the source does not give.
"""

from __future__ import annotations

import datetime as dt

from rdflib import Literal, URIRef

from kg.convert.codelists import BREAKDOWNS, EXCLUSIONS, GROUP_NL, SPLITS
from kg.convert.context import Context
from kg.dutch import date_text, names, number_text
from kg.extract.keyfigures import MEASURES
from kg.records import Figure, Located
from kg.vocab import DCTERMS, QB, QUDT, RDFS, SDMX_ATT, SDMX_CODE, SDMX_DIM, SKOS, TIME, UNIT, XSD

MEASURE_PROPERTY = {
    "inwoners": "inhabitants",
    "fte": "fte",
    "medewerkers": "employees",
    "gemiddelde-leeftijd": "averageAge",
    "schaalverdeling": "salaryScaleShare",
    "ziekteverzuim": "sicknessAbsence",
    "opleidingsbudget-aandeel-loonsom": "trainingBudgetShare",
    "opleidingsbudget": "trainingBudget",
}
INTEGER_MEASURES = {"inwoners", "medewerkers"}


def figures(ctx: Context) -> None:
    by_area: dict[str, list[Figure]] = {}
    for f in ctx.extraction.figures:
        by_area.setdefault(f.area.value, []).append(f)
    if by_area:
        ctx.scheme_label("breakdown", "Salarisschalen van kengetallen", "Salary scales of key figures")
    for area_name, figs in sorted(by_area.items()):
        found = ctx.resolve.resolve_name(figs[0].area, ("municipality",))
        if not found:
            continue
        area_id = found[0]
        area = ctx.resolve.entries[area_id].iri
        dataset = _dataset(ctx, area_id, area, area_name, figs[0].span.source)
        for f in figs:
            _observation(ctx, dataset, area_id, area, area_name, f)


def _dataset(ctx: Context, area_id: str, area: URIRef, area_name: str, source: str) -> URIRef:
    e = ctx.emit
    node = ctx.iris.thing("dataset", f"kengetallen-{area_id}")
    e.typed(node, QB.DataSet)
    e.label(node, f"Kengetallen {area_name}", f"Key figures {area_name}")
    e.add(node, DCTERMS.title, Literal(f"Kengetallen {area_name}", lang="nl"))
    e.add(node, QB.structure, ctx.aeno.keyFiguresStructure)
    e.add(node, SDMX_DIM.refArea, area)
    e.derived(node, [source])
    e.derived(area, [source])
    return node


def _observation(ctx: Context, dataset: URIRef, area_id: str, area: URIRef, area_name: str, f: Figure) -> None:
    e, aeno = ctx.emit, ctx.aeno
    period_key, period = _period(ctx, f.period)
    node = ctx.iris.thing("observation", f"{area_id}-{f.measure}-{period_key}-{f.breakdown}")
    measure = aeno[MEASURE_PROPERTY[f.measure]]
    e.typed(node, QB.Observation)
    e.add(node, QB.dataSet, dataset)
    e.add(node, SDMX_DIM.refArea, area, f.area.span)
    e.add(node, SDMX_DIM.refPeriod, period, f.span if f.period is not None else None)
    sex, scale = SPLITS[f.breakdown]
    # the dimension the source breaks the figure down by is read; the other is all of them, by rule
    for dim, value, stated in (
        (SDMX_DIM.sex, ctx.matched(str(SDMX_CODE[sex])), sex != "sex-T"),
        (aeno.salaryScale, _scale(ctx, scale), scale != "totaal"),
    ):
        if stated:
            e.add(node, dim, value, f.span)
        else:
            ctx.infer(node, dim, value, "zonder-uitsplitsing", f.span)
    e.add(node, QB.measureType, measure)
    e.add(node, measure, _value(f), f.span)
    unit, names_ = _unit(ctx, f.unit)
    e.add(node, SDMX_ATT.unitMeasure, unit, f.span if names(f.span.text(ctx.inputs.texts), names_) else None)
    nl = MEASURES[f.measure][0]
    when = str(e.graph.value(period, RDFS.label))
    group = "" if f.breakdown == "totaal" else f", {GROUP_NL.get(f.breakdown) or BREAKDOWNS[f.breakdown].nl.lower()}"
    e.label(node, f"{area_name}: {nl.lower()}{group}, {when}: {_display(f)}")
    if f.note:
        _note(ctx, node, f.note)
    e.derived(node, [f.span.source])


def _value(f: Figure) -> Literal:
    if f.measure in INTEGER_MEASURES:
        if f.value != f.value.to_integral_value():
            raise ValueError(f"{f.measure} must be a whole number, got {f.value}")
        return Literal(int(f.value), datatype=XSD.integer)
    # A lexical form with a fraction digit ("231000.0"), which Turtle's DECIMAL shorthand writes back
    # unchanged; "231000" would come back as 231000.0, a different literal, and break round trips.
    text = format(f.value, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _display(f: Figure) -> str:
    text = number_text(f.value)  # 45477.5 -> 45.477,5
    return {"percent": f"{text}%", "euro": f"€ {text}", "years": f"{text} jaar", "fte": f"{text} fte"}.get(f.unit, text)


#: the units of the key figures: QUDT's (described here so that a page can name them) and aeno:FTE (described in
#: the ontology): IRI, Dutch and English label, symbol
UNITS = {
    "persons": (UNIT.NUM, "aantal", "number", None),
    "years": (UNIT.YR, "jaar", "year", "jr"),
    "percent": (UNIT.PERCENT, "procent", "percent", "%"),
    "euro": (UNIT.CCY_EUR, "euro", "euro", "€"),
    "fte": (None, "fte", "FTE", "fte"),
}


def _unit(ctx: Context, unit: str) -> tuple[URIRef, list[str]]:
    """The unit of a figure, and the ways a source writes it: read where the figure's passage writes it ("4,16%",
    "47,3 jaar"); the editors' where it does not (a count of people is a number)."""
    iri, nl, en, symbol = UNITS[unit]
    if iri is None:
        return ctx.aeno.FTE, [nl]
    e = ctx.emit
    e.typed(iri, QUDT.Unit)
    e.label(iri, nl, en)
    if symbol:
        e.add(iri, QUDT.symbol, Literal(symbol))
        e.add(iri, SKOS.hiddenLabel, Literal(symbol))  # how a figure writes it ("4,16%"): search finds it
    return iri, [nl] + ([symbol] if symbol else [])


def _note(ctx: Context, node: URIRef, note: Located[str]) -> None:
    """The source's note on a figure. What it says the figure leaves out ("exclusief zwangerschap") is the
    attribute aeno:exclusion, a concept a query can select on; a note that says something else is a comment."""
    found = [key for key, code in EXCLUSIONS.items() if names(note.value, [code.nl])]
    if not found:
        ctx.emit.add(node, RDFS.comment, Literal(note.value, lang="nl"), note.span)
        return
    ctx.scheme_label("exclusion", "Uitsluitingen van kengetallen", "Exclusions of key figures")
    for key in found:
        ctx.emit.add(node, ctx.aeno.exclusion, ctx.code("exclusion", key, EXCLUSIONS[key]), note.span)


def _scale(ctx: Context, key: str) -> URIRef:
    return ctx.code("breakdown", key, BREAKDOWNS[key])


def _period(ctx: Context, period: dt.date | int | None) -> tuple[str, URIRef]:
    e = ctx.emit
    if period is None:
        node = ctx.iris.thing("period", "niet-vermeld")
        e.typed(node, TIME.TemporalEntity)
        e.label(node, "niet vermeld in de bron", "not stated in the source")
        return "niet-vermeld", node
    if isinstance(period, dt.date):
        key = period.isoformat()
        node = ctx.iris.thing("period", key)
        e.typed(node, TIME.Instant, TIME.TemporalEntity)
        e.add(node, TIME.inXSDDate, Literal(period, datatype=XSD.date))
        e.label(node, date_text(period), period.strftime("%-d %B %Y"))
        return key, node
    key = str(period)
    node = ctx.iris.thing("period", key)
    e.typed(node, TIME.ProperInterval, TIME.TemporalEntity)
    e.label(node, key, key)
    begin, end = _period(ctx, dt.date(period, 1, 1))[1], _period(ctx, dt.date(period, 12, 31))[1]
    e.add(node, TIME.hasBeginning, begin)
    e.add(node, TIME.hasEnd, end)
    e.add(node, TIME.hasXSDDuration, Literal("P1Y", datatype=XSD.duration))
    return key, node
