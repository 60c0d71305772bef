"""Recognising a municipality from what another dataset writes for it: a code, a name, or both.

Tried from the most to the least certain, and the first that decides wins:

1. code — "GM0518", "gm518", "0518", "518" or a TOOI IRI, when it is in the register;
2. exact name — the register's official or everyday name as written ("'s-Gravenhage", "Den Haag");
3. normalised name — the same after folding case, diacritics, punctuation and a leading "Gemeente"
   ("S-GRAVENHAGE", "Sudwest Fryslan", "Gemeente Den Haag");
4. known variant — a listed other name ("The Hague", "Zuidwest-Friesland"), a spelling that follows from the
   name ("Alphen a/d Rijn"), or a province qualifier read against the province the municipality lies in
   ("Bergen (Noord-Holland)", "Hengelo (O)"), or a name without the register's qualifier when only one
   municipality has it ("Hengelo");
5. similar name — a small typo ("Brergen op Zoom"): at most 1 edit for names of 7 to 10 letters, 2 from 11,
   none below 7 (short Dutch place names are one letter apart from each other: Haren/Laren), and only if no
   other municipality is as close. Identity is then not certain, so the link is skos:exactMatch.

A name that fits several municipalities equally ("Bergen") is ambiguous and gets no link; a code and a name
that point at different municipalities are a conflict and get no link. Precision comes first: a wrong
owl:sameAs merges two municipalities for every reasoner that reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kg.linking.gazetteer import Gazetteer, Municipality, generated_variants, split_qualifier
from kg.names import key
from kg.vocab import TOOI_GEMEENTE

#: How a link was made -> (score, certain). Scores say how sure the method is; a similar name gets a score
#: from its edit distance instead (1 - edits / length, at most 0.9), always below the certain methods.
METHODS: dict[str, tuple[float, bool]] = {
    "code": (1.0, True),
    "exact-name": (1.0, True),
    "normalised-name": (0.99, True),
    "known-variant": (0.98, True),
    "similar-name": (0.9, False),
}

#: The methods as published (concepts of the code list {base}id/koppelmethode): key -> (nl, en, definition nl,
#: definition en).
METHOD_LABELS: dict[str, tuple[str, str, str, str]] = {
    "code": (
        "CBS-code",
        "CBS code",
        "De CBS-gemeentecode (met of zonder GM, met of zonder voorloopnullen) staat in het register.",
        "The CBS municipality code (with or without GM, with or without leading zeros) is in the register.",
    ),
    "exact-name": (
        "Exacte naam",
        "Exact name",
        "De naam is letterlijk de officiële of gangbare naam in het register.",
        "The name is literally the official or everyday name in the register.",
    ),
    "normalised-name": (
        "Genormaliseerde naam",
        "Normalised name",
        "De naam is gelijk na het gelijkmaken van hoofdletters, accenten, leestekens en een voorafgaand 'Gemeente'.",
        "The name is equal after folding case, diacritics, punctuation and a leading 'Gemeente'.",
    ),
    "known-variant": (
        "Bekende variant",
        "Known variant",
        "De naam is een bekende andere naam, spelling of provincie-aanduiding van de gemeente.",
        "The name is a known other name, spelling or province qualifier of the municipality.",
    ),
    "similar-name": (
        "Gelijkende naam",
        "Similar name",
        "De naam verschilt met een kleine tikfout van precies één gemeente; de identiteit is niet zeker.",
        "The name differs by a small typo from exactly one municipality; identity is not certain.",
    ),
}

_CODE = re.compile(r"^(?:gm)?[\s-]?(\d{1,4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """The outcome for one row or resource."""

    status: str  # "matched", "ambiguous", "conflict", "unmatched", "empty"
    municipality: Municipality | None = None
    method: str | None = None
    score: float | None = None
    candidates: tuple[Municipality, ...] = ()
    note: str = ""

    @property
    def certain(self) -> bool:
        return self.method is not None and METHODS[self.method][1]


def parse_code(raw: str) -> str | None:
    """The four digits of a CBS municipality code as other datasets write it, or None if it is not one."""
    text = raw.strip()
    if text.lower().startswith(TOOI_GEMEENTE.lower()):
        text = text[len(TOOI_GEMEENTE) :]
    m = _CODE.match(text)
    return m[1].zfill(4) if m else None


def max_edits(length: int) -> int:
    return 0 if length < 7 else 1 if length < 11 else 2


class Matcher:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_code: dict[str, Municipality] = {m.digits: m for m in gazetteer.municipalities}
        self.exact: dict[str, set[Municipality]] = {}
        self.normalised: dict[str, set[Municipality]] = {}
        self.variant: dict[str, set[Municipality]] = {}
        self.base: dict[str, set[Municipality]] = {}
        for m in gazetteer.municipalities:
            for name in filter(None, (m.name, m.display_name)):
                self.exact.setdefault(name, set()).add(m)
                self.normalised.setdefault(key(name), set()).add(m)
            for name in [
                *m.variants,
                *(v for n in filter(None, (m.name, m.display_name)) for v in generated_variants(n)),
            ]:
                self.variant.setdefault(key(name), set()).add(m)
            for q in m.base_names():
                self.base.setdefault(key(q.base), set()).add(m)
        self._pool: dict[str, set[Municipality]] = {}
        for index in (self.normalised, self.variant, self.base):
            for k, ms in index.items():
                self._pool.setdefault(k, set()).update(ms)
        self._pool_keys = sorted(self._pool)

    # -- codes and names together -----------------------------------------------------------------------

    def match(self, names: Iterable[str] = (), codes: Iterable[str] = ()) -> Match:
        """Match by code if one is known; check that the names agree with it; else match by the names."""
        names = [n for n in (" ".join(x.split()) for x in names) if n]
        codes = [c.strip() for c in codes if c and c.strip()]
        if not names and not codes:
            return Match("empty", note="no name and no code")
        notes: list[str] = []
        by_code: set[Municipality] = set()
        for raw in codes:
            digits = parse_code(raw)
            if digits is None:
                notes.append(f"{raw!r} is not a municipality code")
            elif digits not in self.by_code:
                notes.append(f"GM{digits} is not in the register (a former municipality, or a typo?)")
            else:
                by_code.add(self.by_code[digits])
        by_name = [self.match_name(n) for n in names]
        named = {r.municipality for r in by_name if r.status == "matched" and r.certain}
        if len(by_code) > 1:
            return Match("conflict", candidates=_sorted(by_code), note="the codes name different municipalities")
        if by_code:
            (m,) = by_code
            others = named - {m}
            if others:
                other = _sorted(others)[0]
                return Match(
                    "conflict",
                    candidates=_sorted({m, *others}),
                    note=f"the code is {m.code} {m.name}, the name is {other.name} ({other.code})",
                )
            notes += [
                f"the name {n!r} was not recognised"
                for n, r in zip(names, by_name, strict=True)
                if r.status == "unmatched"
            ]
            return Match("matched", m, "code", METHODS["code"][0], note="; ".join(notes))
        if not by_name:
            return Match("unmatched", note="; ".join(notes))
        matched = [r for r in by_name if r.status == "matched"]
        if len(named) > 1:
            return Match("conflict", candidates=_sorted(named), note="the names name different municipalities")
        if matched:
            best = max(matched, key=lambda r: r.score or 0.0)
            return _with_note(best, notes)
        worst = next((r for r in by_name if r.status in ("ambiguous", "conflict")), by_name[0])
        return _with_note(worst, notes)

    # -- names ------------------------------------------------------------------------------------------

    def match_name(self, text: str) -> Match:
        name = " ".join(text.split())
        if not name:
            return Match("empty", note="empty name")
        if found := self._decide(self.exact.get(name), "exact-name", name):
            return found
        k = key(name)
        if found := self._decide(self.normalised.get(k), "normalised-name", name):
            return found
        if found := self._decide(self.variant.get(k), "known-variant", name):
            return found
        q = split_qualifier(name)
        if q is not None and (q.province or q.marker):
            return self._qualified(name, q.base, q.province)
        if found := self._decide(self.base.get(k), "known-variant", name, score=0.95):
            return found
        result = self._similar(name, k, province=None)
        if result.status == "unmatched" and q is not None and q.unknown:
            return Match("unmatched", note=f"{result.note}; the qualifier ({q.unknown}) is not a province")
        return result

    def _qualified(self, name: str, base: str, province: str | None) -> Match:
        """A name with a qualifier: the base must fit, and the province, when given, must be where the
        municipality lies ("Bergen (NB)" is neither Bergen)."""
        k = key(base)
        found: set[Municipality] = set()
        for index in (self.exact.get(base), self.normalised.get(k), self.variant.get(k), self.base.get(k)):
            if index and not found:
                found = set(index)
        if found:
            fitting = {m for m in found if province is None or m.province == province}
            if not fitting:
                elsewhere = ", ".join(f"{m.name} ({m.province})" for m in _sorted(found))
                return Match(
                    "unmatched", candidates=_sorted(found), note=f"no {base} in {province}; there is {elsewhere}"
                )
            method = "known-variant" if province else "normalised-name"
            return self._decide(fitting, method, name) or Match("unmatched")
        return self._similar(name, k, province)

    def _similar(self, name: str, k: str, province: str | None) -> Match:
        allowed = max_edits(len(k))
        closest = process.extract(k, self._pool_keys, scorer=OSA.distance, score_cutoff=max(allowed, 2), limit=None)
        best: dict[Municipality, int] = {}
        for candidate, distance, _ in closest:
            for m in self._pool[candidate]:
                if province is None or m.province == province:
                    best[m] = min(distance, best.get(m, distance))
        within = {m: d for m, d in best.items() if d <= allowed}
        if not within:
            hint = ", ".join(m.name for m in _sorted(best, key_=lambda m: (best[m], m.code))[:3])
            return Match("unmatched", note=f"no municipality named {name!r}" + (f" (close: {hint})" if hint else ""))
        top = min(within.values())
        tied = {m for m, d in within.items() if d == top}
        if len(tied) > 1:
            return Match("ambiguous", candidates=_sorted(tied), note=f"{name!r} is as close to each of these")
        (m,) = tied
        score = round(1 - top / max(len(k), 1), 3)
        return Match("matched", m, "similar-name", min(score, METHODS["similar-name"][0]), note=f"{top} edit(s)")

    def _decide(
        self, found: set[Municipality] | None, method: str, name: str, score: float | None = None
    ) -> Match | None:
        if not found:
            return None
        if len(found) > 1:
            return Match("ambiguous", candidates=_sorted(found), note=f"{name!r} fits several municipalities")
        (m,) = found
        return Match("matched", m, method, METHODS[method][0] if score is None else score)


def _sorted(
    ms: Iterable[Municipality], key_: Callable[[Municipality], Any] = lambda m: m.code
) -> tuple[Municipality, ...]:
    return tuple(sorted(ms, key=key_))


def _with_note(match: Match, notes: list[str]) -> Match:
    if not notes:
        return match
    note = "; ".join(filter(None, [match.note, *notes]))
    return Match(match.status, match.municipality, match.method, match.score, match.candidates, note)
