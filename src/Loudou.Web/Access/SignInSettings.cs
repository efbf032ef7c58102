namespace Loudou.Web.Access;

/// <summary>Sign-in settings under <c>Loudou:SignIn</c> in appsettings.json or the environment.</summary>
/// <param name="MaxFailedAttempts">Wrong passwords in a row before a user is locked out.</param>
/// <param name="LockoutMinutes">How long a lockout lasts.</param>
/// <param name="AttemptsPerMinute">Sign-in posts accepted per minute from one address, whatever the login.</param>
/// <param name="SecureCookiesOnly">
/// Mark cookies Secure always. Off by default: the cookies are Secure whenever the request came over
/// HTTPS, and a plain-HTTP installation on a LAN (http://192.168.x.x) must still be able to sign in.
/// Turn it on behind TLS.
/// </param>
/// <param name="SessionHours">A session ends after this many hours without a request.</param>
public sealed record SignInSettings(int MaxFailedAttempts = 5, int LockoutMinutes = 15, int AttemptsPerMinute = 10, bool SecureCookiesOnly = false, int SessionHours = 8)
{
    public static SignInSettings FromConfiguration(IConfiguration configuration)
    {
        var defaults = new SignInSettings();
        var settings = new SignInSettings(
            configuration.GetValue("Loudou:SignIn:MaxFailedAttempts", defaults.MaxFailedAttempts),
            configuration.GetValue("Loudou:SignIn:LockoutMinutes", defaults.LockoutMinutes),
            configuration.GetValue("Loudou:SignIn:AttemptsPerMinute", defaults.AttemptsPerMinute),
            configuration.GetValue("Loudou:SignIn:SecureCookiesOnly", defaults.SecureCookiesOnly),
            configuration.GetValue("Loudou:SignIn:SessionHours", defaults.SessionHours));
        Check(settings.MaxFailedAttempts, "MaxFailedAttempts", 1, 100);
        Check(settings.LockoutMinutes, "LockoutMinutes", 1, 24 * 60);
        Check(settings.AttemptsPerMinute, "AttemptsPerMinute", 1, 10_000);
        Check(settings.SessionHours, "SessionHours", 1, 24 * 30);
        return settings;
    }

    private static void Check(int value, string name, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new Core.DomainRuleException("Loudou:SignIn:" + name, $"Loudou:SignIn:{name} must be from {min} to {max}, was {value}.");
        }
    }
}
