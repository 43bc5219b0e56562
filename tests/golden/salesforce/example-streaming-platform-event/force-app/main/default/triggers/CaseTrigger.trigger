/**
 * @description Managed by sfspec: the one trigger on Case; logic-free, it only delegates to CaseTriggerHandler.
 * Flow "escalations-to-dispatch".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger CaseTrigger on Case(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    new CaseTriggerHandler().run();
}
