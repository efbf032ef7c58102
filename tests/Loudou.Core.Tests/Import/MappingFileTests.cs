using Loudou.Core.Import;

namespace Loudou.Core.Tests.Import;

public class MappingFileTests
{
    [Fact]
    public void A_small_mapping_reads_with_its_paths_and_value_specs()
    {
        var mapping = MappingFile.Parse("""
            {
              "entity": "deals",
              "source": "crm",
              "files": [{ "name": "main", "columns": ["id", "title", "status"] }],
              "fields": { "externalId": "id", "name": { "template": "{title}" }, "channel": { "column": "src", "empty": ["n/a"], "map": { "web": "官网" } } },
              "stage": { "column": "status", "values": { "Open": [{ "stage": "lead" }], "Won": [{ "stage": "lead" }, { "stage": "won", "at": "closed" }] } }
            }
            """, out var errors);

        Assert.Empty(errors);
        Assert.Equal((ImportEntity.Deals, "crm"), (mapping!.Entity, mapping.Source));
        Assert.Equal("{title}", mapping.Fields["name"].Template);
        Assert.Equal("官网", mapping.Fields["channel"].Map!["WEB"]);
        Assert.Equal(["lead", "won"], mapping.Stage!.Values["won"].Select(s => s.Stage));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path_at_once()
    {
        var mapping = MappingFile.Parse("""
            {
              "entity": "leads",
              "source": "crm",
              "files": [{ "name": "main", "columns": ["id"], "key": "id" }],
              "fields": { "externalId": "id", "titel": "title" },
              "stage": { "column": "status" },
              "extra": 1
            }
            """, out var errors);

        Assert.Null(mapping);
        Assert.Contains(errors, e => e.StartsWith("$.entity:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.extra:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.files[0]:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.stage:", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_json_names_the_line()
    {
        Assert.Null(MappingFile.Parse("{\n  \"entity\": \"deals\",\n  \"source\" \"x\"\n}", out var errors));

        Assert.StartsWith("line 3", Assert.Single(errors));
    }
}
