using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Storage.Catalog;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Catalog;

/// <summary>CustomFieldStore on both databases: all or nothing, changes that stored values must survive, explicit removal, bulk reads.</summary>
public class CustomFieldStoreTests
{
    private const string Fields = """
        {
          "fields": [
            { "key": "budget", "name": { "zh-CN": "预算", "en": "Budget" }, "type": "number" },
            { "key": "segment", "name": "Segment", "type": "choice", "options": ["smb", "mid", "enterprise"] },
            { "key": "regions", "name": "Regions", "type": "multiChoice", "options": ["north", "south", "east"] },
            { "key": "note", "name": "Note", "type": "text" }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_a_file_twice_defines_the_fields_once_in_file_order_and_changes_nothing_the_second_time(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var first = await ApplyAsync(database, Fields);
        var second = await ApplyAsync(database, Fields);

        Assert.Equal((4, 0, 0), (first.Created, first.Changed, first.Removed));
        Assert.Equal((0, 0, 0), (second.Created, second.Changed, second.Removed));
        Assert.Equal(CustomFieldsFile.Write(first.Applied!), CustomFieldsFile.Write(second.Applied!));
        Assert.Equal(["budget", "segment", "regions", "note"], second.Applied!.Fields.Select(f => f.Key));
        await using var db = database.NewContext();
        Assert.Equal(CustomFieldType.MultiChoice, (await db.CustomFields.SingleAsync(f => f.Key == "regions")).Type);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_type_change_is_refused_with_the_number_of_values_it_would_break_and_nothing_changes(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyAsync(database, Fields);
        await SetValuesAsync(database, "note", "12", "1,200", "soon", "later", "never");

        var refused = await ApplyAsync(database, """{ "fields": [ { "key": "note", "name": "Note", "type": "number" }, { "key": "fresh", "name": "Fresh", "type": "text" } ] }""");

        Assert.Null(refused.Applied);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("$.fields[0].type", error.Path);
        Assert.StartsWith("changing 'note' from text to number would break 3 of its 5 values", error.Message, StringComparison.Ordinal);
        await using var db = database.NewContext();
        Assert.Equal(CustomFieldType.Text, (await db.CustomFields.SingleAsync(f => f.Key == "note")).Type);
        Assert.False(await db.CustomFields.AnyAsync(f => f.Key == "fresh"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_every_value_fits_is_made_and_the_values_take_the_new_canonical_form(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyAsync(database, Fields);
        await SetValuesAsync(database, "note", "12", "1,200");
        await SetValuesAsync(database, "regions", "north, east", "east");

        var result = await ApplyAsync(database, """
            { "fields": [
              { "key": "note", "name": "Note", "type": "number" },
              { "key": "regions", "name": "Regions", "type": "multiChoice", "options": ["east", "west", "north", "south"] }
            ] }
            """);

        Assert.Equal((0, 2, 2), (result.Created, result.Changed, result.ValuesRewritten));
        await using var db = database.NewContext();
        Assert.Equal(["12", "1200", "east", "east, north"], (await db.CustomFieldValues.Select(v => v.Value).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dropping_an_option_that_values_hold_is_refused_with_their_count(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyAsync(database, Fields);
        await SetValuesAsync(database, "segment", "smb", "mid", "mid", "enterprise");

        var refused = await ApplyAsync(database, """{ "fields": [ { "key": "segment", "name": "Segment", "type": "choice", "options": ["smb", "enterprise", "public"] } ] }""");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("$.fields[0].options", error.Path);
        Assert.Contains("would break 2 of its 4 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mid'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Removing_a_field_takes_its_values_but_not_while_a_stage_requires_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyAsync(database, Fields);
        await SetValuesAsync(database, "budget", "1", "2", "3");
        await using (var db = database.NewContext())
        {
            var store = new PipelineStore(db);
            var definition = BuiltinPipelines.Default with
            {
                Stages = [.. BuiltinPipelines.Default.Stages.Select(s => s.Key == "needs" ? s with { RequiredFields = ["segment"] } : s)],
            };
            await store.ApplyAsync(definition);
        }

        var removed = await ApplyAsync(database, """{ "fields": [ { "key": "budget", "remove": true }, { "key": "ghost", "remove": true } ] }""");
        var refused = await ApplyAsync(database, """{ "fields": [ { "key": "segment", "remove": true } ] }""");

        Assert.Equal((1, 3), (removed.Removed, removed.ValuesRemoved));
        Assert.Equal(["segment", "regions", "note"], removed.Applied!.Fields.Select(f => f.Key));
        var error = Assert.Single(refused.Errors);
        Assert.Equal(("$.fields[0].remove", "'segment' cannot be removed while stage 'needs' of pipeline 'default' requires it."), (error.Path, error.Message));
        await using var check = database.NewContext();
        Assert.Equal(0, await check.CustomFieldValues.CountAsync());
        Assert.True(await check.CustomFields.AnyAsync(f => f.Key == "segment"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Values_of_a_pipelines_deals_read_in_bulk_by_field_key(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ApplyAsync(database, Fields);
        var ids = await SetValuesAsync(database, "budget", "10", "20");
        await SetValuesAsync(database, "segment", "smb");

        await using var db = database.NewContext();
        var values = await new CustomFieldStore(db).ValuesAsync("default", ["budget", "segment", "unknown"]);
        var none = await new CustomFieldStore(db).ValuesAsync("no-such-pipeline", ["budget"]);

        Assert.Equal(new Dictionary<long, string> { [ids[0]] = "10", [ids[1]] = "20" }, values["budget"]);
        Assert.Single(values["segment"]);
        Assert.Empty(values["unknown"]);
        Assert.Empty(none["budget"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_admins_and_the_operator_define_fields(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await AccessWorld.CreateAsync(database);
        var parsed = CustomFieldsFile.Parse(Fields);

        await using var sue = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("sue"));
        var refused = await new CustomFieldStore(sue).ApplyAsync(parsed.Document!);
        await using var root = LoudouDatabase.CreateContext(database.Target, world.ScopeOf("root"));
        var applied = await new CustomFieldStore(root).ApplyAsync(parsed.Document!);

        Assert.Equal("$", Assert.Single(refused.Errors).Path);
        Assert.Equal(4, applied.Created);
    }

    private static async Task<CustomFieldsApplyResult> ApplyAsync(TestDatabase database, string json)
    {
        var parsed = CustomFieldsFile.Parse(json);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        await using var db = database.NewContext();
        return await new CustomFieldStore(db).ApplyAsync(parsed.Document!);
    }

    /// <summary>New deals, one per value, each holding the value of the field.</summary>
    private static async Task<List<long>> SetValuesAsync(TestDatabase database, string key, params string[] values)
    {
        await using var db = database.NewContext();
        var field = await db.CustomFields.SingleAsync(f => f.Key == key);
        var ids = new List<long>();
        foreach (var value in values)
        {
            var deal = await Builders.DealAsync(db, $"{key} {value}");
            deal.SetFieldValue(field, value);
            await db.SaveChangesAsync();
            ids.Add(deal.Id);
        }
        return ids;
    }
}
