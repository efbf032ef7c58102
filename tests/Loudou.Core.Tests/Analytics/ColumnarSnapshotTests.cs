using System.Text.Json;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// The columnar path against the plain path on seeded random deals (skipped stages, moves back, re-entries,
/// unknown times, multi-valued and custom dimensions, missing amounts), and refreshes against rebuilds.
/// </summary>
public class ColumnarSnapshotTests
{
    private static readonly DateTimeOffset Now = FunnelBuilder.Day0.AddDays(400);

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    private static readonly FunnelQuery[] Queries =
    [
        new(),
        new() { By = "channel" },
        new() { By = "cohort" },
        new() { By = "tag" },
        new() { By = "custom.budget" },
        new() { Strict = true, By = "owner" },
        new() { AsOf = FunnelBuilder.Day0.AddDays(40), By = "channel" },
        new() { AsOf = FunnelBuilder.Day0.AddDays(25), Strict = true },
        new() { CohortStage = "qualified", By = "cohort" },
        new() { From = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(10).Date), To = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(50).Date), By = "tag" },
        new() { Where = [("channel", "web"), ("tag", "vip")], By = "cohort" },
        new() { Where = [("cohort", "2026-02"), ("owner", "")] },
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_columnar_report_equals_the_plain_report_for_every_kind_of_query(int seed)
    {
        var plain = RandomSnapshot(seed, 600);
        var columnar = ColumnarSnapshot.From(plain);

        foreach (var query in Queries)
        {
            Assert.Equal(Json(FunnelEngine.Compute(plain, query, Now)), Json(FunnelEngine.Compute(columnar, query, Now, threads: 2)));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_scoped_query_counts_exactly_the_deals_of_its_scope_on_both_paths(int seed)
    {
        // Without targets: a manager's scope picks their team's target (FunnelTargetsTests), which the unscoped reference cannot.
        var plain = RandomSnapshot(seed, 1_500) with { Targets = [] };
        var columnar = ColumnarSnapshot.From(plain);
        AnalyticsScope[] scopes = [new("li", null), new("zhang", null), new("wang", "north"), new("zhang", "south")];

        foreach (var scope in scopes)
        {
            // The naive reference: the deals a reader of docs/access.md would pick by hand, counted without a scope.
            var seen = plain with { Deals = [.. plain.Deals.Where(d => scope.Sees(OrNull(Value(d, "owner")), OrNull(Value(d, "team"))))] };
            Assert.NotEmpty(seen.Deals);
            foreach (var query in Queries.Where(q => q.Where.Count == 0))
            {
                // A scope does not move the default moment: it is the workspace's, the same for everyone.
                var fixedQuery = query with { AsOf = query.AsOf ?? Now };
                var expected = Json(FunnelEngine.Compute(seen, fixedQuery, Now));
                Assert.Equal(expected, Json(FunnelEngine.Compute(columnar, fixedQuery with { Scope = scope }, Now, threads: 2)));
                Assert.Equal(expected, Json(FunnelEngine.Compute(plain, fixedQuery with { Scope = scope }, Now)));
            }
        }
        // Someone whose login and team no deal carries sees nothing, on both paths.
        var nobody = new FunnelQuery { AsOf = Now, Scope = new AnalyticsScope("nobody", "east") };
        Assert.Equal(0, FunnelEngine.Compute(columnar, nobody, Now).Total.Deals);
        Assert.Equal(0, FunnelEngine.Compute(plain, nobody, Now).Total.Deals);
    }

    private static string? OrNull(string value) => value == "" ? null : value;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Counts_and_times_in_stage_equal_the_plain_reports_figures(int seed)
    {
        var plain = RandomSnapshot(seed, 5_000);
        var columnar = ColumnarSnapshot.From(plain);

        foreach (var query in Queries)
        {
            var report = FunnelEngine.Compute(plain, query with { Curves = true }, Now);
            var counts = FunnelEngine.Count(columnar, query, Now, threads: 2);
            AssertCounts(report.Total, counts.Total);
            Assert.Equal(report.Groups?.Select(g => g.Key), counts.Groups?.Select(g => g.Key));
            foreach (var (group, row) in (report.Groups ?? []).Zip(counts.Groups ?? []))
            {
                AssertCounts(group.Figures, row);
            }

            var open = report.Total.Stages.Where(s => s.Advanced is not null).ToList();
            var naive = FunnelEngine.NaiveTimeInStage(columnar, query, Now, threads: 2);
            Assert.Equal(open.Select(s => (s.Stage, s.NaiveMedianDays, s.NaiveP90Days)), naive.Select(n => (n.Stage, n.MedianDays, n.P90Days)));
            var curves = FunnelEngine.TimeInStage(columnar, query, Now, threads: 2);
            Assert.Equal(open.Select(s => Json(s.Survival!)), curves.Select(c => Json(c.Curve)));
            // Without curves, the medians and p90s are the curves' own, and their counts are kept.
            var quantiles = FunnelEngine.TimeInStageQuantiles(columnar, query, Now, threads: 2);
            Assert.Equal(curves.Select(c => (c.Stage, c.Curve.Ended, c.Curve.Quantile(0.5), c.Curve.Quantile(0.9))), quantiles.Select(q => (q.Stage, q.Ended, q.MedianDays, q.P90Days)));
            var summary = FunnelEngine.Compute(plain, query, Now);
            Assert.Equal(
                report.Total.Stages.Select(s => (s.MedianDays, s.P90Days, s.NaiveMedianDays, s.NaiveP90Days, s.Survival?.Count, s.Survival?.Censored)),
                summary.Total.Stages.Select(s => (s.MedianDays, s.P90Days, s.NaiveMedianDays, s.NaiveP90Days, s.Survival?.Count, s.Survival?.Censored)));
            Assert.Equal(
                (report.Total.TimeToClose!.MedianDays, report.Total.TimeToClose.P90Days, report.Total.TimeToClose.Survival.Ended),
                (summary.Total.TimeToClose!.MedianDays, summary.Total.TimeToClose.P90Days, summary.Total.TimeToClose.Survival.Ended));
            Assert.All(summary.Total.Stages, s => Assert.Empty(s.Survival?.Steps ?? []));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_refreshed_snapshot_answers_as_one_built_afresh(int seed)
    {
        var before = RandomSnapshot(seed, 800);
        var after = RandomSnapshot(seed + 100, 800, before.Pipeline);
        var random = new Random(seed);
        // After: some deals changed, some removed, some new; three rounds, so compaction happens on the way.
        var columnar = ColumnarSnapshot.From(before);
        var current = before.Deals.ToDictionary(d => d.Id);
        for (var round = 0; round < 3; round++)
        {
            var changed = after.Deals.Where(_ => random.NextDouble() < 0.4).Select(d => d with { Id = d.Id + random.Next(0, 2) * 1000 }).DistinctBy(d => d.Id).ToList();
            var removed = current.Keys.Where(_ => random.NextDouble() < 0.1).ToList();
            columnar.Apply(changed, removed);
            foreach (var id in removed)
            {
                current.Remove(id);
            }
            foreach (var deal in changed)
            {
                current[deal.Id] = deal;
            }
            var rebuilt = before with { Deals = [.. current.Values] };
            foreach (var query in Queries)
            {
                Assert.Equal(Json(FunnelEngine.Compute(rebuilt, query, Now)), Json(FunnelEngine.Compute(columnar, query, Now, threads: 2)));
            }
            Assert.Equal(current.Count, columnar.DealCount);
        }
    }

    [Fact]
    public void A_bulk_load_from_columns_answers_as_the_plain_snapshot_of_the_same_rows()
    {
        // The columns are loaded without targets here (FromColumns takes them apart), so the reference has none either.
        var plain = RandomSnapshot(7, 5_000) with { Targets = [] };
        var stages = plain.Pipeline.Stages.ToList();
        var deals = plain.Deals.Where(d => d.History.Count > 0).ToList();
        var channels = deals.Select(d => Value(d, "channel")).Distinct().ToList();
        var dealColumns = new DealColumns(
            deals.Count,
            [.. deals.Select(d => d.Id)],
            [.. deals.Select(d => d.CreatedAt?.UtcTicks ?? ColumnarSnapshot.UnknownTime)],
            [.. deals.Select(d => d.Amount ?? 0)],
            [.. deals.Select(d => d.Amount is not null)],
            new Dictionary<string, (IReadOnlyList<string>, int[])> { ["channel"] = (channels, [.. deals.Select(d => channels.IndexOf(Value(d, "channel")))]) });
        // Rows shuffled: the bulk load orders each deal's history itself.
        var rows = deals.SelectMany(d => d.History.Select(h => (d.Id, Stage: (byte)stages.FindIndex(s => s.Id == h.StageId), Ticks: h.At?.UtcTicks ?? ColumnarSnapshot.UnknownTime)))
            .OrderBy(_ => Guid.NewGuid()).ToList();
        var events = new EventColumns(rows.Count, [.. rows.Select(r => r.Id)], [.. rows.Select(r => r.Stage)], [.. rows.Select(r => r.Ticks)]);
        var columnar = ColumnarSnapshot.FromColumns(plain.Pipeline, plain.Calendar, dealColumns, events, threads: 2);
        var reference = plain with { Deals = [.. deals.Select(d => d with { Dimensions = new Dictionary<string, IReadOnlyList<string>> { ["channel"] = [Value(d, "channel")] } })] };

        foreach (var query in new FunnelQuery[] { new() { By = "channel" }, new() { By = "cohort" }, new() { Strict = true } })
        {
            Assert.Equal(Json(FunnelEngine.Compute(reference, query, Now)), Json(FunnelEngine.Compute(columnar, query, Now, threads: 2)));
        }
        Assert.InRange(columnar.MemoryBytes, 1, 64L * columnar.EventCount + 4096);
    }

    [Fact]
    public void Quantiles_by_radix_buckets_equal_the_quantiles_of_a_full_sort()
    {
        var random = new Random(11);
        foreach (var n in new[] { 1, 2, 3, 17, 100, 1001, 50_000 })
        {
            // Many ties (rounded), negatives, and values spread over many orders of magnitude.
            var values = Enumerable.Range(0, n).Select(_ => n % 2 == 0 ? Math.Round(random.NextDouble() * 10) : (random.NextDouble() - 0.2) * Math.Pow(10, random.Next(-6, 6))).ToArray();
            double[] qs = [0.0, 0.1, 0.5, 0.9, 1.0];
            var answers = new double?[qs.Length];
            Quantile.Continuous(values, qs, answers);
            Assert.Equal(qs.Select(q => Quantile.Continuous([.. values], q)), answers);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_change_applied_to_a_clone_leaves_the_original_answering_as_before(int seed)
    {
        var before = RandomSnapshot(seed, 800);
        var after = RandomSnapshot(seed + 100, 800, before.Pipeline);
        var original = ColumnarSnapshot.From(before);
        var answers = Queries.Select(q => Json(FunnelEngine.Compute(original, q, Now))).ToList();
        var copy = original;
        var current = before.Deals.ToDictionary(d => d.Id);
        var random = new Random(seed);
        // Three rounds of copy-then-apply, as the host refreshes: compaction happens on the way.
        for (var round = 0; round < 3; round++)
        {
            var changed = after.Deals.Where(_ => random.NextDouble() < 0.3).Select(d => d with { Id = d.Id + random.Next(0, 2) * 1000 }).DistinctBy(d => d.Id).ToList();
            var removed = current.Keys.Where(_ => random.NextDouble() < 0.1).ToList();
            copy = copy.Clone();
            copy.Apply(changed, removed);
            foreach (var id in removed)
            {
                current.Remove(id);
            }
            foreach (var deal in changed)
            {
                current[deal.Id] = deal;
            }
        }

        Assert.Equal(answers, Queries.Select(q => Json(FunnelEngine.Compute(original, q, Now))));
        var rebuilt = before with { Deals = [.. current.Values] };
        Assert.Equal(Queries.Select(q => Json(FunnelEngine.Compute(rebuilt, q, Now))), Queries.Select(q => Json(FunnelEngine.Compute(copy, q, Now, threads: 2))));
    }

    [Fact]
    public void A_filter_on_a_value_nobody_holds_any_more_is_refused_as_the_plain_path_refuses_it()
    {
        var plain = RandomSnapshot(3, 50);
        var columnar = ColumnarSnapshot.From(plain);
        columnar.Apply([], plain.Deals.Where(d => Value(d, "channel") == "fair").Select(d => d.Id));
        var query = new FunnelQuery { Where = [("channel", "fair")] };

        var error = Assert.Throws<DomainRuleException>(() => FunnelEngine.Compute(columnar, query, Now));
        Assert.Contains("no deal has that value", error.Message);
    }

    private static void AssertCounts(FunnelFigures figures, FunnelCountRow counts)
    {
        Assert.Equal((figures.Deals, figures.Won, figures.Lost), (counts.Deals, counts.Won, counts.Lost));
        Assert.Equal(figures.Stages.Select(s => s.Entered), counts.Entered);
        Assert.Equal(figures.Stages.Select(s => s.Advanced ?? 0), counts.Advanced);
        Assert.Equal(figures.Stages.Select(s => s.Lost ?? 0), counts.LostAt);
        Assert.Equal(figures.Stages.Select(s => s.Open ?? 0), counts.OpenAt);
    }

    private static string Value(FunnelDeal deal, string dimension) =>
        deal.Dimensions.TryGetValue(dimension, out var values) && values.Count > 0 ? values[0] : "";

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static FunnelSnapshot RandomSnapshot(int seed, int count, Pipeline? pipeline = null) => RandomFunnel.Snapshot(seed, count, pipeline);
}
