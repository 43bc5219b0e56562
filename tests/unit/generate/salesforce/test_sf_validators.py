"""Every generated file passes validators no one here wrote (tests/validators/salesforce.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sf_support import generate_files, spec_cases, validators

from sfspec.sfdx_format import classify

CASES = sorted(spec_cases())
# Specs whose flows all run in middleware generate no Apex; the parser tests cover the others.
APEX_CASES = [c for c in CASES if any(f.path.endswith(".cls") for f in generate_files(*spec_cases()[c]))]
# Code Analyzer severity 1–2 must never appear; these rules must not fire at any severity (P28).
ALWAYS_ZERO = {
    "OperationWithLimitsInLoop",
    "AvoidLogicInTrigger",
    "QueueableWithoutFinalizer",
    "ApexCRUDViolation",
    "ApexSOQLInjection",
    "ApexSuggestUsingNamedCred",
    "ApexInsecureEndpoint",
    "ApexSharingViolations",
    "AvoidHardcodingId",
    "EmptyCatchBlock",
    "ApexUnitTestShouldNotUseSeeAllDataTrue",
    "ApexAssertionsShouldIncludeMessage",
    "ApexUnitTestClassShouldHaveAsserts",
    "AvoidGlobalModifier",
}


def _apex(files) -> dict[str, str]:
    return {f.path: f.content for f in files if f.path.endswith((".cls", ".trigger"))}


@pytest.mark.parametrize("case", CASES)
def test_every_metadata_xml_validates_against_the_v63_xsd(projects, case):
    files, _ = projects[case]
    xml = [f for f in files if f.path.endswith(".xml")]
    assert xml, "the generator emitted no metadata"
    problems = {f.path: validators.xsd_errors(f.content) for f in xml}
    assert {p: e for p, e in problems.items() if e} == {}


def test_the_xsd_rejects_what_research_found_in_the_wild(projects):
    """Negative controls: wrong enum, a <principals> element, wrong element order."""
    ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
    assert validators.xsd_errors(
        f"<ExternalCredential {ns}><authenticationProtocol>OAuth</authenticationProtocol>"
        "<label>x</label></ExternalCredential>"
    )
    assert validators.xsd_errors(
        f"<ExternalCredential {ns}><authenticationProtocol>Oauth</authenticationProtocol>"
        "<label>x</label><principals><principalName>p</principalName></principals>"
        "</ExternalCredential>"
    )
    files, _ = projects["landscape"]
    field = next(f.content for f in files if f.path.endswith("Account/fields/ERP_Id__c.field-meta.xml"))
    label = "    <label>ERP customer number</label>\n"
    assert label in field
    reordered = field.replace(label, "").replace("</CustomField>", label + "</CustomField>")
    assert validators.xsd_errors(reordered)


def test_most_cases_have_apex():
    assert len(APEX_CASES) >= len(CASES) - 2 and "landscape" in APEX_CASES


@pytest.mark.parametrize("case", APEX_CASES)
def test_every_apex_file_parses_with_the_salesforce_parser(projects, case):
    validators.require_apex_parser()
    files, _ = projects[case]
    sources = _apex(files)
    assert sources
    assert validators.apex_parse_errors(sources) == {}


def test_prettier_plugin_apex_formats_every_generated_file(projects, tmp_path):
    """The same parser through prettier-plugin-apex, whose printer walks the whole AST (one node process)."""
    validators.require_apex_parser()
    validators.require_node_validators()
    files = [
        root / f.path
        for _, (generated, root) in sorted(projects.items())
        for f in generated
        if f.path.endswith((".cls", ".trigger"))
    ]
    broken = tmp_path / "Broken.cls"
    broken.write_text("public with sharing class Broken { void m() { String s = 'x' } }")
    failures = validators.prettier_failures([*files, broken])
    assert list(failures) == [str(broken)], failures


def test_the_apex_parser_rejects_broken_apex():
    validators.require_apex_parser()
    broken = {
        "a.cls": "public with sharing class A { void m() { Integer x = ; } }",
        "b.trigger": "trigger B on Account (after insert) { new H().run() }",
    }
    assert set(validators.apex_parse_errors(broken)) == {"a.cls", "b.trigger"}


@pytest.fixture(scope="module")
def pmd_findings(projects):
    validators.require_pmd()
    files = [
        root / f.path
        for _, (generated, root) in sorted(projects.items())
        for f in generated
        if f.path.endswith((".cls", ".trigger"))
    ]
    return validators.pmd_violations(files)


def test_pmd_reports_no_severity_1_or_2_findings(pmd_findings):
    serious = [str(v) for v in pmd_findings if v.severity <= 2 or v.rule in ALWAYS_ZERO]
    assert serious == []


def test_pmd_runs_the_rules_that_matter(tmp_path):
    """Negative control: the same PMD run flags what we promise never to emit."""
    validators.require_pmd()
    bad = tmp_path / "Bad.cls"
    bad.write_text(
        "public class Bad {\n"
        "    public void m(List<Account> accs, String name) {\n"
        "        for (Account a : accs) { insert a; }\n"
        "        Database.query('SELECT Id FROM Account WHERE Name = \\'' + name + '\\'');\n"
        "        HttpRequest r = new HttpRequest(); r.setEndpoint('http://example.com');\n"
        "    }\n}\n"
    )
    rules = {v.rule for v in validators.pmd_violations([bad])}
    assert {"OperationWithLimitsInLoop", "ApexSOQLInjection", "ApexInsecureEndpoint"} <= rules


@pytest.mark.parametrize("case", CASES)
def test_own_checks_find_no_limits_in_loops_and_every_class_declares_sharing(projects, case):
    files, _ = projects[case]
    findings = [f for path, src in _apex(files).items() for f in validators.own_apex_findings(Path(path).name, src)]
    assert findings == []


def test_own_checks_catch_what_pmd_misses():
    src = (
        "public class Leaky {\n  void m(List<Account_Sync__e> evts) {\n"
        "    for (Account_Sync__e e : evts) { EventBus.publish(e); new Http().send(new HttpRequest()); }\n  }\n}\n"
    )
    findings = validators.own_apex_findings("Leaky.cls", src)
    assert any("sharing" in f for f in findings)
    assert any("EventBus.publish" in f for f in findings)
    assert any(".send" in f for f in findings)


@pytest.fixture(scope="module")
def sdr_results(projects):
    validators.require_node_validators()
    names = sorted(projects)
    return dict(zip(names, validators.sdr_resolve([projects[n][1] for n in names]), strict=False))


@pytest.mark.parametrize("case", CASES)
def test_every_file_resolves_in_the_sdr_registry_converts_and_package_xml_lists_exactly_the_emitted_set(
    projects, sdr_results, case
):
    files, root = projects[case]
    result = sdr_results[case]
    assert result["error"] is None, result["error"]
    resolved = {(c["type"], c["fullName"]) for c in result["components"]}
    owned = {str(Path(p).resolve()) for c in result["components"] for p in c["files"]}
    source_files = {str((root / f.path).resolve()) for f in files if f.path.startswith("force-app/")}
    assert source_files - owned == set(), "files no registry type claims"
    ours = {(r.key.type, r.key.name) for f in files if f.path.startswith("force-app/") and (r := classify(f.path))}
    manifest = {(m["type"], m["fullName"]) for m in result["manifest"]}
    converted = {(m["type"], m["fullName"]) for m in result["converted"]}  # SDR's source → mdapi conversion
    assert resolved == ours == manifest == converted
