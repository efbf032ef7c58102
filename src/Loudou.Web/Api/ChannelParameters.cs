using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Loudou.Web.Api;

/// <summary>The query parameters of channel quality: the CLI's options (loudou channels quality) under their JSON names.</summary>
public sealed class ChannelParameters : IAnalysisParameters
{
    public static readonly string[] Names = ["from", "to", "pipeline", "asOf", "lang"];

    [Description("First month of the leads' creation, YYYY-MM. Default: six months up to to.")]
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    [Description("Last month, YYYY-MM, inclusive. Default: the as-of month.")]
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    [Description(AnalysisDescriptions.Pipeline)]
    [FromQuery(Name = "pipeline")]
    public string? Pipeline { get; init; }

    [Description(AnalysisDescriptions.AsOf)]
    [FromQuery(Name = "asOf")]
    public string? AsOf { get; init; }

    [Description(AnalysisDescriptions.Lang)]
    [FromQuery(Name = "lang")]
    public string? Lang { get; init; }

    // from and to are months here, read by ChannelAnswers; the shared reader reads days, so it is given none.
    string? IAnalysisParameters.From => null;

    string? IAnalysisParameters.To => null;

    string[]? IAnalysisParameters.Where => null;
}
