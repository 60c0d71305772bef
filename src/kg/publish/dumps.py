"""Compressed dumps with checksums, byte-identical for the same input (gzip without a timestamp or name)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from kg import mediatypes
from kg.buildinfo import Dump
from kg.files import sha256_file

#: the dumps that are published, with their media type, EU file type and a Dutch description
DUMPS = {
    "kg.ttl": (mediatypes.TURTLE, "RDF_TURTLE", "Turtle"),
    "kg.nt": (mediatypes.NTRIPLES, "RDF_N_TRIPLES", "N-Triples (gesorteerd)"),
    "kg.jsonld": (mediatypes.JSONLD, "JSON_LD", "JSON-LD met context"),
}

#: the compressed files, as the dataset description lists them
DUMP_NAMES = [f"{name}.gz" for name in DUMPS]


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
        size = target.stat().st_size
        out.append(
            Dump(
                name=target.name,
                source=name,
                media_type=media,
                file_type=file_type,
                title=title,
                bytes=size,
                sha256=hashes[target.name],
            )
        )
    return out, hashes


def checksums(folder: Path, names: list[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """SHA-256 of each named file in `folder`, taken from `known` where it was computed already."""
    known = known or {}
    return {n: known[n] if n in known else sha256_file(folder / n) for n in names}


def write_checksums(folder: Path, names: list[str], known: dict[str, str] | None = None) -> None:
    sums = checksums(folder, names, known)
    lines = [f"{sums[n]}  {n}" for n in sorted(names)]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
