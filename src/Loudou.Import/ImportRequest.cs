using Loudou.Core.Import;

namespace Loudou.Import;

/// <summary>One import as a person or the web app asks for it.</summary>
/// <param name="MappingName">How to name the mapping in messages and the audit entry: "preset maven-crm" or the file's name.</param>
/// <param name="Pipeline">A pipeline key that overrides the mapping's.</param>
/// <param name="SkipInvalid">Write the valid rows and report the rest, instead of writing nothing when any row has an error.</param>
/// <param name="DryRun">Check everything and report, writing nothing.</param>
/// <param name="Encoding">The text files' encoding by name; null detects it.</param>
/// <param name="Sheet">The sheet of an Excel workbook; null reads the first.</param>
/// <param name="DateFormat">A .NET custom date format for day/month orders, such as M/d/yyyy.</param>
/// <param name="By">Who runs the import, for the audit entry.</param>
/// <param name="PreviewRows">Check only the first rows of the main file, returning each as the mapping read it (<see cref="ImportResult.Preview"/>); nothing is written.</param>
public sealed record ImportRequest(
    ImportEntity Entity,
    IReadOnlyList<string> Files,
    ImportMapping Mapping,
    string MappingName,
    string? Pipeline = null,
    bool SkipInvalid = false,
    bool DryRun = false,
    string? Encoding = null,
    string? Sheet = null,
    string? DateFormat = null,
    string? By = null,
    int? PreviewRows = null)
{
    /// <summary>Rows of stored deals compared at a time (changed ones are saved a tenth of that at a time); tests make it small to cross its boundaries.</summary>
    internal int UpdateBatch { get; init; } = 10_000;
}

/// <summary>What an import found and did.</summary>
/// <param name="Rows">Record rows read from the main file.</param>
/// <param name="Written">False when nothing was written: errors without --skip-invalid, or a dry run.</param>
public sealed record ImportResult(
    IReadOnlyList<ImportIssue> Issues,
    long Rows,
    long ValidRows,
    long Created,
    long Updated,
    long Unchanged,
    long HistoryAdded,
    bool Written,
    TimeSpan Elapsed)
{
    /// <summary>With <see cref="ImportRequest.PreviewRows"/>: the rows read, each with its record (null when it has an error) and its issues.</summary>
    public IReadOnlyList<ImportPreviewRow> Preview { get; init; } = [];

    public int Errors => Issues.Count(i => i.Severity == ImportSeverity.Error);

    public int Warnings => Issues.Count(i => i.Severity == ImportSeverity.Warning);

    public static ImportResult NothingWritten(IReadOnlyList<ImportIssue> issues, long rows, long valid, TimeSpan elapsed) =>
        new(issues, rows, valid, 0, 0, 0, 0, false, elapsed);
}

/// <summary>Where an import is: the step and how many rows it has done, for a progress bar.</summary>
/// <param name="Total">Rows in the main file once known (after the checking pass); null before.</param>
public sealed record ImportProgress(string Step, long Rows, long? Total, double RowsPerSecond);
