"""Writing files so that nothing is ever half-written, and hashing them.

Every command that writes several files (kg build, kg generate, kg link) writes them into a scratch directory
beside their destination, which is removed if anything fails, interrupts included; only finished files are then
moved into place, each with one rename. kg.publish.staging keeps whole builds this way; `move_into` serves commands
whose output replaces files in an existing folder.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_dir(parent: Path, name: str | None = None, keep: bool = False) -> Iterator[Path]:
    """A new directory in `parent` (named `name`, or a fresh hidden name) to write into. It is removed when
    the block fails, interrupts (KeyboardInterrupt, SIGTERM turned into SystemExit) included, and when the
    block ends, unless `keep`."""
    parent.mkdir(parents=True, exist_ok=True)
    if name is None:
        path = Path(tempfile.mkdtemp(prefix=".kg-", dir=parent))
    else:
        path = parent / name
        path.mkdir()
    try:
        yield path
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    if not keep:
        shutil.rmtree(path, ignore_errors=True)


def move_into(scratch: Path, out: Path) -> list[Path]:
    """Move every entry of `scratch` into `out` (created if missing), each with one atomic rename that
    replaces an entry of the same name; returns the new paths."""
    out.mkdir(parents=True, exist_ok=True)
    moved = []
    for entry in sorted(scratch.iterdir()):
        entry.replace(out / entry.name)
        moved.append(out / entry.name)
    return moved


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (dumps are hundreds of megabytes at scale)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
