"""The build: sources -> records -> graph -> validation -> dumps and store, written atomically.

`assemble()` does everything up to a validated graph and is shared by `kg build` and `kg validate`;
`build()` writes dist/ through kg.publish.staging, so nothing is published unless all of it succeeded (it
validates after writing kg.nt, so that the second process writing the other dumps can start at once).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import multiprocessing as mp
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.buildinfo import (
    FILE,
    BuildInfo,
    DcatCheck,
    DescriptionGraph,
    Dump,
    FileEntry,
    Publication,
    Release,
    SearchIndex,
    Validation,
)
from kg.buildinfo import Linkset as LinksetEntry
from kg.convert import to_triples
from kg.convert.sortedlines import SortedLines
from kg.errors import DataError, KGError, Problem, ValidationFailed
from kg.extract import ExtractionError, extract
from kg.iris import Iris
from kg.linking.loaded import Linkset, load_linksets
from kg.ontology import load_ontology
from kg.project import Project
from kg.publish import ldes, serialise
from kg.publish.dcat import catalog_graph, validate_catalog
from kg.publish.dumps import DUMP_NAMES, checksums, write_checksums
from kg.publish.releases import History, plan
from kg.publish.search import build_index
from kg.publish.staging import staging
from kg.publish.store import add_description, create_store, default_graph_size
from kg.publish.void import name_graph, own_size, void_graph
from kg.read.inputs import Inputs, load_inputs
from kg.validate import Report, engine_for, load_shapes, validate
from kg.vocab import PROV, VOID, bind_prefixes, prefixes

#: classes counted in the summary, with the names people use for them
SUMMARY_CLASSES = {
    "aeno:Project": "projects",
    "aeno:Municipality": "municipalities",
    "aeno:Province": "provinces",
    "aeno:SafetyRegion": "safety regions",
    "org:Organization": "organisations (all, incl. municipalities)",
    "foaf:Person": "people",
    "aeno:Programme": "programmes",
    "skos:Concept": "concepts (themes and code lists)",
    "aeno:Publication": "publications",
    "aeno:Event": "events",
    "qb:Observation": "key figures",
    "aeno:SourcePage": "source pages",
    "rdf:Statement": "statements with provenance (read, inferred or editorial)",
}
INFERRED_LABEL = "of them inferred by a rule (kg.convert.editorial)"
EDITORIAL_LABEL = "of them editorial (kg.convert.editorial)"


@dataclass
class Assembled:
    inputs: Inputs
    sorted: SortedLines | None  # the graph's N-Triples lines until written (write())
    ontology: Graph
    report: Report
    linksets: list[Linkset] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    validator: str = "pyshacl"
    triples: int = 0  # lines written
    text: str | None = None  # the graph as sorted N-Triples, kept when it fit in memory (pySHACL, tests)
    _graph: Graph | None = None
    class_counts: Counter | None = None  # resources per class, for build.json
    editorial: int = 0  # editorial statements, for build.json
    inferred: int = 0  # inferred statements, for build.json

    def write(self, path: Path, asked: str = "auto") -> str:
        """Write the graph as sorted N-Triples to `path`, choose the validator for its size and return the
        file's SHA-256. The lines are kept as `text` when the graph fitted in one chunk of the sort or when
        pySHACL is to validate it."""
        if self.sorted is None:
            raise RuntimeError("the graph was written already")
        lines, self.sorted = self.sorted, None
        spilled = lines.spilled
        digest, self.triples = serialise.write_sorted(lines, path)
        self.validator = engine_for(self.triples, asked)
        if not spilled or self.validator == "pyshacl":  # pySHACL reads the graph as an rdflib Graph
            self.text = path.read_text(encoding="utf-8")
        return digest

    def validates_on_disk(self) -> bool:
        """Whether the graph is too large for the in-memory validation store (the memory_validation_limit
        setting: about 450 bytes a triple, and it answers the checks twice as fast as the store on disk): the
        SPARQL validator then runs on the build's store on disk, after loading, and VoID and the search index are
        made one after the other, so that memory stays bounded."""
        return self.validator == "sparql" and self.triples > self.inputs.project.settings.memory_validation_limit

    def summarise(self, store: ox.Store) -> None:
        """Count what build.json reports, asked of the store while its default graph holds the graph alone."""
        rows = store.query("SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class")
        self.class_counts = Counter({URIRef(row["class"].value): int(row["n"].value) for row in rows})
        (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{PROV.wasAttributedTo}> ?o }}")
        self.editorial = int(row["n"].value)
        inferred_by = self.inputs.project.iris.aeno.inferredBy
        (row,) = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{inferred_by}> ?o }}")
        self.inferred = int(row["n"].value)

    @property
    def graph(self) -> Graph:
        """The graph as an rdflib Graph, read from its N-Triples on first use (pySHACL, tests, small tools)."""
        if self._graph is None:
            if self.text is None:
                raise KGError("the graph was too large to keep in memory; read it from kg.nt")
            self._graph = bind_prefixes(Graph().parse(data=self.text, format="nt"), self.inputs.project.iris)
        return self._graph


class Laps:
    """Wall time per build step, logged as each ends with what it counted; a `kg.progress.Steps` log also
    moves its bar on."""

    def __init__(self, timings: dict[str, float], log: Callable[[str], None]) -> None:
        self.timings, self.log, self.t = timings, log, time.perf_counter()

    def __call__(self, name: str, count: str | None = None, following: str | None = None) -> None:
        """Step `name` ended; `following` names the next step where it is not the next in kg.progress.STEPS."""
        now = time.perf_counter()
        self.timings[name] = now - self.t
        self.t = now
        self.log(f"  {name:<10} {self.timings[name]:6.2f} s" + (f"  ({count})" if count else ""))
        lap = getattr(self.log, "lap", None)
        if lap is not None:
            lap(name, count, following)


def assemble(
    project: Project,
    log: Callable[[str], None] = lambda _: None,
    validator: str = "auto",
    check: bool = True,
    scratch: Path | None = None,
    graph_out: Path | None = None,
) -> Assembled:
    """Sources -> records -> graph (as sorted N-Triples lines, spilled to `scratch` beyond a chunk), written and
    validated unless `check` is False (the build writes kg.nt itself, so that its second process can start on
    it, and validates then; see build())."""
    timings: dict[str, float] = {}
    lap = Laps(timings, log)
    inputs = load_inputs(project)
    lap("read", f"{len(inputs.texts)} source pages")
    kinds = {s.id: s.kind for s in inputs.manifest.sources}
    try:
        extraction = extract(kinds, inputs.texts)
    except ExtractionError as exc:
        raise DataError(
            [Problem(project.sources_dir / _file(inputs, exc.source), exc.line, None, exc.message)]
        ) from None
    lap("extract", f"{sum(len(v) for v in vars(extraction).values() if isinstance(v, list)):,} records")
    ontology = load_ontology(project.ontology_dir, project.iris)
    triples = to_triples(inputs, extraction, ontology, SortedLines(project.settings.sort_chunk, scratch), scratch)
    triples.update(ontology)
    linksets = load_linksets(project, triples.members(project.iris.aeno.Municipality))
    for ls in linksets:
        triples.update(ls.description)
        if any(str(t).startswith("file:") for t in ls.description.objects(None, VOID.subjectsTarget)):
            log(f"  note: linkset {ls.name} links from a file: IRI; give kg link --source-iri to publish it")
    repeats = " (some repeats are sorted out on writing)" if triples.lines.spilled else ""
    lap("convert", f"{len(triples):,} triples{repeats}")
    a = Assembled(inputs, triples.lines, ontology, Report(), linksets, timings)
    if check:
        with tempfile.TemporaryDirectory(prefix="kg-validate-", dir=scratch) as tmp:
            ntriples = graph_out or Path(tmp) / "kg.nt"  # kept where the caller asks (kg validate --diff)
            a.write(ntriples, validator)
            lap("serialise", f"{a.triples:,} lines")
            store = _memory_store(a, ntriples)
            if a.validates_on_disk():
                create_store(ntriples, Path(tmp) / "store")
                store = ox.Store.read_only(str(Path(tmp) / "store"))
            run_checks(a, project, store, log)
            del store
        lap("validate", _found(a.report))
    return a


def _memory_store(a: Assembled, ntriples: Path) -> ox.Store | None:
    """The graph in an in-memory Oxigraph store for the SPARQL validator, loaded from the `ntriples` file; None
    for pySHACL (it reads an rdflib Graph) and for a graph over the memory_validation_limit setting."""
    if a.validator != "sparql" or a.validates_on_disk():
        return None
    store = ox.Store()
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    return store


def run_checks(a: Assembled, project: Project, store: ox.Store | None, log: Callable[[str], None]) -> None:
    """Validate the assembled graph with its chosen engine; the SPARQL engine reads `store`, which holds the
    same triples in its default graph."""
    shapes, nlsbb = load_shapes(project.shapes_dir, project.iris)
    iris = project.iris
    if a.validator == "sparql":
        a.report = validate(None, shapes, nlsbb, iris, "sparql", store)
    else:
        a.report = validate(a.graph, shapes, nlsbb, iris, "pyshacl")
    log(f"  (validated with {a.validator})")


def _found(report: Report) -> str:
    return ", ".join(f"{report.count(level):,} {level.lower()}s" for level in ("Violation", "Warning"))


def _file(inputs: Inputs, source: str) -> str:
    return next((s.file for s in inputs.manifest.sources if s.id == source), source)


def build(
    project: Project, out: Path | None = None, log: Callable[[str], None] = lambda _: None, validator: str = "auto"
) -> BuildInfo:
    """Build and publish dist/; returns the build description (also written as build.json)."""
    started = time.perf_counter()
    out = out or project.default_out()
    history = History(out)
    history.reconcile()  # a published build whose history line is missing (the machine stopped) gets it now
    previous = history.latest()
    # Turtle, JSON-LD and the gzipped dumps of a large graph are written by a second process from kg.nt while
    # this one validates, loads the store and writes VoID and the search index: the two cores work at once. If
    # the graph does not conform, that process is stopped and the staged build removed; nothing is published.
    # A small graph's are written here, after validation (the second_process_from setting).
    second: Pool | None = None
    try:
        with staging(out) as stage:
            try:
                a = assemble(project, log, validator, check=False, scratch=stage)
                lap = Laps(a.timings, log)
                build_id = a.write(stage / "kg.nt", validator)[:16]
                on_disk = a.validates_on_disk()  # then validated in the build's store, after loading
                lap("serialise", f"{a.triples:,} lines", "load" if on_disk else None)
                if a.validator == "sparql":
                    a.text = None  # the SPARQL validator and the rest of the build read kg.nt and the stores
                documents: Pending = InProcess(serialise.write_documents, stage, project.iris)
                if a.triples >= project.settings.second_process_from:
                    second = mp.get_context("spawn").Pool(1)
                    documents = second.apply_async(serialise.write_documents, (stage, project.iris))
                named = write_linksets(a.linksets, stage, project.iris)
                if not on_disk:
                    _validate(a, project, _memory_store(a, stage / "kg.nt"), log, lap)
                triples = create_store(stage / "kg.nt", stage / "store", named)
                for path, _ in named:
                    path.unlink()
                lap("load", f"{triples:,} triples in the store", "validate" if on_disk else None)
                store = ox.Store.read_only(str(stage / "store"))
                a.summarise(store)
                if on_disk:
                    log("  (validating in the store on disk: the graph is over the in-memory limit)")
                    _validate(a, project, store, log, lap, "publish")
                del store
                info = _write_publication_files(
                    project, a, stage, build_id, triples, documents, lap, log, history, previous
                )
                total = time.perf_counter() - started
                seconds = {k: round(v, 3) for k, v in {**a.timings, "total": total}.items()}
                info = info.model_copy(update={"seconds": seconds})
                info.write(stage)
            except BaseException:
                if second is not None:
                    second.terminate()  # before the staged files are removed: it may still be writing there
                raise
    finally:
        if second is not None:
            second.terminate()  # its work is done (or abandoned); the process is not needed any more
            second.join()
    if info.release is not None:
        history.append(info.release)  # published: now it is in the history
    return info


class Pending(Protocol):
    """The dumps being written (AsyncResult of the second process), and their SHA-256s, by get()."""

    def get(self) -> tuple[list[Dump], dict[str, str]]: ...


class InProcess:
    """The dumps of a small graph: written in this process when first asked for, so not at all if the graph
    does not conform."""

    def __init__(self, write: Callable[[Path, Iris], tuple[list[Dump], dict[str, str]]], stage: Path, iris: Iris):
        self.write, self.stage, self.iris = write, stage, iris
        self.result: tuple[list[Dump], dict[str, str]] | None = None

    def get(self) -> tuple[list[Dump], dict[str, str]]:
        if self.result is None:
            self.result = self.write(self.stage, self.iris)
        return self.result


def _validate(
    a: Assembled,
    project: Project,
    store: ox.Store | None,
    log: Callable[[str], None],
    lap: Laps,
    following: str | None = None,
) -> None:
    """Validate, and stop the build if the graph does not conform."""
    run_checks(a, project, store, log)
    lap("validate", _found(a.report), following)
    if not a.report.conforms:
        raise ValidationFailed(a.report.text(), a.report.count("Violation"))


def _write_publication_files(
    project: Project,
    a: Assembled,
    stage: Path,
    build_id: str,
    triples: int,
    documents: Pending,
    lap: Laps,
    log: Callable[[str], None],
    history: History,
    previous: Release | None,
) -> BuildInfo:
    """Everything a valid build publishes besides the graph and its store."""
    serialise.write_context(stage / "context.jsonld", project.iris)
    serialise.write_ntriples(serialise.ntriples_lines(a.ontology), stage / "ontology.nt")
    serialise.turtle_from_ntriples(stage / "ontology.nt", stage / "ontology.ttl", project.iris)
    (stage / "ontology.nt").unlink()
    (stage / "validation.ttl").write_bytes(a.report.graph().serialize(format="turtle", encoding="utf-8"))
    (stage / "validation.txt").write_text(a.report.text() + "\n", encoding="utf-8")
    sources = stage / "sources"
    sources.mkdir()
    for s in a.inputs.manifest.sources:
        shutil.copyfile(project.sources_dir / s.file, sources / f"{s.id}.txt")
    publication, hashes, releases = write_publication(
        project, a, stage, build_id, triples, log, documents, history, previous
    )
    info = build_description(a, build_id, triples, stage, hashes, publication)
    info = info.model_copy(update={"release": releases[0], "releases": releases})
    lap("publish", f"{sum(1 for f in stage.iterdir() if f.is_file())} files")
    return info


def write_linksets(linksets: list[Linkset], stage: Path, iris: Iris) -> list[tuple[Path, str]]:
    """Each linkset as a download (linksets/NAME.ttl) and as N-Triples to load into its named graph."""
    if not linksets:
        return []
    folder = stage / "linksets"
    folder.mkdir()
    named = []
    for ls in linksets:
        lines = serialise.ntriples_lines(ls.graph)
        serialise.write_ntriples(lines, folder / f"{ls.name}.nt")
        serialise.write_turtle(serialise.canonical_graph(lines), folder / f"{ls.name}.ttl", iris)
        named.append((folder / f"{ls.name}.nt", str(ls.iri)))
    return named


def write_publication(
    project: Project,
    a: Assembled,
    stage: Path,
    build_id: str,
    triples: int,
    log: Callable[[str], None],
    documents: Pending,
    history: History,
    previous: Release | None,
) -> tuple[Publication, dict[str, str], tuple[Release, ...]]:
    """VoID, the search index, the release (what changed since the previous one, the retired IRIs, the change
    feed's pages), the DCAT-AP-NL description (checked against the official shapes; it needs the compressed
    dumps `documents` is writing) and SHA256SUMS; then the release's files are kept with the history. A
    catalogue that violates DCAT-AP-NL stops the build like invalid data. Returns the releases whose dumps are
    kept, this one first."""
    iris = project.iris
    store = ox.Store.read_only(str(stage / "store"))
    pub = project.publication
    # VoID's counts are SPARQL queries (Oxigraph releases the GIL), the search index is mostly Python: together
    # they take the time of the longer one. Each holds its queries' working memory (at 5,000,000 triples about
    # 350 MB each), so a graph over the in-memory limit, whose build keeps memory flat, has them one after the
    # other.
    void_of = functools.partial(
        void_graph, store, iris, DUMP_NAMES, pub.title_nl, pub.title_en, [ls.description for ls in a.linksets]
    )
    with ThreadPoolExecutor(1) as threads:
        void = threads.submit(void_of) if not a.validates_on_disk() else None
        indexed = build_index(store, project.iris, stage / "search.sqlite")
        void_description = void.result() if void is not None else void_of()
    del store
    dumps, hashes = documents.get()
    release, releases = _release(project, a, stage, build_id, triples, tuple(dumps), log, history, previous)
    modified = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    catalog = catalog_graph(iris, pub, dumps, modified, build_id, validation_of(a), triples, releases)
    (stage / "catalog.ttl").write_bytes(catalog.serialize(format="turtle", encoding="utf-8"))
    descriptions = _describe_graphs(stage, iris, void_description)
    default_graph = default_graph_size(stage / "store")
    dcat_shapes = project.shapes_dir / "reference" / "dcat-ap-nl-3.0.0"
    dcat = DcatCheck(checked=False)
    if dcat_shapes.is_dir():
        violations, recommendations = validate_catalog(catalog, dcat_shapes)
        if violations:
            raise ValidationFailed(
                "catalog.ttl does not conform to DCAT-AP-NL 3.0:\n" + "\n".join(violations), len(violations)
            )
        dcat = DcatCheck(checked=True, profile="DCAT-AP-NL 3.0.0", recommendations=tuple(recommendations))
        log(f"  catalog.ttl conforms to DCAT-AP-NL 3.0.0 ({len(recommendations)} recommendation(s) not met)")
    if not (pub.contact_email and pub.contact_phone):
        log("  note: kg.toml [publication] has no contact_email/contact_phone; data.overheid.nl asks for both")
    published = (
        [d.name for d in dumps]
        + [f"linksets/{ls.name}.ttl" for ls in a.linksets]
        + [
            "catalog.ttl",
            "void.ttl",
            "ontology.ttl",
            "validation.ttl",
            "context.jsonld",
            "gone.json",
        ]
    )
    write_checksums(stage, published, hashes)
    history.save(stage, release)  # before the build is switched in; its history line after (kg.build.build)
    history.link_into(stage, history.prune(project.settings.keep_releases, release))
    linksets = tuple(
        LinksetEntry(
            name=ls.name, iri=str(ls.iri), links=ls.links, triples=len(ls.graph), file=f"linksets/{ls.name}.ttl"
        )
        for ls in a.linksets
    )
    return (
        Publication(
            dumps=tuple(dumps),
            linksets=linksets,
            default_graph_triples=default_graph,
            descriptions=descriptions,
            licence=pub.licence,
            publisher=pub.publisher_name,
            dcat=dcat,
            search_index=SearchIndex(resources=indexed),
        ),
        hashes,
        releases,
    )


#: the descriptions kept in named graphs beside the data: (name of the graph, file, Dutch and English title)
DESCRIPTION_GRAPHS = (
    ("catalogus", "catalog.ttl", "Catalogus van de dataset (DCAT-AP-NL)", "Catalogue of the dataset (DCAT-AP-NL)"),
    ("void", "void.ttl", "VoID-beschrijving van de dataset", "VoID description of the dataset"),
)


def _describe_graphs(stage: Path, iris: Iris, void: Graph) -> tuple[DescriptionGraph, ...]:
    """Load the catalogue into its named graph, then VoID, which names both graphs with their sizes (its own
    included), into its own; write void.ttl. VoID's figures are then what a COUNT at the endpoint gives: the
    dataset's of the default graph, which holds the data alone, and each named graph's of that graph."""
    (cat_name, cat_file, cat_nl, cat_en), (void_name, void_file, void_nl, void_en) = DESCRIPTION_GRAPHS
    catalogue, own = iris.graph(cat_name), iris.graph(void_name)
    cat_triples = add_description(stage / "store", stage / cat_file, str(catalogue))
    name_graph(void, iris, catalogue, cat_nl, cat_en, cat_triples, cat_file)
    name_graph(void, iris, own, void_nl, void_en, None, void_file)
    void_triples = own_size(void, own)
    (stage / void_file).write_bytes(void.serialize(format="turtle", encoding="utf-8"))
    loaded = add_description(stage / "store", stage / void_file, str(own))
    if loaded != void_triples:  # a blank node merged or split on the way through Turtle: say so, do not publish
        raise KGError(f"VoID holds {void_triples} triples but its graph in the store {loaded}")
    return (
        DescriptionGraph(name=cat_name, iri=str(catalogue), triples=cat_triples, file=cat_file),
        DescriptionGraph(name=void_name, iri=str(own), triples=void_triples, file=void_file),
    )


def _release(
    project: Project,
    a: Assembled,
    stage: Path,
    build_id: str,
    triples: int,
    dumps: tuple[Dump, ...],
    log: Callable[[str], None],
    history: History,
    previous: Release | None,
) -> tuple[Release, tuple[Release, ...]]:
    """The release this build makes (kg.publish.releases.plan: it stops the build for an IRI that went away
    without a reason in data/curated/retired.yaml), its retired IRIs (gone.json) and its change feed's pages.
    Returns it and the releases whose dumps are kept, it first."""
    curated = a.inputs.curated
    with ldes.Members(project.base, scratch=stage) as members:  # picked as the graphs are compared
        planned = plan(
            history,
            previous,
            stage / "kg.nt",
            build_id,
            triples,
            dumps,
            project.base,
            curated.retired,
            curated.lines.get("retired"),
            visit=members,
        )
        release = planned.release
        feed = history.feed_dir()
        names = prefixes(project.iris)
        written = ldes.write_release_pages(feed / release.id, project.base, release, members, names)
    (stage / "gone.json").write_text(json.dumps(planned.gone, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    said = planned.changes.summary.text() if previous is not None else "the first release"
    log(f"  release {release.id}: {said}")
    earlier = [r for r in reversed(history.releases()) if history.folder_of(r.id).is_dir()]
    releases = (release, *earlier[: project.settings.keep_releases - 1])
    pub = project.publication
    everything = [*history.releases(), release]
    ldes.link_pages(feed, stage / "ldes", [r.id for r in everything])
    ldes.write_root(stage / "ldes", project.base, everything, pub.title_nl, pub.title_en, names)
    log(f"  change feed: {written.members:,} member(s) on {written.pages} page(s) for this release")
    return release, releases


def validation_of(a: Assembled) -> Validation:
    """The validation result as build.json and the catalogue report it."""
    r = a.report
    return Validation(
        conforms=r.conforms,
        violations=r.count("Violation"),
        warnings=r.count("Warning"),
        infos=r.count("Info"),
        profiles=tuple(r.profiles),
        engine=a.validator,
    )


def build_description(
    a: Assembled, build_id: str, triples: int, stage: Path, hashes: dict[str, str], publication: Publication
) -> BuildInfo:
    """build.json: what was built from what, with the size and SHA-256 of every file (`hashes` holds those
    computed already, so the large dumps are not read again)."""
    counts = a.class_counts or Counter()
    ns = prefixes(a.inputs.project.iris)
    classes = {
        label: counts.get(URIRef(ns[curie.split(":")[0]] + curie.split(":")[1]), 0)
        for curie, label in SUMMARY_CLASSES.items()
    }
    classes[INFERRED_LABEL] = a.inferred
    classes[EDITORIAL_LABEL] = a.editorial
    names = [p.name for p in sorted(stage.iterdir()) if p.is_file() and p.name != FILE]
    sums = checksums(stage, names, hashes)
    return BuildInfo(
        build_id=build_id,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        base=a.inputs.project.base,
        triples=triples,
        resources=classes,
        validation=validation_of(a),
        sources={s.id: s.sha256 for s in a.inputs.manifest.sources},
        files={n: FileEntry(bytes=(stage / n).stat().st_size, sha256=sums[n]) for n in names},
        versions={name: version(name) for name in ("aeno-kg", "rdflib", "pyshacl", "pyoxigraph", "PyLD")},
        publication=publication,
    )
