"""Writing build output without ever leaving a half-written result.

A build writes into a fresh directory next to the output (`.dist.builds/<stamp>-<id>/`), and only when all
of it is written does it switch the output path (`dist`, a symbolic link) to it with one atomic rename.
A failed or interrupted build leaves the previous output as it was. The previous build is kept (a running
server may still read its store) and older ones are removed.

Which folders may go is decided by what they are, never by their age alone: the build `dist` points to and
the newest other complete build always stay; a folder another build is still writing (its process alive)
stays; unfinished folders of builds that died (killed, out of power) are removed. A complete build is marked
by a file written just before it is published.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KGError
from kg.files import scratch_dir

KEEP = 2  # the current build and the one before it
COMPLETE = ".complete"  # written into a build folder just before `dist` is switched to it


def builds_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.builds"


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty directory to write into; on success switch `out` to it, on failure remove it."""
    out = out.absolute()
    if out.exists() and not out.is_symlink() and not out.is_dir():
        raise KGError(f"{out} exists and is not a directory")
    # named with the writer's pid, so that prune can tell an unfinished build of a live process from a dead one's
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    with scratch_dir(builds_dir(out), name, keep=True) as stage:
        yield stage
    switch(stage, out)
    prune(out)


def switch(stage: Path, out: Path) -> None:
    """Make `out` (a symbolic link) lead to the finished `stage`, in one atomic rename."""
    if out.exists() and not out.is_symlink():
        # An output directory from before builds were staged: keep it beside the builds, then link.
        out.rename(builds_dir(out) / f"{time.strftime('%Y%m%dT%H%M%S')}-previous")
    (stage / COMPLETE).write_text("complete\n", encoding="utf-8")
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(stage, out.parent))
    link.replace(out)  # atomic (rename(2)): readers see the old build or the new one, never a mix


def prune(out: Path) -> None:
    """Remove old complete builds (keeping the current one and the one before) and the unfinished folders of
    builds whose process has ended."""
    current = out.resolve() if out.exists() else None
    folders = [p for p in builds_dir(out).iterdir() if p.is_dir()]
    complete = sorted((p for p in folders if _complete(p)), key=lambda p: p.stat().st_mtime, reverse=True)
    others = [p.resolve() for p in complete if p.resolve() != current]
    keep = {current, *others[: KEEP - 1]} if current is not None else set(others[:KEEP])
    for folder in folders:
        if folder.resolve() not in keep and (_complete(folder) or not _writer_alive(folder)):
            shutil.rmtree(folder, ignore_errors=True)


def _complete(folder: Path) -> bool:
    """Marked complete, or a build from before the marker (its build description and store written)."""
    return (
        (folder / COMPLETE).is_file()
        or folder.name.endswith("-previous")
        or ((folder / "build.json").is_file() and (folder / "store").is_dir())
    )


def _writer_alive(folder: Path) -> bool:
    """Whether the build writing this folder (`<stamp>-<pid>-<n>`) may still be running."""
    parts = folder.name.split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
