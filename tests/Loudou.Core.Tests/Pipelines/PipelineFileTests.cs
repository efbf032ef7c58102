using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Pipelines;

public class PipelineFileTests
{
    private const string Valid = """
        {
          "key": "b2b",
          "name": { "zh-CN": "B2B 软件", "en": "B2B software" },
          "stages": [
            { "key": "lead", "name": "线索 Lead", "kind": "open", "probability": 0.1 },
            { "key": "demo", "name": "演示 Demo", "kind": "open", "probability": 0.4,
              "actions": [ { "key": "demo-held", "text": { "zh-CN": "完成演示", "en": "Demo held" } } ],
              "requiredFields": ["amount"] },
            { "key": "won", "name": "赢单 Won", "kind": "won" },
            { "key": "lost", "name": "输单 Lost", "kind": "lost" }
          ]
        }
        """;

    [Fact]
    public void A_valid_file_reads_into_a_definition_with_defaults_filled_in()
    {
        var result = PipelineFile.Parse(Valid, DealFields.BuiltIn);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var definition = result.Definition!;
        Assert.Equal("b2b", definition.Key);
        Assert.Equal(["lead", "demo", "won", "lost"], definition.Stages.Select(s => s.Key));
        Assert.Equal(1.0, definition.Stages[2].Probability);
        Assert.Equal(0.0, definition.Stages[3].Probability);
        Assert.True(definition.Stages[1].Actions[0].Required);
        Assert.Equal("线索 Lead", definition.Stages[0].Name.ZhCn);
        Assert.False(definition.IsDefault);
    }

    [Fact]
    public void The_built_in_default_pipeline_follows_the_product_model()
    {
        var stages = BuiltinPipelines.Default.Stages;

        Assert.Equal(["线索获取", "意向培养", "需求确认", "方案推介", "成交转化"], stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Name.ZhCn));
        Assert.Single(stages, s => s.Kind == StageKind.Won);
        Assert.Single(stages, s => s.Kind == StageKind.Lost);
        Assert.All(stages.Where(s => s.Kind == StageKind.Open), s => Assert.NotEmpty(s.Actions));
        Assert.True(BuiltinPipelines.Default.IsDefault);
    }

    [Fact]
    public void Every_example_file_in_the_docs_is_valid()
    {
        var files = Directory.GetFiles(Path.Combine(CorePurityTests.RepositoryRoot(), "docs", "examples"), "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            var result = PipelineFile.Parse(File.ReadAllText(file), DealFields.BuiltIn);
            Assert.True(result.IsValid, $"{Path.GetFileName(file)}: {string.Join("; ", result.Errors)}");
        });
    }

    [Fact]
    public void Writing_a_definition_and_reading_it_back_gives_the_same_definition()
    {
        var written = PipelineFile.Write(BuiltinPipelines.Default);
        var read = PipelineFile.Parse(written, DealFields.BuiltIn).Definition!;

        Assert.Equal(PipelineFile.Write(read), written);
        Assert.Contains("线索获取", written);
    }

    [Theory]
    [InlineData("\"kind\": \"won\" }", "\"kind\": \"open\", \"probability\": 0.9 }", "$.stages", "no won stage")]
    [InlineData("\"probability\": 0.4", "\"probability\": 1.5", "$.stages[1].probability", "between 0 and 1")]
    [InlineData("\"probability\": 0.4", "\"probability\": \"40%\"", "$.stages[1].probability", "number from 0 to 1")]
    [InlineData("\"key\": \"demo\"", "\"key\": \"lead\"", "$.stages[1].key", "duplicate stage key 'lead'")]
    [InlineData("\"requiredFields\": [\"amount\"]", "\"requiredFields\": [\"budget\"]", "$.stages[1].requiredFields[0]", "unknown field 'budget'")]
    [InlineData("\"requiredFields\": [\"amount\"]", "\"requiredFields\": [\"amount\", \"amount\"]", "$.stages[1].requiredFields[1]", "listed twice")]
    [InlineData("\"probability\": 0.1 }", "\"probability\": 0.1, \"rotingDays\": 7 }", "$.stages[0].rotingDays", "unknown field")]
    [InlineData("\"name\": { \"zh-CN\": \"B2B 软件\"", "\"title\": \"x\", \"name\": { \"zh-CN\": \"B2B 软件\"", "$.title", "unknown field")]
    [InlineData("\"kind\": \"open\", \"probability\": 0.1", "\"kind\": \"closed\", \"probability\": 0.1", "$.stages[0].kind", "open, won or lost")]
    [InlineData("\"key\": \"b2b\"", "\"key\": \"B2B Software\"", "$.key", "lower-case")]
    [InlineData("\"kind\": \"lost\" }", "\"kind\": \"lost\" }, { \"key\": \"late\", \"name\": \"x\", \"kind\": \"open\", \"probability\": 0.2 }", "$.stages[4].kind", "comes after the outcome stage")]
    [InlineData("\"probability\": 0.1 }", "\"probability\": 0.1, \"color\": \"red\" }", "$.stages[0].color", "colour")]
    [InlineData("\"probability\": 0.1 }", "\"probability\": 0.1, \"rottingDays\": 0 }", "$.stages[0].rottingDays", "positive whole number")]
    [InlineData("{ \"key\": \"demo-held\",", "{ \"key\": \"demo-held\", \"required\": \"yes\",", "$.stages[1].actions[0].required", "true or false")]
    public void A_bad_file_is_refused_naming_the_field(string find, string replace, string path, string message)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var json = Valid.Replace("\"probability\": 0.4", "\"probability\": 0.4, \"probability\": 5", StringComparison.Ordinal);

        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.Contains("probability", error.Message);
    }

    [Theory]
    [InlineData("\"name\": \"线索 Lead\"")]
    [InlineData("\"name\": { \"zh-CN\": \"线索 Lead\" }")]
    public void A_text_longer_than_its_column_is_refused_in_either_form(string name)
    {
        var json = Valid.Replace("\"name\": \"线索 Lead\"", name.Replace("线索 Lead", new string('长', 201), StringComparison.Ordinal), StringComparison.Ordinal);

        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.stages[0].name", StringComparison.Ordinal) && e.Message.Contains("longer than 200", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_stage_key_is_located_by_its_place_in_the_file_even_after_an_unreadable_stage()
    {
        var json = Valid.Replace("\"stages\": [", "\"stages\": [ 42,", StringComparison.Ordinal)
            .Replace("\"key\": \"demo\"", "\"key\": \"lead\"", StringComparison.Ordinal);

        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        Assert.Contains(result.Errors, e => e.Path == "$.stages[0]");
        Assert.Contains(result.Errors, e => e.Path == "$.stages[2].key" && e.Message.Contains("also at $.stages[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_known_fields_the_shape_is_checked_but_field_names_are_not()
    {
        var json = Valid.Replace("\"requiredFields\": [\"amount\"]", "\"requiredFields\": [\"budget\"]", StringComparison.Ordinal);

        Assert.True(PipelineFile.Parse(json, knownFields: null).IsValid);
        Assert.False(PipelineFile.Parse(json, DealFields.BuiltIn).IsValid);
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var json = Valid
            .Replace("\"probability\": 0.4", "\"probability\": -1", StringComparison.Ordinal)
            .Replace("\"requiredFields\": [\"amount\"]", "\"requiredFields\": [\"nope\"]", StringComparison.Ordinal);

        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        Assert.Equal(["$.stages[1].probability", "$.stages[1].requiredFields[0]"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Malformed_json_is_located_by_line()
    {
        var result = PipelineFile.Parse("{\n  \"key\": \"x\",\n  \"stages\": [ }\n", DealFields.BuiltIn);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("line 3", error.Path);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("[]", "$", "must be an object")]
    [InlineData("{ \"key\": \"x\", \"name\": \"x\" }", "$.stages", "is required")]
    [InlineData("{ \"key\": \"x\", \"name\": \"x\", \"stages\": [] }", "$.stages", "at least one open")]
    [InlineData("{ \"key\": \"x\", \"stages\": [] }", "$.name", "is required")]
    public void Structural_mistakes_are_named(string json, string path, string message)
    {
        var result = PipelineFile.Parse(json, DealFields.BuiltIn);

        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
