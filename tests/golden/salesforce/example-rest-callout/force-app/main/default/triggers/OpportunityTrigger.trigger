/**
 * @description Managed by sfspec: the one trigger on Opportunity; logic-free, it only delegates to OpportunityTriggerHandler.
 * Flow "won-opportunity-to-erp".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger OpportunityTrigger on Opportunity(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    new OpportunityTriggerHandler().run();
}
