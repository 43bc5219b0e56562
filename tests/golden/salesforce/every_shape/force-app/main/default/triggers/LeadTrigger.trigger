/**
 * @description Managed by sfspec: the one trigger on Lead; logic-free, it only delegates to LeadTriggerHandler.
 * Flow "leads-to-ads".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger LeadTrigger on Lead(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    new LeadTriggerHandler().run();
}
