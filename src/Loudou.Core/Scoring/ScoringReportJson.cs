using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Core.Scoring;

/// <summary>The report's JSON (docs/scoring.md): stored with the model, printed by <c>loudou score train|report --format json</c> and answered by the API.</summary>
public static class ScoringReportJson
{
    public static JsonObject Write(ScoringReport r, int? modelId = null) => new()
    {
        ["pipeline"] = r.Pipeline,
        ["modelId"] = modelId,
        ["model"] = r.Model,
        ["algorithm"] = r.Algorithm,
        ["reason"] = r.Reason,
        ["trainedAt"] = r.TrainedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["seed"] = r.Seed,
        ["rows"] = r.Rows,
        ["won"] = r.Won,
        ["lost"] = r.Lost,
        ["features"] = new JsonArray([.. r.Features.Select(f => (JsonNode)f)]),
        ["crossValidation"] = r.CrossValidation is { } cv ? new JsonObject
        {
            ["folds"] = cv.Folds,
            ["auc"] = Round(cv.Auc),
            ["brier"] = Round(cv.Brier),
            ["foldAucs"] = new JsonArray([.. cv.FoldAucs.Select(a => (JsonNode?)Round(a))]),
        } : null,
        ["timeSplit"] = r.TimeSplit is { } t ? new JsonObject
        {
            ["by"] = r.SplitBy,
            ["trainShare"] = ScoringSplits.TrainShare,
            ["auc"] = Round(t.Auc),
            ["brier"] = Round(t.Brier),
            ["n"] = t.N,
            ["deals"] = t.Deals,
            ["liftTop10"] = Round(t.LiftTop10),
            ["liftTop20"] = Round(t.LiftTop20),
        } : null,
        ["calibration"] = new JsonArray([.. (r.TimeSplit?.Calibration ?? []).Select(b => (JsonNode)new JsonObject
        {
            ["predicted"] = Round(b.Predicted),
            ["observed"] = Round(b.Observed),
            ["n"] = b.N,
        })]),
        ["topFeatures"] = new JsonArray([.. r.TopFeatures.Select(f => (JsonNode)new JsonObject { ["feature"] = f.Feature, ["weight"] = Round(f.Weight) })]),
        ["seconds"] = Math.Round(r.Seconds, 2),
        ["evaluationSeconds"] = Math.Round(r.EvaluationSeconds, 2),
    };

    /// <summary>Four decimals: enough to compare models, and the same text on every run of the same data and seed.</summary>
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
