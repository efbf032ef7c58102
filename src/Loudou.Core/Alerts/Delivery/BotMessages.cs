using System.Text.Json.Nodes;

namespace Loudou.Core.Alerts.Delivery;

/// <summary>A group-chat bot's kind: each takes its own documented JSON body.</summary>
public enum BotKind
{
    WeCom,
    DingTalk,
    Feishu,
}

/// <summary>The text message each group bot takes, with the signature fields Feishu puts in the body.</summary>
/// <remarks>
/// Plain text rather than markdown: all three show it alike, and a deal's name cannot break the formatting. DingTalk's
/// signature goes in the address, not the body (the caller adds it); WeCom's bots have no signature, their key is the address.
/// </remarks>
public static class BotMessages
{
    public static JsonObject Text(BotKind kind, string text, string? secret, DateTimeOffset now) => kind switch
    {
        BotKind.WeCom => new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } },
        BotKind.DingTalk => new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } },
        BotKind.Feishu => Feishu(text, secret, now.ToUnixTimeSeconds()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonObject Feishu(string text, string? secret, long seconds)
    {
        var body = new JsonObject();
        if (!string.IsNullOrEmpty(secret))
        {
            body["timestamp"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["sign"] = Signatures.Feishu(secret, seconds);
        }
        body["msg_type"] = "text";
        body["content"] = new JsonObject { ["text"] = text };
        return body;
    }
}
