using Loudou.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Loudou.Web.Operations;

/// <summary>The keys that sign session cookies and antiforgery tokens, kept in Loudou's own database.</summary>
/// <remarks>
/// ASP.NET Core keeps them in the user's profile folder by default, which a container or a new machine does not
/// keep: every restart would then sign everyone out, and a second host behind the same proxy could not read the
/// first's cookies. In the database (table data_protection_keys, made by the migrations) every host of one database
/// shares one key ring, which a backup carries too. The keys are stored unencrypted: whoever can read the database
/// or a backup can forge a session, so both are to be guarded as the passwords' hashes are (docs/operations.md).
/// </remarks>
public static class DataProtectionSetup
{
    /// <summary>Every host of one installation shares this name, so that they read each other's protected data.</summary>
    public const string ApplicationName = "Loudou";

    public static IServiceCollection AddLoudouDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<LoudouDbContext>();
        return services;
    }
}
