"""Compressed dumps with checksums, byte-identical for the same input (gzip without a timestamp or name)."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

#: the dumps that are published, with their media type, EU file type and a Dutch description
DUMPS = {
    "kg.ttl": ("text/turtle", "RDF_TURTLE", "Turtle"),
    "kg.nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples (gesorteerd)"),
    "kg.jsonld": ("application/ld+json", "JSON_LD", "JSON-LD met context"),
}


@dataclass(frozen=True)
class Dump:
    name: str  # the compressed file, e.g. kg.ttl.gz
    source: str  # the uncompressed file it holds, e.g. kg.ttl
    media_type: str
    file_type: str  # EU file-type authority code
    title: str
    bytes: int
    sha256: str


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def compress(folder: Path) -> list[Dump]:
    """Write NAME.gz for each dump in `folder` and SHA256SUMS for all published files."""
    out = []
    for name, (media, file_type, title) in DUMPS.items():
        source = folder / name
        target = folder / f"{name}.gz"
        with (
            source.open("rb") as raw,
            target.open("wb") as f,
            gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz,
        ):
            shutil.copyfileobj(raw, gz, 1 << 20)
        out.append(Dump(target.name, name, media, file_type, title, target.stat().st_size, sha256(target)))
    return out


def write_checksums(folder: Path, names: list[str]) -> None:
    lines = [f"{sha256(folder / n)}  {n}" for n in sorted(names)]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
