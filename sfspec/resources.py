"""Find the data folders (schemas/, generators/, specs/, catalogue/) from a checkout or an installed wheel.

The wheel carries them under sfspec/_data/ (pyproject force-include); a checkout keeps them at the
repository root. This is the one module that knows about the difference.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"sfspec data folder {name!r} is missing from this installation")


def schema_path(file_name: str) -> Path:
    return data_dir("schemas") / file_name


def templates_dir() -> Path:
    return data_dir("generators")


def specs_dir() -> Path:
    return data_dir("specs")


def catalogue_path() -> Path:
    return data_dir("catalogue") / "standard-objects.json"
