using System.Globalization;

namespace Loudou.Core.Scoring;

/// <summary>One factor behind a deal's score: the feature, the deal's value of it, and how far it moves the score.</summary>
/// <param name="Feature">The feature's key (<see cref="FeatureKeys"/>, or <c>field:KEY</c>).</param>
/// <param name="Value">The deal's value as a person reads it; null when the deal has none.</param>
/// <param name="Contribution">Its part of the score on the log-odds scale: above 0 raises the chance of winning, below 0 lowers it.</param>
/// <param name="Text">The factor in words, in Chinese and English, such as "Channel 展会 raises".</param>
public sealed record ScoreFactor(string Feature, string? Value, double Contribution, LocalizedText Text);

/// <summary>Puts a feature's value and the direction of its contribution into words a rep understands.</summary>
public static class FactorText
{
    /// <summary>The deal's value of a feature as shown: whole days and hours, amounts as numbers, tags joined.</summary>
    public static string? Value(FeatureSpec spec, FeatureRow row, int feature) => spec.Kind switch
    {
        FeatureKind.Category => row.Categories[feature],
        FeatureKind.Set => row.Tags.Count == 0 ? null : string.Join(", ", row.Tags),
        _ when double.IsNaN(row.Numbers[feature]) => null,
        _ => spec.Key switch
        {
            // The amount feature is ln(1 + amount).
            FeatureKeys.Amount => Math.Round(Math.Exp(row.Numbers[feature]) - 1).ToString("N0", CultureInfo.InvariantCulture),
            FeatureKeys.DaysInStage or FeatureKeys.AgeDays or FeatureKeys.DaysSinceTouch or FeatureKeys.FirstResponseHours =>
                Math.Floor(row.Numbers[feature]).ToString(CultureInfo.InvariantCulture),
            _ => row.Numbers[feature].ToString("G6", CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The factor in words.</summary>
    /// <param name="value">The value as shown in each language (a stage's name differs; other values are the same text twice).</param>
    /// <param name="missing">The deal has no value of the feature.</param>
    /// <param name="answered">For the first-response feature: whether the deal had its first activity by then (else the hours are a wait so far).</param>
    public static LocalizedText Describe(FeatureSpec spec, LocalizedText value, bool missing, double contribution, bool answered = true)
    {
        var up = contribution >= 0;
        var (en, zh) = (up ? "raises" : "lowers", up ? "提高赢单可能" : "降低赢单可能");
        var name = spec.Name;
        if (missing)
        {
            return spec.Key == FeatureKeys.FirstResponseHours
                ? new($"尚未首次响应，{zh}", $"No first response yet {en}")
                : new($"未填{name.ZhCn}，{zh}", $"No {name.En.ToLowerInvariant()} {en}");
        }
        var (v, ve) = (value.ZhCn, value.En);
        return spec.Key switch
        {
            FeatureKeys.DaysSinceTouch => v == "0"
                ? new($"今天有跟进，{zh}", $"Activity today {en}")
                : new($"{v} 天未跟进，{zh}", $"No activity for {ve} days {en}"),
            FeatureKeys.FirstResponseHours => answered
                ? new($"首次响应用了 {v} 小时，{zh}", $"First response after {ve} hours {en}")
                : new($"{v} 小时仍未首次响应，{zh}", $"No response for {ve} hours {en}"),
            FeatureKeys.DaysInStage => new($"在本阶段 {v} 天，{zh}", $"{ve} days in this stage {en}"),
            FeatureKeys.AgeDays => new($"创建 {v} 天，{zh}", $"Created {ve} days ago {en}"),
            FeatureKeys.Touches => new($"跟进 {v} 次，{zh}", $"{ve} activities {en}"),
            FeatureKeys.ActionsDone => new($"完成标准动作 {v} 项，{zh}", $"{ve} standard actions done {en}"),
            FeatureKeys.RequiredSkipped => new($"跳过必做动作 {v} 项，{zh}", $"{ve} required actions skipped {en}"),
            FeatureKeys.Stage => new($"处于「{v}」阶段，{zh}", $"Stage {ve} {en}"),
            _ => new($"{name.ZhCn}「{v}」，{zh}", $"{name.En} {ve} {en}"),
        };
    }
}
