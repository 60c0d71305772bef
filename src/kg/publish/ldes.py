"""The change feed: a Linked Data Event Stream (https://w3id.org/ldes/specification) of the graph's resources,
paged by time with the TREE hypermedia specification, written as files by the build so that any server of the
build (a front without a store too) can serve it.

Its members are versions of the described resources (everything under the base with an rdf:type, skolem IRIs
aside): for each release, a version of every resource whose own statements changed in it (all of them in the
first release), and a deletion for every resource that went away. A version is a resource of its own,
`{base}id/versie/{release}/{path}`, with the resource's statements in that release, `dcterms:isVersionOf` the
resource, `prov:generatedAtTime` the release's time and `as:Create` or `as:Update` as its type; a deletion has
no statements, and `as:Delete`. The stream declares these paths (ldes:versionOfPath, ldes:timestampPath and the
version create, update and delete objects), so that a client materialises the latest version of each resource,
or its deletion.

Pages: the root node (the stream's view) relates to each release's first page by its time range
(tree:GreaterThanOrEqualToRelation from the release's time, tree:LessThanRelation to the next one's); a release's
members are split over pages of PAGE_SIZE linked in order. A release's pages never change once written (the
server answers them as immutable); only the root gains a relation with each release. Every release's pages are
kept (kg.publish.releases), and the retention policy says so: every member from the first release on.

The files name the feed's own address with PLACEHOLDER, which the server replaces with the address it serves the
feed at, so that each page's IRI is the URL it was fetched from (as the TREE specification asks), behind any
proxy or path.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.buildinfo import Release
from kg.publish.diff import TYPED_NEW, TYPED_OLD, Block

PLACEHOLDER = "https://feed.invalid/ldes/"
PAGE_SIZE = 500
ROOT = "index"
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD}
SPECIFICATION = "https://w3id.org/ldes/specification"

LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
AS = "https://www.w3.org/ns/activitystreams#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"ldes": LDES, "tree": TREE, "as": AS, "prov": PROV, "dcterms": DCTERMS, "xsd": XSD, "rdfs": RDFS}
#: a resource with one of these of its own would be ambiguous as a version's payload: left out of the feed
RESERVED = (f"<{DCTERMS}isVersionOf>", f"<{PROV}generatedAtTime>")


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


TYPE = N(RDF + "type")


def stream_iri(base: str) -> str:
    return f"{base}id/wijzigingen/aeno-kg"


def version_iri(base: str, release: str, resource: str) -> str:
    return f"{base}id/versie/{release}/{resource[len(base) :]}"


@dataclass(frozen=True)
class Written:
    members: int
    pages: int


class Members:
    """The members of one release, picked from the diff's blocks as kg.publish.diff.scan streams them by (pass this
    as its `visit`) and given back in resource order, as (resource, kind, lines): "Create" or "Update" with the
    resource's own statements in the new graph, "Delete" with none. The statements wait in a scratch file, so
    memory holds a small entry per member, not the graph (a first release's members are all its resources).
    Resource order is not the order the blocks come in: `<a/b> ` sorts before `<a> ` as a line."""

    def __init__(self, base: str, scratch: Path | None = None) -> None:
        self.base, self.skolem = base, f"{base}.well-known/genid/"
        self._file = tempfile.TemporaryFile(dir=scratch)  # noqa: SIM115 (closed on leaving a with block)
        self._index: list[tuple[str, str, int, int]] = []  # resource, kind, offset and size in the file

    def __call__(self, block: Block) -> None:
        iri = block.iri
        if not iri.startswith(self.base) or iri.startswith(self.skolem):
            return
        f = block.flags
        if f & TYPED_NEW:
            if not any(side != "both" for side, *_ in block.lines):
                return  # its own statements did not change
            if any(p in RESERVED for side, _, p, _ in block.lines if side != "old"):
                return
            data = ("\n".join(block.version("new")) + "\n").encode("utf-8")
            self._index.append((iri, "Update" if f & TYPED_OLD else "Create", self._file.tell(), len(data)))
            self._file.write(data)
        elif f & TYPED_OLD:
            self._index.append((iri, "Delete", 0, 0))

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[tuple[str, str, list[str]]]:
        self._file.flush()
        for iri, kind, offset, size in sorted(self._index):
            self._file.seek(offset)
            # split at "\n" only: a literal may hold U+2028 or U+0085 as they are, which splitlines() breaks at
            yield iri, kind, self._file.read(size - 1).decode("utf-8").split("\n") if size else []

    def __enter__(self) -> Members:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()


def _member_lines(stream: str, base: str, release: Release, resource: str, kind: str, lines: list[str]) -> list[str]:
    """A member in N-Triples: the stream names it, and the version holds the resource's own statements (`lines`,
    each starting with the resource) with the version as their subject. Text, parsed once per page: a Python
    object per term of every member cost more than the rest of the page."""
    version = f"<{version_iri(base, release.id, resource)}>"
    own = len(resource) + 3  # "<" resource "> "
    return [
        f"<{stream}> <{TREE}member> {version} .",
        f"{version} <{DCTERMS}isVersionOf> <{resource}> .",
        f'{version} <{PROV}generatedAtTime> "{release.published}"^^<{XSD}dateTime> .',
        f"{version} <{RDF}type> <{AS}{kind}> .",
        *(f"{version} {line[own:]}" for line in lines),
    ]


def _write(folder: Path, name: str, triples: list[ox.Triple], prefixes: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, fmt in FORMATS.items():
        data = (
            ox.serialize(triples, format=fmt, prefixes=prefixes)
            if fmt == ox.RdfFormat.TURTLE
            else ox.serialize(triples, format=fmt)
        )
        (folder / f"{name}{suffix}").write_bytes(data)


def write_release_pages(
    folder: Path, base: str, release: Release, members: Members, prefixes: dict[str, str]
) -> Written:
    """This release's pages (folder/<n>.ttl and .jsonld), written once and never changed (a folder left by a
    build that died before its release was published is written over)."""
    shutil.rmtree(folder, ignore_errors=True)
    stream = stream_iri(base)
    pages = max(1, -(-len(members) // PAGE_SIZE))
    names = {**PREFIXES, **prefixes}
    ordered = iter(members)
    for n in range(1, pages + 1):
        chunk = list(itertools.islice(ordered, PAGE_SIZE))
        page = N(f"{PLACEHOLDER}{release.id}/{n}")
        triples = [ox.Triple(page, TYPE, N(TREE + "Node"))]
        if n < pages:
            relation = ox.BlankNode(f"next{n}")
            triples += [
                ox.Triple(page, N(TREE + "relation"), relation),
                ox.Triple(relation, TYPE, N(TREE + "Relation")),
                ox.Triple(relation, N(TREE + "node"), N(f"{PLACEHOLDER}{release.id}/{n + 1}")),
            ]
        text = [line for member in chunk for line in _member_lines(stream, base, release, *member)]
        triples += ox.parse("\n".join(text) + "\n", format=ox.RdfFormat.N_TRIPLES) if text else []
        _write(folder, str(n), triples, names)
    return Written(len(members), pages)


def write_root(
    folder: Path, base: str, releases: Iterable[Release], title_nl: str, title_en: str, prefixes: dict[str, str]
) -> None:
    """The root node: the stream's description and a time range per release, to its first page."""
    ordered = sorted(releases, key=lambda r: r.published)
    stream, root = N(stream_iri(base)), N(PLACEHOLDER)
    dt = N(XSD + "dateTime")
    path = N(PROV + "generatedAtTime")
    triples = [
        ox.Triple(stream, TYPE, N(LDES + "EventStream")),
        ox.Triple(stream, N(DCTERMS + "title"), ox.Literal(f"Wijzigingen: {title_nl}", language="nl")),
        ox.Triple(stream, N(DCTERMS + "title"), ox.Literal(f"Changes: {title_en}", language="en")),
        ox.Triple(stream, N(DCTERMS + "conformsTo"), N(SPECIFICATION)),
        ox.Triple(stream, N(LDES + "timestampPath"), path),
        ox.Triple(stream, N(LDES + "versionOfPath"), N(DCTERMS + "isVersionOf")),
        ox.Triple(stream, N(LDES + "versionCreateObject"), N(AS + "Create")),
        ox.Triple(stream, N(LDES + "versionUpdateObject"), N(AS + "Update")),
        ox.Triple(stream, N(LDES + "versionDeleteObject"), N(AS + "Delete")),
        ox.Triple(stream, N(TREE + "view"), root),
        ox.Triple(root, TYPE, N(TREE + "Node")),
        ox.Triple(root, TYPE, N(LDES + "EventSource")),
    ]
    if ordered:
        policy = ox.BlankNode("retention")
        triples += [
            ox.Triple(root, N(LDES + "retentionPolicy"), policy),
            ox.Triple(policy, N(LDES + "startingFrom"), ox.Literal(ordered[0].published, datatype=dt)),
        ]
    for i, r in enumerate(ordered):
        page = N(f"{PLACEHOLDER}{r.id}/1")
        bounds = [("GreaterThanOrEqualToRelation", r.published)]
        if i + 1 < len(ordered):
            bounds.append(("LessThanRelation", ordered[i + 1].published))
        for j, (kind, value) in enumerate(bounds):
            relation = ox.BlankNode(f"r{i}x{j}")
            triples += [
                ox.Triple(root, N(TREE + "relation"), relation),
                ox.Triple(relation, TYPE, N(TREE + kind)),
                ox.Triple(relation, N(TREE + "node"), page),
                ox.Triple(relation, N(TREE + "path"), path),
                ox.Triple(relation, N(TREE + "value"), ox.Literal(value, datatype=dt)),
            ]
    _write(folder, ROOT, triples, {**PREFIXES, **prefixes})


def link_pages(source: Path, target: Path, releases: Iterable[str]) -> None:
    """The pages of `releases` (source/<release>/) into the staged build's feed folder, as hard links where the
    file system allows (pages of a build that died before it was published are not among them)."""
    for release in dict.fromkeys(releases):
        (target / release).mkdir(parents=True, exist_ok=True)
        for f in (source / release).iterdir() if (source / release).is_dir() else ():
            try:
                os.link(f, target / release / f.name)
            except OSError:
                shutil.copy2(f, target / release / f.name)
