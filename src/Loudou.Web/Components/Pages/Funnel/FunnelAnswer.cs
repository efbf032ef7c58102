using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>The funnel API's JSON (docs/metrics.md) as the dashboard reads it: the same fields, typed, nothing computed.</summary>
public sealed record FunnelAnswer(
    string Pipeline,
    string AsOf,
    long Deals,
    long Won,
    long Lost,
    long Open,
    double? WinRate,
    double? WinRateCiLow,
    double? WinRateCiHigh,
    decimal WonAmount,
    IReadOnlyList<StageFigures> Stages,
    DurationAnswer? TimeToClose,
    TopComparison? Comparison,
    string? By,
    IReadOnlyList<GroupAnswer>? Groups)
{
    public static FunnelAnswer Read(JsonObject json) => json.Deserialize<FunnelAnswer>(AnswerJson.Options)!;
}

/// <summary>One group of a breakdown.</summary>
public sealed record GroupAnswer(
    string Key,
    long Deals,
    long Won,
    long Lost,
    long Open,
    double? WinRate,
    double? WinRateCiLow,
    double? WinRateCiHigh,
    decimal WonAmount,
    IReadOnlyList<StageFigures> Stages,
    DurationAnswer? TimeToClose);

/// <summary>A stage row.</summary>
public sealed record StageFigures(
    string Stage,
    string Name,
    long Entered,
    long? Advanced,
    long? Lost,
    long? Open,
    double? Conversion,
    double? CiLow,
    double? CiHigh,
    double? Cumulative,
    bool TooFew,
    double? MedianDays,
    double? P90Days,
    double? NaiveMedianDays,
    double? NaiveP90Days,
    long? StillInStage,
    IReadOnlyList<CurveStep>? Survival,
    RateComparison? Comparison,
    Contrast? VsAll,
    double? Target = null);

/// <summary>Time to close.</summary>
public sealed record DurationAnswer(double? MedianDays, double? P90Days, double? NaiveMedianDays, double? NaiveP90Days, long Closed, long StillOpen, IReadOnlyList<CurveStep>? Survival);

/// <summary>A step of a Kaplan–Meier curve.</summary>
public sealed record CurveStep(double Days, long AtRisk, long Ended, long Censored, double Survival);

/// <summary>The answer's period comparison: its periods and the win rate's.</summary>
public sealed record TopComparison(string With, string From, string To, string OtherFrom, string OtherTo, WinRateComparison WinRate);

public sealed record WinRateComparison(long Won, long Closed, double? WinRate, long OtherWon, long OtherClosed, double? OtherWinRate, double? Difference, double? PValue, double? QValue, bool Significant);

public sealed record RateComparison(long Advanced, long Exits, double? Conversion, long OtherAdvanced, long OtherExits, double? OtherConversion, double? Difference, double? PValue, double? QValue, bool Significant);

/// <summary>A group's cell against the whole (the heat map).</summary>
public sealed record Contrast(double? Difference, double? PValue, double? QValue, bool Significant);
