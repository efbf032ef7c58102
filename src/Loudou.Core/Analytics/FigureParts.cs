using System.Runtime.InteropServices;
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

    /// <summary>Parts gathered apart (one per thread) joined into one: counts summed, stays put together.</summary>
    /// <remarks>Every figure is a sum, or a function of the stays as a set (quantiles and curves sort them), so the order of joining does not matter.</remarks>
    public static FigureParts Join(IReadOnlyList<FigureParts> parts, int rows)
    {
        var joined = new FigureParts(rows);
        foreach (var part in parts)
        {
            for (var i = 0; i < rows; i++)
            {
                joined.Entered[i] += part.Entered[i];
                joined.Advanced[i] += part.Advanced[i];
                joined.Lost[i] += part.Lost[i];
                joined.Open[i] += part.Open[i];
                joined.OpenAmount[i] += part.OpenAmount[i];
                joined.Stays[i].AddRange(part.Stays[i]);
            }
            joined.ToClose.AddRange(part.ToClose);
            joined.Deals += part.Deals;
            joined.Won += part.Won;
            joined.LostDeals += part.LostDeals;
            joined.WonAmount += part.WonAmount;
            joined.WonWithAmount += part.WonWithAmount;
        }
        return joined;
    }

    /// <summary>Every list of stays of these parts: what <see cref="StayList.Durations"/> can be computed for in parallel before <see cref="Assemble"/>.</summary>
    public IEnumerable<StayList> StayLists => Stays.Append(ToClose);

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
            var time = query.Times ? Stays[i].Durations(query.Curves) : null;
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
                time?.MedianDays,
                time?.P90Days)
            {
                NaiveMedianDays = time?.NaiveMedianDays,
                NaiveP90Days = time?.NaiveP90Days,
                Survival = time?.Survival,
                OpenAmount = OpenAmount[i],
            });
        }
        return new FunnelFigures(Deals, Won, LostDeals, open, Won + LostDeals == 0 ? null : (double)Won / (Won + LostDeals), figures)
        {
            TimeToClose = query.Times ? ToClose.Durations(query.Curves) : null,
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
    private (bool Curves, DurationFigures Figures)? _computed;

    public void Add(double days, int cause)
    {
        _days.Add(days);
        _causes.Add(cause);
    }

    public void AddRange(StayList other)
    {
        _days.AddRange(other._days);
        _causes.AddRange(other._causes);
    }

    /// <summary>Kaplan–Meier median and p90 over all stays, beside the naive type 7 quantiles of the stays that ended.</summary>
    /// <param name="curves">Build the whole curve (for charts); else only its counts, the quantiles found by <see cref="KaplanMeier.Quantiles"/>.</param>
    /// <remarks>Computed once (the list is complete by then), so a caller may compute many lists in parallel first and assemble after.</remarks>
    public DurationFigures Durations(bool curves)
    {
        if (_computed is { } computed && computed.Curves == curves)
        {
            return computed.Figures;
        }
        var figures = Compute(curves);
        _computed = (curves, figures);
        return figures;
    }

    private DurationFigures Compute(bool curves)
    {
        var days = CollectionsMarshal.AsSpan(_days);
        var causes = CollectionsMarshal.AsSpan(_causes);
        double[] qs = [0.5, 0.9];
        if (!curves)
        {
            var (ends, censorings) = KaplanMeier.SortedKeys(days, causes, out var negativeEnded);
            var summary = KaplanMeier.QuantilesOfSorted(ends, censorings, qs);
            var counts = new SurvivalCurve([], summary.Count, summary.Ended, summary.Censored);
            // The sorted ended keys are the ended stays in order, unless one was negative (a key holds it as 0).
            if (!negativeEnded)
            {
                double At(long rank) => BitConverter.Int64BitsToDouble((long)ends[rank]);
                return new DurationFigures(summary.Quantiles[0], summary.Quantiles[1], Quantile.OfSorted(At, ends.Length, 0.5), Quantile.OfSorted(At, ends.Length, 0.9), counts);
            }
            var fallback = Naive(days, causes);
            return new DurationFigures(summary.Quantiles[0], summary.Quantiles[1], fallback[0], fallback[1], counts);
        }
        var naive = Naive(days, causes);
        var curve = KaplanMeier.Estimate(days, causes, 3);
        return new DurationFigures(curve.Quantile(0.5), curve.Quantile(0.9), naive[0], naive[1], curve);
    }

    /// <summary>The naive type 7 median and p90 of the stays that ended.</summary>
    private static double?[] Naive(ReadOnlySpan<double> days, ReadOnlySpan<int> causes)
    {
        var ended = new double[days.Length - causes.Count(0)];
        for (int i = 0, e = 0; i < days.Length; i++)
        {
            if (causes[i] != 0)
            {
                ended[e++] = days[i];
            }
        }
        var naive = new double?[2];
        Quantile.Continuous(ended, [0.5, 0.9], naive);
        return naive;
    }
}
