using System.Text.Json;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Core.Catalog;
using Loudou.Core.Demo;
using Loudou.Core.Targets;
using Loudou.Storage.Analytics;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Analytics;

/// <summary>
/// The column loader against the reference: <c>ColumnarSnapshot.From(FunnelSnapshotLoader.LoadAsync(…))</c> on a demo
/// with tags, custom values (some blank), another currency with and without a rate, a team target, blank industries,
/// undated history and undated deals, compared answer by answer as the CLI's JSON.
/// </summary>
public class FunnelColumnsLoaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_column_loader_gives_every_analysis_the_answers_of_the_row_loader(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await DemoWithEverythingAsync(database);
        await using var db = database.NewContext();

        var columns = await FunnelColumnsLoader.LoadAsync(db, null, 2);
        var reference = ColumnarSnapshot.From(await FunnelSnapshotLoader.LoadAsync(db, null));

        Assert.Equal(reference.DealCount, columns.DealCount);
        Assert.Equal(reference.EventCount, columns.EventCount);
        Assert.Equal(reference.LatestTicks, columns.LatestTicks);
        Assert.Equal(Json(reference.Targets), Json(columns.Targets));
        Assert.Null(columns.PipelinesWithDeals);
        var zone = reference.Calendar.Zone;
        var asOf = AnalysisText.Moment("2026-11-30", reference.Calendar);
        FunnelQuery[] funnels =
        [
            new() { AsOf = asOf },
            new() { AsOf = asOf, By = "channel" },
            new() { AsOf = asOf, By = "tag", Strict = true },
            new() { AsOf = asOf, By = "product", Where = [("tag", "vip")] },
            new() { AsOf = asOf, By = "industry", Where = [("custom.grade", "A")] },
            new() { AsOf = asOf, By = "custom.grade" },
            new() { AsOf = asOf, By = "team", CohortStage = "needs" },
            new() { AsOf = asOf, By = "cohort", From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 8, 31) },
            new() { AsOf = AnalysisText.Moment("2026-06-15", reference.Calendar), By = "owner", Curves = true },
        ];
        foreach (var query in funnels)
        {
            Assert.Equal(
                FunnelJson.Write(FunnelEngine.Compute(reference, query, Now), zone, query.Curves).ToJsonString(),
                FunnelJson.Write(FunnelEngine.Compute(columns, query, Now), zone, query.Curves).ToJsonString());
            Assert.Equal(Json(FunnelEngine.Count(reference, query, Now)), Json(FunnelEngine.Count(columns, query, Now)));
            Assert.Equal(Comparison(reference, query), Comparison(columns, query));
            Assert.Equal(LossJson.Write(LossPareto.Compute(reference, query, Now), zone).ToJsonString(), LossJson.Write(LossPareto.Compute(columns, query, Now), zone).ToJsonString());
            Assert.Equal(WhatIfJson.Write(WhatIf.Compute(reference, query, Now, 10), zone).ToJsonString(), WhatIfJson.Write(WhatIf.Compute(columns, query, Now, 10), zone).ToJsonString());
            Assert.Equal(FunnelEngine.DealIds(reference, query, Now, "needs", FunnelMeasure.Lost).Order(), FunnelEngine.DealIds(columns, query, Now, "needs", FunnelMeasure.Lost).Order());
        }
        BottleneckQuery[] bottlenecks =
        [
            new() { AsOf = asOf },
            new() { AsOf = asOf, Dimensions = ["tag", "custom.grade", "industry", "product"], MinN = 10 },
            new() { AsOf = asOf, Dimensions = ["team"], Where = [("tag", "urgent")], Alpha = 0.2 },
        ];
        foreach (var query in bottlenecks)
        {
            Assert.Equal(BottleneckJson.Write(Bottlenecks.Find(reference, query, Now), zone).ToJsonString(), BottleneckJson.Write(Bottlenecks.Find(columns, query, Now), zone).ToJsonString());
        }
        // Drivers read activities and completions too, which both loaders carry.
        foreach (var query in new DriverQuery[] { new() { Stage = "lead", AsOf = asOf }, new() { Stage = "needs", AsOf = asOf, Where = [("tag", "vip")], MinN = 5 } })
        {
            var expected = DriverJson.Write(Drivers.Find(reference, query, Now), zone);
            Assert.Contains(expected["items"]!.AsArray(), d => (string?)d!["feature"] == "action");
            Assert.Equal(expected.ToJsonString(), DriverJson.Write(Drivers.Find(columns, query, Now), zone).ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Through_a_callers_scope_the_column_loader_reads_the_deals_the_row_loader_reads(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        foreach (var login in AccessWorld.Logins)
        {
            await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));

            var columns = await FunnelColumnsLoader.LoadAsync(db, null, 1);
            var reference = ColumnarSnapshot.From(await FunnelSnapshotLoader.LoadAsync(db, null));

            Assert.Equal(reference.DealCount, columns.DealCount);
            foreach (var by in new[] { "tag", "owner", "channel" })
            {
                var query = new FunnelQuery { AsOf = Now, By = by };
                Assert.Equal(
                    FunnelJson.Write(FunnelEngine.Compute(reference, query, Now), reference.Calendar.Zone).ToJsonString(),
                    FunnelJson.Write(FunnelEngine.Compute(columns, query, Now), columns.Calendar.Zone).ToJsonString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_pipeline_is_refused_as_the_row_loader_refuses_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();

        var rows = await Assert.ThrowsAsync<DomainRuleException>(() => FunnelSnapshotLoader.LoadAsync(db, "nope"));
        var columns = await Assert.ThrowsAsync<DomainRuleException>(() => FunnelColumnsLoader.LoadAsync(db, "nope", 1));

        Assert.Equal((rows.Field, rows.Message), (columns.Field, columns.Message));
    }

    private static string Comparison(ColumnarSnapshot snapshot, FunnelQuery query) =>
        FunnelJson.Write(FunnelEngine.Compute(snapshot, query, Now), snapshot.Calendar.Zone, false,
            PeriodComparison.Compute(snapshot, query, Now, CompareWith.PreviousPeriod, query.From, query.To)).ToJsonString();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>A 1,500-deal demo, then what the demo lacks: tags, custom values, amounts in USD (with a rate) and EUR (without), a team target, and blanks and unknown times written past the domain's checks.</summary>
    private static async Task DemoWithEverythingAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await DemoWorkspace.CreateAsync(db, new DemoOptions(1_500, DemoOptions.DefaultSeed, new DateOnly(2026, 11, 30)));
        var (vip, urgent) = (Tag.Create("vip"), Tag.Create("urgent"));
        var grade = CustomField.Create("grade", new("等级", "Grade"), CustomFieldType.Text);
        var source = CustomField.Create("source-note", new("来源备注", "Source note"), CustomFieldType.Text);
        db.AddRange(vip, urgent, grade, source);
        db.ExchangeRates.AddRange(ExchangeRate.Create("USD", new DateOnly(2026, 1, 1), 7.0m), ExchangeRate.Create("USD", new DateOnly(2026, 6, 1), 7.1234m));
        await db.SaveChangesAsync();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var team = await db.Teams.OrderBy(t => t.Id).FirstAsync();
        db.ConversionTargets.Add(ConversionTarget.Create(pipeline.Id, pipeline.Stages[2].Id, team.Id, null, 0.6));
        var deals = await db.Deals.Include(d => d.Tags).Include(d => d.FieldValues).OrderBy(d => d.Id).ToListAsync();
        for (var i = 0; i < deals.Count; i++)
        {
            var deal = deals[i];
            if (i % 3 == 0)
            {
                deal.AddTag(vip);
            }
            if (i % 5 == 0)
            {
                deal.AddTag(urgent);
            }
            if (i % 4 != 3)
            {
                deal.SetFieldValue(grade, i % 4 == 0 ? "A" : "B");
            }
            if (i % 6 == 0)
            {
                deal.SetFieldValue(source, "note " + (i % 12));
            }
            if (i % 7 == 0)
            {
                deal.SetAmount(deal.Amount, i % 14 == 0 ? "USD" : "EUR");
            }
        }
        await db.SaveChangesAsync();
        // Past the domain's checks, as an import from another system may leave them.
        await db.Database.ExecuteSqlRawAsync("UPDATE custom_field_values SET value = '' WHERE deal_id % 10 = 1");
        await db.Database.ExecuteSqlRawAsync("UPDATE accounts SET industry = '' WHERE id % 9 = 0");
        await db.Database.ExecuteSqlRawAsync("UPDATE accounts SET region = NULL WHERE id % 11 = 0");
        await db.Database.ExecuteSqlRawAsync("UPDATE stage_transitions SET entered_at = NULL WHERE id % 13 = 0");
        await db.Database.ExecuteSqlRawAsync("UPDATE deals SET created_at = NULL, channel_id = NULL WHERE id % 17 = 0");
    }
}
