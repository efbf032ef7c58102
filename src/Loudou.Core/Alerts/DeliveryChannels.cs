namespace Loudou.Core.Alerts;

/// <summary>Where an alert or reminder is delivered; several may be chosen.</summary>
[Flags]
public enum DeliveryChannels
{
    None = 0,
    InApp = 1,
    Email = 2,
    Webhook = 4,
    WeCom = 8,
    DingTalk = 16,
    Feishu = 32,
}
