/**
 * @description Managed by sfspec: subscriber of Order_To_Billing_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "order-to-billing".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger OrderToBillingEventTrigger on Order_To_Billing_Event__e(after insert) {
    OrderToBillingEventHandler.handle(Trigger.new);
}
