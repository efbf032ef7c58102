namespace Loudou.Core;

/// <summary>Base of the exceptions that mean a domain invariant would be broken.</summary>
/// <remarks>
/// Expected outcomes (not found, invalid input, conflict) are return values; these exceptions are
/// for calls that should never have been made, and the hosts map them to a clear message
/// (ProblemDetails in the web host, one line on stderr in the CLI) rather than a stack trace.
/// </remarks>
public abstract class LoudouException(string message) : Exception(message);

/// <summary>A change that a domain rule forbids, naming the field it concerns.</summary>
/// <remarks><see cref="Exception.Message"/> names fields as the API does; a host that calls them otherwise uses <see cref="FormatMessage"/>.</remarks>
public sealed class DomainRuleException(string field, RuleMessage message) : LoudouException(message.ToString())
{
    /// <summary>The field or argument the rule is about, in the API's camelCase spelling.</summary>
    public string Field { get; } = field;

    /// <summary>The message with each field it names spelt by <paramref name="nameOf"/>: the CLI passes its option names.</summary>
    public string FormatMessage(Func<string, string> nameOf) => message.Format(nameOf);
}
