using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>The bottleneck API's JSON (docs/metrics.md, "Bottlenecks") as the panels read it.</summary>
public sealed record BottleneckAnswer(string Pipeline, string AsOf, string From, string ToExcl, int Tests, IReadOnlyList<BottleneckItem> Items)
{
    public static BottleneckAnswer Read(JsonObject json) => json.Deserialize<BottleneckAnswer>(AnswerJson.Options)!;
}

/// <summary>One finding: a stage (and segment) below its baseline, with the value it puts at risk and the stage's standard actions.</summary>
public sealed record BottleneckItem(
    int Rank, string Stage, string Name, string? Dimension, string? Segment, string Metric, double? Observed, long N, double? CiLow, double? CiHigh,
    double? Baseline, string BaselineKind, long? BaselineN, double? QValue, long OpenDeals, decimal OpenAmount, decimal ValueAtRisk, IReadOnlyList<string> Suggestions);

/// <summary>The losses API's JSON: per stage, its loss reasons most frequent first.</summary>
public sealed record LossAnswer(string Pipeline, string AsOf, IReadOnlyList<LossStage> Stages)
{
    public static LossAnswer Read(JsonObject json) => json.Deserialize<LossAnswer>(AnswerJson.Options)!;
}

public sealed record LossStage(string Stage, string Name, long Lost, IReadOnlyList<LossReason> Reasons);

public sealed record LossReason(string? Reason, long Count, double Share, double CumulativeShare);

/// <summary>The what-if API's JSON: the extra won deals and amount per stage for some more points of conversion, ranked.</summary>
public sealed record WhatIfAnswer(string Pipeline, string AsOf, double Points, long Won, decimal WonAmount, decimal? MeanWonAmount, IReadOnlyList<WhatIfStage> Stages)
{
    public static WhatIfAnswer Read(JsonObject json) => json.Deserialize<WhatIfAnswer>(AnswerJson.Options)!;
}

public sealed record WhatIfStage(int Rank, string Stage, string Name, long Entered, double? Conversion, double? NewConversion, double ExtraWon, decimal? ExtraWonAmount);

/// <summary>The drivers API's JSON (docs/metrics.md, "Drivers"): a stage's exits and the tested feature values, significant first.</summary>
public sealed record DriverAnswer(string Pipeline, string Stage, string Name, long Exits, long Advanced, int Tests, int Untested, double Alpha, IReadOnlyList<DriverItem> Items)
{
    public static DriverAnswer Read(JsonObject json) => json.Deserialize<DriverAnswer>(AnswerJson.Options)!;
}

public sealed record DriverItem(
    string Feature, string Value, string Label, long WithN, long WithAdvanced, long WithoutN, long WithoutAdvanced,
    double OddsRatio, double CiLow, double CiHigh, double QValue, bool Significant)
{
    public double WithRate => WithN == 0 ? 0 : (double)WithAdvanced / WithN;

    public double WithoutRate => WithoutN == 0 ? 0 : (double)WithoutAdvanced / WithoutN;
}

internal static class AnswerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
