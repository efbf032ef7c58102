using Loudou.Core;

namespace Loudou.Cli;

/// <summary>The command-line option for each field that Core and Storage name in their messages.</summary>
/// <remarks>
/// Core and Storage name a field as the API's JSON does (minN, asOf, expiresInDays) and mark each
/// name where the message is built (<see cref="RuleMessage"/>). The CLI respells only the marked
/// names, so Core's "from 2026-03-01 is after to 2026-02-01." prints as "--from 2026-03-01 is after
/// --to 2026-02-01." and a value or a word of prose that looks like a field is left alone. One table
/// serves every command because an option means the same field wherever it appears; a field
/// missing from it keeps its own name rather than a guessed flag. A test checks each option exists.
/// </remarks>
public static class OptionNames
{
    public static readonly IReadOnlyDictionary<string, string> ByField = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alpha"] = "--alpha",
        ["asOf"] = "--as-of",
        ["by"] = "--by",
        ["cohort"] = "--cohort",
        ["compare"] = "--compare",
        ["db"] = "--db",
        ["deals"] = "--deals",
        ["expiresInDays"] = "--expires",
        ["from"] = "--from",
        ["minN"] = "--min-n",
        ["password"] = "--password",
        ["pipeline"] = "--pipeline",
        ["points"] = "--points",
        ["to"] = "--to",
        ["where"] = "--where",
    };

    /// <summary>The option for a field, or the field's own name when no option stands for it.</summary>
    public static string Of(string field) => ByField.TryGetValue(field, out var option) ? option : field;

    /// <summary>An exception's message as the CLI prints it: fields named as options.</summary>
    public static string MessageOf(LoudouException exception) =>
        exception is DomainRuleException rule ? rule.FormatMessage(Of) : exception.Message;
}
