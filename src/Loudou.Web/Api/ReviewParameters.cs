using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Api;

/// <summary>The query parameters of the monthly review: the CLI's options (loudou review) under their JSON names.</summary>
public sealed class ReviewParameters
{
    public static readonly string[] Names = ["month", "pipeline", "asOf", "team", "lang", "format"];

    [Description("The month reviewed, YYYY-MM, in the workspace's time zone (required). A month that begins after the as-of moment is refused.")]
    [FromQuery(Name = "month")]
    public string? Month { get; init; }

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description("Review this team (by name). Admins: any team, the whole workspace when left out; managers: their own team; reps: their own deals in their team.")]
    [FromQuery(Name = "team")]
    public string? Team { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [AllowedValues("en", "zh-CN")]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }

    [Description("json (default), xlsx (a workbook with a sheet per section) or html (the printable page).")]
    [AllowedValues("json", "xlsx", "html")]
    [FromQuery(Name = "format")]
    public string? Format { get; init; }

    /// <summary>The team report's parameters for the same month, pipeline, moment, team and language: its scoping is the review's.</summary>
    public TeamParameters AsTeam() => new() { Month = Month, Pipeline = Pipeline, AsOf = AsOf, Team = Team, Lang = Lang };
}
