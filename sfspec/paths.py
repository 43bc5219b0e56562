"""How sfspec spells a file path in memory and in the files it writes, so the same file is the
same string from any working directory.

- In memory and on screen (`canonical_path`): normalised, relative to the working directory when
  inside it, else absolute.
- In a file sfspec writes (a saved plan, an apply record): relative to that file's own folder,
  with `/` separators (`portable_path`), and read back against that folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def canonical_path(path: str | Path) -> str:
    full = Path(path).resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def portable_path(path: str | Path, folder: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()


def from_portable(path: str, folder: Path) -> str:
    """Inverse of `portable_path`: a stored path, read in `folder`, in canonical form."""
    return canonical_path(folder / path)
