using System.Text.Json;
using System.Text.Json.Serialization;
using Loudou.Core.Analytics;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Analytics;

/// <summary>
/// Bottlenecks, period comparison, losses, what-if and drill-down on the columnar snapshot against the plain path,
/// their reference, on seeded random funnels: whole, scoped, filtered, at an earlier moment and after a refresh.
/// </summary>
public class ColumnarAnalysesTests
{
    private static readonly DateTimeOffset Now = FunnelBuilder.Day0.AddDays(400);

    private static readonly JsonSerializerOptions Exact = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static TheoryData<int> Seeds => [1, 2, 3, 4];

    private static readonly FunnelQuery[] Queries =
    [
        new(),
        new() { By = "channel" },
        new() { By = "tag", Strict = true },
        new() { Where = [("channel", "web")], By = "owner" },
        new() { AsOf = FunnelBuilder.Day0.AddDays(45), By = "cohort" },
        new() { Scope = new AnalyticsScope("li", "south"), By = "team" },
        new() { CohortStage = "qualified", From = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(5).Date), To = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(40).Date) },
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Losses_what_if_and_period_comparisons_equal_the_plain_paths(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 2_000);
        var columnar = ColumnarSnapshot.From(plain);

        foreach (var query in Queries)
        {
            Assert.Equal(Json(LossPareto.Compute(plain, query, Now)), Json(LossPareto.Compute(columnar, query, Now, threads: 2)));
            Assert.Equal(Json(WhatIf.Compute(plain, query, Now, 7)), Json(WhatIf.Compute(columnar, query, Now, 7, threads: 2)));
            foreach (var with in new[] { CompareWith.PreviousPeriod, CompareWith.PreviousYear })
            {
                Assert.Equal(Json(PeriodComparison.Compute(plain, query, Now, with)), Json(PeriodComparison.Compute(columnar, query, Now, with, threads: 2)));
            }
            var from = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(20).Date);
            Assert.Equal(
                Json(PeriodComparison.Compute(plain, query, Now, CompareWith.PreviousPeriod, from, from.AddDays(13))),
                Json(PeriodComparison.Compute(columnar, query, Now, CompareWith.PreviousPeriod, from, from.AddDays(13), threads: 2)));
        }
        // Some stage lost deals for a reason, so the Pareto compared above was not empty.
        Assert.Contains(LossPareto.Compute(columnar, new FunnelQuery(), Now).Stages, s => s.Reasons.Count > 1);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bottlenecks_equal_the_plain_paths_with_targets_segments_and_scopes(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 3_000);
        var columnar = ColumnarSnapshot.From(plain);
        var asOf = FunnelBuilder.Day0.AddDays(75);
        BottleneckQuery[] queries =
        [
            new() { MinN = 10, Alpha = 0.5 },
            new() { MinN = 5, Alpha = 0.999, Dimensions = ["team", "tag", "custom.budget"], AsOf = asOf },
            new() { MinN = 5, Alpha = 0.999, Where = [("channel", "fair")], Scope = new AnalyticsScope("wang", "north") },
            new() { MinN = 5, Alpha = 0.999, From = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(30).Date), To = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(60).Date) },
        ];

        foreach (var query in queries)
        {
            var expected = Bottlenecks.Find(plain, query, Now);
            Assert.Equal(Json(expected), Json(Bottlenecks.Find(columnar, query, Now, threads: 2)));
        }
        // With every test reported, findings exist: the comparison above was not between two empty lists.
        Assert.NotEmpty(Bottlenecks.Find(columnar, queries[1], Now).Items);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Drivers_equal_the_plain_paths_at_every_open_stage_scoped_filtered_and_windowed(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 3_000, Builders.SavedPipeline(BuiltinPipelines.Default));
        var columnar = ColumnarSnapshot.From(plain);
        var tested = 0;
        foreach (var stage in plain.Pipeline.Stages.Where(s => s.Kind == StageKind.Open))
        {
            DriverQuery[] queries =
            [
                new() { Stage = stage.Key, MinN = 5 },
                new() { Stage = stage.Key, MinN = 5, AsOf = FunnelBuilder.Day0.AddDays(75), Scope = new AnalyticsScope("wang", "north") },
                new() { Stage = stage.Key, MinN = 5, Where = [("channel", "fair")], From = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(10).Date), To = DateOnly.FromDateTime(FunnelBuilder.Day0.AddDays(90).Date) },
            ];
            foreach (var query in queries)
            {
                // Both paths refuse alike (too few exits) or answer alike.
                var expected = Answer(() => Drivers.Find(plain, query, Now));
                Assert.Equal(expected, Answer(() => Drivers.Find(columnar, query, Now, threads: 2)));
                tested += expected.StartsWith('{') ? 1 : 0;
            }
        }
        // Some stage had enough exits, and its answer held actions, touches and first responses, not just attributes.
        var lead = Drivers.Find(columnar, new DriverQuery { Stage = "lead", MinN = 5 }, Now);
        Assert.True(tested > 0);
        Assert.Contains(lead.Items, d => d.Feature == "action");
        Assert.Contains(lead.Items, d => d.Feature == "touches");
        Assert.Contains(lead.Items, d => d.Feature == "firstResponse");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_drill_down_lists_the_same_deals_as_the_plain_path_and_as_many_as_the_figure(int seed)
    {
        var plain = RandomFunnel.Snapshot(seed, 1_200);
        var columnar = ColumnarSnapshot.From(plain);

        foreach (var query in Queries)
        {
            var report = FunnelEngine.Compute(columnar, query, Now);
            var groups = query.By is null ? [null] : report.Groups!.Select(g => (string?)g.Key).Append("no such group").ToList();
            foreach (var group in groups)
            {
                var figures = group is null ? report.Total : report.Groups!.SingleOrDefault(g => g.Key == group)?.Figures;
                foreach (var row in report.Total.Stages)
                {
                    foreach (var measure in Enum.GetValues<FunnelMeasure>())
                    {
                        var ids = FunnelEngine.DealIds(columnar, query, Now, row.Stage, measure, group, threads: 2);
                        Assert.Equal(FunnelEngine.DealIds(plain, query, Now, row.Stage, measure, group).Order(), ids.Order());
                        var shown = figures?.Stages.Single(s => s.Stage == row.Stage);
                        long expected = measure switch
                        {
                            FunnelMeasure.Entered => shown?.Entered ?? 0,
                            FunnelMeasure.Advanced => shown?.Advanced ?? 0,
                            FunnelMeasure.Lost => shown?.Lost ?? 0,
                            _ => shown?.Open ?? 0,
                        };
                        Assert.Equal(expected, ids.Count);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void After_a_refresh_the_analyses_answer_as_on_a_snapshot_built_afresh(int seed)
    {
        var before = RandomFunnel.Snapshot(seed, 1_500);
        var after = RandomFunnel.Snapshot(seed + 50, 1_500, before.Pipeline);
        var random = new Random(seed);
        // Half the deals changed (replaced by another seed's deal of the same id), some removed.
        var changed = after.Deals.Where(_ => random.Next(2) == 0).ToList();
        var removed = before.Deals.Where(_ => random.Next(10) == 0).Select(d => d.Id).Except(changed.Select(d => d.Id)).ToList();
        var columnar = ColumnarSnapshot.From(before);
        columnar.Apply(changed, removed);
        var byId = changed.ToDictionary(d => d.Id);
        var reference = before with { Deals = [.. before.Deals.Where(d => !removed.Contains(d.Id)).Select(d => byId.GetValueOrDefault(d.Id) ?? d)] };

        var query = new FunnelQuery { By = "channel" };
        Assert.Equal(Json(LossPareto.Compute(reference, query, Now)), Json(LossPareto.Compute(columnar, query, Now)));
        Assert.Equal(Json(PeriodComparison.Compute(reference, query, Now, CompareWith.PreviousPeriod)), Json(PeriodComparison.Compute(columnar, query, Now, CompareWith.PreviousPeriod)));
        var bottlenecks = new BottleneckQuery { MinN = 5, Alpha = 0.999, Dimensions = ["owner", "tag"] };
        Assert.Equal(Json(Bottlenecks.Find(reference, bottlenecks, Now)), Json(Bottlenecks.Find(columnar, bottlenecks, Now)));
        var drivers = new DriverQuery { Stage = "lead", MinN = 5 };
        Assert.Equal(Json(Drivers.Find(reference, drivers, Now)), Json(Drivers.Find(columnar, drivers, Now)));
    }

    private static string Answer(Func<DriverReport> find)
    {
        try
        {
            return Json(find());
        }
        catch (DomainRuleException refused)
        {
            return refused.Message;
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, Exact);
}
