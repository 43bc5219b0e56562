/**
 * @description Managed by sfspec: subscriber of Account_To_Erp_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "account-to-erp".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger AccountToErpEventTrigger on Account_To_Erp_Event__e(after insert) {
    AccountToErpEventHandler.handle(Trigger.new);
}
