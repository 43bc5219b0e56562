/**
 * @description Managed by sfspec: the one trigger on Account; logic-free, it only delegates to AccountTriggerHandler.
 * Flow "account-to-customer-master".
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
    new AccountTriggerHandler().run();
}
