"""Compressed dumps with checksums, byte-identical for the same input (gzip without a timestamp or name)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg import mediatypes
from kg.files import sha256_file

#: the dumps that are published, with their media type, EU file type and a Dutch description
DUMPS = {
    "kg.ttl": (mediatypes.TURTLE, "RDF_TURTLE", "Turtle"),
    "kg.nt": (mediatypes.NTRIPLES, "RDF_N_TRIPLES", "N-Triples (gesorteerd)"),
    "kg.jsonld": (mediatypes.JSONLD, "JSON_LD", "JSON-LD met context"),
}

#: the compressed files, as the dataset description lists them
DUMP_NAMES = [f"{name}.gz" for name in DUMPS]


@dataclass(frozen=True)
class Dump:
    name: str  # the compressed file, e.g. kg.ttl.gz
    source: str  # the uncompressed file it holds, e.g. kg.ttl
    media_type: str
    file_type: str  # EU file-type authority code
    title: str
    bytes: int
    sha256: str


def compress(folder: Path) -> tuple[list[Dump], dict[str, str]]:
    """Write NAME.gz for each dump in `folder`; returns the dumps and the SHA-256 of every file written or read
    (the uncompressed dumps are hashed while they are compressed, so nothing is read twice)."""
    out = []
    hashes: dict[str, str] = {}
    for name, (media, file_type, title) in DUMPS.items():
        source = folder / name
        target = folder / f"{name}.gz"
        h = hashlib.sha256()
        with (
            source.open("rb") as raw,
            target.open("wb") as f,
            gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=6) as gz,
        ):
            for block in iter(lambda: raw.read(1 << 20), b""):
                h.update(block)
                gz.write(block)
        hashes[name] = h.hexdigest()
        hashes[target.name] = sha256_file(target)
        out.append(Dump(target.name, name, media, file_type, title, target.stat().st_size, hashes[target.name]))
    return out, hashes


def checksums(folder: Path, names: list[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """SHA-256 of each named file in `folder`, taken from `known` where it was computed already."""
    known = known or {}
    return {n: known[n] if n in known else sha256_file(folder / n) for n in names}


def write_checksums(folder: Path, names: list[str], known: dict[str, str] | None = None) -> None:
    sums = checksums(folder, names, known)
    lines = [f"{sums[n]}  {n}" for n in sorted(names)]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
