using Loudou.Core.Pipelines;

namespace Loudou.Core.Analytics;

/// <summary>Turns the tallies into figures, the ranking and the efficiency curves.</summary>
public static partial class TeamExecution
{
    private static TeamReport Assemble(
        ColumnarPlan plan, TeamQuery query, TeamMember[] reps, Tally[] tallies, EfficiencyTally efficiency, DateTimeOffset? from, DateTimeOffset toExcl)
    {
        // Ranked: reps of the query who handled at least one deal in the period.
        var ranked = Enumerable.Range(0, reps.Length).Where(r => tallies[r].Deals > 0).ToList();
        var figures = ranked.ToDictionary(r => r, r => Figures([tallies[r]]));
        var best = new TeamBest(
            figures.Values.Select(f => f.WinRate).Max(),
            figures.Count == 0 ? null : figures.Values.Max(f => f.WonAmount));
        var scores = ranked.ToDictionary(r => r, r => Score(figures[r], best, query.ResultsWeight));
        var rows = ranked
            .Select(r =>
            {
                var score = scores[r];
                int? rank = score.Score is { } value ? 1 + scores.Values.Count(o => o.Score > value) : null;
                return new TeamRep(reps[r].Login, reps[r].DisplayName, reps[r].Team, figures[r], score with { Rank = rank });
            })
            .OrderBy(r => r.Score.Rank ?? int.MaxValue)
            .ThenBy(r => r.Login, StringComparer.Ordinal)
            .ToList();
        var teamNames = ranked.Select(r => reps[r].Team).OfType<string>().Append(query.Team).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var teams = teamNames.Select(team =>
        {
            var members = ranked.Where(r => reps[r].Team == team).ToList();
            return new TeamGroupFigures(team, members.Count, Figures([.. members.Select(r => tallies[r])]));
        }).ToList();
        return new TeamReport(
            plan.Snapshot.Pipeline.Key, plan.AsOf, query.Month is { } m ? new DateOnly(m.Year, m.Month, 1) : null, from, toExcl, query.Team,
            query.ResultsWeight, best, rows, teams, Figures([.. ranked.Select(r => tallies[r])]), Curves(plan, query, efficiency),
            ranked.Count == 0 ? TeamReasons.NoDealsHandled : null);
    }

    /// <summary>The figures of one tally, or of several pooled (counts added, first responses in one Kaplan–Meier estimate).</summary>
    private static TeamFigures Figures(IReadOnlyList<Tally> tallies)
    {
        var hours = tallies.SelectMany(t => t.Hours).ToArray();
        var causes = tallies.SelectMany(t => t.Causes).ToArray();
        var median = hours.Length == 0 ? null : KaplanMeier.Quantiles(hours, causes, [0.5]).Quantiles[0];
        return new TeamFigures(
            tallies.Sum(t => t.Deals), tallies.Sum(t => t.Touches), tallies.Sum(t => t.Actions), tallies.Sum(t => t.ActionsCompleted),
            tallies.Sum(t => t.TasksDue), tallies.Sum(t => t.TasksOnTime), tallies.Sum(t => t.Created), tallies.Sum(t => t.Answered),
            median, tallies.Sum(t => t.SlaDue), tallies.Sum(t => t.AnsweredInSla), tallies.Sum(t => t.Closed), tallies.Sum(t => t.Won), tallies.Sum(t => t.WonAmount));
    }

    /// <summary>A rep's components, parts and score against the best of the ranked reps (rank is set by the caller).</summary>
    internal static TeamScore Score(TeamFigures f, TeamBest best, double resultsWeight)
    {
        double? winRate = f.WinRate is { } rate && best.WinRate is > 0 ? 100 * rate / best.WinRate.Value : null;
        double? wonAmount = best.WonAmount is > 0 ? (double)(100 * f.WonAmount / best.WonAmount.Value) : null;
        double? completion = f.CompletionRate * 100;
        double? onTime = f.OnTimeRate * 100;
        double? response = f.FirstResponseInSlaRate * 100;
        var results = Mean((winRate, 1), (wonAmount, 1));
        var process = Mean((completion, 2), (onTime, 1), (response, 1));
        double? score = (results, process) switch
        {
            ({ } r, { } p) => (resultsWeight * r) + ((1 - resultsWeight) * p),
            ({ } r, null) => r,
            (null, { } p) => p,
            _ => null,
        };
        return new TeamScore(winRate, wonAmount, completion, onTime, response, results, process, score, null);
    }

    /// <summary>The weighted mean of the components that are there; null when none is.</summary>
    private static double? Mean(params (double? Value, double Weight)[] components)
    {
        var (sum, weights) = (0.0, 0.0);
        foreach (var (c, weight) in components)
        {
            if (c is { } value)
            {
                sum += weight * value;
                weights += weight;
            }
        }
        return weights == 0 ? null : sum / weights;
    }

    private static TeamEfficiency Curves(ColumnarPlan plan, TeamQuery query, EfficiencyTally t)
    {
        var rows = plan.Snapshot.Rows;
        var open = Enumerable.Range(0, rows.Count).Where(r => rows[r].Kind == StageKind.Open).ToList();
        EfficiencyCurve Curve(int r, IReadOnlyList<string> bands, long[] left, long[] advanced, bool touches)
        {
            var list = bands.Select((band, b) =>
            {
                var (n, up) = (left[(r * bands.Count) + b], advanced[(r * bands.Count) + b]);
                var (low, high) = Wilson.Interval(up, n);
                return new EfficiencyBand(band, n, up, n == 0 ? null : (double)up / n, low, high, n < query.MinN);
            }).ToList();
            return new EfficiencyCurve(rows[r].Key, rows[r].Name.For(query.Language), t.Left[r], t.Advanced[r], list, touches ? StopsPayingAt(list) : null);
        }
        return new TeamEfficiency(
            [.. open.Select(r => Curve(r, TouchBands, t.TouchLeft, t.TouchAdvanced, true))],
            [.. open.Select(r => Curve(r, FirstResponseBands, t.ResponseLeft, t.ResponseAdvanced, false))]);
    }

    /// <summary>The first band not significantly above the band before it (one-sided, p ≥ 0.05); null when every step pays or one is too few to say.</summary>
    private static string? StopsPayingAt(IReadOnlyList<EfficiencyBand> bands)
    {
        for (var b = 1; b < bands.Count; b++)
        {
            var (before, band) = (bands[b - 1], bands[b]);
            if (before.TooFew || band.TooFew)
            {
                return null;
            }
            // PLower of (before vs band) is the chance of a gap this large if the band were no better than the one before.
            if (ProportionTest.TwoSample(before.Advanced, before.Left, band.Advanced, band.Left).PLower >= 0.05)
            {
                return band.Band;
            }
        }
        return null;
    }
}
