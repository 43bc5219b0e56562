/**
 * @description Managed by sfspec: the Trigger Actions Framework trigger on Account; logic-free, its actions are Trigger_Action__mdt records.
 * Flow "account-events, account-to-erp".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger AccountTrigger on Account(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    new MetadataTriggerHandler().run();
}
