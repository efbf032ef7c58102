using Loudou.Core.Access;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Storage;
using Loudou.Storage.Demo;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Scoring.Tests;

/// <summary>ScoringService on real databases: what training stores, what a refusal leaves, who sees a score.</summary>
public class ScoringServiceTests
{
    private static readonly DemoOptions SmallDemo = new(400, 1, new DateOnly(2026, 11, 25));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Training_stores_an_active_model_with_its_report_and_scores_every_open_deal(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var setup = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(setup, SmallDemo);
        }
        await using var db = database.NewContext();
        var service = new ScoringService(db, TimeProvider.System);

        var first = await service.TrainAsync("default", ScoringSettings.Default);
        var second = await service.TrainAsync("default", ScoringSettings.Default);

        Assert.Null(second.Refusal);
        var report = second.Report!;
        Assert.Equal("stageConversion", (string?)report["model"]);
        foreach (var field in new[] { "model", "trainedAt", "rows", "crossValidation", "timeSplit", "calibration", "seconds" })
        {
            Assert.True(report.ContainsKey(field), field);
        }
        Assert.Equal(5, (int)report["crossValidation"]!["folds"]!);
        Assert.Equal(10, report["calibration"]!.AsArray().Count);
        var models = await db.ScoringModels.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([false, true], models.Select(m => m.IsActive));
        Assert.Equal((int)report["modelId"]!, models[1].Id);
        Assert.Equal((int)first.Report!["modelId"]!, models[0].Id);
        var open = await db.Deals.CountAsync(d => db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Open));
        Assert.Equal(open, second.Scored);
        Assert.Equal(open, await db.DealScores.CountAsync(s => s.ScoringModelId == models[1].Id && !s.Final));
        // The closed deals keep their held-out scores, final, for the layers' funnels.
        var closed = await db.Deals.CountAsync(d => db.Stages.Any(s => s.Id == d.StageId && s.Kind != StageKind.Open));
        Assert.Equal(closed, await db.DealScores.CountAsync(s => s.ScoringModelId == models[1].Id && s.Final));
        Assert.Equal(0, await db.DealScores.CountAsync(s => s.ScoringModelId == models[0].Id));
        Assert.Equal(report.ToJsonString(), (await service.ReportAsync("default"))!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_deal_has_a_layer_in_the_funnel_snapshot_and_new_cuts_relayer_every_score_at_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var setup = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(setup, SmallDemo);
        }
        await using var db = database.NewContext();
        await new ScoringService(db, TimeProvider.System).TrainAsync("default", ScoringSettings.Default);
        var deals = await db.Deals.CountAsync();

        var before = await Storage.Analytics.FunnelSnapshotLoader.LoadAsync(db, "default");
        // Cuts around the median score split the deals in two, whatever model the small demo gets.
        var scores = await db.DealScores.AsNoTracking().Select(s => s.Score).OrderBy(s => s).ToListAsync();
        var median = scores[scores.Count / 2];
        var (settings, changed) = await new WorkspaceSettingsStore(db).ChangeAsync(new WorkspaceSettingsChange(LayerHighScore: Math.Min(1, median + 1e-9), LayerLowScore: 0));
        var after = await Storage.Analytics.FunnelSnapshotLoader.LoadAsync(db, "default");
        var columns = await Storage.Analytics.FunnelColumnsLoader.LoadAsync(db, "default", 1);

        Assert.True(changed);
        Assert.Equal(deals, before.Deals.Count);
        Assert.Equal(deals, await db.DealScores.CountAsync());
        Assert.All(await db.DealScores.AsNoTracking().ToListAsync(), s => Assert.Equal(s.Score >= settings.LayerHighScore ? "A" : "B", s.Layer));
        Assert.All(before.Deals, d => Assert.Contains(d.Dimensions["layer"].Single(), new[] { "A", "B", "C" }));
        var layers = after.Deals.Select(d => d.Dimensions["layer"].Single()).ToList();
        Assert.Equal(await db.DealScores.CountAsync(s => s.Layer == "A"), layers.Count(l => l == "A"));
        Assert.Equal(deals, layers.Count(l => l is "A" or "B"));
        Assert.True(columns.Holds("layer", "A") && columns.Holds("layer", "B") && !columns.Holds("layer", "C"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_pipeline_without_closed_deals_or_with_one_outcome_is_refused_and_nothing_changes(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var deals = new List<Core.Deals.Deal>();
        for (var i = 0; i < 3; i++)
        {
            deals.Add(await Builders.DealAsync(db, $"D{i}", new DateTimeOffset(2026, 1, 1 + i, 0, 0, 0, TimeSpan.Zero)));
        }
        var service = new ScoringService(db, TimeProvider.System);

        var none = await service.TrainAsync("default", ScoringSettings.Default);
        var won = pipeline.Stages.Single(s => s.Kind == StageKind.Won);
        foreach (var deal in deals.Take(2))
        {
            deal.MoveTo(won, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), null, Core.Deals.TransitionSource.App);
        }
        await db.SaveChangesAsync();
        var onlyWon = await service.TrainAsync("default", ScoringSettings.Default);

        Assert.Equal("pipeline default has no closed deals: a model learns from deals won and lost, and none is yet.", none.Refusal);
        Assert.Equal("pipeline default has only won closed deals (2): a model needs both outcomes to tell them apart.", onlyWon.Refusal);
        Assert.Equal(0, await db.ScoringModels.CountAsync());
        Assert.Equal(0, await db.DealScores.CountAsync());
        Assert.Null(await service.ReportAsync("default"));
        await Assert.ThrowsAsync<Core.DomainRuleException>(() => service.TrainAsync("nowhere", ScoringSettings.Default));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_score_is_seen_with_its_deal_and_only_by_who_sees_the_deal(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var setup = database.NewContext())
        {
            await DemoWorkspace.CreateAsync(setup, SmallDemo);
            await new ScoringService(setup, TimeProvider.System).TrainAsync(null, ScoringSettings.Default);
        }
        await using var admin = database.NewContext();
        var zhang = await admin.Users.SingleAsync(u => u.LoginName == "zhang.wei");
        var openStages = admin.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id);
        var own = await admin.Deals.Where(d => d.OwnerId == zhang.Id && openStages.Contains(d.StageId)).Select(d => d.Id).FirstAsync();
        var other = await admin.Deals.Where(d => d.OwnerId != zhang.Id && openStages.Contains(d.StageId)).Select(d => d.Id).FirstAsync();
        await using var rep = LoudouDatabase.CreateContext(database.Target, AccessScope.For(zhang));
        var asRep = new ScoringService(rep, TimeProvider.System);

        var mine = await asRep.ScoreOfAsync(own);
        var theirs = await asRep.ScoreOfAsync(other);

        Assert.NotNull(mine);
        Assert.InRange(mine.Score, 0, 1);
        Assert.Equal("default", mine.Pipeline);
        Assert.NotEmpty(mine.Factors);
        Assert.Null(theirs);
        Assert.NotNull(await new ScoringService(admin, TimeProvider.System).ScoreOfAsync(other));
    }
}
