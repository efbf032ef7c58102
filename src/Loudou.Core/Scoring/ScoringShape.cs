namespace Loudou.Core.Scoring;

/// <summary>A stage as scoring reads it.</summary>
public sealed record ScoringStage(string Key, LocalizedText Name, bool IsOpen);

/// <summary>A standard action as scoring reads it: its stage (index in <see cref="ScoringShape.Stages"/>) and whether it is required.</summary>
public sealed record ScoringAction(int Stage, bool Required);

/// <summary>A custom field as scoring reads it: a number is numeric, a choice, yes/no or short text a category.</summary>
public sealed record ScoringField(string Key, LocalizedText Name, bool Numeric);

/// <summary>What the deals of one pipeline are read against: its stages, their standard actions and the workspace's custom fields.</summary>
public sealed record ScoringShape(IReadOnlyList<ScoringStage> Stages, IReadOnlyList<ScoringAction> Actions, IReadOnlyList<ScoringField> Fields);
