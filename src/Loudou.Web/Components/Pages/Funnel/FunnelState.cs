using System.Globalization;
using Loudou.Core.Analytics;
using Loudou.Web.Api;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>Everything a funnel dashboard view is, read from and written to its address with the analytics API's parameter names.</summary>
/// <remarks>
/// Parameters: <c>pipeline</c>, <c>from</c>, <c>to</c>, <c>asOf</c>, <c>by</c>, <c>where</c> (repeatable,
/// DIM=VALUE), <c>cohort</c> (created or entered:STAGE), <c>strict</c> (true), <c>compare</c>
/// (previous-period or previous-year): the same link answers the same numbers from
/// <c>/api/v1/analytics/funnel</c> for anyone with the same scope. Left out, each means what the API's default does.
/// </remarks>
public sealed record FunnelState(
    string? Pipeline = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? AsOf = null,
    string? By = null,
    IReadOnlyList<(string Dimension, string Value)>? Where = null,
    string? Cohort = null,
    bool Strict = false,
    string? Compare = null)
{
    /// <summary>The dimension the breakdown shows when the address names none.</summary>
    public const string DefaultBy = "channel";

    public static FunnelState Default { get; } = new();

    public IReadOnlyList<(string Dimension, string Value)> Filters => Where ?? [];

    /// <summary>The breakdown's dimension: the address's, else <see cref="DefaultBy"/>.</summary>
    public string Breakdown => By ?? DefaultBy;

    /// <summary>The view as a link to a page (the dashboard by default); parameters at their default are left out.</summary>
    public string Url(string path = "/funnel", params (string Name, string? Value)[] extra)
    {
        var query = Query().Concat(extra).Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return path + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    /// <summary>The parameters in the address's order, each once (where once per filter).</summary>
    public IEnumerable<(string Name, string? Value)> Query()
    {
        yield return ("pipeline", Pipeline);
        yield return ("from", Day(From));
        yield return ("to", Day(To));
        yield return ("asOf", AsOf);
        yield return ("by", By);
        foreach (var (dimension, value) in Filters)
        {
            yield return ("where", dimension + "=" + value);
        }
        yield return ("cohort", Cohort);
        yield return ("strict", Strict ? "true" : null);
        yield return ("compare", Compare);
    }

    /// <summary>The API's parameters for this view, in a language, broken down by <paramref name="by"/> (null: none).</summary>
    /// <param name="times">False for an answer whose durations nobody reads (a trend, a list of values): much faster.</param>
    public FunnelParameters Parameters(string language, string? by, bool curves = false, bool times = true) => new()
    {
        Pipeline = Pipeline,
        From = Day(From),
        To = Day(To),
        AsOf = AsOf,
        By = by,
        Where = [.. Filters.Select(w => w.Dimension + "=" + w.Value)],
        Cohort = Cohort,
        Strict = Strict ? true : null,
        Compare = Compare,
        Curves = curves ? true : null,
        Times = times ? null : false,
        Lang = language,
    };

    /// <summary>The drivers of a stage for this view: its period is the window of exits, as the bottlenecks read it.</summary>
    public DriverParameters DriverParameters(string stage, string language) => new()
    {
        Stage = stage,
        Pipeline = Pipeline,
        From = Day(From),
        To = Day(To),
        AsOf = AsOf,
        Where = [.. Filters.Select(w => w.Dimension + "=" + w.Value)],
        Lang = language,
    };

    public bool HasFilters => Filters.Count > 0 || From is not null || To is not null || AsOf is not null;

    /// <summary>Reads a view from its address's parameters; a value that cannot be read is dropped and named.</summary>
    /// <returns>The view, and each dropped value with its parameter. Values that read well but name nothing here (a pipeline, a dimension, a value) are the page's to check.</returns>
    public static (FunnelState State, IReadOnlyList<(string Field, string Value)> Dropped) Parse(
        string? pipeline, string? from, string? to, string? asOf, string? by, string[]? where, string? cohort, string? strict, string? compare)
    {
        var dropped = new List<(string, string)>();
        var filters = new List<(string, string)>();
        foreach (var text in where ?? [])
        {
            if (Read("where", text, () => AnalysisText.Where(text)) is var (dimension, value) && dimension is not null)
            {
                filters.Add((dimension, value));
            }
        }
        var fromDay = Read("from", Given(from), () => AnalysisText.Date(Given(from), "from"));
        var toDay = Read("to", Given(to), () => AnalysisText.Date(Given(to), "to"));
        if (fromDay > toDay)
        {
            dropped.Add(("to", Day(toDay)!));
            toDay = null;
        }
        var strictValue = false;
        if (Given(strict) is { } s && !bool.TryParse(s, out strictValue))
        {
            dropped.Add(("strict", s));
        }
        var compareValue = Given(compare);
        if (compareValue is not null and not ("previous-period" or "previous-year"))
        {
            dropped.Add(("compare", compareValue));
            compareValue = null;
        }
        var cohortStage = Read("cohort", Given(cohort), () => AnalysisText.Cohort(Given(cohort)));
        var state = new FunnelState(Given(pipeline), fromDay, toDay, Given(asOf), Given(by), filters, cohortStage is null ? null : "entered:" + cohortStage, strictValue, compareValue);
        return (state, dropped);

        // A value read as the API reads it (AnalysisText); one it refuses is dropped and named.
        T? Read<T>(string field, string? text, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (Core.DomainRuleException)
            {
                dropped.Add((field, text ?? ""));
                return default;
            }
        }
    }

    /// <summary>The cohort's stage key (null: cohorts by creation).</summary>
    public string? CohortStage => Cohort?["entered:".Length..];

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Given(string? value) => TypedText.OrNull(value);
}

/// <summary>The named periods of the filter bar, as from/to days of the workspace calendar.</summary>
public enum PeriodPreset
{
    AllTime,
    ThisMonth,
    LastMonth,
    ThisQuarter,
    Last12Months,
    Custom,
}

/// <summary>Turns a preset into from/to days and a from/to pair back into the preset it is, given today in the workspace calendar.</summary>
public static class PeriodPresets
{
    public static (DateOnly? From, DateOnly? To) Days(PeriodPreset preset, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return preset switch
        {
            PeriodPreset.ThisMonth => (month, today),
            PeriodPreset.LastMonth => (month.AddMonths(-1), month.AddDays(-1)),
            PeriodPreset.ThisQuarter => (quarter, today),
            PeriodPreset.Last12Months => (today.AddMonths(-12).AddDays(1), today),
            _ => (null, null),
        };
    }

    /// <summary>The preset whose days these are; Custom for any other pair.</summary>
    public static PeriodPreset Of(DateOnly? from, DateOnly? to, DateOnly today)
    {
        foreach (var preset in Enum.GetValues<PeriodPreset>())
        {
            if (preset != PeriodPreset.Custom && Days(preset, today) == (from, to))
            {
                return preset;
            }
        }
        return PeriodPreset.Custom;
    }
}
