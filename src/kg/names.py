"""Comparing names of organisations and people as they are spelled in different sources.

One normal form for every comparison in the project (variant resolution during the build, reconciliation of
users' files in `kg link`), so both agree on what counts as "the same name".
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_ORG_PREFIXES = re.compile(r"^(?:de\s+)?gemeente\s+|^gem\.\s+", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase ASCII without diacritics: 'Súdwest-Fryslân' -> 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def key(text: str) -> str:
    """The comparison key of a name: folded, '&' and '+' read as 'en', a leading 'Gemeente' dropped, and only
    letters and digits kept. 'Gemeente Son en Breugel', 'son-en-breugel' and 'SonenBreugel' share one key."""
    t = _ORG_PREFIXES.sub("", text.strip())
    t = fold(t).replace("&", " en ").replace("+", " en ")
    return re.sub(r"[^a-z0-9]", "", t)


def similarity(a: str, b: str) -> float:
    """0..1, how alike two names are after `key` (difflib's ratio)."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    return difflib.SequenceMatcher(None, ka, kb).ratio()


def slug(text: str) -> str:
    """Lowercase ASCII with hyphens, diacritics folded: "Particip@Sea" -> "particip-sea",
    "'s-Gravenhage" -> "s-gravenhage", "Bergen (NH.)" -> "bergen-nh"."""
    t = fold(text).replace("&", " en ").replace("+", " en ")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")
