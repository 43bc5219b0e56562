"""`sfspec fmt`: rewrite spec files in one canonical layout, keeping comments and key order."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sfspec.diagnostics import Diagnostics
from sfspec.discover import holds_sections
from sfspec.load import load_file, spec_files
from sfspec.load.roundtrip import new_yaml


@dataclass(frozen=True)
class Formatted:
    path: Path
    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted


def canonical_text(data: object) -> str:
    yaml = new_yaml(preserve_quotes=True)  # quoting is the author's choice (a quoted cron reads better)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap long strings: a reflowed description is a noisy diff
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def format_spec(path: Path, *, specs_only: bool = False) -> tuple[list[Formatted], Diagnostics]:
    """Canonical text for every file of the spec (or the one file given); nothing is written here.
    With `specs_only`, a given file that holds no sfspec section is left alone too."""
    diags = Diagnostics()
    results: list[Formatted] = []
    for file in spec_files(path, diags):
        loaded = load_file(file, diags)
        if loaded is None or ((path.is_dir() or specs_only) and not holds_sections(loaded.data)):
            continue  # errors are in diags; YAML beside the spec that is not part of it is not ours
        first = load_file_text(loaded.text)  # re-read keeping quotes; the loader checked it is valid
        formatted = first if first is not None else canonical_text(loaded.data)
        # A second pass must not change anything; if ruamel's layout is not yet stable, use it.
        again = load_file_text(formatted)
        results.append(Formatted(file, loaded.text, again if again is not None else formatted))
    return results, diags


def load_file_text(text: str) -> str | None:
    try:
        data = new_yaml(preserve_quotes=True).load(io.StringIO(text))
    except Exception:
        return None
    return canonical_text(data)
