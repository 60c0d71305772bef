"""Releases: every published build is one, recorded in a history kept with the publication.

Beside the output link (`dist`) and its build folders (`.dist.builds/`) lives `.dist.releases/`:

    history.jsonl          one line per release, appended when the release is published: never rewritten, and
                           not lost when build folders are pruned
    <release-id>/          what a harvester or a steward needs of a release after it: its dumps (kg.nt.gz,
                           kg.ttl.gz, kg.jsonld.gz) with SHA256SUMS, its retired IRIs (gone.json) and its
                           record (release.json); kept for the last `keep_releases` releases
    feed/<release-id>/     the release's pages of the change feed (kg.publish.ldes): kept for every release,
                           so that the feed is the whole history

A release's id is its date and the first 12 digits of its build id (2026-12-07-32c17523cc76; -2, -3 after it for
the same graph published again the same day). Its folder is
written before the build is switched in, its history line after; a build that dies in between leaves a folder
that is no release (removed by the next build), and a published build whose line is missing (the machine
stopped after the switch) has it added by the next build, from its build.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.buildinfo import BuildFormatError, BuildInfo, ChangeSummary, Dump, Release
from kg.errors import DataError, KGError, Problem
from kg.publish.diff import Block, Outline, scan
from kg.read.curation.schema import RetiredFile
from kg.read.curation.yamlfile import LineMap

HISTORY = "history.jsonl"
FEED = "feed"
#: the files of a build kept with its release
KEPT_FILES = ("kg.nt.gz", "kg.ttl.gz", "kg.jsonld.gz", "SHA256SUMS", "gone.json")


def releases_dir(out: Path) -> Path:
    return out.absolute().parent / f".{out.name}.releases"


def release_id(published: str, build_id: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Its date and the first 12 digits of its build id; a second release of the same graph on the same day
    gets -2 after it, a third -3, and so on (a release's id is never reused: its pages never change)."""
    stem = f"{published[:10]}-{build_id[:12]}"
    n, found = 1, stem
    while found in taken:
        n += 1
        found = f"{stem}-{n}"
    return found


def timestamp(after: str | None = None) -> str:
    """Now, in UTC to the millisecond, and later than `after` (a release's published time): the feed's pages
    are ordered by it, so two releases never share one."""
    now = dt.datetime.now(dt.UTC)
    if after is not None:
        earliest = dt.datetime.fromisoformat(after) + dt.timedelta(milliseconds=1)
        now = max(now, earliest)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class History:
    """The releases of the publication whose output link is `out`."""

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self.folder = releases_dir(out)

    @property
    def path(self) -> Path:
        return self.folder / HISTORY

    def releases(self) -> list[Release]:
        """Every release, oldest first. A last line cut short (the machine stopped while appending) is left
        out; any other line that cannot be read is an error, not a silently shorter history."""
        if not self.path.is_file():
            return []
        lines = self.path.read_text(encoding="utf-8").split("\n")  # a record's text may hold U+2028 as it is
        out = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                out.append(Release.model_validate_json(line))
            except ValueError as exc:
                if n == len(lines):
                    break
                raise KGError(f"{self.path}, line {n}: not a release record ({exc})") from None
        return out

    def latest(self) -> Release | None:
        found = self.releases()
        return found[-1] if found else None

    def find(self, release: str) -> Release:
        for r in self.releases():
            if r.id == release:
                return r
        known = ", ".join(r.id for r in self.releases()[-5:]) or "none yet"
        raise KGError(f"no release {release!r} in {self.path} (the latest: {known})")

    def append(self, release: Release) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(release.model_dump_json() + "\n")
            f.flush()
            os.fsync(f.fileno())

    def reconcile(self) -> None:
        """Add the release of the published build if its history line is missing."""
        if not self.out.exists():
            return
        try:
            info = BuildInfo.read(self.out)
        except (FileNotFoundError, BuildFormatError):
            return  # no build, or one from before releases: nothing to add
        if info.release is not None and info.release.id not in {r.id for r in self.releases()}:
            self.append(info.release)

    # -- a release's folder ----------------------------------------------------------------------------------

    def folder_of(self, release: str) -> Path:
        return self.folder / release

    def graph_of(self, release: Release | None) -> Path | None:
        """The graph of a release (its kg.nt.gz), None for no release or one whose files are no longer kept."""
        if release is None:
            return None
        path = self.folder_of(release.id) / "kg.nt.gz"
        return path if path.is_file() else None

    def gone_of(self, release: Release | None) -> list[dict]:
        """The retired IRIs a release recorded (its gone.json)."""
        if release is None:
            return []
        path = self.folder_of(release.id) / "gone.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []

    def save(self, stage: Path, release: Release) -> None:
        """Keep the release's files (KEPT_FILES of the staged build, and its record) and its feed pages."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder_of(release.id)
        partial = self.folder / f".{release.id}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        for name in KEPT_FILES:
            if (stage / name).is_file():
                shutil.copy2(stage / name, partial / name)
        (partial / "release.json").write_text(release.model_dump_json(indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        partial.replace(target)

    def feed_dir(self) -> Path:
        return self.folder / FEED

    def prune(self, keep: int, publishing: Release) -> list[str]:
        """Keep the files of the `keep` newest releases (the one being published counted); remove older ones'
        and folders that never became a release. Returns the ids whose files are kept, newest first."""
        known = [r.id for r in self.releases() if r.id != publishing.id] + [publishing.id]
        kept = list(reversed(known))[:keep]
        for folder in self.folder.iterdir() if self.folder.is_dir() else ():
            if folder.is_dir() and folder.name != FEED and folder.name not in kept:
                shutil.rmtree(folder, ignore_errors=True)
        feed = self.feed_dir()
        for folder in feed.iterdir() if feed.is_dir() else ():  # pages of releases that never were
            if folder.name not in known:
                shutil.rmtree(folder, ignore_errors=True)
        return kept

    def link_into(self, stage: Path, kept: list[str]) -> None:
        """The kept releases' files in the staged build (stage/releases/<id>/), as hard links where the file
        system allows: the server serves them from the build it serves, like every other download."""
        for release in kept:
            source = self.folder_of(release)
            target = stage / "releases" / release
            target.mkdir(parents=True, exist_ok=True)
            for f in source.iterdir():
                if f.is_file():
                    try:
                        os.link(f, target / f.name)
                    except OSError:
                        shutil.copy2(f, target / f.name)


# -- a new release ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A release about to be published, with what changed since the one before and its retired IRIs."""

    release: Release
    changes: Outline
    gone: list[dict]  # the tombstones of every retired IRI (gone.json)
    newly_gone: list[str]


def plan(
    history: History,
    previous: Release | None,
    graph: Path,
    build_id: str,
    triples: int,
    dumps: tuple[Dump, ...],
    base: str,
    retired: RetiredFile,
    lines: LineMap | None,
    visit: Callable[[Block], None] | None = None,
) -> Planned:
    """The release a build makes: what changed since `previous` (its kept graph; a release whose files are gone
    is compared as if it were empty) and the IRIs that went away, each of which must have its reason in
    data/curated/retired.yaml. Raises DataError naming every IRI without one, every entry for an IRI the build
    still publishes, and every replacement that is not published. `visit` sees each subject's statements as the
    graphs are compared (kg.publish.ldes.Members)."""
    before = history.graph_of(previous)
    changes = scan(before, graph, visit)
    newly_gone = changes.gone(base) if before is not None else []
    entries = {e.iri: (i, e) for i, e in enumerate(retired.retired)}
    problems: list[Problem] = []
    path = lines.path if lines is not None else Path("data/curated/retired.yaml")
    for iri in newly_gone:
        if iri not in entries:
            was = changes.removed.get(iri)
            label = was.label if was is not None and was.label else "no label"
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"<{iri}> ({label}) was published in release {previous.id if previous else '?'} and is not "
                    "in this build: record why (removed: true, or replaced_by: IRI, and a note) or restore it",
                )
            )
    for iri, (i, entry) in sorted(entries.items()):

        def problem(field: str, message: str, i: int = i) -> Problem:
            return lines.problem(("retired", i, field), message) if lines else Problem(path, None, field, message)

        if changes.described(iri):
            problems.append(problem("iri", f"<{iri}> is retired, but this build still publishes it"))
        if entry.replaced_by is not None and not changes.described(entry.replaced_by):
            problems.append(problem("replaced_by", f"<{entry.replaced_by}> is not published by this build"))
    if problems:
        raise DataError(problems)

    published = timestamp(previous.published if previous else None)
    release = Release(
        id=release_id(published, build_id, {r.id for r in history.releases()}),
        build_id=build_id,
        published=published,
        triples=triples,
        previous=previous.id if previous else None,
        changes=ChangeSummary(**vars(changes.summary)) if previous is not None else None,
        retired=len(newly_gone),
        dumps=dumps,
    )
    carried = {t["iri"]: t for t in history.gone_of(previous)}
    gone = []
    for iri, (_, entry) in sorted(entries.items()):
        known = carried.get(iri, {})
        if iri in changes.removed:
            known = {
                "label": changes.removed[iri].label,
                "types": list(changes.removed[iri].types),
                "last_release": previous.id if previous else None,
                "since": release.id,
            }
        gone.append(
            {
                "iri": iri,
                "label": known.get("label"),
                "types": known.get("types", []),
                "last_release": known.get("last_release"),
                "since": known.get("since"),
                "removed": bool(entry.removed),
                "replaced_by": entry.replaced_by,
                "note": entry.note,
            }
        )
    return Planned(release, changes, gone, newly_gone)
