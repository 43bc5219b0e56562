"""Generated Apex behaves (issue 12 §3). Apex cannot run here: each fix is proven by the generated Apex
test methods a deploy runs, by the semantic check (test_sf_semantic.py) that they compile, and by the
assertions below on the code paths themselves."""

from __future__ import annotations

import re

from sf_support import validators


def _class(projects, case: str, name: str) -> str:
    files, _ = projects[case]
    return next(f.content for f in files if f.path.endswith(f"/classes/{name}.cls"))


def _method(src: str, signature: str) -> str:
    code = validators.strip_comments_and_strings(src)
    start = code.index(signature)
    depth, i = 0, code.index("{", start)
    for j in range(i, len(code)):
        depth += code[j] == "{"
        depth -= code[j] == "}"
        if depth == 0:
            return code[start : j + 1]
    raise AssertionError(f"no body for {signature}")


def test_the_recursion_guard_caps_nesting_and_never_throws_into_a_save(projects):
    """A DML of 1,000 records runs the trigger 5 times in one transaction (chunks of 200 share statics);
    counting runs refused the 4th chunk by throwing into the user's save."""
    handler = _class(projects, "landscape", "SfspecTriggerHandler")
    run = _method(handler, "public void run()")
    assert "throw" not in run, "the guard must skip, never fail the save"
    assert re.search(r"try\s*\{\s*dispatch\(\);\s*\}\s*finally\s*\{", run), "nesting must unwind after each run"
    tests = _class(projects, "landscape", "SfspecTriggerHandlerTest")
    assert "static void chunksOfOneLargeDmlAllRun()" in tests
    assert "static void recursionIsCappedWithoutFailingTheSave()" in tests


def test_every_realtime_flow_test_saves_a_thousand_records_and_updates_them_twice(projects):
    for case in ("landscape", "every_shape", "example-minimal", "example-soap-callout"):
        files, _ = projects[case]
        flow_tests = [f.content for f in files if f.path.endswith("Test.cls") and "Queueable" in f.content]
        # a flow whose object is a platform event has no record trigger, so nothing to save
        flow_tests = [src for src in flow_tests if "publishedEvents(" not in src]
        assert flow_tests, case
        for src in flow_tests:
            body = _method(src, "static void oneDmlOfAThousandRecordsAndRepeatedUpdatesSave()")
            assert "newRecords(1000)" in body and body.count("update records;") == 2


def test_an_empty_2xx_reply_is_a_success(projects):
    payload = _class(projects, "every_shape", "SfspecPayload")
    json_path = _method(payload, "public static SfspecCalloutResult interpretJson(")
    assert json_path.index("String.isBlank(res.getBody())") < json_path.index("JSON.deserializeUntyped")
    soap = _method(payload, "public static SfspecCalloutResult interpretSoap(")
    assert soap.index("String.isBlank(res.getBody())") < soap.index("doc.load(")
    for case in ("every_shape", "example-soap-callout"):
        files, _ = projects[case]
        for src in [f.content for f in files if f.path.endswith("Test.cls") and "Queueable" in f.content]:
            assert "static void emptySuccessReplyIsSuccess()" in src


def test_write_back_and_dead_letter_save_results_are_checked(projects):
    """A rejected write-back becomes a dead letter; a dead letter that cannot be saved is logged and counted."""
    for case, name in (("landscape", "AccountToErpQueueable"), ("every_shape", "QuoteOnDemandService")):
        write_back = _method(_class(projects, case, name), "private static void writeBack(")
        assert "List<Database.SaveResult> saved = Database.update(" in write_back, case
        assert "SfspecDeadLetter.fromSaveResults(" in write_back and ", saved)" in write_back, case
    dead = _class(projects, "landscape", "SfspecDeadLetter")
    save = _method(dead, "public static void save(")
    assert "List<Database.UpsertResult> results = Database.upsert(" in save
    assert "isSuccess()" in save and "lostCount++" in save


def test_an_outbound_put_carries_its_match_key(projects):
    """account-to-erp PUTs customers keyed by customerNumber (written back into ERP_Id__c): the request
    must name the key, or every PUT would create a new customer."""
    client = _class(projects, "landscape", "AccountToErpClient")
    payload = _method(client, "private static Map<String, Object> payload(")
    assert re.search(r"'customerNumber' => rec\.ERP_Id__c", validators.strip_comments_and_strings(client)) or (
        "rec.ERP_Id__c" in payload
    )
    # A POST (orders-to-lake) has no key to carry.
    lake = _method(_class(projects, "every_shape", "OrdersToLakeClient"), "private static Map<String, Object> payload(")
    assert "Billing_Id__c" not in lake
