using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Deals;

public class StageHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rows_inserted_out_of_order_read_in_time_order_with_their_from_stage()
    {
        var pipeline = Builders.SavedPipeline();
        int Id(string key) => pipeline.FindStage(key)!.Id;
        var rows = new[]
        {
            Row(1, Id("won"), Start.AddDays(30)),
            Row(2, Id("needs"), Start.AddDays(10)),
            Row(3, Id("lead"), null),
            Row(4, Id("proposal"), Start.AddDays(20)),
        };

        var steps = StageHistory.Order(rows, pipeline);

        Assert.Equal([Id("lead"), Id("needs"), Id("proposal"), Id("won")], steps.Select(s => s.StageId));
        Assert.Equal([null, Id("lead"), Id("needs"), Id("proposal")], steps.Select(s => s.FromStageId));
        Assert.Equal([0, 1, 2, 3], steps.Select(s => s.Index));
    }

    [Fact]
    public void Rows_at_the_same_moment_follow_stage_position_then_insertion()
    {
        var pipeline = Builders.SavedPipeline();
        int Id(string key) => pipeline.FindStage(key)!.Id;
        var rows = new[] { Row(9, Id("lost"), Start), Row(5, Id("needs"), Start), Row(7, Id("needs"), Start) };

        var steps = StageHistory.Order(rows, pipeline);

        Assert.Equal([Id("needs"), Id("needs"), Id("lost")], steps.Select(s => s.StageId));
    }

    /// <summary>Seeded random histories against a plain insertion sort of the documented key.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ordering_matches_a_naive_sort_of_the_documented_key(int seed)
    {
        var random = new Random(seed);
        var pipeline = Builders.SavedPipeline();
        for (var trial = 0; trial < 500; trial++)
        {
            var rows = Enumerable.Range(1, random.Next(0, 12))
                .Select(id => Row(
                    id,
                    pipeline.Stages[random.Next(pipeline.Stages.Count)].Id,
                    random.Next(4) == 0 ? null : Start.AddHours(random.Next(0, 6) * 12)))
                .OrderBy(_ => random.Next())
                .ToList();

            var expected = NaiveOrder(rows, pipeline);
            var actual = StageHistory.Order(rows, pipeline);

            Assert.Equal(expected.Select(r => r.StageId), actual.Select(s => s.StageId));
            Assert.Equal(expected.Select(r => r.EnteredAt), actual.Select(s => s.EnteredAt));
            Assert.Equal(new int?[] { null }.Concat(expected.Select(r => (int?)r.StageId)).Take(expected.Count), actual.Select(s => s.FromStageId));
        }
    }

    private static List<StageTransition> NaiveOrder(List<StageTransition> rows, Pipeline pipeline)
    {
        (int, long, int, long) Key(StageTransition r) => (
            r.EnteredAt is null ? 0 : 1,
            r.EnteredAt?.UtcTicks ?? 0,
            pipeline.FindStage(r.StageId)!.Position,
            r.Id);
        var sorted = new List<StageTransition>();
        foreach (var row in rows)
        {
            var at = 0;
            while (at < sorted.Count && Key(sorted[at]).CompareTo(Key(row)) <= 0)
            {
                at++;
            }
            sorted.Insert(at, row);
        }
        return sorted;
    }

    private static StageTransition Row(long id, int stageId, DateTimeOffset? at)
    {
        var row = StageTransition.Enter(stageId, at, null, TransitionSource.Import);
        typeof(StageTransition).GetProperty(nameof(StageTransition.Id))!.SetValue(row, id);
        return row;
    }
}
