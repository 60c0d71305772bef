"""What changed between two versions of the graph, per resource and statement by statement (`kg diff`, the change
summary of `kg build` and of a release, `kg validate --diff`).

The graph is written as sorted, unique N-Triples (kg.publish.serialise), so two versions are compared by merging
their lines in one pass; a subject's lines are next to each other in both. diff() keeps the changed statements
(for people and programs: `kg diff`); scan() keeps none, only a small entry per resource, and hands each
subject's lines on as they pass (a build's release: its summary, retired IRIs and change feed, whose first
release has every statement of the graph changed). Each changed statement is
reported under the resource it is about: its subject, or for a reified statement (a skolem IRI) the resource
its rdf:subject names, so that a passage added to a fact shows as a change of the thing the fact is about.
Skolem IRIs are made from their content (kg.iris.genid: a statement's from its subject, predicate and object),
so comparing them compares content; a graph with blank nodes is first given canonical labels (rdflib.compare),
so that blank nodes too are compared by content, not by their generated names.
"""

from __future__ import annotations

import functools
import gzip
import heapq
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDF_SUBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
RDF_PREDICATE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>"
RDF_OBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
DERIVED_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
ATTRIBUTED_TO = "<http://www.w3.org/ns/prov#wasAttributedTo>"
SOURCE = "<http://purl.org/dc/terms/source>"
LABELS = ("<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#prefLabel>")
FORMATS = ("text", "patch", "nt", "json")


def read_lines(path: Path) -> Iterator[str]:
    """The lines of an N-Triples file (kg.nt, or kg.nt.gz), without their line ends: split at "\n" alone, as a
    literal may hold a line or paragraph separator (U+2028, U+0085) as it is, and nothing else ends a line."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="\n") as f:  # type: ignore[operator]
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line


def has_blank_nodes(path: Path) -> bool:
    """Whether an N-Triples file (kg.nt, or kg.nt.gz) may name a blank node, by a look at its bytes: a literal
    holding " _:" says yes too, which only costs the careful way round (canonical labels, a whole load)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:  # type: ignore[operator]
        tail = b"\n"
        for block in iter(lambda: f.read(1 << 22), b""):
            seen = tail + block
            if b" _:" in seen or b"\n_:" in seen:
                return True
            tail = block[-2:]
    return False


def canonical_lines(path: Path) -> list[str]:
    """A graph with blank nodes, its blank nodes named by their content (rdflib.compare), as sorted lines."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph().parse(data="\n".join(read_lines(path)) + "\n", format="nt")
    text = to_canonical_graph(graph).serialize(format="nt")
    return sorted({line for line in text.split("\n") if line.strip()})  # not splitlines(): see read_lines


def split(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object (with its datatype or language) of an N-Triples line."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest.removesuffix(" .").rstrip()


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


def _literal_text(term: str) -> tuple[str, str | None]:
    """The text and language of a literal term (`"x"@nl`), for labels."""
    end = term.rfind('"')
    try:  # N-Triples' string escapes are JSON's (Oxigraph writes other characters as they are)
        text = json.loads(term[: end + 1])
    except ValueError:
        text = term[1:end]
    lang = term[end + 2 :] if term[end + 1 : end + 2] == "@" else None
    return text, lang


@dataclass
class ResourceChange:
    """What changed about one resource: its statements added and removed, as N-Triples lines."""

    iri: str
    label: str | None = None
    status: str = "changed"  # "added", "removed" or "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    added: int  # resources
    removed: int
    changed: int
    statements_added: int
    statements_removed: int

    def text(self) -> str:
        if not (self.added or self.removed or self.changed):
            return "no changes"
        return (
            f"{self.added} resource(s) added, {self.removed} removed, {self.changed} changed "
            f"({self.statements_added} statement(s) added, {self.statements_removed} removed)"
        )

    def dutch(self) -> str:
        """The summary as a release's version notes and the dataset page say it."""
        if not (self.added or self.removed or self.changed):
            return "geen wijzigingen"
        return (
            f"{self.added} toegevoegd, {self.removed} verwijderd, {self.changed} gewijzigd "
            f"({self.statements_added} uitspraken toegevoegd, {self.statements_removed} verwijderd)"
        )


@dataclass
class Diff:
    """The changes from one version of the graph to another, per resource in IRI order."""

    changes: list[ResourceChange]
    typed_old: set[str]  # described resources (with an rdf:type) of each version
    typed_new: set[str]
    first: bool = False  # the old version was empty (a first release): every statement of the new one is added

    @property
    def summary(self) -> Summary:
        counts = {"added": 0, "removed": 0, "changed": 0}
        for c in self.changes:
            counts[c.status] += 1
        return Summary(
            counts["added"],
            counts["removed"],
            counts["changed"],
            sum(len(c.added) for c in self.changes),
            sum(len(c.removed) for c in self.changes),
        )

    def gone(self, base: str) -> list[str]:
        """The described resources under `base` that the old version had and the new one has not. Skolem IRIs
        are left out: they name structure (a reified statement, a passage) by its content, so they go when
        their content does, and are no address anyone links to."""
        skolem = f"{base}.well-known/genid/"
        return sorted(
            iri for iri in self.typed_old - self.typed_new if iri.startswith(base) and not iri.startswith(skolem)
        )

    # -- formats ---------------------------------------------------------------------------------------------

    def text(self, prefixes: dict[str, str] | None = None) -> str:
        """For people: the summary, then each changed resource with its label and its statements + and -."""
        names = sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1]))

        def short(term: str) -> str:
            if term.startswith("<") and term.endswith(">"):
                iri = term[1:-1]
                for prefix, ns in names:
                    if iri.startswith(ns) and iri != ns:
                        return f"{prefix}:{iri[len(ns) :]}"
            return term

        out = [self.summary.text()]
        mark = {"added": "+", "removed": "-", "changed": "~"}
        for c in self.changes:
            label = f"  {c.label}" if c.label else ""
            out.append(f"\n{mark[c.status]} {short('<' + c.iri + '>')}{label}  ({c.status})")
            for sign, lines in (("-", c.removed), ("+", c.added)):
                statements: dict[str, dict[str, list[str]]] = {}
                for line in lines:
                    s, p, o = split(line)
                    if _iri(s) == c.iri:
                        out.append(f"    {sign} {short(p)} {short(o)}")
                    else:  # a reified statement about it: said by its content, not its skolem name
                        statements.setdefault(s, {}).setdefault(p, []).append(o)
                for fields in statements.values():
                    fact = " ".join(short(fields.get(k, ["?"])[0]) for k in (RDF_PREDICATE, RDF_OBJECT))
                    how = [f"read from {short(o)}" for o in fields.get(DERIVED_FROM, [])]
                    how += [f"editorial ({short(o)})" for o in fields.get(ATTRIBUTED_TO, [])]
                    how += [f"per {short(o)}" for o in fields.get(SOURCE, [])]
                    if RDF_PREDICATE in fields:
                        out.append(f"    {sign} provenance of [{fact}]: {', '.join(how) or 'a statement'}")
                    else:
                        for p, objects in fields.items():
                            out += [f"    {sign} provenance: {short(p)} {short(o)}" for o in objects]
        return "\n".join(out) + "\n"

    def patch(self) -> str:
        """RDF Patch (https://afs.github.io/rdf-patch/): one transaction, deletions then additions."""
        lines = ["TX ."]
        lines += [f"D {line}" for c in self.changes for line in c.removed]
        lines += [f"A {line}" for c in self.changes for line in c.added]
        lines.append("TC .")
        return "\n".join(lines) + "\n"

    def ntriples(self) -> str:
        """Each changed statement as an N-Triples line marked + or -."""
        lines = [f"- {line}" for c in self.changes for line in c.removed]
        lines += [f"+ {line}" for c in self.changes for line in c.added]
        return "\n".join(lines) + ("\n" if lines else "")

    def json(self) -> str:
        summary = self.summary
        doc = {
            "summary": {
                "resources_added": summary.added,
                "resources_removed": summary.removed,
                "resources_changed": summary.changed,
                "statements_added": summary.statements_added,
                "statements_removed": summary.statements_removed,
            },
            "resources": [
                {"iri": c.iri, "label": c.label, "status": c.status, "added": c.added, "removed": c.removed}
                for c in self.changes
            ],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def render(self, fmt: str, prefixes: dict[str, str] | None = None) -> str:
        if fmt not in FORMATS:
            raise KGError(f"unknown diff format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return {"text": lambda: self.text(prefixes), "patch": self.patch, "nt": self.ntriples, "json": self.json}[fmt]()


def _merged(old: Iterable[str], new: Iterable[str]) -> Iterator[tuple[str, str]]:
    """("old"|"new"|"both", line) for the lines of two sorted, unique line sequences."""
    if old == ():  # nothing before (a first release): every line is new
        yield from (("new", line) for line in new)
        return
    tagged = heapq.merge(((line, "old") for line in old), ((line, "new") for line in new))
    pending: tuple[str, str] | None = None
    for line, side in tagged:
        if pending is not None and pending[0] == line:
            yield "both", line
            pending = None
            continue
        if pending is not None:
            yield pending[1], pending[0]
        pending = (line, side)
    if pending is not None:
        yield pending[1], pending[0]


def _sources(old: Path | None, new: Path) -> tuple[Iterable[str], Iterable[str]]:
    """The lines of both versions, sorted (the files as they are, or canonically labelled if they have blank
    nodes)."""
    for path in (old, new):
        if path is not None and not path.is_file():
            raise KGError(f"no graph at {path} (kg.nt or kg.nt.gz)")
    if (old is not None and has_blank_nodes(old)) or has_blank_nodes(new):
        return (() if old is None else canonical_lines(old)), canonical_lines(new)
    return (() if old is None else read_lines(old)), read_lines(new)


# -- streaming: a release's outline and its change feed ---------------------------------------------------------

IN_OLD, IN_NEW, TYPED_OLD, TYPED_NEW = 1, 2, 4, 8


@dataclass
class Block:
    """One subject's statements in the two versions, as the merge of their sorted lines meets them (a sorted
    N-Triples file holds a subject's lines next to each other): (side, line, predicate, object) each, side
    "old", "new" or "both"."""

    subject: str
    lines: list[tuple[str, str, str, str]]

    @property
    def iri(self) -> str:
        return _iri(self.subject)

    @functools.cached_property
    def flags(self) -> int:
        """Which versions have the subject (IN_OLD, IN_NEW) and which describe it with a type (TYPED_*)."""
        f = 0
        for side, _, p, _ in self.lines:
            bits = (IN_OLD | IN_NEW) if side == "both" else (IN_OLD if side == "old" else IN_NEW)
            f |= bits | (bits << 2 if p == RDF_TYPE else 0)
        return f

    def version(self, side: str) -> list[str]:
        """The subject's lines in one version ("old" or "new")."""
        return [line for s, line, _, _ in self.lines if s in (side, "both")]

    def version_only(self, side: str) -> list[str]:
        """The subject's lines that only one version has: "new" (added) or "old" (removed)."""
        return [line for s, line, _, _ in self.lines if s == side]

    def changes(self) -> tuple[int, int]:
        """How many of its statements were added and removed."""
        added = sum(1 for s, *_ in self.lines if s == "new")
        return added, sum(1 for s, *_ in self.lines if s == "old")

    def owner(self) -> str | None:
        """The resource a reified statement is about (its rdf:subject), if it is one."""
        found = None
        for _, _, p, o in self.lines:
            if p == RDF_SUBJECT:
                found = o
        return found

    def label(self) -> str | None:
        """Its first label, a Dutch one before others."""
        best: tuple[str, str | None] | None = None
        for _, _, p, o in self.lines:
            if p in LABELS and o.startswith('"'):
                text, lang = _literal_text(o)
                if best is None or (lang == "nl" and best[1] != "nl"):
                    best = (text, lang)
        return best[0] if best else None


def _blocks(lines: Iterable[tuple[str, str]]) -> Iterator[Block]:
    subject: str | None = None
    held: list[tuple[str, str, str, str]] = []
    for side, line in lines:
        s, p, o = split(line)
        if s != subject:
            if held:
                yield Block(subject, held)  # type: ignore[arg-type]
            subject, held = s, []
        held.append((side, line, p, o))
    if held:
        yield Block(subject, held)  # type: ignore[arg-type]


def _status(flags: int) -> str:
    """A changed resource's status, as Diff gives it: a described thing (with a type) that is no longer described
    is removed, whatever statements remain about its IRI, and the other way round."""
    described = (bool(flags & TYPED_OLD), bool(flags & TYPED_NEW))
    if described == (True, False) or not flags & IN_NEW:
        return "removed"
    if described == (False, True) or not flags & IN_OLD:
        return "added"
    return "changed"


@dataclass(frozen=True)
class Removed:
    """What a removed resource was: its label and its types (their IRIs) in the old version."""

    label: str | None
    types: tuple[str, ...]

    @classmethod
    def of(cls, block: Block) -> Removed:
        types = sorted({_iri(o) for side, _, p, o in block.lines if side == "old" and p == RDF_TYPE})
        return cls(block.label(), tuple(types))


@dataclass
class Outline:
    """What publishing a release needs to know of its changes (kg.publish.releases.plan), without the changed
    statements: the summary, which resources each version describes and what those removed were. Made by
    scan() in one pass, in memory that grows with the resources, not with the statements."""

    summary: Summary
    flags: dict[str, int]  # each subject's IRI (a reified statement's aside: it is part of its resource) -> IN_/TYPED_
    removed: dict[str, Removed]  # each removed resource's label and types
    first: bool  # the old version was empty

    def described(self, iri: str, side: str = "new") -> bool:
        return bool(self.flags.get(iri, 0) & (TYPED_NEW if side == "new" else TYPED_OLD))

    def gone(self, base: str) -> list[str]:
        """As Diff.gone: the described resources under `base` the old version had and the new one has not."""
        skolem = f"{base}.well-known/genid/"
        return sorted(
            iri
            for iri, f in self.flags.items()
            if f & TYPED_OLD and not f & TYPED_NEW and iri.startswith(base) and not iri.startswith(skolem)
        )


def scan(
    old: Path | None,
    new: Path,
    visit: Callable[[Block], None] | None = None,
    skolem_space: str = "/.well-known/genid/",
) -> Outline:
    """The outline of the changes from `old` to `new` (as diff() takes them), reading both once; `visit` is given
    each subject's Block on the way (the change feed picks its members there)."""
    flags: dict[str, int] = {}
    tally: dict[str, list[int]] = {}  # changed resource -> [statements added, removed]
    was: dict[str, Removed] = {}  # subjects that would be removed if they changed: what they were
    first = True
    owned_owners = False  # a reified statement about a reified statement (none in the graph as built)
    for block in _blocks(_merged(*_sources(old, new))):
        owner = block.owner() if skolem_space in block.subject else None
        f = block.flags
        first = first and not f & IN_OLD
        if owner is None:
            flags[block.iri] = f
            if _status(f) == "removed":
                was[block.subject] = Removed.of(block)
        elif skolem_space in owner:
            owned_owners = True
        added, removed = block.changes()
        if added or removed:
            counts = tally.setdefault(owner or block.subject, [0, 0])
            counts[0] += added
            counts[1] += removed
        if visit is not None:
            visit(block)
    if owned_owners:  # such an owner is itself a reified statement, whose flags the pass did not keep
        wanted = {r for r in tally if _iri(r) not in flags}
        for block in _blocks(_merged(*_sources(old, new))):
            if block.subject in wanted:
                flags[block.iri] = f = block.flags
                if _status(f) == "removed":
                    was[block.subject] = Removed.of(block)
    counts = {"added": 0, "removed": 0, "changed": 0}
    removed: dict[str, Removed] = {}
    for r in tally:
        status = _status(flags.get(_iri(r), 0))
        counts[status] += 1
        if status == "removed":
            removed[_iri(r)] = was.get(r, Removed(None, ()))
    summary = Summary(
        counts["added"],
        counts["removed"],
        counts["changed"],
        sum(a for a, _ in tally.values()),
        sum(r for _, r in tally.values()),
    )
    return Outline(summary, flags, removed, first)


def diff(old: Path | None, new: Path, skolem_space: str = "/.well-known/genid/") -> Diff:
    """The changes from the graph in `old` (None: an empty graph, the first release) to the one in `new`, each a
    sorted N-Triples file (kg.nt, or kg.nt.gz)."""
    flags: dict[str, int] = {}  # every subject's IRI -> IN_/TYPED_
    labels: dict[str, str] = {}
    changed: dict[str, tuple[list[str], list[str]]] = {}  # resource -> its statements added, removed
    for block in _blocks(_merged(*_sources(old, new))):
        flags[block.iri] = block.flags
        label = block.label()
        if label is not None:
            labels[block.subject] = label
        added, removed = block.version_only("new"), block.version_only("old")
        if added or removed:
            owner = block.owner() if skolem_space in block.subject else None
            lines = changed.setdefault(owner or block.subject, ([], []))
            lines[0].extend(added)
            lines[1].extend(removed)
    changes = [
        ResourceChange(_iri(r), labels.get(r), _status(flags.get(_iri(r), 0)), added, removed)
        for r, (added, removed) in sorted(changed.items())
    ]
    typed_old = {iri for iri, f in flags.items() if f & TYPED_OLD}
    typed_new = {iri for iri, f in flags.items() if f & TYPED_NEW}
    return Diff(changes, typed_old, typed_new, first=not any(f & IN_OLD for f in flags.values()))


def graph_file(folder_or_file: Path) -> Path:
    """The graph of a build folder or a release folder (kg.nt, else kg.nt.gz), or the file itself."""
    if folder_or_file.is_dir():
        for name in ("kg.nt", "kg.nt.gz"):
            if (folder_or_file / name).is_file():
                return folder_or_file / name
        raise KGError(f"{folder_or_file} has no graph (kg.nt or kg.nt.gz): not a build or a release")
    return folder_or_file
