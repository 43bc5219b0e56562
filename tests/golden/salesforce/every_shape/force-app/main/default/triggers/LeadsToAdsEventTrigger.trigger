/**
 * @description Managed by sfspec: subscriber of Leads_To_Ads_Event__e (platform-event triggers support only after insert); runs as the PlatformEventSubscriberConfig user.
 * Flow "leads-to-ads".
 * Generated code: change the spec and rebuild instead of editing this file.
 */
trigger LeadsToAdsEventTrigger on Leads_To_Ads_Event__e(after insert) {
    LeadsToAdsEventHandler.handle(Trigger.new);
}
