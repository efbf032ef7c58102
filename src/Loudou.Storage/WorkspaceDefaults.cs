using Microsoft.Extensions.Configuration;

namespace Loudou.Storage;

/// <summary>The settings a new workspace starts with, from <c>Loudou:Workspace</c>.</summary>
/// <param name="TimeZone">IANA time zone id; "Asia/Shanghai" unless configured.</param>
/// <param name="BaseCurrency">ISO 4217 code; "CNY" unless configured.</param>
public sealed record WorkspaceDefaults(string TimeZone = WorkspaceDefaults.DefaultTimeZone, string BaseCurrency = WorkspaceDefaults.DefaultCurrency)
{
    public const string DefaultTimeZone = "Asia/Shanghai";
    public const string DefaultCurrency = "CNY";

    public static WorkspaceDefaults FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Loudou:Workspace");
        return new WorkspaceDefaults(
            section["TimeZone"] is { Length: > 0 } zone ? zone : DefaultTimeZone,
            section["BaseCurrency"] is { Length: > 0 } currency ? currency : DefaultCurrency);
    }
}
