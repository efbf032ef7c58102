using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>The checks a funnel query and the analyses built on it pass before any deal is counted, each written once.</summary>
/// <remarks>
/// The plain and the columnar engine run <see cref="Query"/> and then check the filter values their own
/// way, so both refuse the same query with the same message. The checks that need no data are public
/// so that the CLI can refuse a bad option before it opens the database.
/// </remarks>
public static class FunnelQueryChecks
{
    /// <summary>Refuses a cohort range that ends before it starts.</summary>
    /// <exception cref="DomainRuleException">Field "from".</exception>
    public static void Range(DateOnly? from, DateOnly? to)
    {
        if (from > to)
        {
            Guard.Throw("from", $"{new FieldName("from")} {from:yyyy-MM-dd} is after {new FieldName("to")} {to:yyyy-MM-dd}.");
        }
    }

    /// <summary>Refuses a minimum number of deals below 1.</summary>
    /// <exception cref="DomainRuleException">Field "minN".</exception>
    public static void MinN(int minN)
    {
        if (minN < 1)
        {
            Guard.Throw("minN", $"{new FieldName("minN")} must be at least 1.");
        }
    }

    /// <summary>Refuses a significance level outside (0, 1).</summary>
    /// <remarks>The value is written invariantly, as it is typed ("1.5"), whatever the machine's culture.</remarks>
    /// <exception cref="DomainRuleException">Field "alpha".</exception>
    public static void Alpha(double alpha)
    {
        if (!(alpha is > 0 and < 1))
        {
            Guard.Throw("alpha", $"{new FieldName("alpha")} must be between 0 and 1, was {alpha.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Refuses a what-if raise outside (0, 100] percentage points.</summary>
    /// <exception cref="DomainRuleException">Field "points".</exception>
    public static void Points(double points)
    {
        if (!(points is > 0 and <= 100))
        {
            Guard.Throw("points", $"{new FieldName("points")} must be more than 0 and at most 100 (percentage points), was {points.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>Every check of a funnel query but the filter values, in the order both engines make them.</summary>
    /// <param name="customKnown">Whether some deal of the snapshot has a value for a custom.KEY dimension.</param>
    /// <param name="pipelinesWithDeals">The snapshot's <see cref="FunnelSnapshot.PipelinesWithDeals"/>, named when it has no deals.</param>
    /// <returns>The stage whose entry puts a deal in a cohort (null: its creation), and the first day of each cohort month filtered on.</returns>
    internal static (Stage? CohortStage, IReadOnlyList<DateOnly> CohortMonths) Query(
        Pipeline pipeline, int dealCount, FunnelQuery query, Func<string, bool> customKnown, IReadOnlyList<PipelineDealCount>? pipelinesWithDeals)
    {
        var cohortStage = CohortStage(pipeline, query.CohortStage);
        Dimension(query.By, "by", customKnown);
        foreach (var (dimension, _) in query.Where)
        {
            Dimension(dimension, "where", customKnown);
        }
        if (dealCount == 0)
        {
            Guard.Throw("pipeline", NoDeals(pipeline.Key, pipelinesWithDeals));
        }
        var cohortMonths = new List<DateOnly>();
        foreach (var (_, value) in query.Where.Where(w => w.Dimension == "cohort"))
        {
            if (!DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                Guard.Throw("where", $"{new FieldName("where")} cohort={value}: a cohort is a month like 2026-03.");
            }
            cohortMonths.Add(month);
        }
        Range(query.From, query.To);
        return (cohortStage, cohortMonths);
    }

    /// <summary>The refusal of an analysis of a pipeline without deals: with the pipelines that have some, most deals first, when they were counted.</summary>
    private static string NoDeals(string pipeline, IReadOnlyList<PipelineDealCount>? withDeals) => withDeals switch
    {
        null => $"pipeline '{pipeline}' has no deals to analyse.",
        [] => $"pipeline '{pipeline}' has no deals to analyse; no pipeline has deals yet.",
        _ => $"pipeline '{pipeline}' has no deals to analyse; pipelines with deals: "
            + string.Join(", ", withDeals.OrderByDescending(p => p.Deals).ThenBy(p => p.Pipeline, StringComparer.Ordinal)
                .Select(p => $"{p.Pipeline} ({p.Deals.ToString("N0", CultureInfo.InvariantCulture)})")) + ".",
    };

    /// <summary>Whether some deal of a plain snapshot has a value for a custom.KEY dimension (the columnar one asks its columns).</summary>
    internal static Func<string, bool> CustomKnown(FunnelSnapshot snapshot) => custom => snapshot.Deals.Any(d => d.Dimensions.ContainsKey(custom));

    /// <summary>Refuses a dimension that is neither standard nor a custom field some deal has, as <paramref name="customKnown"/> tells.</summary>
    internal static void Dimension(string? dimension, string field, Func<string, bool> customKnown)
    {
        if (dimension is null || FunnelSnapshot.StandardDimensions.Contains(dimension)
            || (dimension.StartsWith("custom.", StringComparison.Ordinal) && customKnown(dimension)))
        {
            return;
        }
        if (dimension.StartsWith("custom.", StringComparison.Ordinal))
        {
            Guard.Throw(field, $"{new FieldName(field)} {dimension}: no deal of this pipeline has a value for it.");
        }
        Guard.Throw(field, $"{new FieldName(field)} {dimension}: not a dimension; use one of {string.Join(", ", FunnelSnapshot.StandardDimensions)} or custom.KEY.");
    }

    /// <summary>Refuses a filter value no deal holds; each engine finds that out its own way.</summary>
    [DoesNotReturn]
    internal static void NoDealHas(string dimension, string value) =>
        Guard.Throw("where", $"{new FieldName("where")} {dimension}={value}: no deal has that value.");

    private static Stage? CohortStage(Pipeline pipeline, string? key)
    {
        if (key is null)
        {
            return null;
        }
        var stage = pipeline.FindStage(key);
        if (stage is null)
        {
            Guard.Throw("cohort", $"{new FieldName("cohort")} entered:{key}: pipeline '{pipeline.Key}' has no such stage; stages: {string.Join(", ", pipeline.Stages.Select(s => s.Key))}.");
        }
        return stage;
    }
}
