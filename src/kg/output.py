"""Writing build output without ever leaving a half-written result.

A build writes into a fresh directory next to the output (`.dist.builds/<stamp>-<id>/`), and only when all
of it is written does it switch the output path (`dist`, a symbolic link) to it with one atomic rename.
A failed or interrupted build leaves the previous output as it was. The previous build is kept (a running
server may still read its store) and older ones are removed.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KGError

KEEP = 2  # the current build and the one before it


def builds_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.builds"


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty directory to write into; on success publish it at `out`, on failure remove it."""
    out = out.absolute()
    if out.exists() and not out.is_symlink() and not out.is_dir():
        raise KGError(f"{out} exists and is not a directory")
    root = builds_dir(out)
    root.mkdir(parents=True, exist_ok=True)
    stage = root / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    publish(stage, out)
    prune(out)


def publish(stage: Path, out: Path) -> None:
    if out.exists() and not out.is_symlink():
        # An output directory from before builds were staged: keep it beside the builds, then link.
        out.rename(builds_dir(out) / f"{time.strftime('%Y%m%dT%H%M%S')}-previous")
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(stage, out.parent))
    link.replace(out)  # atomic (rename(2)): readers see the old build or the new one, never a mix


def prune(out: Path) -> None:
    current = out.resolve()
    builds = sorted((p for p in builds_dir(out).iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in builds[KEEP:]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
