/**
 * @description Managed by sfspec: subscriber of Orders_To_Lake_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "orders-to-lake".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger OrdersToLakeEventTrigger on Orders_To_Lake_Event__e(after insert) {
    OrdersToLakeEventHandler.handle(Trigger.new);
}
