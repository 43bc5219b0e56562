"""`.forceignore`: files a Salesforce DX project never deploys, so the SFDX reader skips them too.

The Salesforce CLI reads it with gitignore rules; this covers the forms real projects use: comments,
`name` (any folder level), `path/from/root`, `dir/`, `*`/`**` globs. Negations (`!`) are not
supported and are ignored, which errs on the side of reading a file.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ForceIgnore:
    patterns: tuple[str, ...] = ()

    @classmethod
    def load(cls, root: Path) -> ForceIgnore:
        path = root / ".forceignore"
        if not path.is_file():
            return cls()
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        return cls(tuple(p.strip() for p in lines if p.strip() and not p.lstrip().startswith(("#", "!"))))

    def ignores(self, rel_path: str) -> bool:
        """`rel_path`: POSIX path from the project root."""
        if not self.patterns:  # asked once per file of the project: most have no .forceignore
            return False
        # split as PurePosixPath splits a relative path (empty and `.` steps dropped), without
        # making one per file
        parts = tuple(p for p in rel_path.split("/") if p not in ("", "."))
        for raw in self.patterns:
            pattern = raw.rstrip("/").lstrip("/")
            if "/" not in pattern:  # a bare name matches at any level, file or folder
                if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                    return True
                continue
            pattern = pattern.removeprefix("**/")
            for start in range(len(parts)):  # "**/x/y" may start anywhere; "a/b" only at the root
                if start and not raw.lstrip("/").startswith("**/"):
                    break
                tail = "/".join(parts[start:])
                if fnmatch.fnmatchcase(tail, pattern) or fnmatch.fnmatchcase(tail, pattern + "/*"):
                    return True
        return False
