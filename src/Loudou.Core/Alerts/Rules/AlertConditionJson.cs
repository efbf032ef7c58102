using System.Globalization;
using System.Text.Json;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Alerts.Rules;

/// <summary>Reads and writes the condition JSON that <see cref="AlertRule.Condition"/> stores (docs/alert-files.md, "Condition").</summary>
/// <remarks>Reading reports every problem with its JSON path, so the rules file and a stored condition share one reader.</remarks>
public static class AlertConditionJson
{
    private static readonly string[] Properties = ["metric", "stage", "segment", "threshold", "change", "evaluationMonths", "baselineMonths", "minN"];
    private static readonly string[] SegmentProperties = ["dimension", "value"];
    private static readonly string[] ThresholdProperties = ["below", "above", "belowTarget"];
    private static readonly string[] ChangeProperties = ["direction"];

    /// <summary>Parses a stored condition; null with the errors (paths from <c>$</c>) when it is not one.</summary>
    public static AlertCondition? Parse(string json, out IReadOnlyList<AlertsFileError> errors)
    {
        var found = new List<AlertsFileError>();
        errors = found;
        try
        {
            using var document = JsonDocument.Parse(json, PipelineFile.DocumentOptions);
            return Read(document.RootElement, "$", found);
        }
        catch (JsonException e)
        {
            var (where, message) = PipelineFile.JsonError(e);
            found.Add(new AlertsFileError(where, message));
            return null;
        }
    }

    /// <summary>Reads a condition at <paramref name="path"/>, adding each problem to <paramref name="errors"/>; null when any.</summary>
    public static AlertCondition? Read(JsonElement element, string path, List<AlertsFileError> errors)
    {
        var before = errors.Count;
        if (!Shape.Object(element, path, Properties, errors))
        {
            return null;
        }
        var metric = Shape.Choice(element, path, "metric", AlertMetrics.All, required: true, errors);
        var stage = Shape.Name(element, path, "stage", errors);
        if (metric is not null && AlertMetrics.OfStage(metric) && stage is null && !errors.Any(e => e.Path == path + ".stage"))
        {
            errors.Add(new(path + ".stage", $"is required for {metric}: the key of an open stage such as \"needs\"."));
        }
        else if (metric is not null && !AlertMetrics.OfStage(metric) && stage is not null)
        {
            errors.Add(new(path + ".stage", $"{metric} is the whole funnel's; leave the stage out."));
        }
        var segment = ReadSegment(element, path, errors);
        AlertThreshold? threshold = null;
        AlertChange? change = null;
        var hasThreshold = element.TryGetProperty("threshold", out var t) && t.ValueKind != JsonValueKind.Null;
        var hasChange = element.TryGetProperty("change", out var c) && c.ValueKind != JsonValueKind.Null;
        if (hasThreshold == hasChange)
        {
            errors.Add(new(path, "needs exactly one of \"threshold\" (a line: below, above or belowTarget) and \"change\" (a significant change against the baseline)."));
        }
        else if (hasThreshold)
        {
            threshold = ReadThreshold(t, path + ".threshold", metric, errors);
        }
        else if (Shape.Object(c, path + ".change", ChangeProperties, errors))
        {
            var direction = Shape.Choice(c, path + ".change", "direction", AlertMetrics.Directions, required: false, errors);
            change = new AlertChange(direction ?? "both");
        }
        var evaluation = Shape.Whole(element, path, "evaluationMonths", 1, AlertCondition.MaxMonths, errors) ?? AlertCondition.DefaultEvaluationMonths;
        var baseline = Shape.Whole(element, path, "baselineMonths", 1, AlertCondition.MaxMonths, errors) ?? AlertCondition.DefaultBaselineMonths;
        var minN = Shape.Whole(element, path, "minN", 1, 1_000_000, errors) ?? Analytics.FunnelQuery.DefaultMinN;
        return errors.Count > before ? null : new AlertCondition(metric!, stage, segment, threshold, change, evaluation, baseline, minN);
    }

    private static AlertSegment? ReadSegment(JsonElement element, string path, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty("segment", out var segment) || segment.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var at = path + ".segment";
        if (!Shape.Object(segment, at, SegmentProperties, errors))
        {
            return null;
        }
        var dimension = Shape.Name(segment, at, "dimension", errors);
        var value = Shape.Name(segment, at, "value", errors);
        if (dimension is not null && !AlertMetrics.Dimensions.Contains(dimension) && !dimension.StartsWith("custom.", StringComparison.Ordinal))
        {
            errors.Add(new(at + ".dimension", $"must be one of {string.Join(", ", AlertMetrics.Dimensions)} or custom.KEY, was \"{dimension}\"."));
            return null;
        }
        if (dimension is null || value is null)
        {
            errors.Add(new(dimension is null ? at + ".dimension" : at + ".value", "is required."));
            return null;
        }
        return new AlertSegment(dimension, value);
    }

    private static AlertThreshold? ReadThreshold(JsonElement element, string path, string? metric, List<AlertsFileError> errors)
    {
        if (!Shape.Object(element, path, ThresholdProperties, errors))
        {
            return null;
        }
        var below = Shape.Number(element, path, "below", errors);
        var above = Shape.Number(element, path, "above", errors);
        var belowTarget = element.TryGetProperty("belowTarget", out var b) && b.ValueKind == JsonValueKind.True;
        if (element.TryGetProperty("belowTarget", out b) && b.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            errors.Add(new(path + ".belowTarget", $"must be true or false, was {b.GetRawText()}."));
        }
        if ((below is null ? 0 : 1) + (above is null ? 0 : 1) + (belowTarget ? 1 : 0) != 1)
        {
            errors.Add(new(path, "needs exactly one of below, above and belowTarget."));
            return null;
        }
        if (belowTarget && metric is not null && metric != AlertMetrics.Conversion)
        {
            errors.Add(new(path + ".belowTarget", "targets are set for a stage's conversion only; use below or above for this metric."));
        }
        foreach (var (name, line) in new[] { ("below", below), ("above", above) })
        {
            if (line is { } x && metric is not null && AlertMetrics.IsRate(metric) && x is < 0 or > 1)
            {
                errors.Add(new($"{path}.{name}", $"{metric} is a fraction from 0 to 1, was {x.ToString(CultureInfo.InvariantCulture)}."));
            }
            else if (line is < 0)
            {
                errors.Add(new($"{path}.{name}", "must be 0 or more."));
            }
        }
        return new AlertThreshold(below, above, belowTarget);
    }

    /// <summary>The condition as stored and as a rules file shows it; defaults are written out so a reader sees them.</summary>
    public static string Write(AlertCondition condition)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(w, condition);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, AlertCondition condition)
    {
        w.WriteStartObject();
        w.WriteString("metric", condition.Metric);
        if (condition.Stage is { } stage)
        {
            w.WriteString("stage", stage);
        }
        if (condition.Segment is { } segment)
        {
            w.WriteStartObject("segment");
            w.WriteString("dimension", segment.Dimension);
            w.WriteString("value", segment.Value);
            w.WriteEndObject();
        }
        if (condition.Threshold is { } threshold)
        {
            w.WriteStartObject("threshold");
            if (threshold.Below is { } below)
            {
                w.WriteNumber("below", below);
            }
            if (threshold.Above is { } above)
            {
                w.WriteNumber("above", above);
            }
            if (threshold.BelowTarget)
            {
                w.WriteBoolean("belowTarget", true);
            }
            w.WriteEndObject();
        }
        if (condition.Change is { } change)
        {
            w.WriteStartObject("change");
            w.WriteString("direction", change.Direction);
            w.WriteEndObject();
        }
        w.WriteNumber("evaluationMonths", condition.EvaluationMonths);
        w.WriteNumber("baselineMonths", condition.BaselineMonths);
        w.WriteNumber("minN", condition.MinN);
        w.WriteEndObject();
    }
}
