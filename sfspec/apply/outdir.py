"""Write a generated tree to out/ all at once: into a temporary sibling folder, then swap it in.

A reader of out/ (a deploy, a CI upload) sees the old tree or the new one, never a mix. out/ is
sfspec's own folder: a marker file proves it, and a non-empty folder without the marker is never
replaced (so `--out .` cannot wipe a project).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sfspec.diagnostics import Diagnostics
from sfspec.leftovers import remove_stale
from sfspec.state import GeneratedFile

OUT_MARKER = ".sfspec-out"
_MARKER_TEXT = "This folder is written by sfspec build/apply and replaced on every run.\n"


@dataclass(frozen=True)
class WrittenTree:
    root: Path
    files: tuple[str, ...]


def unsafe_paths(files: Iterable[GeneratedFile], diags: Diagnostics) -> None:
    """Report every generated path that is absolute or climbs out of the output folder."""
    for f in files:
        p = PurePosixPath(f.path)
        if not f.path or p.is_absolute() or ".." in p.parts or "\\" in f.path or p.name == OUT_MARKER:
            diags.error(
                "SFS901",
                f"generated file path {f.path!r} would be written outside the output folder",
                f.source,
                "this is a generator bug; please report it",
            )


def _owned(root: Path) -> bool:
    return not root.exists() or (root.is_dir() and (not any(root.iterdir()) or (root / OUT_MARKER).is_file()))


def write_tree(files: Iterable[GeneratedFile], root: Path) -> tuple[WrittenTree | None, Diagnostics]:
    """Replace `root` with exactly `files`. Writes nothing when a path is unsafe or root is not ours."""
    files = list(files)
    diags = Diagnostics()
    unsafe_paths(files, diags)
    if not _owned(root):
        diags.error(
            "SFS902",
            f"{root} exists and was not written by sfspec; refusing to replace it",
            None,
            f"choose an empty or new folder with --out, or remove {root}",
        )
    if diags.has_errors():
        return None, diags
    root = root.absolute()
    root.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(root)  # staging and old trees of runs killed before they could clean up
    staging = _sibling(root, "new")
    staging.mkdir()  # not mkdtemp: its 0700 mode would leak into out/; mkdir honours the umask
    try:
        for f in files:
            target = staging.joinpath(*PurePosixPath(f.path).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(f.content)
        (staging / OUT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        _swap(staging, root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WrittenTree(root, tuple(f.path for f in files)), diags


def _sibling(root: Path, kind: str) -> Path:
    return root.parent / f".{root.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _swap(staging: Path, root: Path) -> None:
    # Two renames: the window in which root is missing is a few microseconds, never a half tree.
    if root.exists():
        old = _sibling(root, "old")
        os.rename(root, old)
        os.rename(staging, root)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, root)
