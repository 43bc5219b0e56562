/**
 * @description Managed by sfspec: subscriber of Order_Placed__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "placed-orders-to-lake".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger PlacedOrdersToLakeEventTrigger on Order_Placed__e(after insert) {
    PlacedOrdersToLakeEventHandler.handle(Trigger.new);
}
