namespace Loudou.Core;

/// <summary>Base of the exceptions that mean a domain invariant would be broken.</summary>
/// <remarks>
/// Expected outcomes (not found, invalid input, conflict) are return values; these exceptions are
/// for calls that should never have been made, and the hosts map them to a clear message
/// (ProblemDetails in the web host, one line on stderr in the CLI) rather than a stack trace.
/// </remarks>
public abstract class LoudouException(string message) : Exception(message);

/// <summary>A change that a domain rule forbids, naming the field it concerns.</summary>
public sealed class DomainRuleException(string field, string message) : LoudouException(message)
{
    /// <summary>The field or argument the rule is about, in the API's camelCase spelling.</summary>
    public string Field { get; } = field;
}
