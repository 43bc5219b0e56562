/**
 * @description Managed by sfspec: the one trigger on Order__c; logic-free, it only delegates to OrderTriggerHandler.
 * Flow "order-to-billing, orders-to-bus, orders-to-lake".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger OrderTrigger on Order__c(
    before insert,
    before update,
    before delete,
    after insert,
    after update,
    after delete,
    after undelete
) {
    new OrderTriggerHandler().run();
}
