"""Use case `adopt`: write the spec patch that takes existing org objects and fields under
management, after checking the patched spec like any spec."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sfspec.api.check import check_spec, checked_for_environment
from sfspec.api.org import org_option
from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.state import ComponentKey

if TYPE_CHECKING:
    from sfspec.landscape.adopt import Adoption


def adopt(
    path: Path, targets: list[str], environment: str | None = None, org: str | None = None, *, verbose: int = 0
) -> tuple[list[Adoption] | None, Diagnostics]:
    """Write the spec patch that takes existing org objects and fields under management
    (`manage: adopt` with the org's definition), after checking the patched spec like any spec;
    nothing is written on errors. OrgError when the org cannot be read."""
    import shutil
    import tempfile

    from sfspec.landscape import adopt as adoption
    from sfspec.org import open_org

    found_spec, diags = checked_for_environment(path, environment)
    if found_spec is None:
        return None, diags
    checked, resolved = found_spec
    keys: list[ComponentKey] = []
    for target in targets:
        key = adoption.parse_target(target)
        if key is None:
            diags.error(Code.SFS043, f"{target!r} is not an object or field name", None, "e.g. Property__c.Price__c")
        else:
            keys.append(key)
    ref = org_option(org) if org else resolved.org_ref
    if ref is None:
        diags.error(
            Code.SFS030, "no org to adopt from", None, "pass --org, or -e ENV for an environment that names its org"
        )
    if diags.has_errors() or ref is None:
        return None, diags
    state = open_org(ref, verbose=verbose).read(keys)
    texts, adopted, found = adoption.adopt(checked.doc, checked.spec, state, keys)
    diags += found
    if diags.has_errors():
        return None, diags
    with tempfile.TemporaryDirectory(prefix="sfspec-adopt-") as tmp:  # the patched spec must check
        probe = Path(tmp) / path.name
        (shutil.copytree if path.is_dir() else shutil.copyfile)(path, probe)
        for file, text in texts.items():
            relative = Path(file).resolve().relative_to(path.resolve()) if path.is_dir() else Path(probe.name)
            (probe / relative if path.is_dir() else probe).write_text(text, encoding="utf-8")
        again, problems = check_spec(probe)
    if again is None:
        for d in problems.errors():
            diags.error(d.code, f"the adopted spec would not validate ({d.summary}); this is a bug in sfspec adopt")
        return None, diags
    for file, text in texts.items():
        target_file = Path(file)
        staged = target_file.with_name(f".{target_file.name}.sfspec-adopt")
        staged.write_text(text, encoding="utf-8")
        staged.replace(target_file)  # atomic per file
    return adopted, diags
