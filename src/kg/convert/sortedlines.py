"""Unique text lines in code-point order, collected in bounded memory (an external merge sort).

The build writes its graph as sorted, unique N-Triples lines. Holding every line of a 20M-triple graph in
one Python set takes tens of gigabytes, so lines are collected in a set of at most `chunk` lines; a full set
is sorted and written to a run file in a scratch folder, and reading merges the runs (heapq.merge), dropping
the lines that occur in more than one. Python's str order is code-point order, the same as sorted() over the
whole set, so the output is byte-identical whatever the chunk size. A graph that fits in one chunk never
touches the disk.
"""

from __future__ import annotations

import heapq
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.defaults import DEFAULT_CHUNK


class SortedLines:
    """Add lines in any order, with repeats; iterate them once, sorted and unique, each ending in a newline.

    Run files go to a fresh folder made in `scratch` (the build passes its staging folder, so that a killed
    build leaves nothing behind that the next build does not remove) or in the system's temporary folder.
    """

    def __init__(self, chunk: int = DEFAULT_CHUNK, scratch: Path | None = None) -> None:
        if chunk < 1:
            raise ValueError("chunk must be at least one line")
        self.chunk = chunk
        self.scratch = scratch
        self._buffer: set[str] = set()
        self._folder: Path | None = None
        self._runs: list[Path] = []
        self._lengths: list[int] = []
        self._read = False

    def add(self, line: str) -> None:
        buffer = self._buffer
        buffer.add(line)
        if len(buffer) >= self.chunk:
            self._spill()

    @property
    def spilled(self) -> bool:
        """Whether any lines went to a run file (the graph did not fit in one chunk)."""
        return bool(self._runs)

    def __len__(self) -> int:
        """Unique lines so far when nothing was spilled; an upper bound (repeats across runs) otherwise."""
        return len(self._buffer) + sum(self._lengths)

    def _spill(self) -> None:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="kg-sort-", dir=self.scratch))
        path = self._folder / f"run-{len(self._runs):05d}.nt"
        with path.open("w", encoding="utf-8", newline="\n") as f:
            f.writelines(line + "\n" for line in sorted(self._buffer))
        self._runs.append(path)
        self._lengths.append(len(self._buffer))
        self._buffer = set()

    def __iter__(self) -> Iterator[str]:
        """The lines, sorted, unique, each with its newline; the run files are removed once read. Once only:
        a second pass would need the runs kept."""
        if self._read:
            raise RuntimeError("the sorted lines were read already")
        self._read = True
        last = self._buffer_sorted()
        if not self._runs:
            yield from last
            return
        files = [p.open(encoding="utf-8", newline="\n") for p in self._runs]
        try:
            previous = None
            for line in heapq.merge(*files, last):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for f in files:
                f.close()
            self.close()

    def _buffer_sorted(self) -> list[str]:
        lines = [line + "\n" for line in sorted(self._buffer)]
        self._buffer = set()
        return lines

    def close(self) -> None:
        """Remove the run files (also done after a full read)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._runs = []

    def __del__(self) -> None:
        self.close()
