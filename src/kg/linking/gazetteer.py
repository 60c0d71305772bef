"""The municipalities a link can point at, with every name and code they can be recognised by.

Built from the project's reference data only (the register, the safety regions' provinces and the known
name variants), so `kg link` runs in a fraction of a second without a build; the IRIs are minted by kg.iris
exactly as the build mints them, so a link always points at the resource the graph publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import DataError, Problem
from kg.names import key, slug
from kg.project import Project
from kg.read.inputs import read_reference, read_register

#: Province -> the comparison keys (kg.names.key) of the names and abbreviations people write for it,
#: e.g. the CBS register's "(NH.)", "(O.)", "(L.)" and full names such as "(Noord-Holland)".
PROVINCES: dict[str, tuple[str, ...]] = {
    "Groningen": ("gr", "gron", "groningen"),
    "Fryslân": ("fr", "frl", "fryslan", "friesland"),
    "Drenthe": ("dr", "dren", "drenthe"),
    "Overijssel": ("o", "ov", "ovl", "overijssel"),
    "Flevoland": ("fl", "flevo", "flevoland"),
    "Gelderland": ("g", "gld", "gl", "gelderland"),
    "Utrecht": ("u", "ut", "utr", "utrecht"),
    "Noord-Holland": ("nh", "noordholland"),
    "Zuid-Holland": ("zh", "zuidholland"),
    "Zeeland": ("z", "zl", "zld", "zeeland"),
    "Noord-Brabant": ("nb", "nbr", "noordbrabant", "brabant"),
    "Limburg": ("l", "li", "lb", "lim", "limburg"),
}
PROVINCE_BY_KEY = {k: province for province, keys in PROVINCES.items() for k in keys}
#: Qualifiers that only say "the municipality" ("Utrecht (gemeente)", "Groningen (gem.)").
MUNICIPALITY_MARKERS = frozenset({"gemeente", "gem", "municipality", "gm"})

_BRACKETED = re.compile(r"^(?P<base>.*?\S)\s*\((?P<qualifier>[^()]*)\)\s*$")
_TRAILING = re.compile(r"^(?P<base>.*?\S)[\s,]+(?P<qualifier>[^\s,]+)$")


@dataclass(frozen=True)
class Qualified:
    """A name split into its base and what its qualifier says: a province, just "municipality", or
    something unrecognised (kept as text)."""

    base: str
    province: str | None = None
    marker: bool = False
    unknown: str | None = None


def split_qualifier(text: str) -> Qualified | None:
    """'Bergen (NH.)' -> base 'Bergen', province Noord-Holland; 'Bergen L' -> Limburg; 'Utrecht (gemeente)' ->
    marker. A trailing word without brackets counts only if it names a province or says "gemeente"."""
    m = _BRACKETED.match(text)
    if m:
        return _qualified(m["base"], m["qualifier"], bracketed=True)
    m = _TRAILING.match(text)
    if m:
        return _qualified(m["base"], m["qualifier"], bracketed=False)
    return None


def _qualified(base: str, qualifier: str, bracketed: bool) -> Qualified | None:
    k = key(qualifier)
    if k in PROVINCE_BY_KEY:
        return Qualified(base.strip(" ,"), province=PROVINCE_BY_KEY[k])
    if k in MUNICIPALITY_MARKERS:
        return Qualified(base.strip(" ,"), marker=True)
    return Qualified(base.strip(" ,"), unknown=qualifier.strip()) if bracketed else None


def generated_variants(name: str) -> list[str]:
    """Spellings people use that follow from the name itself: without the "'s-" article ('s-Gravenhage ->
    Gravenhage), "a/d" for "aan den"/"aan de" (Alphen a/d Rijn), "St." for "Sint" (St. Michielsgestel)."""
    out = []
    if re.match(r"^'s[- ]", name):
        out.append(name[3:])
    if re.search(r"\baan de[n]? ", name):
        out.append(re.sub(r"\baan de[n]? ", "a/d ", name))
    if re.match(r"^Sint[- ]", name):
        out.append("St. " + name[5:])
    return out


@dataclass(frozen=True)
class Municipality:
    code: str  # GM0373
    iri: str
    name: str  # official name in the register
    display_name: str | None
    province: str | None
    variants: tuple[str, ...] = field(default=())

    @property
    def digits(self) -> str:
        return self.code[2:]

    def base_names(self) -> list[Qualified]:
        """The official and everyday names, each split from its province qualifier if it has one."""
        out = []
        for name in filter(None, (self.name, self.display_name)):
            q = split_qualifier(name)
            out.append(q if q and q.province else Qualified(name))
        return out


@dataclass(frozen=True)
class Gazetteer:
    municipalities: tuple[Municipality, ...]
    register: str  # what the municipalities come from, for reports

    @classmethod
    def load(cls, project: Project) -> Gazetteer:
        register = read_register(project)
        problems: list[Problem] = []
        _, regions = read_reference(project.reference_dir, "veiligheidsregios", problems)
        _, variants = read_reference(project.reference_dir, "gemeentenamen-varianten", problems)
        province_of = {r.values["code"]: r.values["province"] for r in regions}
        for r in regions:
            if r.values["province"] not in PROVINCES:
                problems.append(r.problem("province", f"not a Dutch province: {r.values['province']!r}"))
        codes = {m.code for m in register}
        extra: dict[str, list[str]] = {}
        for r in variants:
            if r.values["cbs_code"] not in codes:
                problems.append(r.problem("cbs_code", f"{r.values['cbs_code']!r} is not in the register"))
            elif not r.values["variant"]:
                problems.append(r.problem("variant", "empty"))
            else:
                extra.setdefault(r.values["cbs_code"], []).append(r.values["variant"])
        if problems:
            raise DataError(problems)
        iris = project.iris
        return cls(
            tuple(
                Municipality(
                    code=m.code,
                    iri=str(iris.thing("municipality", slug(m.official_name))),
                    name=m.official_name,
                    display_name=m.display_name,
                    province=province_of.get(m.safety_region or ""),
                    variants=tuple(extra.get(m.code, [])),
                )
                for m in register
            ),
            register="gemeenten-cbs (CBS municipality codes, 2023)",
        )
