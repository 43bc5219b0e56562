"""The generated landscape and every-shape projects against the checklist of what a deployable
Salesforce project needs (docs/salesforce-output.md)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from sf_support import spec_cases, validators

from sfspec.api import check_spec
from sfspec.model.spec import Spec
from sfspec.state import MANAGED_MARKER

NS = {"m": "http://soap.sforce.com/2006/04/metadata"}
CASES = ("landscape", "every_shape")


def _spec(case: str) -> Spec:
    checked, _ = check_spec(spec_cases()[case][0])
    assert checked is not None
    return checked.spec


def _files(projects, case) -> dict[str, str]:
    return {f.path: f.content for f in projects[case][0]}


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def _of(files: dict[str, str], folder: str) -> dict[str, str]:
    return {p: c for p, c in files.items() if f"/{folder}/" in p}


def _code(files: dict[str, str]) -> dict[str, str]:
    return {
        p.rsplit("/", 1)[1]: validators.strip_comments_and_strings(c)
        for p, c in files.items()
        if p.endswith((".cls", ".trigger"))
    }


@pytest.mark.parametrize("case", CASES)
def test_p2_one_api_version_everywhere(projects, case):
    files = _files(projects, case)
    versions = {json.loads(files["sfdx-project.json"])["sourceApiVersion"]}
    versions |= set(re.findall(r"<apiVersion>([^<]+)</apiVersion>", "".join(files.values())))
    versions |= set(re.findall(r"<version>([^<]+)</version>", files["manifest/package.xml"]))
    assert versions == {"63.0"}


@pytest.mark.parametrize("case", CASES)
def test_p3_every_apex_file_has_an_active_meta(projects, case):
    files = _files(projects, case)
    for path in files:
        if path.endswith((".cls", ".trigger")):
            meta = _xml(files[path + "-meta.xml"])
            assert meta.findtext("m:status", namespaces=NS) == "Active", path


@pytest.mark.parametrize("case", CASES)
def test_every_file_carries_the_managed_marker_and_never_a_spec_location(projects, case):
    # The spec's file and line live in the plan (each change's `source`), not in deployed text:
    # moving the spec or deleting a line above a flow must not plan an update (issue 14).
    for path, content in _files(projects, case).items():
        assert not re.search(r"\.ya?ml:\d+", content), f"{path} names a spec location"
        if path.endswith((".cls-meta.xml", ".trigger-meta.xml", "sfdx-project.json")):
            continue  # Apex meta and JSON have no place for it; the Apex source carries it
        assert MANAGED_MARKER in content, path


def test_apex_names_the_flow_it_runs(projects):
    files = _files(projects, "landscape")
    queueable = files["force-app/main/default/classes/AccountToErpQueueable.cls"]
    assert ' * Flow "account-to-erp".\n' in queueable.split("*/", 1)[0]


@pytest.mark.parametrize("case", CASES)
def test_p6_p9_named_credentials_are_secured_endpoints_without_legacy_fields(projects, case):
    files = _files(projects, case)
    externals = {p.rsplit("/", 1)[1].split(".")[0] for p in _of(files, "externalCredentials")}
    ncs = _of(files, "namedCredentials")
    assert ncs
    for path, text in ncs.items():
        root = _xml(text)
        assert root.findtext("m:namedCredentialType", namespaces=NS) == "SecuredEndpoint"
        params = root.findall("m:namedCredentialParameters", NS)
        urls = [
            p.findtext("m:parameterValue", namespaces=NS)
            for p in params
            if p.findtext("m:parameterType", namespaces=NS) == "Url"
        ]
        auths = [
            p.findtext("m:externalCredential", namespaces=NS)
            for p in params
            if p.findtext("m:parameterType", namespaces=NS) == "Authentication"
        ]
        assert len(urls) == 1 and urls[0].startswith("https://"), path
        assert len(auths) == 1 and auths[0] in externals, path
        legacy = {
            "endpoint",
            "protocol",
            "principalType",
            "username",
            "password",
            "oauthToken",
            "oauthRefreshToken",
            "awsAccessKey",
            "awsAccessSecret",
            "authProvider",
            "certificate",
        }
        assert not {child.tag.split("}")[1] for child in root} & legacy, path
        assert root.findtext("m:allowMergeFieldsInBody", namespaces=NS) == "false"
        assert root.findtext("m:allowMergeFieldsInHeader", namespaces=NS) == "false"


@pytest.mark.parametrize("case", CASES)
def test_p7_no_secret_reference_or_value_reaches_the_output(projects, case):
    from sf_support import spec_cases

    spec_text = "".join(
        p.read_text()
        for p in (
            [spec_cases()[case][0]] if spec_cases()[case][0].is_file() else sorted(spec_cases()[case][0].glob("*.yaml"))
        )
    )
    refs = set(re.findall(r"(?:secret|env):([A-Za-z_][A-Za-z0-9_./-]*)", spec_text))
    assert refs
    # References may appear in the runbook (POSTDEPLOY.md names where each value lives), never in metadata.
    blob = "\n".join(c for p, c in _files(projects, case).items() if p.startswith("force-app/"))
    assert [r for r in refs if r in blob] == []
    for path, text in _of(_files(projects, case), "externalCredentials").items():
        for param in _xml(text).findall("m:externalCredentialParameters", NS):
            if param.findtext("m:parameterType", namespaces=NS) in ("NamedPrincipal", "PerUserPrincipal"):
                assert param.find("m:parameterValue", NS) is None, path


@pytest.mark.parametrize("case", CASES)
def test_p8_every_principal_is_granted_with_user_external_credential_read(projects, case):
    files = _files(projects, case)
    granted = {}
    for text in _of(files, "permissionsets").values():
        root = _xml(text)
        objects = {o.findtext("m:object", namespaces=NS) for o in root.findall("m:objectPermissions", NS)}
        for access in root.findall("m:externalCredentialPrincipalAccesses", NS):
            granted[access.findtext("m:externalCredentialPrincipal", namespaces=NS)] = objects
    for path, text in _of(files, "externalCredentials").items():
        name = path.rsplit("/", 1)[1].split(".")[0]
        principals = [
            p.findtext("m:parameterName", namespaces=NS)
            for p in _xml(text).findall("m:externalCredentialParameters", NS)
            if p.findtext("m:parameterType", namespaces=NS) == "NamedPrincipal"
        ]
        assert principals, path
        for principal in principals:
            assert "UserExternalCredential" in granted.get(f"{name}-{principal}", set()), (name, principal)


@pytest.mark.parametrize("case", CASES)
def test_p10_apex_calls_out_only_through_emitted_named_credentials(projects, case):
    files = _files(projects, case)
    ncs = {p.rsplit("/", 1)[1].split(".")[0] for p in _of(files, "namedCredentials")}
    for name, src in ((p, c) for p, c in files.items() if p.endswith((".cls", ".trigger"))):
        literals = re.findall(r"'(https?://[^']*)'", src)
        allowed = {"https://example.com/", "http://schemas.xmlsoap.org/soap/envelope/"}  # test data, SOAP namespace
        assert set(literals) <= allowed, name
        assert "setHeader('Authorization'" not in src, name
        for target in re.findall(r"'callout:([A-Za-z0-9_]+)", src):
            assert target in ncs, name


@pytest.mark.parametrize("case", CASES)
def test_p11_one_trigger_per_object_and_p25_event_triggers_after_insert_only(projects, case):
    code = _code(_files(projects, case))
    triggers = [
        re.match(r"\s*trigger\s+(\w+)\s+on\s+(\w+)\s*\(([^)]*)\)", c) for n, c in code.items() if n.endswith(".trigger")
    ]
    objects = [t.group(2) for t in triggers]
    assert len(objects) == len(set(objects))
    for t in triggers:
        if t.group(2).endswith("__e"):
            assert t.group(3).split() == ["after", "insert"]


def test_p14_p16_change_filter_uses_only_fields_the_org_owns_and_write_back_is_bypassed(projects):
    code = _code(_files(projects, "landscape"))
    synced = re.search(r"SYNCED_FIELDS = new Set<Schema.SObjectField>\{([^}]*)\}", code["AccountToErpService.cls"])
    assert sorted(f.strip() for f in synced.group(1).split(",")) == [
        "Account.BillingCity",
        "Account.Name",
        "Account.Phone",
    ]
    job = code["AccountToErpQueueable.cls"]
    assert re.search(
        r"bypass\(AccountTriggerHandler\.class\);\s*List<Database\.SaveResult> saved = Database\.update\(acknowledged",
        job,
    )
    assert "ERP_Id__c = result.remoteId" in job


@pytest.mark.parametrize("case", CASES)
def test_p15_bypass_permission_granted_only_by_the_integration_permission_set(projects, case):
    files = _files(projects, case)
    holders = [p for p, t in _of(files, "permissionsets").items() if "sfspec_Bypass_Outbound_Sync" in t]
    expected = {"landscape": "sfspec_Integration", "every_shape": "sfspec_Shapes_Integration"}[case]
    assert holders == [f"force-app/main/default/permissionsets/{expected}.permissionset-meta.xml"]
    assert "FeatureManagement.checkPermission(BYPASS_PERMISSION)" in "".join(files.values())


@pytest.mark.parametrize("case", CASES)
def test_p17_no_callout_is_reachable_from_a_record_trigger(projects, case):
    code = _code(_files(projects, case))
    reachable = set()
    frontier = [n for n in code if n.endswith(".trigger") and not re.search(r"\bon\s+\w+__e\b", code[n])]
    while frontier:
        name = frontier.pop()
        if name in reachable:
            continue
        reachable.add(name)
        for other in code:
            stem = other.rsplit(".", 1)[0]
            if other not in reachable and re.search(rf"\b{stem}\b", code[name]) and not stem.startswith("Sfspec"):
                frontier.append(other)
    for name in reachable:
        assert "Http()" not in code[name] and "Client." not in code[name], name


@pytest.mark.parametrize("case", CASES)
def test_p18_p19_p21_p22_queueables_are_bounded_guarded_and_finalized(projects, case):
    code = _code(_files(projects, case))
    jobs = {n: c for n, c in code.items() if "implements Queueable" in c}
    assert jobs
    for name, src in jobs.items():
        assert "Database.AllowsCallouts" in src, name
        bound = int(re.search(r"MAX_CALLOUTS_PER_JOB = (\d+);", src).group(1))
        assert bound <= 99 and bound * 10000 <= 120000, name
        assert "Limits.getQueueableJobs() >= Limits.getLimitQueueableJobs()" in src, name
        assert re.search(r"if \(context != null\) \{\s*System\.attachFinalizer", src), name
        assert int(re.search(r"MAX_ATTEMPTS = (\d+);", src).group(1)) <= 10, name
        assert src.count("System.enqueueJob(") == 1, name
    raw = {p.split("/")[-1]: c for p, c in _files(projects, case).items()}
    for name, src in code.items():
        if "Http().send(" in src:
            assert "setTimeout(CALLOUT_TIMEOUT_MS)" in src and "CALLOUT_TIMEOUT_MS = 10000" in src, name
            assert "req.setHeader('Idempotency-Key', idempotencyKey(rec));" in raw[name], name


def test_p20_no_dml_before_the_last_callout(projects):
    for case in CASES:
        for name, src in _code(_files(projects, case)).items():
            if "implements Queueable" in src:
                body = src[src.index("public void execute") :]
                # the first DML after the callout loop: the write-back, or (events: nothing to write back) dead letters
                loop_end = min(
                    body.index(m) for m in ("writeBack(acknowledged);", "SfspecDeadLetter.save(") if m in body
                )
                assert not re.search(r"Database\.|\binsert\b|\bupdate\b|EventBus", body[:loop_end]), name


@pytest.mark.parametrize("case", CASES)
def test_p23_p24_dead_letters_and_upsert_keys_are_unique_external_ids(projects, case):
    files = _files(projects, case)
    key = _xml(files["force-app/main/default/objects/Integration_Error__c/fields/Idempotency_Key__c.field-meta.xml"])
    assert key.findtext("m:externalId", namespaces=NS) == "true" and key.findtext("m:unique", namespaces=NS) == "true"
    match_keys = {
        "landscape": [
            "Account/fields/ERP_Id__c",
            "Contact/fields/Marketing_Id__c",
            "Invoice__c/fields/Invoice_Number__c",
        ],
        "every_shape": ["Lead/fields/Ads_Id__c", "Order__c/fields/Billing_Id__c"],
    }[case]
    for field in match_keys:
        root = _xml(files[f"force-app/main/default/objects/{field}.field-meta.xml"])
        assert root.findtext("m:externalId", namespaces=NS) == "true", field
        assert root.findtext("m:unique", namespaces=NS) == "true", field


@pytest.mark.parametrize("case", CASES)
def test_p25_sync_events_are_high_volume_publish_after_commit(projects, case):
    files = _files(projects, case)
    events = {p: t for p, t in files.items() if re.search(r"objects/(\w+__e)/\1\.object-meta\.xml$", p)}
    assert events
    declared = set(_spec(case).objects)  # events the spec declares carry their own fields
    for path, text in events.items():
        root = _xml(text)
        assert root.findtext("m:eventType", namespaces=NS) == "HighVolume"
        assert root.findtext("m:publishBehavior", namespaces=NS) == "PublishAfterCommit"
        folder = path.rsplit("/", 1)[0]
        if folder.rsplit("/", 1)[1] in declared:
            continue
        for field in ("Record_Id__c", "Operation__c", "Idempotency_Key__c"):
            assert f"{folder}/fields/{field}.field-meta.xml" in files


def test_p25_p26_subscriber_config_and_cdc_member(projects):
    files = _files(projects, "landscape")
    config = _xml(
        files[
            "force-app/main/default/PlatformEventSubscriberConfigs/"
            "AccountToErpEventTriggerConfig.platformEventSubscriberConfig-meta.xml"
        ]
    )
    assert config.findtext("m:platformEventConsumer", namespaces=NS) == "AccountToErpEventTrigger"
    assert config.findtext("m:user", namespaces=NS) == "integration@acme.example.dev"  # the dev sandbox's user
    member = _xml(
        files[
            "force-app/main/default/platformEventChannelMembers/"
            "ChangeEvents_ContactChangeEvent.platformEventChannelMember-meta.xml"
        ]
    )
    assert member.findtext("m:selectedEntity", namespaces=NS) == "ContactChangeEvent"
    shapes = _files(projects, "every_shape")
    assert (
        "force-app/main/default/platformEventChannelMembers/"
        "ChangeEvents_Order_Line_ChangeEvent.platformEventChannelMember-meta.xml"  # no `__` in developer names
    ) in shapes


@pytest.mark.parametrize("case", CASES)
def test_p27_p29_sharing_user_mode_and_tests_per_flow(projects, case):
    code = _code(_files(projects, case))
    for name, src in code.items():
        if "[SELECT" in src.replace("[\n", "[").replace("[ ", "[") and "@IsTest" not in src:
            assert "WITH USER_MODE" in src, name
        if "SYSTEM_MODE" in src:
            assert name == "SfspecDeadLetter.cls", name
    tests = {n: c for n, c in code.items() if "@IsTest" in c}
    for name, src in tests.items():
        assert "SeeAllData" not in src
        assert re.search(r"Assert\.\w+\([^;]*,\s*'", src), name
    callout_tests = [c for c in tests.values() if "HttpCalloutMock" in c and "Queueable" in c]
    event_tests = [c for c in callout_tests if "publishedEvents(" in c]  # flows whose object is a platform event
    for src in event_tests:
        for case_name in (
            "subscriberHandsTheWholeBatchToOneJob",
            "successSendsEachEvent",
            "serverErrorIsRetried",
            "timeoutIsRetried",
            "clientErrorIsDeadLetteredWithTheEvent",
            "finalizerRetriesThenDeadLetters",
            "jobIsBoundedAndDefersTheRest",
        ):
            assert case_name in src
        assert "Test.getEventBus().deliver()" in src
    for src in [c for c in callout_tests if c not in event_tests]:
        for case_name in (
            "bulkInsertPublishesOneEventPerRecord",
            "successIsAcknowledged",
            "serverErrorIsRetried",
            "timeoutIsRetried",
            "clientErrorIsDeadLettered",
            "integrationUserChangesAreNotEchoed",
            "finalizerRetriesThenDeadLetters",
            "jobIsBoundedAndDefersTheRest",
        ):
            assert case_name in src
        assert "System.runAs(" in src and "Test.getEventBus().deliver()" in src


def test_soap_flow_builds_the_envelope_with_dom_and_parses_faults(projects):
    client = _files(projects, "every_shape")["force-app/main/default/classes/OrderToBillingClient.cls"]
    assert "Dom.Document" in client and "setHeader('SOAPAction'" in client
    assert "SfspecPayload.interpretSoap(" in client
    assert "SOAP_ACTION = 'urn:shapes:billing/PlaceOrder'" in client


def test_on_demand_flow_is_an_invocable_and_aura_service_without_a_trigger(projects):
    code = _code(_files(projects, "every_shape"))
    service = code["QuoteOnDemandService.cls"]
    assert "@InvocableMethod(" in service and "callout=true" in service and "@AuraEnabled" in service
    assert "QuoteOnDemandQueueable.cls" not in code
    assert not any("on Opportunity" in c for n, c in code.items() if n.endswith(".trigger"))


def test_deletes_without_an_apex_path_are_called_out_in_the_runbook(projects):
    runbook = _files(projects, "every_shape")["POSTDEPLOY.md"]
    assert "## Not generated" in runbook and "order-to-billing" in runbook
    assert "## Not generated" not in _files(projects, "landscape")["POSTDEPLOY.md"]


def test_middleware_event_flows_publish_deletions(projects):
    code = _code(_files(projects, "every_shape"))
    handler = code["OrderTriggerHandler.cls"]
    assert re.search(
        r"afterDelete\(\) \{\s*OrdersToBusService\.publishChanges\(\(List<Order__c>\) oldMap\.values\(\)", handler
    )
    assert "OrderToBillingService" not in handler.split("afterDelete", 1)[1].split("}", 1)[0]
    assert "deletionsArePublished" in code["OrdersToBusTest.cls"]


def test_trigger_actions_framework_mode(projects):
    files = _files(projects, "trigger_actions")
    code = _code(files)
    assert re.search(
        r"trigger AccountTrigger on Account\([^)]*\)\s*\{\s*new MetadataTriggerHandler\(\)\.run\(\);\s*\}",
        code["AccountTrigger.trigger"],
    )
    assert "SfspecTriggerHandler.cls" not in code and "AccountTriggerHandler.cls" not in code
    assert (
        "implements TriggerAction.AfterInsert, TriggerAction.AfterUpdate, TriggerAction.AfterDelete"
        in code["TA_AccountEvents.cls"]
    )
    job = files["force-app/main/default/classes/AccountToErpQueueable.cls"]
    assert re.search(
        r"MetadataTriggerHandler\.bypass\('TA_AccountEvents'\);\s*MetadataTriggerHandler\.bypass\("
        r"'TA_AccountToErp'\);\s*List<Database\.SaveResult> saved = Database\.update\(acknowledged",
        job,
    )
    records = {p.rsplit("/", 1)[1] for p in files if "/customMetadata/" in p}
    assert records == {
        "sObject_Trigger_Setting.Account.md-meta.xml",
        "Trigger_Action.TA_AccountEvents_AD.md-meta.xml",
        "Trigger_Action.TA_AccountEvents_AI.md-meta.xml",
        "Trigger_Action.TA_AccountEvents_AU.md-meta.xml",
        "Trigger_Action.TA_AccountToErp_AI.md-meta.xml",
        "Trigger_Action.TA_AccountToErp_AU.md-meta.xml",
    }
    action = _xml(files["force-app/main/default/customMetadata/Trigger_Action.TA_AccountToErp_AU.md-meta.xml"])
    values = {
        v.findtext("m:field", namespaces=NS): v.findtext("m:value", namespaces=NS)
        for v in action.findall("m:values", NS)
    }
    assert values["After_Update__c"] == "Account" and values["Apex_Class_Name__c"] == "TA_AccountToErp"
    assert values["Bypass_Permission__c"] == "sfspec_Bypass_Outbound_Sync" and not values["After_Insert__c"]
    assert "## Trigger Actions Framework" in files["POSTDEPLOY.md"]


def test_flows_apex_cannot_run_are_named_in_the_runbook(tmp_path):
    from sf_support import generate_files

    spec = tmp_path / "scheduled.yaml"
    spec.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\n  erp: {kind: erp, base_url: https://erp.example}\n"
        "objects:\n  Account: {owner: crm, fields: {Name: {type: Text}}}\n"
        "flows:\n  nightly-push:\n    source: crm\n    target: erp\n    object: Account\n    timing: scheduled\n"
        "    schedule: '0 2 * * *'\n    transport: rest\n    endpoint: {path: /x}\n"
        "    mapping:\n      - {field: Name, remote: name}\n"
    )
    files = {f.path: f.content for f in generate_files(spec)}
    assert "nightly-push: scheduled, bulk or streaming flows out of the org need a middleware" in files["POSTDEPLOY.md"]
    assert not any(p.endswith(".cls") for p in files)
