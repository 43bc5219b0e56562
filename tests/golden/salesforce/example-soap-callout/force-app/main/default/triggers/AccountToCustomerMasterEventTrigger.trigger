/**
 * @description Managed by sfspec: subscriber of Account_To_Customer_Master_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "account-to-customer-master".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger AccountToCustomerMasterEventTrigger on Account_To_Customer_Master_Event__e(after insert) {
    AccountToCustomerMasterEventHandler.handle(Trigger.new);
}
