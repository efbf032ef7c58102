namespace Loudou.Web.Access;

/// <summary>Sign-in events worth an operator's attention.</summary>
public static partial class AccessTrace
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Login} signed in from {Address}.")]
    public static partial void SignedIn(ILogger logger, string login, string? address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed sign-in for {Login} from {Address} ({Outcome}).")]
    public static partial void SignInFailed(ILogger logger, string login, string? address, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many sign-in attempts from {Address}; refused for a while.")]
    public static partial void SignInThrottled(ILogger logger, string? address);
}
