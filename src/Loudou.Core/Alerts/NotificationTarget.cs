using Loudou.Core.Alerts.Delivery;

namespace Loudou.Core.Alerts;

/// <summary>Where copies of notifications go besides the app: a signed webhook, a WeCom, DingTalk or Feishu group bot, or an SMTP server.</summary>
/// <remarks>
/// Admin settings. A bot posts into one group chat, so it gets the notifications of one team's people (or of everyone
/// when no team is set); a webhook gets every notification, for another system to act on; an SMTP server mails each
/// notification to its person's e-mail address (of one team's people, or everyone's).
/// </remarks>
public sealed class NotificationTarget
{
    private NotificationTarget(string key, TargetKind kind, string url)
    {
        Key = key;
        Kind = kind;
        Url = url;
    }

    public int Id { get; private set; }

    /// <summary>Stable and unique, such as "sales-east-wecom".</summary>
    public string Key { get; private set; }

    public TargetKind Kind { get; private set; }

    /// <summary>The address messages are posted to (a bot's address holds its token).</summary>
    public string Url { get; private set; }

    /// <summary>The signing secret (webhooks always; DingTalk and Feishu when their bot asks for signatures). Never shown again once saved.</summary>
    public string? Secret { get; private set; }

    /// <summary>For a bot: the team whose people's notifications it posts; null for everyone's.</summary>
    public int? TeamId { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    /// <summary>For e-mail: the account the SMTP server is signed in to with <see cref="Secret"/>; null to send without signing in.</summary>
    public string? Account { get; private set; }

    /// <summary>For e-mail: the sender's address.</summary>
    public string? From { get; private set; }

    /// <exception cref="DomainRuleException">A bad key or address (a private one unless <paramref name="allowPrivate"/>), or a webhook without a secret.</exception>
    public static NotificationTarget Create(string key, TargetKind kind, string url, string? secret, int? teamId, bool allowPrivate, string? account = null, string? from = null)
    {
        if (TargetAddress.Problem(url, allowPrivate, mail: kind == TargetKind.Email) is { } problem)
        {
            Guard.Throw("url", $"{new FieldName("url")} {problem}");
        }
        if (kind == TargetKind.Email && (from is null || !from.Contains('@', StringComparison.Ordinal)))
        {
            Guard.Throw("from", "e-mail needs a sender address (from), such as loudou@example.com.");
        }
        if (kind == TargetKind.Webhook && string.IsNullOrWhiteSpace(secret))
        {
            Guard.Throw("secret", "a webhook needs a secret to sign its messages with (16 characters or more).");
        }
        if (secret is { Length: > 0 and < 16 } && kind == TargetKind.Webhook)
        {
            Guard.Throw("secret", "a webhook's secret must be 16 characters or more.");
        }
        return new NotificationTarget(Guard.Key(key, "key"), kind, url.Trim())
        {
            Secret = Guard.Optional(secret, "secret", 200),
            TeamId = teamId,
            Account = kind == TargetKind.Email ? Guard.Optional(account, "account", 200) : null,
            From = kind == TargetKind.Email ? Guard.Optional(from, "from", 254) : null,
        };
    }

    public void Enable() => IsEnabled = true;

    public void Disable() => IsEnabled = false;
}

/// <summary>What a <see cref="NotificationTarget"/> is; the channel its deliveries are counted under.</summary>
public enum TargetKind
{
    Webhook,
    WeCom,
    DingTalk,
    Feishu,
    Email,
}
