"""Write org content as an SFDX project, so the SFDX reader can be compared with the others."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sfspec.sfdx_format import BY_TYPE, attributes_to_xml, source_path
from sfspec.state import Component


def write_sfdx_project(components: Iterable[Component], root: Path, api_version: str = "63.0") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sfdx-project.json").write_text(
        f'{{"packageDirectories": [{{"path": "force-app", "default": true}}], "sourceApiVersion": "{api_version}"}}\n'
    )
    for comp in components:
        st = BY_TYPE[comp.type]
        short = comp.name.split(".", 1)[1] if comp.type == "CustomField" else comp.name
        meta = root / source_path(comp.key)
        meta.parent.mkdir(parents=True, exist_ok=True)
        meta.write_text(attributes_to_xml(comp.type, comp.attributes, short), encoding="utf-8")
        if st.has_body:
            (root / source_path(comp.key, meta=False)).write_bytes((comp.body or "").encode("utf-8"))
    return root
