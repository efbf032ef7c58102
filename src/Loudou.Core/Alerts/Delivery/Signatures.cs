using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Loudou.Core.Alerts.Delivery;

/// <summary>The signatures outgoing messages carry, each as its receiver documents it (docs/notifications.md).</summary>
public static class Signatures
{
    /// <summary>
    /// Our own webhooks' <c>X-Loudou-Signature</c>: <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the
    /// target's secret, of the <c>X-Loudou-Timestamp</c> value (Unix seconds), a dot, and the body's exact bytes.
    /// </summary>
    /// <remarks>The timestamp is signed with the body so that a captured request cannot be replayed later as new.</remarks>
    public static string Webhook(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// A DingTalk group bot's <c>sign</c> query parameter: Base64 of HMAC-SHA256 keyed with the secret over
    /// "timestamp\nsecret" (milliseconds), URL-encoded by the caller as the address is built.
    /// </summary>
    public static string DingTalk(string secret, long unixMilliseconds) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixMilliseconds.ToString(CultureInfo.InvariantCulture)}\n{secret}")));

    /// <summary>
    /// A Feishu group bot's <c>sign</c> body field: Base64 of HMAC-SHA256 keyed with "timestamp\nsecret" (seconds)
    /// over an empty message, as Feishu specifies (the key and message are the other way round from DingTalk's).
    /// </summary>
    public static string Feishu(string secret, long unixSeconds) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{unixSeconds.ToString(CultureInfo.InvariantCulture)}\n{secret}"), Array.Empty<byte>()));
}
