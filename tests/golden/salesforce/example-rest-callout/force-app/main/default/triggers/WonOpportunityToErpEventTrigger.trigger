/**
 * @description Managed by sfspec: subscriber of Won_Opportunity_To_Erp_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "won-opportunity-to-erp".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger WonOpportunityToErpEventTrigger on Won_Opportunity_To_Erp_Event__e(after insert) {
    WonOpportunityToErpEventHandler.handle(Trigger.new);
}
