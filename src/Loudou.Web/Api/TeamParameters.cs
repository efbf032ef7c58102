using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Api;

/// <summary>The query parameters of the team report: the CLI's options (loudou team) under their JSON names.</summary>
public sealed class TeamParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["month", "pipeline", "asOf", "from", "to", "team", "lang"];

    [Description("A calendar month of the workspace, YYYY-MM; or give from and to. All time when none of them is given.")]
    [FromQuery(Name = "month")]
    public string? Month { get; init; }

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description("First local day of the period, YYYY-MM-DD, inclusive; not with month.")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last local day of the period, YYYY-MM-DD, inclusive; not with month.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description("Rank the reps of this team (by name) against each other. Admins: any team, every rep when left out; managers and reps: their own team.")]
    [FromQuery(Name = "team")]
    public string? Team { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }

    // The team report filters by team and period only; a where is refused as an unknown parameter.
    string[]? IAnalysisParameters.Where => null;
}

/// <summary>Which number of the team report to open: a figure of a rep's row, a team's row or the total, or an efficiency band.</summary>
public sealed class TeamDrillParameters
{
    public static readonly string[] Names = ["rep", "figure", "stage", "band", "page", "pageSize"];

    [Description("The rep's login; left out, the total row of the report asked (with team=, that team's row).")]
    [FromQuery(Name = "rep")]
    public string? Rep { get; init; }

    [Description("Deals: handled, closed, won, lost, created, answered, unanswered, slaDue, slaMet, slaMissed, actionsMissed, exits, exitsAdvanced, touchBand, "
        + "touchBandAdvanced, responseBand, responseBandAdvanced; tasks (on /team/tasks): due, onTime, late.")]
    [FromQuery(Name = "figure")]
    public string? Figure { get; init; }

    [Description("An open stage's key, for the efficiency figures (exits…, touchBand…, responseBand…).")]
    [FromQuery(Name = "stage")]
    public string? Stage { get; init; }

    [Description("A band of the efficiency curves: 0, 1, 2, 3-4, 5+ (touches) or <1h, 1-4h, 4-24h, 24-72h, >72h, none (first response).")]
    [FromQuery(Name = "band")]
    public string? Band { get; init; }

    [Description("Page number, from 1.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    [Description("Rows per page, 1 to 1000; 50 by default.")]
    [Range(1, Storage.Records.Paging.MaxPageSize)]
    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }
}
