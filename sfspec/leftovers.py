"""Temporary files sfspec writes beside their targets, and cleaning up the ones a killed run left.

Every atomic write goes through a sibling temporary (`.dev.json.<pid>.<random>.tmp`, an out/
staging folder `.out.new-<pid>-<random>`) renamed over the target. A run killed with -9 leaves
that sibling behind; the next run that writes the same target removes the siblings whose process
is gone. A sibling of a live process is another run's write in progress and is left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path


def temp_file(target: Path) -> tuple[int, str]:
    """A new temporary beside `target` (same folder, so the final rename is atomic): (fd, path)."""
    return tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporaries of `target` left by runs that no longer exist; returns what went."""
    removed: list[Path] = []
    ours = re.compile(rf"^\.{re.escape(target.name)}\.(?:new-|old-)?(?P<pid>\d+)[.-]")
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        found = ours.match(path.name)
        if found is None or alive(int(found["pid"])):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass  # someone else removed it, or it is not ours to remove
    return removed
