using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Api;

/// <summary>The query parameters of the bottlenecks: the CLI's options (loudou bottlenecks) under their JSON names.</summary>
public sealed class BottleneckParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["pipeline", "asOf", "by", "where", "from", "to", "minN", "alpha", "lang"];

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description("A dimension whose segments are tested within each stage; repeatable. Default: team, channel and owner.")]
    [FromQuery(Name = "by")]
    public string[]? By { get; init; }

    [Description(AnalysisDescriptions.Where)]
    [FromQuery(Name = "where")]
    public string[]? Where { get; init; }

    [Description("First day of the observed window (exits), YYYY-MM-DD (local). Default: three months before the as-of moment.")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last day of the observed window, YYYY-MM-DD (local), inclusive. Default: the as-of moment.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description("Comparisons with fewer exits than this on either side are not tested; 30 by default.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "minN")]
    public int? MinN { get; init; }

    [Description("Report findings whose Benjamini–Hochberg q-value is at most this, between 0 and 1; 0.05 by default.")]
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    [FromQuery(Name = "alpha")]
    public double? Alpha { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>The query parameters of the loss reasons: the CLI's options (loudou losses) under their JSON names.</summary>
public sealed class LossParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["pipeline", "asOf", "where", "from", "to", "lang"];

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description(AnalysisDescriptions.Where)]
    [FromQuery(Name = "where")]
    public string[]? Where { get; init; }

    [Description("First day of the creation range, YYYY-MM-DD (local).")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last day of the creation range, YYYY-MM-DD (local), inclusive.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>The query parameters of the what-if: the CLI's options (loudou whatif) under their JSON names.</summary>
public sealed class WhatIfParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["pipeline", "asOf", "where", "from", "to", "points", "lang"];

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description(AnalysisDescriptions.Where)]
    [FromQuery(Name = "where")]
    public string[]? Where { get; init; }

    [Description("First day of the creation range, YYYY-MM-DD (local): project from finished cohorts.")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last day of the creation range, YYYY-MM-DD (local), inclusive.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description("Percentage points added to one stage's conversion at a time: more than 0, at most 100; 5 by default.")]
    [Range(0.0, 100.0, MinimumIsExclusive = true)]
    [FromQuery(Name = "points")]
    public double? Points { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>The query parameters of the drivers: the CLI's options (loudou drivers) under their JSON names.</summary>
public sealed class DriverParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["stage", "pipeline", "asOf", "where", "from", "to", "minN", "alpha", "lang"];

    [Description("Key of the open stage whose exits are compared; required.")]
    [FromQuery(Name = "stage")]
    public string? Stage { get; init; }

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description(AnalysisDescriptions.Where)]
    [FromQuery(Name = "where")]
    public string[]? Where { get; init; }

    [Description("First day of the window the exits fall in, YYYY-MM-DD (local). Default: no lower bound.")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last day of the window, YYYY-MM-DD (local), inclusive. Default: the as-of moment.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description("A feature is tested only when at least this many exits have it and this many do not; 30 by default.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "minN")]
    public int? MinN { get; init; }

    [Description("Mark drivers whose Benjamini–Hochberg q-value is at most this as significant, between 0 and 1; 0.05 by default.")]
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    [FromQuery(Name = "alpha")]
    public double? Alpha { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }
}

/// <summary>Which side of one driver's table to list: the deals that left the stage with the feature value, or without it.</summary>
public sealed class DriverDrillParameters
{
    public static readonly string[] Names = ["feature", "value", "side", "page", "pageSize"];

    [Description("The driver's feature, as items[].feature gives it: a dimension (channel, custom.KEY, …), action, requiredActions, touches or firstResponse.")]
    [FromQuery(Name = "feature")]
    public string? Feature { get; init; }

    [Description("The feature's value, as items[].value gives it.")]
    [FromQuery(Name = "value")]
    public string? Value { get; init; }

    [Description("with (default): the exits with the value, withN of them; without: those without it, withoutN of them.")]
    [AllowedValues("with", "without")]
    [FromQuery(Name = "side")]
    public string? Side { get; init; }

    [Description("Page number, from 1.")]
    [Range(1, int.MaxValue)]
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    [Description("Deals per page, 1 to 1000; 50 by default.")]
    [Range(1, Storage.Records.Paging.MaxPageSize)]
    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }
}
