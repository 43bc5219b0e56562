"""Real validators for generated Salesforce source, callable from any test.

- `xsd_errors`: the Metadata API v63 XSD shipped in simple-salesforce's metadata.wsdl (xmlschema);
- `apex_parse_errors`: Salesforce's own Apex parser (jorje), as the native serializer that
  prettier-plugin-apex ships (@prettier-apex/apex-ast-serializer-linux-x64);
- `pmd_violations`: PMD 7 Apex rules from @salesforce/code-analyzer-pmd-engine's jars, with
  Code Analyzer's severities;
- `sdr_resolve`: @salesforce/source-deploy-retrieve's registry (one node process for many projects);
- `own_apex_findings`: what PMD misses (callouts/publish/enqueue/SOQL/DML in loops, sharing).

`require(tool)` skips a test when a validator is missing on a developer machine and fails it in
CI (CI=true), where tests/validators/install.sh must have installed everything.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "apex"
NODE_MODULES = NODE_DIR / "node_modules"
SERIALIZER = NODE_MODULES / "@prettier-apex" / "apex-ast-serializer-linux-x64" / "apex-ast-serializer-linux-x64"
PMD_LIB = NODE_MODULES / "@salesforce" / "code-analyzer-pmd-engine" / "dist" / "java-lib"
SDR = NODE_MODULES / "@salesforce" / "source-deploy-retrieve"
XS = "http://www.w3.org/2001/XMLSchema"
MD_NS = "http://soap.sforce.com/2006/04/metadata"
APEX_CATEGORIES = (
    "bestpractices",
    "codestyle",
    "design",
    "documentation",
    "errorprone",
    "multithreading",
    "performance",
    "security",
)


def require(what: str, ok: bool) -> None:
    """Skip locally, fail in CI: a validator that is missing there is a broken pipeline."""
    if ok:
        return
    message = f"validator missing: {what} (run bash tests/validators/install.sh)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def require_node_validators() -> None:
    require("node", shutil.which("node") is not None)
    require("@salesforce/source-deploy-retrieve", SDR.is_dir())


def require_apex_parser() -> None:
    require("@prettier-apex/apex-ast-serializer-linux-x64", SERIALIZER.is_file())


def require_pmd() -> None:
    require("java", shutil.which("java") is not None)
    require("node", shutil.which("node") is not None)
    require("PMD jars (@salesforce/code-analyzer-pmd-engine)", (PMD_LIB / "pmd-apex-7.26.0.jar").is_file())


# ── XSD ──────────────────────────────────────────────────────────────────────────────────────
@lru_cache(maxsize=1)
def metadata_schema():  # type: ignore[no-untyped-def]
    """The <xsd:schema> of metadata.wsdl, plus a global element for every complex type (the WSDL
    declares types only; source files use a type's name as their root element)."""
    import simple_salesforce
    import xmlschema

    wsdl = Path(simple_salesforce.__file__).parent / "metadata.wsdl"
    root = ET.parse(wsdl).getroot()
    schema = root.find(f".//{{{XS}}}schema")
    assert schema is not None and schema.get("targetNamespace") == MD_NS
    elements = {e.get("name") for e in schema.findall(f"{{{XS}}}element")}
    for ct in schema.findall(f"{{{XS}}}complexType"):
        name = ct.get("name")
        if name and name not in elements:
            ET.SubElement(schema, f"{{{XS}}}element", {"name": name, "type": f"tns:{name}"})
    for prefix, uri in (("xsd", XS), ("tns", MD_NS)):
        ET.register_namespace(prefix, uri)
    text = ET.tostring(schema, encoding="unicode")
    if "xmlns:tns=" not in text:
        text = text.replace("<xsd:schema", f'<xsd:schema xmlns:tns="{MD_NS}"', 1)
    return xmlschema.XMLSchema(text)


def xsd_errors(text: str) -> list[str]:
    schema = metadata_schema()
    try:
        return [f"{e.path}: {e.reason}" for e in schema.iter_errors(text)]
    except ET.ParseError as exc:
        return [f"not well-formed: {exc}"]


# ── Apex parser ──────────────────────────────────────────────────────────────────────────────
def _parse_one(source: str, anonymous: bool = False) -> list[str]:
    args = [str(SERIALIZER)] + (["-a"] if anonymous else [])
    proc = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=120)
    if proc.returncode != 0:
        return [f"serializer exit {proc.returncode}: {proc.stderr.decode(errors='replace')[:500]}"]
    out = json.loads(proc.stdout)["apex.jorje.semantic.compiler.parser.ParserOutput"]
    problems = [e.get("message", str(e)) for e in out.get("parseErrors", [])]
    problems += [str(e) for e in out.get("internalErrors", [])]
    if not out.get("unit"):
        problems.append("no compilation unit")
    return problems


def apex_parse_errors(sources: dict[str, str]) -> dict[str, list[str]]:
    """Parse every source (name → text) with Salesforce's parser; names with problems only."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(sources, pool.map(_parse_one, sources.values()), strict=False))
    return {name: errs for name, errs in results.items() if errs}


def prettier_failures(files: list[Path]) -> dict[str, str]:
    """Format every file with prettier-plugin-apex in one node process; failures only."""
    proc = subprocess.run(
        ["node", str(NODE_DIR / "prettier-check.mjs"), *(str(Path(f).resolve()) for f in files)],
        capture_output=True,
        cwd=NODE_DIR,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode()[-3000:])
    return json.loads(proc.stdout)


# ── PMD ──────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class PmdViolation:
    rule: str
    severity: int  # Code Analyzer: 1 Critical, 2 High, 3 Moderate, 4 Low, 5 Info
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{Path(self.file).name}:{self.line}: {self.rule} (sev {self.severity}) {self.message}"


@lru_cache(maxsize=1)
def code_analyzer_severities() -> dict[str, int]:
    proc = subprocess.run(["node", str(NODE_DIR / "severities.js")], capture_output=True, cwd=NODE_DIR, check=True)
    return json.loads(proc.stdout)


def pmd_violations(files: list[Path]) -> list[PmdViolation]:
    """Every Apex rule of PMD 7 over the files, in one JVM (Code Analyzer's own PMD wrapper)."""
    severities = code_analyzer_severities()
    with tempfile.TemporaryDirectory() as tmp:
        ruleset = Path(tmp) / "ruleset.xml"
        refs = "\n".join(f'    <rule ref="category/apex/{c}.xml" />' for c in APEX_CATEGORIES)
        ruleset.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<ruleset name="sfspec"\n'
            '    xmlns="http://pmd.sourceforge.net/ruleset/2.0.0">\n'
            f"    <description>All PMD Apex rules</description>\n{refs}\n</ruleset>\n"
        )
        run_input = Path(tmp) / "input.json"
        run_input.write_text(
            json.dumps(
                {
                    "ruleSetInputFile": str(ruleset),
                    "runDataPerLanguage": {"apex": {"filesToScan": [str(Path(f).resolve()) for f in files]}},
                }
            )
        )
        results = Path(tmp) / "results.json"
        proc = subprocess.run(
            [
                "java",
                "-cp",
                str(PMD_LIB / "*"),
                "com.salesforce.sfca.pmdwrapper.PmdWrapper",
                "run",
                str(run_input),
                str(results),
            ],
            capture_output=True,
            timeout=600,
        )
        if proc.returncode != 0 or not results.exists():
            raise RuntimeError(f"PMD failed: {proc.stdout.decode()[-2000:]} {proc.stderr.decode()[-2000:]}")
        data = json.loads(results.read_text())
    errors = data.get("processingErrors") or []
    if errors:
        raise RuntimeError(f"PMD could not process files: {errors}")
    out = []
    for v in data.get("violations", []):
        rule = v["rule"]
        where = v.get("codeLocation") or {}
        out.append(
            PmdViolation(
                rule,
                int(severities.get(rule, v.get("priority", 3))),
                where.get("file", ""),
                int(where.get("startLine", 0)),
                v.get("message", "").strip(),
            )
        )
    return out


# ── source-deploy-retrieve ───────────────────────────────────────────────────────────────────
def sdr_resolve(projects: list[Path]) -> list[dict]:
    proc = subprocess.run(
        ["node", str(NODE_DIR / "sdr.js"), *(str(Path(p).resolve()) for p in projects)],
        capture_output=True,
        cwd=NODE_DIR,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode()[-3000:])
    return json.loads(proc.stdout)


# ── our own Apex checks (what PMD misses) ────────────────────────────────────────
_LIMITED_IN_LOOP = re.compile(
    r"\bHttp\s*\(\s*\)\s*\.\s*send\b|\.send\s*\(|EventBus\s*\.\s*publish\b|System\s*\.\s*enqueueJob\b"
    r"|\bDatabase\s*\.\s*\w+\s*\(|\[\s*SELECT\b|\b(?:insert|update|upsert|delete|undelete|merge)\s+[A-Za-z_]",
    re.IGNORECASE,
)
_LOOP = re.compile(r"\b(for|while)\s*\(|\bdo\s*\{")
_CALLOUT_BOUND = re.compile(r"MAX_CALLOUTS_PER_(?:JOB|REQUEST)")


def strip_comments_and_strings(src: str) -> str:
    """Blank out comments and string literals (same length), so patterns only see code."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src[i] == "'":
            j = i + 1
            while j < n and src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            out.append("'" + " " * (min(j, n) - i - 1) + "'")
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return "".join(out)[:n]


def _block_after(code: str, start: int) -> tuple[int, int]:
    """The (start, end) of the loop body beginning at or after `start`: a {…} block or one statement."""
    depth, i = 0, start
    if code[start : start + 2] != "do":
        # skip the loop header's parentheses
        i = code.index("(", start)
        for j in range(i, len(code)):
            depth += code[j] == "("
            depth -= code[j] == ")"
            if depth == 0:
                i = j + 1
                break
    while i < len(code) and code[i].isspace():
        i += 1
    if i < len(code) and code[i] == "{":
        depth = 0
        for j in range(i, len(code)):
            depth += code[j] == "{"
            depth -= code[j] == "}"
            if depth == 0:
                return i, j
    end = code.find(";", i)
    return i, end if end >= 0 else len(code)


def _method_of(code: str, pos: int) -> str:
    """The text of the enclosing top-level member (crude: from the previous member boundary)."""
    before = code.rfind("\n    }", 0, pos)
    after = code.find("\n    }", pos)
    return code[before if before >= 0 else 0 : after if after >= 0 else len(code)]


def own_apex_findings(name: str, src: str) -> list[str]:
    code = strip_comments_and_strings(src)
    findings = []
    if re.match(r"\s*trigger\b", code) is None:
        header = code[: code.find("{")] if "{" in code else code
        if not re.search(r"\b(with|without|inherited)\s+sharing\b", header):
            findings.append(f"{name}: class without a sharing declaration")
    else:
        body = code[code.find("{") + 1 : code.rfind("}")]
        if len([s for s in body.split(";") if s.strip()]) != 1:
            findings.append(f"{name}: trigger body is not a single delegating statement")
    for m in _LOOP.finditer(code):
        start, end = _block_after(code, m.start())
        body = code[start:end]
        for hit in _LIMITED_IN_LOOP.finditer(body):
            text = hit.group(0)
            callout = ".send" in text.replace(" ", "")
            if callout and _CALLOUT_BOUND.search(_method_of(code, m.start())):
                continue  # the one accepted pattern: callouts bounded by a per-job constant
            line = code.count("\n", 0, start + hit.start()) + 1
            findings.append(f"{name}:{line}: limit-consuming call in a loop: {text.strip()}")
    return findings


# ── case-insensitive name clashes (the Apex compiler's view, which the parser alone does not take) ──
def _ast(source: str) -> dict:
    proc = subprocess.run([str(SERIALIZER)], input=source.encode("utf-8"), capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode(errors="replace")[:500])
    return json.loads(proc.stdout)["apex.jorje.semantic.compiler.parser.ParserOutput"]["unit"]


def _ident(node: dict) -> tuple[str, int]:
    return node["value"], node.get("loc", {}).get("line", 0)


def _declared_in(node: object, out: list[tuple[str, int, str]]) -> None:
    """Locals and parameters declared under a member (nested class bodies excluded)."""
    if isinstance(node, list):
        for item in node:
            _declared_in(item, out)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "members":
            continue  # an inner class: checked on its own
        if key == "variableDecls" and isinstance(value, dict):
            out.extend((*_ident(d["name"]), "local") for d in value.get("decls", []))
        elif key == "parameters" and isinstance(value, list):
            out.extend((*_ident(p["name"]), "parameter") for p in value if "name" in p)
        elif key == "catchBlocks" and isinstance(value, list):
            out.extend((*_ident(c["parameter"]["name"]), "local") for c in value if "parameter" in c)
        elif key == "forControl" and isinstance(value, dict):
            init = value.get("init") or {}
            out.extend((*_ident(n), "local") for n in init.get("name", []) if isinstance(n, dict))
            for i in ((value.get("inits") or {}).get("value") or {}).get("inits", []):
                out.extend((*_ident(n), "local") for n in i.get("name", []) if isinstance(n, dict))
        _declared_in(value, out)


def _classes(body: dict, outer_fields: dict[str, str], out: list[tuple[dict, dict[str, str]]]) -> None:
    fields = dict(outer_fields)
    for member in body.get("members", []):
        for decl in (member.get("variableDecls") or {}).get("decls", []):
            fields[decl["name"]["value"].lower()] = decl["name"]["value"]
        if "propertyDecl" in member:
            name = member["propertyDecl"]["name"]["value"]
            fields[name.lower()] = name
    out.append((body, fields))
    for member in body.get("members", []):
        inner = member.get("body")
        if isinstance(inner, dict) and "members" in inner:
            _classes(inner, fields, out)


def name_clash_findings(name: str, src: str) -> list[str]:
    """A local or parameter whose name equals a field's when case is ignored. Apex names are
    case-insensitive: `Integer runs` hides `RUNS`, and `RUNS.put(...)` then calls Integer.put.
    A parameter spelled exactly like the field it initialises (`this.x = x`) is the one exception."""
    unit = _ast(src)
    body = unit.get("body")
    if not isinstance(body, dict) or "members" not in body:
        return []  # a trigger: no fields
    findings = []
    classes: list[tuple[dict, dict[str, str]]] = []
    _classes(body, {}, classes)
    for cls, fields in classes:
        for member in cls.get("members", []):
            declared: list[tuple[str, int, str]] = []
            for key in ("methodDecl", "stmnt", "propertyDecl"):
                if key in member:
                    _declared_in(member[key], declared)
            for local, line, kind in declared:
                field = fields.get(local.lower())
                if field is None or (kind == "parameter" and field == local):
                    continue
                findings.append(f"{name}:{line}: {kind} {local!r} hides field {field!r} (Apex names ignore case)")
    return findings
