"""Key figures (RDF Data Cube observations) as people would rather look at them: a table of the observations
and, for every measure with values over several periods, a bar chart (an SVG template: readable without
JavaScript, with a title, a description that states every value, and the table as its long description).

Shown on a municipality's page (the observations about it) and on a data set's page (its observations)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.dutch import number_text
from kg.server import data

OBSERVATIONS = """
SELECT ?s ?obs ?measure ?sex ?scale ?code ?period ?day ?value ?unit WHERE {
  { ?obs qb:dataSet ?ds . ?ds sdmx-dimension:refArea ?s } UNION { ?obs qb:dataSet ?s }
  ?obs qb:measureType ?m ; ?m ?value ; sdmx-attribute:unitMeasure ?unit ;
       sdmx-dimension:refPeriod ?p ; sdmx-dimension:sex/rdfs:label ?sex ; aeno:salaryScale/rdfs:label ?scale .
  ?m rdfs:label ?measure . ?p rdfs:label ?period .
  OPTIONAL { ?p time:inXSDDate ?day }
  OPTIONAL { ?obs aeno:salaryScale/skos:notation ?code }
  FILTER (LANG(?measure) = "nl" && LANG(?sex) = "nl" && LANG(?scale) = "nl" && LANG(?period) = "nl")
} LIMIT 2000"""

#: how a value is written, per QUDT unit (or ours, aeno:FTE)
UNITS = {
    "http://qudt.org/vocab/unit/PERCENT": "{}%",
    "http://qudt.org/vocab/unit/NUM": "{}",
    "http://qudt.org/vocab/unit/YR": "{} jaar",
    "http://qudt.org/vocab/unit/CCY_EUR": "€ {}",
}


@dataclass(frozen=True)
class Observation:
    measure: str
    group: str  # the breakdown a person reads: "vrouwen", "salarisschaal 1-6", or "" for all
    period: str
    order: str  # sorts periods in time
    rank: tuple[int, bool, str]  # sorts groups: all first, then by sex, salary scales by first number (1-6, 7-9, 10-12)
    value: float
    shown: str  # the value as written, with its unit
    href: str


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass(frozen=True)
class Chart:
    id: str
    measure: str
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    description: str


def _group(sex: str, scale: str) -> str:
    parts = [p for p in (sex, scale) if p not in ("Totaal", "Alle schalen")]
    return ", ".join(p.lower() for p in parts)


def observations(iri: str, href) -> list[Observation]:  # noqa: ANN001 - the pages' href()
    out = []
    for r in data.select(OBSERVATIONS, {"s": iri}):
        value = float(r["value"].value)
        pattern = UNITS.get(r["unit"].value, "{} fte")
        order = r["day"].value if "day" in r else r["period"].value
        code = re.match(r"\d+", r["code"].value) if "code" in r else None
        rank = (int(code.group(0)) if code else -1, r["sex"].value != "Totaal", r["sex"].value)
        out.append(
            Observation(
                r["measure"].value,
                _group(r["sex"].value, r["scale"].value),
                r["period"].value,
                order,
                rank,
                value,
                pattern.format(number_text(value)),
                href(r["obs"].value),
            )
        )
    return sorted(out, key=lambda o: (o.measure, o.rank, o.order))


def charts(obs: list[Observation]) -> list[Chart]:
    """A bar chart per measure (and breakdown) observed in at least three periods: a trend over time."""
    series: dict[tuple[str, str], list[Observation]] = {}
    for o in obs:
        series.setdefault((o.measure, o.group), []).append(o)
    out = []
    for i, ((measure, group), points) in enumerate(series.items()):  # in the observations' order
        if len({p.order for p in points}) < 3:
            continue
        points = sorted(points, key=lambda p: p.order)
        # drawn at about one unit a pixel (at most 24rem wide): its 13-unit text stays 12 px or more, on a phone too
        width, height, left, top, bottom = 360, 200, 6, 22, 32
        top_value = max(p.value for p in points) * 1.15 or 1
        slot = (width - 2 * left) / len(points)
        baseline = height - bottom
        bars = []
        for j, p in enumerate(points):
            h = (baseline - top) * p.value / top_value
            x = left + j * slot + slot * 0.15
            bars.append(
                Bar(
                    p.period,
                    p.shown,
                    round(x, 1),
                    round(baseline - h, 1),
                    round(slot * 0.7, 1),
                    round(h, 1),
                    round(left + j * slot + slot / 2, 1),
                )
            )
        title = measure + (f" ({group})" if group else "")
        values = "; ".join(f"{p.period}: {p.shown}" for p in points)
        out.append(Chart(f"kengetal-{i}", title, bars, width, height, baseline, values))
    return out
