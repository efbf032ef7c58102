using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Seeded random funnels (skips, moves back, re-entries, unknown times, several owners and teams, random tasks): every figure,
/// part, rank and efficiency count of the columnar pass equals a naive recount over the plain deals, written straight from
/// docs/metrics.md ("Team execution").
/// </summary>
public class TeamReferenceTests
{
    internal static readonly TeamRoster Roster = new(
    [
        new(1, "li", "Li", UserRole.Rep, "north"),
        new(2, "wang", "Wang", UserRole.Manager, "north"),
        new(3, "zhang", "Zhang", UserRole.Rep, "south"),
        new(4, "zoe", "Zoe", UserRole.Rep, "south"),
    ]);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_field_equals_the_naive_recount(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 1_500, Builders.SavedPipeline(BuiltinPipelines.Default));
        var columnar = ColumnarSnapshot.From(plain);
        var random = new Random(seed + 3000);
        var tasks = RandomTasks(random, plain);
        var compared = new List<TeamRep>();
        for (var q = 0; q < 12; q++)
        {
            var query = RandomQuery(random, q);
            var asOf = query.AsOf!.Value;
            var start = query.Month ?? query.From;
            if (start is { } first && plain.Calendar.StartOf(first) > asOf)
            {
                // A period that starts after the as-of moment is refused, naming the field that chose it.
                var refused = Assert.Throws<DomainRuleException>(() => TeamExecution.Compute(columnar, Roster, tasks, query, asOf));
                Assert.Equal(query.Month is null ? "from" : "month", refused.Field);
                continue;
            }
            var actual = TeamExecution.Compute(columnar, Roster, tasks, query, asOf);
            var expected = Naive(plain, tasks, query, actual.From, actual.ToExcl, asOf);

            Assert.Equal(expected.Reps.Select(r => r.Login), actual.Reps.Select(r => r.Login));
            compared.AddRange(actual.Reps);
            foreach (var (rep, (_, figures, score)) in actual.Reps.Zip(expected.Reps))
            {
                Same(figures, rep.Figures);
                Assert.Equal(score.Rank, rep.Score.Rank);
                Assert.Equal(Round(score.Results), Round(rep.Score.Results));
                Assert.Equal(Round(score.Process), Round(rep.Score.Process));
                Assert.Equal(Round(score.Score), Round(rep.Score.Score));
            }
            Assert.Equal(expected.Teams.Select(t => t.Team), actual.Teams.Select(t => t.Team));
            foreach (var (team, (_, figures)) in actual.Teams.Zip(expected.Teams))
            {
                Same(figures, team.Figures);
            }
            Same(expected.Total, actual.Total);
            Assert.Equal(expected.Stages, actual.Efficiency.ByTouches.Select(c => (c.Left, c.Advanced)));
            Assert.Equal(expected.Touches, actual.Efficiency.ByTouches.SelectMany(c => c.Bands.Select(b => (b.Left, b.Advanced))));
            Assert.Equal(expected.Responses, actual.Efficiency.ByFirstResponse.SelectMany(c => c.Bands.Select(b => (b.Left, b.Advanced))));
        }
        // The queries compared something: ranked reps with tasks, completions, answered and censored first responses, and wins.
        Assert.Contains(compared, r => r.Figures.TasksOnTime > 0 && r.Figures.TasksDue > r.Figures.TasksOnTime);
        Assert.Contains(compared, r => r.Figures.ActionsCompleted > 0 && r.Figures.MedianFirstResponseHours is not null && r.Figures.Answered < r.Figures.DealsCreated);
        Assert.Contains(compared, r => r.Figures.Won > 0 && r.Score.Rank == 1);
    }

    /// <summary>The q-th random query: a month, days from..to, all time, or an open start with a random weight; maybe one team, maybe a scope.</summary>
    internal static TeamQuery RandomQuery(Random random, int q)
    {
        var day0 = DateOnly.FromDateTime(FunnelBuilder.Day0.Date);
        var asOf = FunnelBuilder.Day0.AddDays(20 + (random.NextDouble() * 140));
        var month = day0.AddMonths(random.Next(0, 2));
        TeamQuery query = (q % 4) switch
        {
            0 => new() { Month = month },
            1 => new() { From = day0.AddDays(random.Next(0, 20)), To = day0.AddDays(random.Next(20, 200)) },
            2 => new(),
            _ => new() { From = day0.AddDays(random.Next(-5, 15)), ResultsWeight = random.NextDouble() },
        };
        return query with
        {
            AsOf = asOf,
            Team = random.Next(3) == 0 ? (random.Next(2) == 0 ? "north" : "south") : null,
            Scope = random.Next(4) == 0 ? new AnalyticsScope(random.Next(2) == 0 ? "li" : null, "south") : null,
            MinN = 5,
        };
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 9) : null;

    private static void Same(TeamFigures expected, TeamFigures actual)
    {
        Assert.Equal(expected with { MedianFirstResponseHours = null }, actual with { MedianFirstResponseHours = null });
        Assert.Equal(Round(expected.MedianFirstResponseHours), Round(actual.MedianFirstResponseHours));
    }

    internal static List<FollowUpTask> RandomTasks(Random random, FunnelSnapshot snapshot)
    {
        var tasks = new List<FollowUpTask>();
        foreach (var deal in snapshot.Deals.Append(snapshot.Deals[0] with { Id = 999_999 }))
        {
            for (var i = random.Next(3); i > 0; i--)
            {
                DateTimeOffset? due = random.Next(10) == 0 ? null : FunnelBuilder.Day0.AddDays(Math.Round(random.NextDouble() * 400) / 4);
                DateTimeOffset? done = random.Next(3) == 0 ? null : (due ?? FunnelBuilder.Day0).AddDays(Math.Round((random.NextDouble() * 24) - 12) / 4);
                tasks.Add(new FollowUpTask(deal.Id, random.Next(6) is var a && a < 5 ? a : null, due, done) { Id = tasks.Count + 1 });
            }
        }
        return tasks;
    }

    private sealed record Expected(
        List<(string Login, TeamFigures Figures, TeamScore Score)> Reps, List<(string Team, TeamFigures Figures)> Teams, TeamFigures Total,
        List<(long, long)> Stages, List<(long, long)> Touches, List<(long, long)> Responses);

    /// <summary>The definitions of docs/metrics.md, deal by deal, with no shortcut.</summary>
    private static Expected Naive(FunnelSnapshot snapshot, List<FollowUpTask> tasks, TeamQuery query, DateTimeOffset? from, DateTimeOffset toExcl, DateTimeOffset asOf)
    {
        var pipeline = snapshot.Pipeline;
        var rows = pipeline.Stages.Where(s => s.Kind != StageKind.Lost).ToList();
        bool In(DateTimeOffset? t) => t is { } at && (from is null || at >= from) && at < toExcl;
        var reps = Roster.Members.Where(m => m.Role == UserRole.Rep && (query.Team is null || m.Team == query.Team)).ToList();
        var counts = reps.ToDictionary(r => r.Login, _ => new Counts());
        var touchBands = rows.Select(_ => new (long, long)[5]).ToList();
        var responseBands = rows.Select(_ => new (long, long)[6]).ToList();
        var stageTotals = rows.Select(_ => (0L, 0L)).ToList();
        var live = new Dictionary<long, FunnelDeal>();

        foreach (var deal in snapshot.Deals)
        {
            var visible = deal.History.Where(h => h.At is null || h.At <= asOf).ToList();
            if (deal.CreatedAt > asOf || visible.Count == 0)
            {
                continue;
            }
            var owner = deal.Dimensions.TryGetValue("owner", out var o) && o.Count > 0 ? o[0] : null;
            var team = deal.Dimensions.TryGetValue("team", out var t) && t.Count > 0 ? t[0] : null;
            if (query.Scope is not null && !query.Scope.Sees(owner, team))
            {
                continue;
            }
            live[deal.Id] = deal;
            if (owner is null || !counts.TryGetValue(owner, out var c))
            {
                continue;
            }
            var entered = visible.Where(h => In(h.At)).Select(h => h.StageId).Distinct().ToList();
            var touches = deal.Touches.Count(at => In(at));
            if (entered.Count == 0 && touches == 0 && !In(deal.CreatedAt))
            {
                continue;
            }
            c.Deals++;
            c.Touches += touches;
            var outcome = pipeline.FindStage(visible[^1].StageId)!.Kind;
            var closedAt = outcome == StageKind.Open ? null : visible[^1].At;
            if (In(closedAt))
            {
                c.Closed++;
                c.Won += outcome == StageKind.Won ? 1 : 0;
                c.WonAmount += outcome == StageKind.Won ? deal.Amount ?? 0 : 0;
            }
            foreach (var stage in entered.Select(id => pipeline.FindStage(id)!))
            {
                c.Actions += stage.Actions.Count;
                c.Completed += stage.Actions.Count(a => deal.Completions.Any(done => done.ActionId == a.Id && done.At <= asOf));
            }
            DateTimeOffset? first = deal.Touches.Where(at => at <= asOf).Order().FirstOrDefault() is var f && f != default ? f : null;
            if (In(deal.CreatedAt))
            {
                var created = deal.CreatedAt!.Value;
                c.Created++;
                c.Hours.Add((Math.Max(0, ((first ?? closedAt ?? asOf) - created).TotalHours), first is not null));
                c.Answered += first is null ? 0 : 1;
                var sla = TimeSpan.FromHours(pipeline.FindStage(visible[0].StageId)!.FirstResponseSlaHours ?? query.FirstResponseSlaHours);
                c.SlaDue += (first is { } answered && answered - created <= sla) || created + sla <= asOf ? 1 : 0;
                c.InSla += first is { } a && a - created <= sla ? 1 : 0;
            }
            var rowOf = (int stageId) => rows.FindIndex(r => r.Id == stageId);
            var furthest = visible.Select(h => rowOf(h.StageId)).Where(r => r >= 0).DefaultIfEmpty(0).Max();
            for (var r = 0; r <= furthest; r++)
            {
                if (rows[r].Kind != StageKind.Open)
                {
                    continue;
                }
                DateTimeOffset? exit = furthest > r ? visible.First(h => rowOf(h.StageId) > r).At : outcome == StageKind.Lost ? visible[^1].At : null;
                if (!In(exit))
                {
                    continue;
                }
                var advanced = furthest > r ? 1 : 0;
                stageTotals[r] = (stageTotals[r].Item1 + 1, stageTotals[r].Item2 + advanced);
                var stay = visible.Select((h, i) => (h, i)).FirstOrDefault(x => x.h.StageId == rows[r].Id && x.h.At is not null && (x.i == visible.Count - 1 || visible[x.i + 1].At is not null));
                if (stay.h.At is { } began)
                {
                    var band = deal.Touches.Count(at => at >= began && at <= exit) switch { 0 => 0, 1 => 1, 2 => 2, 3 or 4 => 3, _ => 4 };
                    touchBands[r][band] = (touchBands[r][band].Item1 + 1, touchBands[r][band].Item2 + advanced);
                }
                if (deal.CreatedAt is { } born)
                {
                    var firstTouch = deal.Touches.Count == 0 ? (DateTimeOffset?)null : deal.Touches.Min();
                    var band = firstTouch is { } ft && ft <= exit ? (ft - born).TotalHours switch { < 1 => 0, < 4 => 1, < 24 => 2, < 72 => 3, _ => 4 } : 5;
                    responseBands[r][band] = (responseBands[r][band].Item1 + 1, responseBands[r][band].Item2 + advanced);
                }
            }
        }
        foreach (var task in tasks)
        {
            var rep = reps.FirstOrDefault(r => r.UserId == task.AssigneeId);
            if (rep is null || !In(task.Due) || !live.ContainsKey(task.DealId))
            {
                continue;
            }
            counts[rep.Login].TasksDue++;
            counts[rep.Login].OnTime += task.DoneAt <= task.Due && task.DoneAt <= asOf ? 1 : 0;
        }

        var ranked = reps.Where(r => counts[r.Login].Deals > 0).ToList();
        var figures = ranked.ToDictionary(r => r.Login, r => Figures([counts[r.Login]]));
        var bestWin = figures.Values.Where(f => f.WinRate is not null).Select(f => f.WinRate!.Value).DefaultIfEmpty(-1).Max();
        var bestAmount = figures.Values.Select(f => f.WonAmount).DefaultIfEmpty(0).Max();
        var scores = figures.ToDictionary(x => x.Key, x =>
        {
            var f = x.Value;
            var results = new[] { f.WinRate is { } w && bestWin > 0 ? 100 * w / bestWin : (double?)null, bestAmount > 0 ? (double)(100 * f.WonAmount / bestAmount) : null }
                .Where(v => v is not null).Select(v => v!.Value).ToList();
            var process = new[] { (f.CompletionRate, 2.0), (f.OnTimeRate, 1.0), (f.FirstResponseInSlaRate, 1.0) }.Where(p => p.Item1 is not null).ToList();
            double? r = results.Count == 0 ? null : results.Average();
            double? p = process.Count == 0 ? null : process.Sum(v => 100 * v.Item1!.Value * v.Item2) / process.Sum(v => v.Item2);
            double? s = r is null ? p : p is null ? r : (query.ResultsWeight * r) + ((1 - query.ResultsWeight) * p);
            return new TeamScore(null, null, null, null, null, r, p, s, null);
        });
        var list = ranked
            .Select(r => (r.Login, figures[r.Login], scores[r.Login] with { Rank = scores[r.Login].Score is { } s ? 1 + scores.Values.Count(o => o.Score > s) : null }))
            .OrderBy(x => x.Item3.Rank ?? int.MaxValue).ThenBy(x => x.Login, StringComparer.Ordinal).ToList();
        var teams = ranked.Select(r => r.Team!).Append(query.Team).OfType<string>().Distinct().Order(StringComparer.Ordinal)
            .Select(team => (team, Figures([.. ranked.Where(r => r.Team == team).Select(r => counts[r.Login])]))).ToList();
        var open = Enumerable.Range(0, rows.Count).Where(r => rows[r].Kind == StageKind.Open).ToList();
        return new Expected(
            list, teams, Figures([.. ranked.Select(r => counts[r.Login])]),
            [.. open.Select(r => stageTotals[r])], [.. open.SelectMany(r => touchBands[r])], [.. open.SelectMany(r => responseBands[r])]);
    }

    private static TeamFigures Figures(IReadOnlyList<Counts> counts)
    {
        var hours = counts.SelectMany(c => c.Hours).ToList();
        return new TeamFigures(
            counts.Sum(c => c.Deals), counts.Sum(c => c.Touches), counts.Sum(c => c.Actions), counts.Sum(c => c.Completed), counts.Sum(c => c.TasksDue),
            counts.Sum(c => c.OnTime), counts.Sum(c => c.Created), counts.Sum(c => c.Answered), Median(hours), counts.Sum(c => c.SlaDue),
            counts.Sum(c => c.InSla), counts.Sum(c => c.Closed), counts.Sum(c => c.Won), counts.Sum(c => c.WonAmount));
    }

    /// <summary>The product-limit estimate stepped through every distinct answered time; the first time S falls to one half.</summary>
    private static double? Median(List<(double Hours, bool Answered)> times)
    {
        var survival = 1.0;
        foreach (var t in times.Where(x => x.Answered).Select(x => x.Hours).Distinct().Order())
        {
            survival *= 1 - ((double)times.Count(x => x.Answered && x.Hours == t) / times.Count(x => x.Hours >= t));
            if (survival <= 0.5 + 1e-9)
            {
                return t;
            }
        }
        return null;
    }

    private sealed class Counts
    {
        public long Deals, Touches, Actions, Completed, TasksDue, OnTime, Created, Answered, SlaDue, InSla, Closed, Won;
        public decimal WonAmount;
        public List<(double Hours, bool Answered)> Hours { get; } = [];
    }
}
