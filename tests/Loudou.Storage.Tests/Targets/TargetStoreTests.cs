using Loudou.Core;
using Loudou.Core.Targets;
using Loudou.Storage.Targets;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Targets;

/// <summary>TargetStore on the access world: teams North (rep ann, manager max) and South (rep bob, manager sue), admin root.</summary>
public class TargetStoreTests
{
    private const string Everything = """
        {
          "conversion": [
            { "stage": "lead", "rate": 0.4 },
            { "stage": "needs", "team": "North", "rate": 0.6 },
            { "stage": "needs", "team": "South", "month": "2026-11", "rate": 0.55 },
            { "stage": "proposal", "month": "2026-11", "rate": 0.5 }
          ],
          "sales": [
            { "month": "2026-11", "wonAmount": 900000 },
            { "month": "2026-11", "team": "North", "wonAmount": 500000, "wonCount": 10 },
            { "month": "2026-11", "team": "South", "wonCount": 8 },
            { "month": "2026-11", "rep": "ann", "wonAmount": 200000 },
            { "month": "2026-11", "rep": "bob", "wonAmount": 150000 }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_a_second_workspace_wide_standing_target_for_a_stage(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var needs = pipeline.FindStage("needs")!.Id;
        db.ConversionTargets.Add(ConversionTarget.Create(pipeline.Id, needs, null, null, 0.5));
        await db.SaveChangesAsync();

        db.ConversionTargets.Add(ConversionTarget.Create(pipeline.Id, needs, null, null, 0.6));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_a_second_target_for_every_other_combination_too(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var north = world.Teams["North"];
        var november = new DateOnly(2026, 11, 1);
        var duplicates = new Func<LoudouDbContext, int, int, object>[]
        {
            (db, p, s) => db.ConversionTargets.Add(ConversionTarget.Create(p, s, north, null, 0.5)).Entity,
            (db, p, s) => db.ConversionTargets.Add(ConversionTarget.Create(p, s, null, november, 0.5)).Entity,
            (db, p, s) => db.ConversionTargets.Add(ConversionTarget.Create(p, s, north, november, 0.5)).Entity,
            (db, _, _) => db.SalesTargets.Add(SalesTarget.Create(november, null, null, 1m, null)).Entity,
            (db, _, _) => db.SalesTargets.Add(SalesTarget.Create(november, north, null, 1m, null)).Entity,
            (db, _, _) => db.SalesTargets.Add(SalesTarget.Create(november, null, world.Users["ann"].Id, 1m, null)).Entity,
        };
        foreach (var add in duplicates)
        {
            await using var db = database.NewContext();
            var pipeline = await Builders.DefaultPipelineAsync(db);
            var stage = pipeline.FindStage("needs")!.Id;
            add(db, pipeline.Id, stage);
            await db.SaveChangesAsync();
            add(db, pipeline.Id, stage);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_a_file_twice_leaves_one_row_per_combination_and_changes_nothing_the_second_time(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);

        var first = await ApplyAsync(database, null, Everything);
        var second = await ApplyAsync(database, null, Everything);

        Assert.Equal((9, 0, 0), (first.Created, first.Changed, first.Removed));
        Assert.Equal((0, 0, 0), (second.Created, second.Changed, second.Removed));
        Assert.Equal(TargetsFile.Write(first.Applied!), TargetsFile.Write(second.Applied!));
        await using var db = database.NewContext();
        Assert.Equal(4, await db.ConversionTargets.CountAsync());
        Assert.Equal(5, await db.SalesTargets.CountAsync());
        var applied = second.Applied!;
        Assert.Equal("default", applied.Pipeline);
        Assert.Equal(["lead", "needs", "needs", "proposal"], applied.Conversion.Select(c => c.Stage));
        Assert.Equal([null, "North", "South", null, null], applied.Sales.Select(s => s.Team));
        Assert.Equal(500_000m, applied.Sales[1].WonAmount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_figure_is_changed_in_place_and_a_null_rate_or_remove_takes_the_target_away(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);
        await ApplyAsync(database, null, Everything);

        var result = await ApplyAsync(database, null, """
            {
              "pipeline": "default",
              "conversion": [ { "stage": "lead", "rate": 0.45 }, { "stage": "needs", "team": "North", "rate": null }, { "stage": "closing", "rate": null } ],
              "sales": [ { "month": "2026-11", "rep": "ann", "remove": true }, { "month": "2026-11", "team": "South", "wonAmount": 400000 } ]
            }
            """);

        Assert.Equal((0, 2, 2), (result.Created, result.Changed, result.Removed));
        Assert.Equal(["lead", "needs", "proposal"], result.Applied!.Conversion.Select(c => c.Stage));
        Assert.Equal(0.45, result.Applied.Conversion[0].Rate);
        Assert.DoesNotContain(result.Applied.Sales, s => s.Rep == "ann");
        var south = result.Applied.Sales.Single(s => s.Team == "South");
        Assert.Equal((400_000m, (int?)null), (south.WonAmount, south.WonCount));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_unknown_names_changes_nothing_and_names_every_field(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);

        var result = await ApplyAsync(database, null, """
            {
              "conversion": [ { "stage": "lead", "rate": 0.4 }, { "stage": "neds", "rate": 0.5 }, { "stage": "won", "rate": 0.5 }, { "stage": "needs", "team": "West", "rate": 0.5 } ],
              "sales": [ { "month": "2026-11", "rep": "nobody", "wonCount": 1 }, { "month": "2026-11", "rep": "max", "wonCount": 1 }, { "month": "2026-11", "wonCount": 1 } ]
            }
            """);

        Assert.Null(result.Applied);
        Assert.Equal(
            ["$.conversion[1].stage", "$.conversion[2].stage", "$.conversion[3].team", "$.sales[0].rep", "$.sales[1].rep"],
            result.Errors.Select(e => e.Path));
        Assert.StartsWith("no stage 'neds' in pipeline 'default'; stages: lead, nurturing, needs,", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'max' is a manager, not a rep", result.Errors[4].Message, StringComparison.Ordinal);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.ConversionTargets.CountAsync());
        Assert.Equal(0, await db.SalesTargets.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_pipeline_is_an_error_on_the_pipeline_field(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var store = new TargetStore(db);

        var result = await store.ApplyAsync(new TargetsDocument("enrolment", [], []));
        var read = await Assert.ThrowsAsync<DomainRuleException>(() => store.ReadAsync("enrolment", null));

        Assert.Equal("$.pipeline: no pipeline 'enrolment'; pipelines: default.", Assert.Single(result.Errors).ToString());
        Assert.Equal("pipeline", read.Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_manager_sets_only_their_own_team_and_its_reps_and_a_rep_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AccessWorld.CreateAsync(database);

        var refused = await ApplyAsync(database, "max", Everything);
        var allowed = await ApplyAsync(database, "max", """
            { "conversion": [ { "stage": "needs", "team": "North", "rate": 0.6 } ],
              "sales": [ { "month": "2026-11", "team": "North", "wonCount": 10 }, { "month": "2026-11", "rep": "ann", "wonCount": 4 } ] }
            """);
        var rep = await ApplyAsync(database, "ann", """{ "sales": [ { "month": "2026-11", "rep": "ann", "wonCount": 40 } ] }""");

        Assert.Equal(["$.conversion[0]", "$.conversion[2]", "$.conversion[3]", "$.sales[0]", "$.sales[2]", "$.sales[4]"], refused.Errors.Select(e => e.Path));
        Assert.StartsWith("managers set their own team's targets ('North')", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(3, allowed.Created);
        Assert.Equal("$", Assert.Single(rep.Errors).Path);
        await using var db = database.NewContext();
        Assert.Equal(1, await db.ConversionTargets.CountAsync());
        Assert.Equal(2, await db.SalesTargets.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_caller_reads_the_workspace_targets_and_those_of_their_team_and_reps(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        await ApplyAsync(database, null, Everything);

        // Whose targets each caller reads, "*" for the workspace's: conversion targets | sales targets.
        async Task<string> ReadAsync(string login, DateOnly? month = null)
        {
            await using var db = LoudouDatabase.CreateContext(database.Target, world.ScopeOf(login));
            var document = await new TargetStore(db).ReadAsync(null, month);
            return string.Join(" ", document.Conversion.Select(c => c.Team ?? "*")) + " | " + string.Join(" ", document.Sales.Select(s => s.Team ?? s.Rep ?? "*"));
        }

        Assert.Equal("* North South * | * North South ann bob", await ReadAsync("root"));
        Assert.Equal("* North * | * North ann", await ReadAsync("max"));
        Assert.Equal("* South * | * South bob", await ReadAsync("bob"));
        Assert.Equal("* North * | * North ann", await ReadAsync("ann"));
        Assert.Equal("* North | ", await ReadAsync("ann", new DateOnly(2026, 10, 1)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_migrations_dedupe_sql_keeps_the_newest_target_per_combination(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var pipeline = await Builders.DefaultPipelineAsync(db);
        var needs = pipeline.FindStage("needs")!.Id;
        await db.Database.ExecuteSqlRawAsync("DROP INDEX ix_conversion_targets_stage_id");
        db.ConversionTargets.AddRange(
            ConversionTarget.Create(pipeline.Id, needs, null, null, 0.5),
            ConversionTarget.Create(pipeline.Id, needs, null, null, 0.6));
        await db.SaveChangesAsync();

        await db.Database.ExecuteSqlRawAsync("DELETE FROM conversion_targets WHERE id NOT IN (SELECT MAX(id) FROM conversion_targets GROUP BY stage_id, team_id, month)");

        Assert.Equal(0.6, (await db.ConversionTargets.AsNoTracking().SingleAsync()).Rate);
    }

    private static async Task<TargetsApplyResult> ApplyAsync(TestDatabase database, string? login, string json)
    {
        var parsed = TargetsFile.Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        await using var context = database.NewContext();
        var world = login is null ? null : await context.Users.SingleAsync(u => u.LoginName == login);
        await using var db = world is null ? database.NewContext() : LoudouDatabase.CreateContext(database.Target, Core.Access.AccessScope.For(world));
        return await new TargetStore(db).ApplyAsync(parsed.Document!);
    }
}
