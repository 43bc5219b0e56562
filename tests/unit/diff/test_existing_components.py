"""diff against components the org already holds (issue 13): references, adoption with patch
semantics, case-only name clashes, data loss, and triggers beside the org's own."""

from __future__ import annotations

from sfspec.diagnostics import SourceRange
from sfspec.diff import Action, Change, diff, reconcile
from sfspec.model.claims import Claim, Claims
from sfspec.model.existing import Manage, TriggerMode
from sfspec.model.objects import FieldType
from sfspec.sfdx_format import xml_to_attributes
from sfspec.state import (
    MANAGED_MARKER,
    TYPE_ORDER,
    ActualState,
    Component,
    ComponentKey,
    DesiredState,
    GeneratedFile,
    OrgInventory,
    OrgTrigger,
)

SRC = SourceRange.at("spec.yaml", 9, 7)
FIELD = ComponentKey("CustomField", "Property__c.Days_On_Market__c")
ORG_FORMULA = {
    "formula": "TODAY() - Date_Listed__c",
    "formulaTreatBlanksAs": "BlankAsZero",
    "label": "Days On Market",
    "precision": "18",
    "scale": "0",
    "trackHistory": "false",
    "type": "Number",
}
PATH = "force-app/main/default/objects/Property__c/fields/Days_On_Market__c.field-meta.xml"


def desired(*components: Component) -> DesiredState:
    files = tuple(
        GeneratedFile(
            f"force-app/main/default/objects/{c.name.split('.')[0]}/fields/{c.name.split('.')[1]}.field-meta.xml",
            "<CustomField/>",
        )
        for c in components
        if c.type == "CustomField"
    )
    return DesiredState(DesiredState.of(components).components, files=files)


def ours(key: ComponentKey = FIELD, **attrs: str) -> Component:
    base = {"description": f"{MANAGED_MARKER}. Days on market.", "label": "Days On Market", "type": "Number"}
    return Component(key, {**base, **attrs}, None, SRC)


def plan(want: DesiredState, actual: ActualState, claims: Claims):
    deployable = reconcile(want, actual, claims)
    return deployable, diff(deployable, actual, TYPE_ORDER, None, claims)


def claim(key: ComponentKey = FIELD, manage: str | None = None, field_type: str | None = "Number") -> Claims:
    return Claims(
        {
            key: Claim(
                key, Manage(manage) if manage else None, SRC, field_type=FieldType(field_type) if field_type else None
            )
        }
    )


def test_an_existing_unmanaged_field_the_spec_declares_is_a_reference_never_deployed() -> None:
    actual = ActualState.of([Component(FIELD, ORG_FORMULA)])
    deployable, changes = plan(desired(ours()), actual, claim())
    assert FIELD not in deployable and not [f for f in deployable.files if f.path == PATH]
    (change,) = changes
    assert change.action is Action.NOOP and change.reference and change.source == SRC


def test_a_reference_must_exist_with_the_declared_type() -> None:
    missing = ComponentKey("CustomField", "Broker__c.Nickname__c")
    _, changes = plan(DesiredState(), ActualState(), claim(missing, "reference", "Text"))
    assert changes[0].action is Action.CONFLICT and "does not exist" in changes[0].reason
    actual = ActualState.of([Component(FIELD, ORG_FORMULA)])
    _, changes = plan(desired(ours(type="Text")), actual, claim(field_type="Text"))
    assert changes[0].action is Action.CONFLICT and "formula (Number) in the org" in changes[0].reason


def test_a_reference_declared_longer_than_the_orgs_field_is_a_conflict() -> None:
    """ecars' Vehicle__c.Model__c is Text(50); a spec saying 80 would let flows carry values the org
    refuses on write (STRING_TOO_LONG). Declaring the org's length or a shorter one is fine."""
    key = ComponentKey("CustomField", "Vehicle__c.Model__c")
    org = ActualState.of([Component(key, {"label": "Model", "length": "50", "type": "Text"})])

    def verdict(length: int) -> Change:
        found = Claims({key: Claim(key, Manage.reference, SRC, field_type=FieldType.Text, length=length)})
        (change,) = diff(DesiredState(), org, TYPE_ORDER, None, found)
        return change

    longer = verdict(80)
    assert longer.action is Action.CONFLICT and "Text(50) in the org" in longer.reason and "length 80" in longer.reason
    assert verdict(50).action is Action.NOOP and verdict(40).action is Action.NOOP


def test_an_object_the_org_holds_fields_of_but_does_not_define_is_a_reference() -> None:
    """NPSP's project adds fields to npo02__Household__c, which another package defines: the org has
    the object (its fields prove it) but not its definition. Planning it as a create proposed
    deploying an object in another package's namespace; it is a reference."""
    obj = ComponentKey("CustomObject", "npo02__Household__c")
    field = ComponentKey("CustomField", "npo02__Household__c.Members__c")
    org_field = Component(field, {"label": "Members", "precision": "10", "scale": "0", "type": "Number"})
    want = DesiredState.of([Component(obj, {"label": "Household"}, None, SRC), ours(field)])
    found = Claims(
        {
            obj: Claim(obj, None, SRC),
            field: Claim(field, None, SRC, field_type=FieldType.Number),
        }
    )
    deployable, changes = plan(want, ActualState.of([org_field]), found)
    assert obj not in deployable and field not in deployable
    verdicts = {str(c.key): (c.action, c.reference) for c in changes}
    assert verdicts == {str(obj): (Action.NOOP, True), str(field): (Action.NOOP, True)}
    _, nothing_there = plan(want, ActualState(), found)  # no field of it in the org: created as before
    assert {str(c.key): c.action for c in nothing_there}[str(obj)] is Action.CREATE


def test_adoption_keeps_every_attribute_the_spec_does_not_model() -> None:
    actual = ActualState.of([Component(FIELD, ORG_FORMULA)])
    want = ours(formula="TODAY() - Date_Listed__c", precision="18", scale="0")
    deployable, changes = plan(desired(want), actual, claim(manage="adopt"))
    (change,) = changes
    assert change.action is Action.ADOPT and [a.path for a in change.attributes] == ["description"]
    deployed = deployable.components[FIELD].attributes
    assert deployed["formulaTreatBlanksAs"] == "BlankAsZero" and deployed["trackHistory"] == "false"
    written = next(f for f in deployable.files if f.path == PATH)
    assert xml_to_attributes(written.content)[1] == deployed  # the file deployed is the patched component


def test_a_managed_component_keeps_attributes_added_in_the_org() -> None:
    have = Component(FIELD, {**ours().attributes, "inlineHelpText": "set by an admin"})
    deployable, changes = plan(desired(ours(label="Days listed")), ActualState.of([have]), claim())
    assert changes[0].action is Action.UPDATE
    assert deployable.components[FIELD].attributes["inlineHelpText"] == "set by an admin"


def test_a_name_that_differs_only_in_case_is_a_conflict() -> None:
    want = Component(ComponentKey("NamedCredential", "Gearset_API"), {"label": "Gearset"}, None, SRC)
    have = Component(ComponentKey("NamedCredential", "GEARSET_API"), {"label": "Gearset"})
    (change, *_) = diff(DesiredState.of([want]), ActualState.of([have]), TYPE_ORDER)
    assert change.action is Action.CONFLICT and "GEARSET_API" in change.reason and "only in case" in change.reason


def test_deletes_of_objects_and_fields_and_narrowing_changes_lose_data() -> None:
    obj = Component(ComponentKey("CustomObject", "Integration_Error__c"), {"description": MANAGED_MARKER})
    cls = Component(ComponentKey("ApexClass", "Old"), {}, f"// {MANAGED_MARKER}\nclass Old {{}}")
    changes = diff(DesiredState(), ActualState.of([obj, ours(), cls]), TYPE_ORDER)
    loss = {str(c.key): c.data_loss for c in changes}
    assert "every record" in loss["CustomObject:Integration_Error__c"] and loss[f"CustomField:{FIELD.name}"]
    assert loss["ApexClass:Old"] == ""
    for before, after, lost in (
        ({"type": "Text", "length": "40"}, {"type": "Number"}, "type Text -> Number"),
        ({"type": "Text", "length": "40"}, {"type": "Text", "length": "20"}, "length 40 -> 20"),
        ({"type": "Number", "precision": "18"}, {"type": "Text", "length": "40"}, ""),
    ):
        (change,) = diff(DesiredState.of([ours(**after)]), ActualState.of([ours(**before)]), TYPE_ORDER)
        assert change.action is Action.UPDATE and change.data_loss.startswith(lost) and bool(lost) == change.destructive


def _trigger(name: str, obj: str) -> Component:
    body = f"// {MANAGED_MARKER}\ntrigger {name} on {obj}(after insert) {{ new {obj}Handler().run(); }}"
    return Component(ComponentKey("ApexTrigger", name), {"apiVersion": "63.0"}, body, SRC)


def test_a_trigger_beside_the_orgs_own_needs_a_choice() -> None:
    inventory = OrgInventory(
        {"ApexTrigger": {"AccountMDTTrigger": False}},
        (OrgTrigger("AccountMDTTrigger", "Account", ("after insert",), False),),
    )
    actual = ActualState(inventory=inventory)
    want = DesiredState.of([_trigger("AccountTrigger", "Account")])
    (blocked,) = diff(want, actual, TYPE_ORDER, None, Claims())
    assert blocked.action is Action.CONFLICT and "AccountMDTTrigger" in blocked.reason and "integrate" in blocked.reason
    (warned,) = diff(want, actual, TYPE_ORDER, None, Claims(trigger_modes={"Account": TriggerMode.generate}))
    assert warned.action is Action.CREATE and "execution order" in warned.reason
    events = DesiredState.of([_trigger("LogSubscriber", "Log__e")])  # event subscribers run independently
    assert (
        diff(
            events,
            ActualState(inventory=OrgInventory(triggers=(OrgTrigger("LogTrigger", "Log__e", (), False),))),
            TYPE_ORDER,
        )[0].action
        is Action.CREATE
    )


def test_a_second_trigger_running_the_orgs_dispatcher_is_a_conflict_whatever_the_mode() -> None:
    """TAF's MetadataTriggerHandler runs every action of the object: a generated TAF trigger beside the
    org's own TAF trigger would run each action (the org's too) twice per save, so even
    `trigger: generate` is refused, pointing at `integrate`."""
    body = f"// {MANAGED_MARKER}\ntrigger SfspecAccountTrigger on Account(after insert) {{ new MetadataTriggerHandler().run(); }}"
    ours = Component(ComponentKey("ApexTrigger", "SfspecAccountTrigger"), {"apiVersion": "63.0"}, body, SRC)
    theirs = OrgTrigger("AccountTrigger", "Account", ("after insert",), False, ("metadatatriggerhandler",))
    actual = ActualState(inventory=OrgInventory({"ApexTrigger": {"AccountTrigger": False}}, (theirs,)))
    for modes in ({}, {"Account": TriggerMode.generate}):
        (change,) = diff(DesiredState.of([ours]), actual, TYPE_ORDER, None, Claims(trigger_modes=modes))
        assert change.action is Action.CONFLICT, modes
        assert "already runs MetadataTriggerHandler" in change.reason and "twice" in change.reason
        assert "trigger: integrate" in change.reason and "trigger: generate" not in change.reason
    other = OrgTrigger("AccountTrigger", "Account", ("after insert",), False, ("accounthandler",))
    (change,) = diff(
        DesiredState.of([ours]),
        ActualState(inventory=OrgInventory({}, (other,))),
        TYPE_ORDER,
        None,
        Claims(trigger_modes={"Account": TriggerMode.generate}),
    )
    assert change.action is Action.CREATE and "execution order" in change.reason


def test_the_org_matters_to_generation_only_where_names_or_triggers_meet() -> None:
    from sfspec.diff.coexist import org_matters

    ours = DesiredState.of([_trigger("AccountTrigger", "Account")])
    assert not org_matters(ours, OrgInventory())
    assert org_matters(ours, OrgInventory({"ApexClass": {"accounttrigger": False}}))  # a name, whatever its case
    theirs = OrgInventory(triggers=(OrgTrigger("AccountMDTTrigger", "ACCOUNT", (), False),))
    assert org_matters(ours, theirs)
    mine = OrgInventory(triggers=(OrgTrigger("AccountTrigger", "Account", (), True),))  # sfspec's own
    assert not org_matters(ours, mine)


def test_taf_records_conflict_with_another_frameworks_metadata_trigger_handler() -> None:
    from sfspec.diff.coexist import framework_notes

    setting = Component(ComponentKey("CustomMetadata", "sObject_Trigger_Setting.SfspecAccount"), {}, None, SRC)
    action = Component(ComponentKey("CustomMetadata", "Trigger_Action.TA_AccountToErp_AI"), {}, None, SRC)
    wanted = DesiredState.of([setting, action])
    homemade = OrgInventory({"ApexClass": {"MetadataTriggerHandler": False}})  # apex-recipes' own framework
    (note,) = framework_notes(wanted, homemade).values()
    assert note.blocking and "TriggerAction" in note.reason
    taf = OrgInventory({"ApexClass": {"MetadataTriggerHandler": False, "TriggerAction": False}})
    assert framework_notes(wanted, taf) == {} and framework_notes(wanted, OrgInventory()) == {}
    changes = {str(c.key): c.action for c in diff(wanted, ActualState(inventory=homemade), TYPE_ORDER)}
    assert changes == {str(setting.key): Action.CONFLICT, str(action.key): Action.CREATE}
