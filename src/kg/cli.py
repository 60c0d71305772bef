"""The `kg` command: build, validate, inspect and query the knowledge graph from a terminal."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kg.buildinfo import BuildInfo
from kg.errors import DataError, KGError, ProjectError, QueryInputError, ValidationFailed
from kg.project import Project
from kg.settings import URL, BuildSettings, Kind, ServeSettings, option_help, resolve, rows, unknown_variables

PROJECT_HELP = "Project directory (with data/, ontology/, shapes/). Default: the current directory."


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report errors as one readable message and an exit code, never as a traceback (unless --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            click.echo(f"kg: the data has {len(exc.problems)} problem(s); nothing was written:", err=True)
            for p in exc.problems:
                click.echo(f"  {p}", err=True)
            ctx.exit(exc.exit_code)
        except ValidationFailed as exc:
            click.echo(f"kg: {exc}", err=True)
            click.echo("kg: nothing was written; the previous output is unchanged.", err=True)
            ctx.exit(exc.exit_code)
        except KGError as exc:
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
            ctx.exit(70)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(package_name="aeno-kg")
def main(debug: bool) -> None:
    """Knowledge graph of learning and change in Dutch municipalities (aeno-kg)."""


project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help=PROJECT_HELP,
)


class KindType(click.ParamType):
    """A setting's value on the command line, read as its kind reads text (kg.settings)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind.item or kind  # a list's option is given once per value
        self.name = self.kind.describe

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.kind.parse(value)
        except ValueError as exc:
            self.fail(f"{exc}, not {value!r}", param, ctx)


def setting_options(cls: type, *names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options of `cls`'s settings (those named, or all that have one), generated from kg.settings. Each
    defaults to None, meaning "not given": its environment variable, kg.toml or default then decide."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for row in reversed(rows(cls)):
            if row.option is None or (names and row.name not in names):
                continue
            func = click.option(
                row.option,
                row.name,
                type=KindType(row.spec.kind),
                multiple=row.spec.kind.item is not None,
                default=None,
                metavar=row.spec.metavar or row.spec.kind.metavar,
                help=option_help(row),
            )(func)
        return func

    return decorate


def given(cls: type, options: dict[str, Any]) -> dict[str, Any]:
    """The settings of `cls` among a command's parameters (taken out of them), as kg.settings.resolve takes them."""
    return {row.name: options.pop(row.name) for row in rows(cls) if row.name in options}


def _warn_unknown_variables() -> None:
    for note in unknown_variables(os.environ, BuildSettings, ServeSettings):
        click.echo(f"kg: warning: {note}", err=True)


validator_option = click.option(
    "--validator",
    type=click.Choice(["auto", "pyshacl", "sparql"]),
    default="auto",
    show_default=True,
    help="pySHACL, or the shapes compiled to SPARQL (kg.validate.sparql); auto uses pySHACL up to 50,000 triples.",
)


@main.command()
@project_option
@setting_options(BuildSettings)
@click.option("--out", type=click.Path(path_type=Path), help="Output directory. Default: DIR/dist.")
@click.option("--quiet", is_flag=True, help="Print only the summary line.")
@validator_option
@fail_cleanly
def build(project_dir: Path, out: Path | None, quiet: bool, validator: str, **settings: Any) -> None:
    """Build the graph: extract, convert, validate, then write dumps and the store to dist/.

    Output is written to a new directory and switched in at the end, so a failed build leaves the
    previous output untouched.
    """
    from kg.build import build as run_build
    from kg.progress import for_terminal

    _warn_unknown_variables()
    project = Project.open(project_dir, **settings)
    steps = None if quiet else for_terminal()  # a bar over the steps on a terminal, plain lines elsewhere
    log = (lambda _: None) if quiet else (steps or (lambda m: click.echo(m, err=True)))
    try:
        log(f"kg build {project.root} (base {project.base})")
        info = run_build(project, out, log, validator)
    finally:
        if steps is not None:
            steps.close()
    target = out or project.default_out()
    if not quiet:
        click.echo(_summary(info, target))
    else:
        click.echo(f"built {info.triples} triples into {target} (build {info.build_id})")


def _summary(info: BuildInfo, target: Path) -> str:
    v = info.validation
    lines = [
        f"Built {info.triples} triples into {target} (build {info.build_id}, {info.seconds.get('total', 0):.1f} s)",
        "Resources:",
        *(f"  {n:>6}  {label}" for label, n in info.resources.items()),
        f"Validation: {'conforms' if v.conforms else 'does not conform'} "
        f"({v.violations} violations, {v.warnings} warnings, {v.infos} infos; "
        f"{', '.join(v.profiles)}; {v.engine}). Details: {target / 'validation.txt'}",
    ]
    if info.release is not None:
        from kg.publish.dcat import version_notes

        lines.append(f"Release {info.release.id}: {version_notes(info.release)[1]}")
    return "\n".join(lines)


@main.command()
@project_option
@setting_options(BuildSettings)
@click.option("--all", "show_all", is_flag=True, help="Also list warnings and infos.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Also show what the data would publish against the latest release (kg diff's text), and stop if an IRI "
    "would go away without a reason in data/curated/retired.yaml.",
)
@click.option("--out", type=click.Path(path_type=Path), help="The output whose releases --diff compares with.")
@validator_option
@fail_cleanly
def validate(
    project_dir: Path, show_all: bool, show_diff: bool, out: Path | None, validator: str, **settings: Any
) -> None:
    """Check the data against the shapes without writing anything. Exit status 3 on violations."""
    from kg.build import assemble

    _warn_unknown_variables()
    project = Project.open(project_dir, **settings)
    with tempfile.TemporaryDirectory(prefix="kg-validate-diff-") as tmp:
        graph = Path(tmp) / "kg.nt" if show_diff else None
        a = assemble(project, validator=validator, graph_out=graph)
        severities = ("Violation", "Warning", "Info") if show_all else ("Violation",)
        click.echo(a.report.text(severities))
        if not a.report.conforms:
            sys.exit(ValidationFailed.exit_code)
        if graph is not None:
            click.echo(_would_publish(project, a, graph, out or project.default_out()), nl=False)


def _would_publish(project: Project, a: Any, graph: Path, out: Path) -> str:
    """What publishing the assembled graph would change against the latest release of `out`; DataError for an
    IRI that would go away without a reason."""
    from kg.files import sha256_file
    from kg.publish.diff import diff
    from kg.publish.releases import History, plan
    from kg.vocab import prefixes

    history = History(out)
    history.reconcile()
    latest = history.latest()
    curated = a.inputs.curated
    plan(  # stops with a DataError for an IRI that would go away without a reason
        history,
        latest,
        graph,
        sha256_file(graph)[:16],
        a.triples,
        (),
        project.base,
        curated.retired,
        curated.lines.get("retired"),
    )
    against = f"release {latest.id}" if latest else "no earlier release (this would be the first)"
    head = f"\nWhat this data would publish, against {against}:\n"
    if latest is not None and history.graph_of(latest) is None:
        head += f"(the files of release {latest.id} are no longer kept: compared with an empty graph)\n"
    return head + diff(history.graph_of(latest), graph).text(prefixes(project.iris))


@main.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@project_option
@click.option("--out", type=click.Path(path_type=Path), help="The output whose releases are named. Default: DIR/dist.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "patch", "nt", "json"]),
    default="text",
    show_default=True,
    help="text for reading; patch (RDF Patch), nt (N-Triples marked + and -) or json for programs.",
)
@fail_cleanly
def diff_cmd(old: str | None, new: str | None, project_dir: Path, out: Path | None, fmt: str) -> None:
    """What changed between two versions of the graph, per resource and statement.

    OLD and NEW are each a release id (of `kg build`'s release history), a build or release folder, or a graph
    file (kg.nt, kg.nt.gz). Default: NEW the current build, OLD the release before it.
    """
    from kg.publish.diff import diff, graph_file
    from kg.publish.releases import History
    from kg.vocab import prefixes

    try:
        project: Project | None = Project.open(project_dir)
    except ProjectError:
        project = None
    target = out or (project.default_out() if project else Path("dist"))
    history = History(target)
    history.reconcile()

    def resolve(name: str) -> Path:
        if Path(name).exists():
            return graph_file(Path(name))
        release = history.find(name)
        path = history.graph_of(release)
        if path is None:
            raise KGError(f"the files of release {name} are no longer kept (keep_releases); only its record is")
        return path

    new_path = resolve(new) if new else graph_file(target)
    if old:
        old_path: Path | None = resolve(old)
    else:
        current = BuildInfo.read(target).release if new is None and (target / "build.json").exists() else None
        before = current.previous if current is not None else (history.latest().id if history.latest() else None)
        old_path = history.graph_of(history.find(before)) if before else None
        if old_path is None:
            raise KGError("no earlier release to compare with; name OLD (a release id, a build folder or a file)")
    names = prefixes(project.iris) if project else {}
    click.echo(diff(old_path, new_path).render(fmt, names), nl=False)


@main.command()
@project_option
@click.option("--out", type=click.Path(path_type=Path), help="Build output directory. Default: DIR/dist.")
@click.option("--json", "as_json", is_flag=True, help="Print the build description as JSON.")
@fail_cleanly
def stats(project_dir: Path, out: Path | None, as_json: bool) -> None:
    """Show what the last build holds: triples, resources per class, validation."""
    target = out or Project.open(project_dir).default_out()
    try:
        info = BuildInfo.read(target)
    except FileNotFoundError:
        raise KGError(f"no build at {target}; run `kg build` first") from None
    click.echo(info.text().rstrip("\n") if as_json else _summary(info, target))


@main.command()
@click.argument("sparql")
@project_option
@setting_options(BuildSettings, "base")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Store directory. Default: DIR/dist/store.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
    default="table",
    show_default=True,
    help="Output format; table is for reading, the others are SPARQL results formats.",
)
@fail_cleanly
def query(sparql: str, project_dir: Path, base: str | None, store_dir: Path | None, fmt: str) -> None:
    """Run a SPARQL query on the built store. SPARQL may be '-' to read it from standard input."""
    import pyoxigraph as ox

    from kg.publish.store import open_store
    from kg.query.syntax import explain
    from kg.query.text import form_of
    from kg.table import render
    from kg.vocab import prefixes

    project = Project.open(project_dir, base)
    store = open_store(store_dir or project.default_out() / "store")
    text = sys.stdin.read() if sparql == "-" else sparql
    pre = prefixes(project.iris)
    if form_of(text) == "update":
        raise QueryInputError(
            "kg query is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) is not accepted. "
            "The graph is made by `kg build` from the files in data/."
        )
    try:
        result = store.query(text, prefixes=pre)
    except SyntaxError as exc:
        raise QueryInputError(explain(str(exc), text, pre, predeclared=True)) from None
    if isinstance(result, ox.QueryBoolean):
        click.echo("true" if bool(result) else "false")
    elif isinstance(result, ox.QueryTriples):
        click.echo(result.serialize(format=ox.RdfFormat.TURTLE).decode("utf-8"))
    elif fmt == "table":
        names = [v.value for v in result.variables]
        click.echo(render(names, [[s[n] for n in names] for s in result], pre))
    else:
        formats = {
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
        }
        click.echo(result.serialize(format=formats[fmt]).decode("utf-8"))


@main.command()
@project_option
@setting_options(BuildSettings, "base")
@click.option("--projects", type=click.IntRange(1), required=True, help="Number of synthetic projects to add.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="New project directory.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random choices.")
@fail_cleanly
def generate(project_dir: Path, base: str | None, projects: int, out: Path, seed: int) -> None:
    """Write a project directory of SYNTHETIC source data to measure with: this project plus generated pages
    (projects over all municipalities, contacts, events, key figures) and the curated data that ties them
    in. Build it with `kg build --project OUT`. The same options give the same files."""
    from kg.generate import generate as run_generate

    made = run_generate(Project.open(project_dir, base), projects, out, seed)
    click.echo(
        f"kg generate: {made.projects} synthetic projects on {made.pages} pages, {made.events} events, "
        f"{made.key_figure_pages} key-figure pages -> {made.out}"
    )


@main.command()
@project_option
@setting_options(BuildSettings, "base")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write to.")
@click.option("--name", help="Name of the linkset, in its IRI {base}id/linkset/NAME. Default: from the file name.")
@click.option("--name-column", help="CSV column with municipality names (default: found from the header).")
@click.option("--code-column", help="CSV column with CBS municipality codes (default: found from the header).")
@click.option(
    "--subject-template",
    metavar="TEMPLATE",
    help="IRI of each CSV row from its columns, e.g. 'https://example.org/gemeente/{code}'. "
    "Default: FILE#row=N (RFC 7111).",
)
@click.option("--source-iri", metavar="IRI", help="Where FILE is published (default: its file: IRI).")
@click.option(
    "--format", "rdf_format", help="RDF syntax of FILE (turtle, xml, nt, json-ld, ...). Default: from the name."
)
@click.option("--type", "rdf_type", metavar="IRI", help="Link only resources of this class (RDF input).")
@fail_cleanly
def link(
    project_dir: Path,
    base: str | None,
    file: Path,
    out: Path,
    name: str | None,
    name_column: str | None,
    code_column: str | None,
    subject_template: str | None,
    source_iri: str | None,
    rdf_format: str | None,
    rdf_type: str | None,
) -> None:
    """Link another dataset's municipalities to this graph: writes OUT/linkset.ttl (VoID linkset, owl:sameAs
    or skos:exactMatch per matched row or resource, with method and score), OUT/matches.csv for a CSV input
    (the rows unchanged plus match, method, score) and OUT/report.txt (what did not match, what was ambiguous).

    FILE is a CSV (comma, semicolon or tab separated) with a name and/or code column, or an RDF file whose
    resources carry names (rdfs:label, skos:prefLabel, schema:name, ...) or GMnnnn codes.
    """
    from kg.linking import link as run_link

    project = Project.open(project_dir, base)
    outcome = run_link(
        project,
        file,
        out,
        name=name,
        source_iri=source_iri,
        name_column=name_column,
        code_column=code_column,
        subject_template=subject_template,
        rdf_format=rdf_format,
        rdf_type=rdf_type,
    )
    click.echo(f"kg link: {outcome.summary()}")
    for path in outcome.files:
        click.echo(f"  wrote {path}")


@main.command()
@project_option
@setting_options(ServeSettings)
@click.option(
    "--dist",
    "dist_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build directory: the same as --store DIR/store. With --backend it needs only the build's light outputs "
    "(kg front-files), not its store.",
)
@fail_cleanly
def serve(project_dir: Path, dist_dir: Path | None, **options: Any) -> None:
    """Serve the SPARQL endpoint (and the pages) of a built graph with a production WSGI server.

    Each setting comes from its option, else its KG_* environment variable, else kg.toml [server], else its
    default (docs/reference/settings.md lists them all).
    """
    chosen = given(ServeSettings, options)
    if chosen.get("store") is not None and dist_dir is not None:
        raise click.UsageError("give --store or --dist, not both")
    if dist_dir is not None:
        chosen["store"] = dist_dir / "store"
    _warn_unknown_variables()
    try:
        project = Project.open(project_dir)
        # the project's own build is the store unless an option, a variable or kg.toml names another
        toml = {"store": project.default_out() / "store", **project.server_toml}
        settings = resolve(ServeSettings, chosen, os.environ, toml, str(project.root / "kg.toml"))
    except ProjectError:
        settings = resolve(ServeSettings, chosen, os.environ)  # a store served without its project
        if not settings.store.exists() and not settings.backend:
            raise
    if settings.allowed_services:
        click.echo(f"kg serve: SERVICE allowed to {', '.join(settings.allowed_services)}", err=True)
    with metrics_folder():  # before anything imports prometheus_client: the web workers' metrics are kept there
        from kg.server.serve import check_address, run

        check_address(settings.host, settings.port)
        source = f"backend {settings.backend}" if settings.backend else f"store {settings.store}"
        host = settings.host
        shown = "localhost" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
        served = f"http://{shown}:{settings.port}"
        site = settings.public_url.rstrip("/") if settings.public_url else served
        click.echo(
            f"kg serve: the site at {site}/, the SPARQL endpoint at {site}/sparql ({source}); listening on "
            f"{served}; Ctrl-C stops",
            err=True,
        )
        run(settings)


@contextlib.contextmanager
def metrics_folder() -> Iterator[Path]:
    """A fresh folder for prometheus_client's multiprocess mode (every web worker writes its metrics there and a
    scrape adds them up), named in PROMETHEUS_MULTIPROC_DIR for this server and its web workers, and removed when
    the server stops. A folder of its own each time: values left by an earlier server would be counted again."""
    folder = Path(tempfile.mkdtemp(prefix="kg-serve-metrics-"))
    before = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        else:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


@main.command("publish")
@project_option
@click.option(
    "--to",
    "url",
    required=True,
    type=KindType(URL),
    metavar="URL",
    help="Graph Store Protocol URL (e.g. http://host:7878/store).",
)
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), help="Build to publish. Default: DIR/dist.")
@click.option("--graph", metavar="IRI", help="Named graph to replace. Default: the dataset IRI.")
@click.option("--user", metavar="NAME:PASSWORD", envvar="KG_PUBLISH_USER", help="HTTP basic auth (or KG_PUBLISH_USER).")
@fail_cleanly
def publish_cmd(project_dir: Path, url: str, dist: Path | None, graph: str | None, user: str | None) -> None:
    """Load the built graph into a SPARQL 1.1 Graph Store Protocol server, replacing its named graph with one
    PUT (and each linkset's graph likewise), so that `kg serve --backend` or any client can query it there."""
    from kg.publish.gsp import publish

    folder = dist or Project.open(project_dir).default_out()
    for put in publish(folder, url, graph, user):
        click.echo(
            f"kg publish: <{put.graph}> <- {put.file.name} ({put.bytes:,} bytes, HTTP {put.status}, "
            f"{put.seconds:.1f} s)"
        )


@main.command("front-files")
@project_option
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), help="Build to copy from. Default: DIR/dist.")
@click.option(
    "--to",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the front (a link, switched atomically on each copy, like dist).",
)
@fail_cleanly
def front_files(project_dir: Path, dist: Path | None, out: Path) -> None:
    """Copy the light outputs of a build (build.json, search index, descriptions, source texts; no store, no
    dumps) for a front that answers from a remote store: `kg serve --backend URL --dist FOLDER`."""
    from kg.publish.front import copy_front

    folder = dist or Project.open(project_dir).default_out()
    copied = copy_front(folder, out)
    click.echo(f"kg front-files: {copied.files} files, {copied.bytes / 1e6:.1f} MB -> {copied.out}")


if __name__ == "__main__":  # pragma: no cover
    main()
