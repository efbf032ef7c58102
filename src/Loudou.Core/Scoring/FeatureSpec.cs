namespace Loudou.Core.Scoring;

/// <summary>How a feature's value is read: a number, one category, or a set of tags.</summary>
public enum FeatureKind
{
    Number,
    Category,
    Set,
}

/// <summary>A feature the model may learn from: its stable key, kind and name.</summary>
/// <param name="Key">Built-in keys (<see cref="FeatureKeys"/>) or <c>field:KEY</c> for a custom field.</param>
/// <param name="AsOf">Whether its value changes with the moment the deal is scored at (history so far), rather than being a field the deal has now.</param>
public sealed record FeatureSpec(string Key, FeatureKind Kind, LocalizedText Name, bool AsOf = false);

/// <summary>The keys of the built-in features; custom fields are <c>field:</c> and their key.</summary>
public static class FeatureKeys
{
    public const string Amount = "amount";
    public const string Channel = "channel";
    public const string Owner = "owner";
    public const string Team = "team";
    public const string Industry = "industry";
    public const string SizeBand = "sizeBand";
    public const string Region = "region";
    public const string Tags = "tags";
    public const string Stage = "stage";
    public const string DaysInStage = "daysInStage";
    public const string AgeDays = "ageDays";
    public const string Touches = "touches";
    public const string DaysSinceTouch = "daysSinceTouch";
    public const string FirstResponseHours = "firstResponseHours";
    public const string ActionsDone = "actionsDone";
    public const string RequiredSkipped = "requiredSkipped";
    public const string FieldPrefix = "field:";
}
