"""The files of a folder spec, found within limits.

`rglob` skipped unreadable folders without a word (their files silently left out of the spec),
followed file links out of the folder, and had no bound on how much a folder may hold: 50 MB over
8 files of 7.8 MB each passed the 8 MiB per-file limit and ran for 15 minutes. This walk reports
each of those as a problem instead: a folder that cannot be listed, a link that leaves the spec
folder or loops, more than MAX_FILES spec files, more than MAX_BYTES of them together. Links to
folders inside the spec are not followed (their files are read where they are), so no link can make
a file count twice or a walk go round.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SPEC_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 1_000
MAX_BYTES = 32 * 1024 * 1024  # four files at the per-file limit


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    hint: str


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _resolved(link: Path) -> Path | str:
    """Where a link ends, or why it ends nowhere (a loop, a dangling link)."""
    try:
        return link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop so
        return "is a symbolic link loop"
    except OSError as exc:
        return "is a symbolic link loop" if exc.errno == 40 else f"is a link to nothing ({exc.strerror or exc})"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def walk(folder: Path, keep: Callable[[Path, bool], bool] = lambda _rel, _is_dir: True) -> Found:
    """Spec files under `folder`, sorted as `sorted(rglob)` sorts them, and the problems met.
    `keep(relative path, is a folder)` leaves out what is no part of the spec (sfspec.discover):
    a folder left out is not walked, so its files neither count against the limits nor raise problems."""
    found = Found()
    root = folder.resolve()
    pending = [folder]
    total = 0
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError as exc:
            found.problems.append(
                Problem(current, f"cannot read folder: {exc.strerror or exc}", "make it readable or move it out")
            )
            continue
        for entry in listed:
            path = Path(entry.path)
            if not keep(path.relative_to(folder), entry.is_dir(follow_symlinks=False)):
                continue
            spec_named = path.suffix in SPEC_SUFFIXES
            if entry.is_symlink():
                target = _resolved(path)
                if isinstance(target, str):
                    if spec_named:
                        found.problems.append(Problem(path, f"{target}", "point the link at a file of the spec"))
                    continue
                if not _inside(target, root):
                    if spec_named or target.is_dir():
                        found.problems.append(
                            Problem(path, f"is a link to {target}, outside the spec folder", "copy the file in")
                        )
                    continue
                if target.is_dir():
                    continue  # a folder of this spec: walked where it is
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
                continue
            if not spec_named:
                continue
            found.files.append(path)
            if len(found.files) > MAX_FILES:  # stop here: the folder may hold millions
                found.problems.append(
                    Problem(
                        folder, f"holds more than {MAX_FILES:,} spec files", "split the landscape into smaller specs"
                    )
                )
                return found
            try:
                total += entry.stat().st_size if entry.is_file() else 0
            except OSError:
                pass  # the read reports it
    found.files.sort()
    if total > MAX_BYTES:
        found.problems.append(
            Problem(
                folder,
                f"its spec files hold {total / 1048576:.1f} MiB together, more than {MAX_BYTES / 1048576:g} MiB",
                "split the landscape into smaller specs",
            )
        )
    return found
