namespace Loudou.Core.Alerts.Rules;

/// <summary>An alert rules file read whole: the rules to set, each with its place in the file (docs/alert-files.md).</summary>
public sealed record AlertsDocument(IReadOnlyList<AlertRuleEntry> Rules);

/// <summary>One rule of a file.</summary>
/// <param name="Schedule">Five-field cron (minute hour day month weekday) in the workspace time zone.</param>
/// <param name="Owner">The login who receives it; null for the admins (and the manager of a team segment).</param>
/// <param name="Remove">True deletes the rule (and its episodes) instead of setting it.</param>
/// <param name="Path">Where the entry is in the file, such as <c>$.rules[2]</c>, for errors found later.</param>
public sealed record AlertRuleEntry(
    string Key,
    LocalizedText Name,
    AlertCondition? Condition,
    string Schedule,
    DeliveryChannels Channels,
    bool Enabled,
    string? Owner,
    bool Remove,
    string Path);

/// <summary>One problem in an alert rules file or condition, located by a JSON path such as <c>$.rules[0].condition.stage</c>.</summary>
public sealed record AlertsFileError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of reading a rules file: a document, or the errors that stop it.</summary>
public sealed record AlertsFileResult(AlertsDocument? Document, IReadOnlyList<AlertsFileError> Errors)
{
    public bool IsValid => Document is not null;
}
