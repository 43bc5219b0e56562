"""Write a generated tree to out/ all at once: into a temporary sibling folder, then swap it in;
and read back the middleware files it holds.

A reader of out/ (a deploy, a CI upload) sees the old tree or the new one, never a mix. out/ is
sfspec's own folder: a marker file proves it, and a non-empty folder without the marker is never
replaced (so `--out .` cannot wipe a project).

Middleware is applied by writing out/middleware/ (the middleware's own deployment picks it up from
there), so what out/middleware/ holds is the middleware's actual state: after an apply, and in a
fresh CI checkout of a repository that commits out/.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sfspec.apply.sourcemap import source_map
from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.discover import OUT_MARKER
from sfspec.leftovers import remove_stale
from sfspec.state import Component, ComponentKey, GeneratedFile, MetadataType

MIDDLEWARE_DIR = "middleware"
MAX_MIDDLEWARE_BYTES = 8 * 1024 * 1024
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
                Code.SFS901,
                f"generated file path {f.path!r} would be written outside the output folder",
                f.source,
                "this is a generator bug; please report it",
            )


def _owned(root: Path) -> bool:
    return not root.exists() or (root.is_dir() and (not any(root.iterdir()) or (root / OUT_MARKER).is_file()))


def write_tree(files: Iterable[GeneratedFile], root: Path) -> tuple[WrittenTree | None, Diagnostics]:
    """Replace `root` with exactly `files` and their source map (sourcemap.py). Writes nothing when a
    path is unsafe or root is not ours."""
    files = list(files)
    located = source_map(files)
    if located is not None and all(f.path != located.path for f in files):
        files.append(located)
    diags = Diagnostics()
    unsafe_paths(files, diags)
    if not _owned(root):
        diags.error(
            Code.SFS902,
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


def read_middleware(root: Path) -> list[Component]:
    """The middleware files under `root`/middleware/ as MiddlewareFile components (empty when
    `root` is not an out/ folder sfspec wrote). Only regular files: a symlink planted there must
    not put another file's text into a plan."""
    base = Path(root)
    if not (base / OUT_MARKER).is_file() or not (base / MIDDLEWARE_DIR).is_dir():
        return []
    found = []
    for path in sorted((base / MIDDLEWARE_DIR).rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as handle:
            raw = handle.read(MAX_MIDDLEWARE_BYTES + 1)
        # Undecodable or oversized content cannot equal generated text: it plans as an update.
        text = raw[:MAX_MIDDLEWARE_BYTES].decode("utf-8", errors="replace").replace("\r\n", "\n")
        name = path.relative_to(base).as_posix()
        found.append(Component(ComponentKey(MetadataType.MIDDLEWARE_FILE, name), {}, text))
    return found
