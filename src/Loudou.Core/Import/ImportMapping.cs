namespace Loudou.Core.Import;

/// <summary>A mapping file: how the columns of one or more files become Loudou records (docs/import.md).</summary>
/// <remarks>
/// Presets are mapping files too, run by the same engine; nothing in the engine knows a preset.
/// The first of <see cref="Files"/> is the main file (one record per row); the others are side
/// files joined to it by key. Files are recognised by their header row, never by their name.
/// </remarks>
public sealed record ImportMapping
{
    public required ImportEntity Entity { get; init; }

    /// <summary>The source system; with the external id it identifies a record across re-imports.</summary>
    public required string Source { get; init; }

    public string? Description { get; init; }

    /// <summary>The pipeline's key; null means the workspace's default pipeline.</summary>
    public string? PipelineKey { get; init; }

    /// <summary>A pipeline file (docs/pipeline-files.md) to create the pipeline from when it is missing.</summary>
    public string? PipelineJson { get; init; }

    /// <summary>Currency of amounts when no currency column says; null means the workspace's base currency.</summary>
    public string? Currency { get; init; }

    /// <summary>A .NET custom date format for day/month orders, such as M/d/yyyy.</summary>
    public string? DateFormat { get; init; }

    /// <summary>Custom fields the mapping fills, created when the workspace lacks them (a field it has keeps its own definition).</summary>
    public IReadOnlyList<Catalog.CustomFieldEntry> CustomFields { get; init; } = [];

    /// <summary>Whether main-file columns named <c>custom.KEY</c> fill the custom field KEY without being listed in <see cref="Fields"/>.</summary>
    public bool CustomColumns { get; init; }

    /// <summary>Loss reasons to create when the workspace lacks them.</summary>
    public IReadOnlyList<LossReasonSpec> LossReasons { get; init; } = [];

    public required IReadOnlyList<FileSpec> Files { get; init; }

    /// <summary>Per main-file column, whole values replaced as soon as a row is read (before joins).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Rewrite { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Target field (see <see cref="ImportFields"/>, and <c>custom.KEY</c> for a deal's custom field) to where its value comes from.</summary>
    public required IReadOnlyDictionary<string, ValueSpec> Fields { get; init; }

    /// <summary>How a row becomes stage history; required for deals and history.</summary>
    public StageSpec? Stage { get; init; }

    public FileSpec Main => Files[0];
}

/// <summary>A file a mapping reads, recognised by the columns its header must have.</summary>
/// <param name="Key">For a side file, its column that the main file joins on.</param>
/// <param name="JoinOn">For a side file, the main file's value to look up in <paramref name="Key"/>.</param>
/// <param name="Optional">A side file that may be left out; its columns then read empty.</param>
/// <param name="OptionalColumns">Columns the mapping reads that the file may lack; they then read empty. Any other column it reads must be in the header.</param>
public sealed record FileSpec(string Name, IReadOnlyList<string> Columns, string? Key, ValueSpec? JoinOn, bool Optional, IReadOnlyList<string> OptionalColumns);

/// <summary>A loss reason the mapping needs, created when missing.</summary>
public sealed record LossReasonSpec(string Key, LocalizedText Name);

/// <summary>How a row's value chooses the stage history it stands for.</summary>
/// <remarks>
/// The value (usually a status column) is looked up in <see cref="Values"/> (trimmed, ignoring
/// case); an empty value takes <see cref="Blank"/>, any other value <see cref="Other"/>. A value
/// with no path is an error. One row may so stand for several history rows, as when a file
/// has only the stage a deal reached and the dates it reached some of them.
/// </remarks>
public sealed record StageSpec(
    ValueSpec Value,
    IReadOnlyDictionary<string, IReadOnlyList<StepSpec>> Values,
    IReadOnlyList<StepSpec>? Blank,
    IReadOnlyList<StepSpec>? Other);

/// <summary>One history row that a stage path writes.</summary>
/// <param name="Stage">A stage key; <c>$value</c> is the row's value itself (a stage key or name), <c>$first</c> the pipeline's first stage.</param>
/// <param name="At">When it was entered; null is unknown. <see cref="StepSpec.End"/> as a column means the latest moment in the import.</param>
/// <param name="LossReason">For a lost stage: the loss reason's key, or where to read it.</param>
public sealed record StepSpec(string Stage, ValueSpec? At, ValueSpec? LossReason)
{
    public const string End = "$end";
    public const string ValueStage = "$value";
    public const string FirstStage = "$first";
}
