using Loudou.Core;
using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Pipelines;

public class PipelineStoreTests
{
    private const string Enrolment = """
        {
          "key": "enrolment",
          "name": { "zh-CN": "招生漏斗", "en": "Enrolment" },
          "stages": [
            { "key": "inquiry", "name": { "zh-CN": "咨询", "en": "Inquiry" }, "kind": "open", "probability": 0.1,
              "actions": [ { "key": "call", "text": "回访电话 Call back" } ] },
            { "key": "trial", "name": "试听 Trial class", "kind": "open", "probability": 0.4, "requiredFields": ["amount"] },
            { "key": "enrolled", "name": "报名 Enrolled", "kind": "won" },
            { "key": "dropped", "name": "流失 Dropped", "kind": "lost" }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_file_creates_a_pipeline_and_the_same_key_updates_it_in_place(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        int trialId;
        int callId;
        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            var result = await store.ApplyAsync(Parse(await store.KnownFieldsAsync(), Enrolment));
            Assert.True(result.Created);
            trialId = result.Pipeline!.FindStage("trial")!.Id;
            callId = result.Pipeline.FindStage("inquiry")!.Actions[0].Id;
        }

        var changed = Enrolment
            .Replace("试听 Trial class", "体验课 Trial lesson", StringComparison.Ordinal)
            .Replace("\"probability\": 0.4", "\"probability\": 0.45, \"rottingDays\": 10", StringComparison.Ordinal)
            .Replace("\"text\": \"回访电话 Call back\" }", "\"text\": \"回访电话 Call back\" }, { \"key\": \"visit\", \"text\": \"到访 Visit\", \"required\": false }", StringComparison.Ordinal);
        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            var result = await store.ApplyAsync(Parse(await store.KnownFieldsAsync(), changed));
            Assert.False(result.Created);
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await db.Pipelines.SingleAsync(p => p.Key == "enrolment");
            var trial = pipeline.FindStage("trial")!;
            Assert.Equal(trialId, trial.Id);
            Assert.Equal("体验课 Trial lesson", trial.Name.En);
            Assert.Equal(0.45, trial.DefaultProbability);
            Assert.Equal(10, trial.RottingDays);
            Assert.Equal(["amount"], trial.RequiredFields);
            Assert.Equal(["call", "visit"], pipeline.FindStage("inquiry")!.Actions.Select(a => a.Key));
            Assert.Equal(callId, pipeline.FindStage("inquiry")!.Actions[0].Id);
            Assert.Equal(2, await db.Pipelines.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dropping_a_stage_that_holds_deals_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            await Builders.DealAsync(db, "Acme");
        }
        var withoutLead = PipelineFile.Write(BuiltinPipelines.Default with
        {
            Name = new LocalizedText("改名", "Renamed"),
            Stages = [.. BuiltinPipelines.Default.Stages.Where(s => s.Key != "lead")],
        });

        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            var result = await store.ApplyAsync(Parse(await store.KnownFieldsAsync(), withoutLead));
            Assert.Null(result.Pipeline);
            Assert.Contains("'lead'", result.Error);
        }

        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            Assert.Equal("Default sales funnel", pipeline.Name.En);
            Assert.Equal(7, pipeline.Stages.Count);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changing_the_kind_of_a_stage_in_use_is_refused_but_of_an_unused_one_allowed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            await Builders.DealAsync(db, "Acme");
        }
        var stages = BuiltinPipelines.Default.Stages;
        // Unused: won and lost swap kinds. In use: the lead stage, which holds the deal, becomes won.
        var swapOutcomes = BuiltinPipelines.Default with
        {
            Stages = [.. stages.Where(s => s.Kind == StageKind.Open),
                stages.Single(s => s.Key == "lost") with { Kind = StageKind.Won },
                stages.Single(s => s.Key == "won") with { Kind = StageKind.Lost }],
        };
        var leadBecomesWon = BuiltinPipelines.Default with
        {
            Stages = [.. stages.Skip(1).Take(4), stages[0] with { Kind = StageKind.Won }, .. stages.Skip(5)],
        };

        await using var work = database.NewContext();
        var store = new PipelineStore(work);
        var outcomesSwapped = await store.ApplyAsync(swapOutcomes);
        var leadRefused = await store.ApplyAsync(leadBecomesWon);

        Assert.NotNull(outcomesSwapped.Pipeline);
        Assert.Null(leadRefused.Pipeline);
        Assert.Contains("'lead' would change kind", leadRefused.Error);
        await using var check = database.NewContext();
        Assert.Equal(StageKind.Open, (await Builders.DefaultPipelineAsync(check)).FindStage("lead")!.Kind);
        Assert.Equal(StageKind.Won, (await Builders.DefaultPipelineAsync(check)).FindStage("lost")!.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dropping_an_action_removes_its_completions_and_says_how_many(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            var pipeline = await Builders.DefaultPipelineAsync(db);
            foreach (var name in new[] { "a", "b" })
            {
                var deal = await Builders.DealAsync(db, name);
                deal.CompleteAction(pipeline.FirstStage, pipeline.FirstStage.Actions.Single(a => a.Key == "grade"), null, DateTimeOffset.UtcNow);
                deal.CompleteAction(pipeline.FirstStage, pipeline.FirstStage.Actions.Single(a => a.Key == "profile"), null, DateTimeOffset.UtcNow);
            }
            await db.SaveChangesAsync();
        }
        var withoutGrade = BuiltinPipelines.Default with
        {
            Stages = [.. BuiltinPipelines.Default.Stages.Select(s => s.Key == "lead" ? s with { Actions = [.. s.Actions.Where(a => a.Key != "grade")] } : s)],
        };

        await using var work = database.NewContext();
        // What a form asks before it saves: the same number the apply then reports, and nothing for a stage dropped whole (that apply is refused).
        Assert.Equal(2, await new PipelineStore(work).DroppedCompletionsAsync(withoutGrade));
        Assert.Equal(0, await new PipelineStore(work).DroppedCompletionsAsync(BuiltinPipelines.Default with { Stages = [.. BuiltinPipelines.Default.Stages.Skip(1)] }));
        var result = await new PipelineStore(work).ApplyAsync(withoutGrade);

        Assert.Equal(2, result.DroppedCompletions);
        await using var check = database.NewContext();
        Assert.Equal(2, await check.ActionCompletions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unused_stage_can_be_dropped_and_a_file_can_make_its_pipeline_the_default(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            await store.ApplyAsync(Parse(await store.KnownFieldsAsync(), Enrolment));
            var smaller = Enrolment.Replace("\"key\": \"enrolment\",", "\"key\": \"enrolment\", \"default\": true,", StringComparison.Ordinal)
                .Replace("{ \"key\": \"trial\", \"name\": \"试听 Trial class\", \"kind\": \"open\", \"probability\": 0.4, \"requiredFields\": [\"amount\"] },", "", StringComparison.Ordinal);
            var result = await store.ApplyAsync(Parse(await store.KnownFieldsAsync(), smaller));
            Assert.NotNull(result.Pipeline);
        }

        await using (var db = database.NewContext())
        {
            var list = await new PipelineStore(db).ListAsync();
            var enrolment = Assert.Single(list, p => p.Pipeline.Key == "enrolment");
            Assert.True(enrolment.IsDefault);
            Assert.False(Assert.Single(list, p => p.Pipeline.Key == "default").IsDefault);
            Assert.Equal(["inquiry", "enrolled", "dropped"], enrolment.Pipeline.Stages.Select(s => s.Key));
            Assert.Equal([0, 1, 2], enrolment.Pipeline.Stages.Select(s => s.Position));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stage_may_require_a_custom_field_once_the_workspace_has_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        var store = new PipelineStore(db);
        var file = Enrolment.Replace("\"requiredFields\": [\"amount\"]", "\"requiredFields\": [\"amount\", \"grade-level\"]", StringComparison.Ordinal);

        var before = await store.ParseAsync(file);
        db.CustomFields.Add(CustomField.Create("grade-level", new("年级", "Grade level"), CustomFieldType.Text));
        await db.SaveChangesAsync();
        var after = await store.ParseAsync(file);

        Assert.Contains(before.Errors, e => e.Path == "$.stages[1].requiredFields[1]" && e.Message.Contains("grade-level", StringComparison.Ordinal));
        Assert.True(after.IsValid);
    }

    private static PipelineDefinition Parse(IReadOnlySet<string> knownFields, string json)
    {
        var result = PipelineFile.Parse(json, knownFields);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Definition!;
    }
}
