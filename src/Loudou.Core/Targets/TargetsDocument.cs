namespace Loudou.Core.Targets;

/// <summary>A targets file read whole: the entries to set, each with its place in the file (docs/targets-files.md).</summary>
/// <param name="Pipeline">The pipeline key the conversion targets are for; null for the default pipeline.</param>
public sealed record TargetsDocument(string? Pipeline, IReadOnlyList<ConversionTargetEntry> Conversion, IReadOnlyList<SalesTargetEntry> Sales);

/// <summary>One conversion target: a stage's step conversion, for the workspace or a team, in one month or standing.</summary>
/// <param name="Stage">The stage key.</param>
/// <param name="Team">The team name; null for the whole workspace.</param>
/// <param name="Month">The first day of the month; null for every month (standing).</param>
/// <param name="Rate">Target step conversion 0..1; null removes the target.</param>
/// <param name="Path">Where the entry is in the file, such as <c>$.conversion[2]</c>, for errors found later.</param>
public sealed record ConversionTargetEntry(string Stage, string? Team, DateOnly? Month, double? Rate, string Path);

/// <summary>One monthly sales target, for the workspace, a team or a rep.</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="Team">The team name, or null.</param>
/// <param name="Rep">The rep's login, or null; never with a team.</param>
/// <param name="WonAmount">Won amount in the base currency; null is no amount target.</param>
/// <param name="WonCount">Number of won deals; null is no count target.</param>
/// <param name="Remove">True removes the target instead of setting it.</param>
/// <param name="Path">Where the entry is in the file, such as <c>$.sales[0]</c>.</param>
public sealed record SalesTargetEntry(DateOnly Month, string? Team, string? Rep, decimal? WonAmount, int? WonCount, bool Remove, string Path);

/// <summary>One problem in a targets file, located by a JSON path such as <c>$.conversion[2].rate</c>.</summary>
public sealed record TargetsFileError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The outcome of reading a targets file: a document, or the errors that stop it.</summary>
public sealed record TargetsFileResult(TargetsDocument? Document, IReadOnlyList<TargetsFileError> Errors)
{
    public bool IsValid => Document is not null;
}
