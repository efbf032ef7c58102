namespace Loudou.Core.Pipelines;

/// <summary>A validated pipeline as a file describes it; see docs/pipeline-files.md.</summary>
public sealed record PipelineDefinition(
    string Key,
    LocalizedText Name,
    bool IsDefault,
    IReadOnlyList<StageDefinition> Stages);

/// <summary>A validated stage of a <see cref="PipelineDefinition"/>.</summary>
public sealed record StageDefinition(
    string Key,
    LocalizedText Name,
    StageKind Kind,
    double Probability,
    LocalizedText? Goal,
    int? RottingDays,
    int? FirstResponseSlaHours,
    string? Color,
    IReadOnlyList<StageActionDefinition> Actions,
    IReadOnlyList<string> RequiredFields);

/// <summary>A validated standard action of a <see cref="StageDefinition"/>.</summary>
public sealed record StageActionDefinition(string Key, LocalizedText Text, bool Required);
