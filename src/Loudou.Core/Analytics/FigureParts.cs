using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>The counts and stays behind one set of funnel figures, gathered by either engine path.</summary>
/// <remarks>
/// The plain path (<see cref="FunnelEngine.Compute(FunnelSnapshot, FunnelQuery, DateTimeOffset)"/>) and the
/// columnar path fill the same parts and share <see cref="Assemble"/>, so rates, intervals and quantiles
/// cannot drift apart between them; only the counting differs.
/// </remarks>
internal sealed class FigureParts(int rows)
{
    public long[] Entered { get; } = new long[rows];

    public long[] Advanced { get; } = new long[rows];

    public long[] Lost { get; } = new long[rows];

    public long[] Open { get; } = new long[rows];

    public decimal[] OpenAmount { get; } = new decimal[rows];

    /// <summary>Per row, the counted stays: days and how each ended (0 still running; 1 advanced, 2 lost, 3 moved back).</summary>
    public StayList[] Stays { get; } = [.. Enumerable.Range(0, rows).Select(_ => new StayList())];

    /// <summary>Creation to Won (cause 1) or Lost (2); 0 while open.</summary>
    public StayList ToClose { get; } = new();

    public long Deals { get; set; }

    public long Won { get; set; }

    public long LostDeals { get; set; }

    public decimal WonAmount { get; set; }

    public long WonWithAmount { get; set; }

    /// <summary>Counts a selected deal's outcome and won amount.</summary>
    public void AddDeal(StageKind outcome, decimal? amount)
    {
        Deals++;
        if (outcome == StageKind.Won)
        {
            Won++;
            WonAmount += amount ?? 0;
            WonWithAmount += amount is null ? 0 : 1;
        }
        else if (outcome == StageKind.Lost)
        {
            LostDeals++;
        }
    }

    public FunnelFigures Assemble(IReadOnlyList<Stage> rows, FunnelQuery query)
    {
        var open = Deals - Won - LostDeals;
        var figures = new List<FunnelStageRow>(rows.Count);
        var first = Entered.Length == 0 ? 0 : Entered[0];
        for (var i = 0; i < rows.Count; i++)
        {
            var stage = rows[i];
            var entered = Entered[i];
            if (stage.Kind == StageKind.Won)
            {
                // Time "in" Won is not a stay in the funnel; the Won row has no duration figures.
                figures.Add(new FunnelStageRow(stage.Key, stage.Name.For(query.Language), entered, null, 0, 0, null, null, null,
                    Ratio(entered, first), entered < query.MinN, null, null));
                continue;
            }
            var time = Stays[i].Durations();
            var (low, high) = Wilson.Interval(Advanced[i], entered);
            figures.Add(new FunnelStageRow(
                stage.Key,
                stage.Name.For(query.Language),
                entered,
                Advanced[i],
                Lost[i],
                Open[i],
                Ratio(Advanced[i], entered),
                low,
                high,
                Ratio(entered, first),
                entered < query.MinN,
                time.MedianDays,
                time.P90Days)
            {
                NaiveMedianDays = time.NaiveMedianDays,
                NaiveP90Days = time.NaiveP90Days,
                Survival = time.Survival,
                OpenAmount = OpenAmount[i],
            });
        }
        return new FunnelFigures(Deals, Won, LostDeals, open, Won + LostDeals == 0 ? null : (double)Won / (Won + LostDeals), figures)
        {
            TimeToClose = ToClose.Durations(),
            WonAmount = WonAmount,
            WonWithAmount = WonWithAmount,
        };
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>Stays (or times to close) in days, each with how it ended: 0 still running, else a cause 1..3.</summary>
internal sealed class StayList
{
    private readonly List<double> _days = [];
    private readonly List<int> _causes = [];

    public void Add(double days, int cause)
    {
        _days.Add(days);
        _causes.Add(cause);
    }

    /// <summary>Kaplan–Meier median and p90 over all stays, beside the naive type 7 quantiles of the stays that ended.</summary>
    public DurationFigures Durations()
    {
        var curve = KaplanMeier.Estimate([.. _days], [.. _causes], 3);
        var ended = _days.Where((_, i) => _causes[i] != 0).ToArray();
        var naiveMedian = Quantile.Continuous(ended, 0.5);
        var naiveP90 = Quantile.Continuous(ended, 0.9);
        return new DurationFigures(curve.Quantile(0.5), curve.Quantile(0.9), naiveMedian, naiveP90, curve);
    }
}
