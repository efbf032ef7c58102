using System.Net;
using System.Net.Sockets;

namespace Loudou.Core.Alerts.Delivery;

/// <summary>
/// Which addresses a webhook or bot may be sent to. Loopback, private, link-local and other non-public addresses are
/// refused unless an admin allows private targets: a target URL typed into the server must not become a way to reach
/// the server's own network (server-side request forgery).
/// </summary>
public static class TargetAddress
{
    /// <summary>Checks a target's URL as typed; null when it is acceptable, else why not.</summary>
    /// <remarks>A host name is checked again, by every address it resolves to, when a message is sent (<see cref="IsPublic"/>).</remarks>
    /// <param name="mail">An SMTP server (<c>smtp://</c>, or <c>smtps://</c> for TLS from the start) instead of a web address.</param>
    public static string? Problem(string? url, bool allowPrivate, bool mail = false)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || !(mail ? uri.Scheme is "smtp" or "smtps" : uri.Scheme is "http" or "https"))
        {
            return mail ? "must be an smtp:// or smtps:// address, such as smtp://smtp.example.com:587." : "must be an absolute http:// or https:// address.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password; put secrets in the secret field.";
        }
        if (allowPrivate)
        {
            return null;
        }
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "is on this server (loopback); allow private targets to use it.";
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !IsPublic(address)
            ? $"is a private or reserved address ({address}); allow private targets to use it."
            : null;
    }

    /// <summary>Whether an address is on the public internet: not loopback, private, link-local, carrier-grade NAT, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8));
    }
}
