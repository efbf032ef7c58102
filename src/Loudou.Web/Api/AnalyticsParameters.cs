using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Api;

/// <summary>The parameters every analysis of /api/v1/analytics takes, which <see cref="AnalysisReader"/> reads in one place.</summary>
/// <remarks>Each endpoint declares them in its own class, so that its OpenAPI parameters say what from and to mean for it.</remarks>
public interface IAnalysisParameters
{
    string? Pipeline { get; }

    string? AsOf { get; }

    string? From { get; }

    string? To { get; }

    string[]? Where { get; }

    string? Lang { get; }
}

/// <summary>The descriptions of the parameters that mean the same in every analysis, written once.</summary>
internal static class AnalysisDescriptions
{
    public const string Pipeline = "The pipeline's key; the workspace's default pipeline when left out.";

    public const string AsOf = "The moment described: YYYY-MM-DD (the end of that local day) or an ISO date-time. Default: now, or the latest event when that is over 30 days old.";

    public const string Where = "Keep deals with DIM=VALUE; repeatable, each must hold (an empty VALUE means blank).";

    public const string Lang = "Language of stage names: en (default) or zh-CN.";
}

/// <summary>The funnel's query parameters: the CLI's options (loudou funnel) under their JSON names.</summary>
public sealed class FunnelParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["pipeline", "asOf", "from", "to", "by", "where", "cohort", "strict", "compare", "minN", "curves", "times", "lang"];

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description("First day of the cohort range, YYYY-MM-DD (local).")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last day of the cohort range, YYYY-MM-DD (local), inclusive.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description("A dimension to break the funnel down by: channel, owner, team, industry, sizeBand, region, product, tag, cohort or custom.KEY.")]
    [FromQuery(Name = "by")]
    public string? By { get; init; }

    [Description(AnalysisDescriptions.Where)]
    [FromQuery(Name = "where")]
    public string[]? Where { get; init; }

    [Description("created (default) or entered:STAGE: which date puts a deal in the from/to range and in a cohort month.")]
    [FromQuery(Name = "cohort")]
    public string? Cohort { get; init; }

    [Description("Count a stage as entered only when the history shows it.")]
    [FromQuery(Name = "strict")]
    public bool? Strict { get; init; }

    [Description("previous-period or previous-year: compare exit-based conversion in the from/to range (default: the last full month) with the period before or a year earlier.")]
    [AllowedValues("previous-period", "previous-year")]
    [FromQuery(Name = "compare")]
    public string? Compare { get; init; }

    [Description("Rates with fewer deals than this are flagged too few to say; 30 by default.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "minN")]
    public int? MinN { get; init; }

    [Description("Add each stage's Kaplan–Meier curves of time in stage and to close.")]
    [FromQuery(Name = "curves")]
    public bool? Curves { get; init; }

    [Description("false leaves out time in stage and to close (every duration null): counts and rates only, several times faster on a large pipeline. Default true.")]
    [FromQuery(Name = "times")]
    public bool? Times { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>Which number of the funnel to open: a stage row's measure, in one group of the breakdown or in all, a page at a time.</summary>
public sealed class DrillParameters
{
    public static readonly string[] Names = ["stage", "measure", "group", "reason", "page", "pageSize"];

    [Description("The stage row's key, as the funnel's stages[].stage gives it; left out, the measure is one of the totals.")]
    [FromQuery(Name = "stage")]
    public string? Stage { get; init; }

    [Description("With a stage: entered (default), advanced, lost or open, which of the row's counts. Without: deals (default), won, lost or open, which total.")]
    [AllowedValues("entered", "advanced", "lost", "open", "deals", "won")]
    [FromQuery(Name = "measure")]
    public string? Measure { get; init; }

    [Description("A group of the breakdown (a value of by, as groups[].key gives it); all deals when left out.")]
    [FromQuery(Name = "group")]
    public string? Group { get; init; }

    [Description("With measure=lost: only the deals lost for this reason (empty: none recorded), as /losses counts them.")]
    [FromQuery(Name = "reason")]
    public string? Reason { get; init; }

    /// <summary>The same drill-down for the deals lost without a recorded reason (<c>reason=</c> given empty).</summary>
    public DrillParameters WithBlankReason() => new() { Stage = Stage, Measure = Measure, Group = Group, Reason = "", Page = Page, PageSize = PageSize };

    [Description("Page number, from 1.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    [Description("Deals per page, 1 to 1000; 50 by default.")]
    [Range(1, Storage.Records.Paging.MaxPageSize)]
    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }
}
