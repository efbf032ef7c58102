using Loudou.Core.Catalog;
using Loudou.Core.Import;

namespace Loudou.Core.Tests.Catalog;

public class CustomFieldsFileTests
{
    [Fact]
    public void A_file_reads_whole_and_writes_back_to_the_same_document()
    {
        var parsed = CustomFieldsFile.Parse("""
            {
              "$schema": "ignored",
              "fields": [
                { "key": "budget", "entity": "deals", "name": { "zh-CN": "预算", "en": "Budget" }, "type": "number" },
                { "key": "regions", "name": "Regions", "type": "multi-choice", "options": ["north", " south ", "east"] },
                { "key": "old-field", "remove": true },
              ]
            }
            """);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var fields = parsed.Document!.Fields;
        Assert.Equal(("budget", CustomFieldType.Number, "预算", "Budget"), (fields[0].Key, fields[0].Type, fields[0].Name.ZhCn, fields[0].Name.En));
        Assert.Equal((CustomFieldType.MultiChoice, "Regions", "Regions"), (fields[1].Type, fields[1].Name.ZhCn, fields[1].Name.En));
        Assert.Equal(["north", "south", "east"], fields[1].Options);
        Assert.True(fields[2].Remove);
        Assert.Equal("$.fields[2]", fields[2].Path);
        var written = CustomFieldsFile.Write(parsed.Document);
        Assert.Contains("\"type\": \"multiChoice\"", written, StringComparison.Ordinal);
        Assert.Equal(written, CustomFieldsFile.Write(CustomFieldsFile.Parse(written).Document!));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_by_its_json_path()
    {
        var parsed = CustomFieldsFile.Parse("""
            {
              "fields": [
                { "key": "Budget", "name": "B", "type": "number", "colour": "red" },
                { "key": "size", "name": { "zh-CN": "", "en": "" }, "type": "money" },
                { "key": "tier", "name": "Tier", "type": "choice" },
                { "key": "note", "name": "Note", "type": "text", "options": ["a"] },
                { "key": "channel", "name": "Channel", "type": "text" },
                { "key": "areas", "name": "Areas", "type": "multiChoice", "options": ["north, south", "east", "east"] },
                { "key": "gone", "remove": true, "type": "text" },
                { "key": "memo", "name": "Memo", "type": "text" },
                { "key": "memo", "name": "Memo again", "type": "text" },
                { "key": "kind", "name": "Kind", "type": "choice", "options": ["a", 5] }
              ],
              "extra": 1
            }
            """);

        Assert.False(parsed.IsValid);
        Assert.Equal(
        [
            "$.extra", "$.fields[0].colour", "$.fields[0].key", "$.fields[1].name", "$.fields[1].type", "$.fields[2].options", "$.fields[3].options",
            "$.fields[4].key", "$.fields[5].options[2]", "$.fields[6].type", "$.fields[8].key", "$.fields[9].options[1]",
        ], parsed.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Path == "$.fields[4].key" && e.Message.Contains("built-in deal field", StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Path == "$.fields[8].key" && e.Message.Contains("also defined at $.fields[7]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_multiple_choice_option_holding_a_separator_is_refused_by_the_field_itself()
    {
        var parsed = CustomFieldsFile.Parse("""{ "fields": [ { "key": "areas", "name": "Areas", "type": "multiChoice", "options": ["north; south", "east"] } ] }""");

        var error = Assert.Single(parsed.Errors);
        Assert.Equal("$.fields[0].options", error.Path);
        Assert.Contains("'north; south'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_says_where()
    {
        var parsed = CustomFieldsFile.Parse("{ \"fields\": [ { \"key\": } ] }");

        Assert.StartsWith("line 1, position", Assert.Single(parsed.Errors).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multiple_choice_is_stored_in_the_fields_order_whatever_the_typing_order()
    {
        var field = CustomField.Create("regions", new("区域", "Regions"), CustomFieldType.MultiChoice, ["north", "south", "east"]);

        Assert.Equal("north, east", field.Normalize("east；north", out _));
        Assert.Equal("south", field.Normalize(" south , south ", out _));
        Assert.Null(field.Normalize("east, west", out var error));
        Assert.Contains("'west' is not one", error, StringComparison.Ordinal);
        Assert.Null(field.Normalize(",", out _));
        Assert.Equal(["north", "east"], (string[])new CustomValue(field.Type, "north, east").Typed());
    }

    [Theory]
    [InlineData(CustomFieldType.Number, "3.5万", "35000")]
    [InlineData(CustomFieldType.Number, "-1.8", "-1.8")]
    [InlineData(CustomFieldType.Number, "1,234.50", "1234.5")]
    [InlineData(CustomFieldType.Date, "2024年5月3日", "2024-05-03")]
    [InlineData(CustomFieldType.Date, "2024/5/3", "2024-05-03")]
    [InlineData(CustomFieldType.Boolean, "是", "true")]
    [InlineData(CustomFieldType.Boolean, "N", "false")]
    [InlineData(CustomFieldType.Text, " free text ", "free text")]
    public void An_import_reads_a_cell_in_the_forms_files_hold(CustomFieldType type, string cell, string stored)
    {
        var field = CustomField.Create("value", new("值", "Value"), type);

        Assert.Equal(stored, CustomCells.Read(field, cell, null, TimeZoneInfo.Utc, out var problem));
        Assert.Null(problem);
        Assert.Equal(stored, field.Normalize(stored, out _));
    }

    [Theory]
    [InlineData(CustomFieldType.Number, "lots", "custom.value is not a number")]
    [InlineData(CustomFieldType.Date, "5/3/2024", "custom.value is ambiguous")]
    [InlineData(CustomFieldType.Boolean, "maybe", "custom.value must be yes or no")]
    [InlineData(CustomFieldType.Choice, "giant", "custom.value must be one of smb, enterprise, was 'giant'")]
    public void A_cell_that_does_not_fit_the_type_says_why_naming_the_field(CustomFieldType type, string cell, string reason)
    {
        var field = CustomField.Create("value", new("值", "Value"), type, CustomField.HasOptions(type) ? ["smb", "enterprise"] : null);

        Assert.Null(CustomCells.Read(field, cell, null, TimeZoneInfo.Utc, out var problem));
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }
}
