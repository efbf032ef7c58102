using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Web.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>What the dashboard's filters offer: the pipelines, the chosen one's stages, and the dimensions a query may name.</summary>
/// <param name="Pipelines">Every pipeline's key and name.</param>
/// <param name="Stages">The chosen pipeline's Open stages in order (cohorts by entering one), with names in the page's language.</param>
/// <param name="Dimensions">The dimensions of a breakdown or a filter, standard then custom.KEY.</param>
/// <param name="OwnerNames">Each login's display name: the owner dimension's values are logins, which people do not read.</param>
public sealed record FunnelChoices(
    IReadOnlyList<(string Key, LocalizedText Name)> Pipelines, IReadOnlyList<(string Key, LocalizedText Name)> Stages, IReadOnlyList<string> Dimensions,
    IReadOnlyDictionary<string, string> OwnerNames)
{
    private const string Cohort = "cohort";

    /// <summary>Reads the choices and checks a view against them, dropping what names nothing: the pipeline, the breakdown, each filter, the cohort stage.</summary>
    /// <param name="dropped">Told each dropped parameter and value.</param>
    /// <remarks>The filter values accepted are those some deal of the pipeline holds, exactly what the API accepts (docs/metrics.md).</remarks>
    public static async Task<(FunnelChoices Choices, FunnelState State)> ReadAsync(LoudouDbContext db, AnalyticsSnapshots snapshots, FunnelState state, Action<string, string> dropped)
    {
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Key).Select(p => new { p.Key, p.Name }).ToListAsync();
        LoadedSnapshot snapshot;
        if (state.Pipeline is { } asked && pipelines.All(p => p.Key != asked))
        {
            dropped("pipeline", asked);
            state = state with { Pipeline = null };
        }
        try
        {
            snapshot = await snapshots.GetAsync(state.Pipeline, CancellationToken.None);
        }
        catch (DomainRuleException) when (state.Pipeline is not null)
        {
            dropped("pipeline", state.Pipeline);
            state = state with { Pipeline = null };
            snapshot = await snapshots.GetAsync(null, CancellationToken.None);
        }
        var columns = snapshot.Columns;
        var dimensions = columns.DimensionNames;
        if (state.By is { } by && !dimensions.Contains(by, StringComparer.Ordinal))
        {
            dropped("by", by);
            state = state with { By = null };
        }
        var kept = new List<(string, string)>();
        foreach (var (dimension, value) in state.Filters)
        {
            var known = dimension == Cohort
                ? DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)
                : dimensions.Contains(dimension, StringComparer.Ordinal) && columns.Holds(dimension, value);
            if (known)
            {
                kept.Add((dimension, value));
            }
            else
            {
                dropped("where", dimension + "=" + value);
            }
        }
        state = state with { Where = kept };
        var stages = columns.Pipeline.Stages.Where(s => s.Kind == StageKind.Open).Select(s => (s.Key, s.Name)).ToList();
        if (state.CohortStage is { } cohortStage && stages.All(s => s.Key != cohortStage))
        {
            dropped("cohort", state.Cohort!);
            state = state with { Cohort = null };
        }
        // Logins and names only: which deals a user owns stays behind the analytics scope.
        var owners = await Storage.Access.UserNames.ReadAsync(db);
        return (new FunnelChoices([.. pipelines.Select(p => (p.Key, p.Name))], stages, [.. dimensions.Where(d => d != Cohort)], owners), state);
    }

    /// <summary>A value of a dimension as the page shows it: an owner's display name, "(blank)" for blank, else the value.</summary>
    public string ValueLabel(string dimension, string value, Func<string, string> t) =>
        value.Length == 0 ? t("Funnel.Blank")
        : dimension == "owner" && OwnerNames.TryGetValue(value, out var name) ? name
        : value;

    public string? StageName(string key) => Stages.FirstOrDefault(s => s.Key == key).Name?.For(System.Globalization.CultureInfo.CurrentUICulture.Name);

    /// <summary>A dimension as people call it: the translated standard names, a custom field's key as it is.</summary>
    public static string DimensionLabel(string dimension, Func<string, string> t) =>
        dimension.StartsWith("custom.", StringComparison.Ordinal) ? dimension["custom.".Length..] : t("Funnel.Dimension." + dimension);
}
