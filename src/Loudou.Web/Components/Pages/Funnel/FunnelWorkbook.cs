using Loudou.Import.Export;

namespace Loudou.Web.Components.Pages.Funnel;

/// <summary>The dashboard's tables as one workbook: a sheet per table, headers in the page's language, numbers as number cells.</summary>
/// <remarks>Rates are fractions (0.4183), as the API gives them, so a spreadsheet formats or recomputes them without parsing "41.8%".</remarks>
public static class FunnelWorkbook
{
    public static void Write(Stream stream, FunnelAnswer main, FunnelAnswer? trend, Func<string, string> t, Func<string, string> groupName, string dimension)
    {
        var sheets = new List<(string, IReadOnlyList<string>, IEnumerable<object?[]>)>
        {
            (t("Funnel.Sheet.Summary"), [t("Funnel.Figure"), t("Funnel.Value")], Summary(main, t)),
            (t("Funnel.Sheet.Stages"), StageHeader(t), main.Stages.Select(StageRow)),
        };
        if (trend?.Groups is { Count: > 0 } months)
        {
            sheets.Add((t("Funnel.Sheet.Trend"), [t("Funnel.CohortMonth"), .. StageHeader(t)],
                months.Where(m => m.Key.Length > 0).SelectMany(m => m.Stages.Select(s => (object?[])[m.Key, .. StageRow(s)]))));
        }
        if (main.Groups is { Count: > 0 } groups)
        {
            sheets.Add((t("Funnel.Sheet.Breakdown"),
                [dimension, t("Funnel.Deals"), t("Funnel.Won"), t("Funnel.Lost"), t("Funnel.Open"), t("Funnel.WinRate"), t("Funnel.IntervalLow"), t("Funnel.IntervalHigh"), t("Funnel.WonAmountPlain")],
                groups.Select(g => new object?[] { groupName(g.Key), g.Deals, g.Won, g.Lost, g.Open, g.WinRate, g.WinRateCiLow, g.WinRateCiHigh, g.WonAmount })));
            sheets.Add((t("Funnel.Sheet.Heatmap"),
                [dimension, t("Funnel.Stage"), t("Funnel.Entered"), t("Funnel.StepConversion"), t("Funnel.VsAll"), "p", "q", t("Funnel.Significant")],
                groups.SelectMany(g => g.Stages.Where(s => s.VsAll is not null).Select(s => new object?[]
                {
                    groupName(g.Key), s.Name, s.Entered, s.Conversion, s.VsAll!.Difference, s.VsAll.PValue, s.VsAll.QValue, s.VsAll.Significant ? t("Funnel.Yes") : t("Funnel.No"),
                }))));
        }
        ExportFile.WriteXlsx(stream, sheets);
    }

    private static IEnumerable<object?[]> Summary(FunnelAnswer main, Func<string, string> t)
    {
        yield return [t("Funnel.Pipeline"), main.Pipeline];
        yield return [t("Funnel.AsOf"), main.AsOf];
        yield return [t("Funnel.Deals"), main.Deals];
        yield return [t("Funnel.Won"), main.Won];
        yield return [t("Funnel.Lost"), main.Lost];
        yield return [t("Funnel.Open"), main.Open];
        yield return [t("Funnel.WinRate"), main.WinRate];
        yield return [t("Funnel.IntervalLow"), main.WinRateCiLow];
        yield return [t("Funnel.IntervalHigh"), main.WinRateCiHigh];
        yield return [t("Funnel.WonAmountPlain"), main.WonAmount];
        yield return [t("Funnel.TimeToClose"), main.TimeToClose?.MedianDays];
        yield return [t("Funnel.TimeToCloseP90"), main.TimeToClose?.P90Days];
    }

    private static string[] StageHeader(Func<string, string> t) =>
    [
        t("Funnel.Stage"), t("Funnel.Entered"), t("Funnel.Advanced"), t("Funnel.Lost"), t("Funnel.Open"), t("Funnel.StepConversion"),
        t("Funnel.IntervalLow"), t("Funnel.IntervalHigh"), t("Funnel.Cumulative"), t("Funnel.TooFew"), t("Funnel.MedianDays"), t("Funnel.P90Days"),
    ];

    private static object?[] StageRow(StageFigures s) =>
        [s.Name, s.Entered, s.Advanced, s.Lost, s.Open, s.Conversion, s.CiLow, s.CiHigh, s.Cumulative, s.TooFew ? 1 : 0, s.MedianDays, s.P90Days];
}
