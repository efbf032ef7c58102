using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Pipelines;

public class TemplateTests
{
    public static TheoryData<string> Keys => [.. BuiltinPipelines.TemplateKeys];

    [Fact]
    public void The_six_templates_have_the_agreed_keys()
    {
        Assert.Equal(["default", "consumer-goods", "healthcare", "manufacturing", "education", "b2b-software"], BuiltinPipelines.TemplateKeys);
        Assert.Null(BuiltinPipelines.Template("retail"));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_template_is_a_valid_bilingual_pipeline_with_three_actions_per_open_stage(string key)
    {
        var template = BuiltinPipelines.Template(key)!;

        Assert.Equal(key, template.Key);
        Assert.True(PipelineFile.Parse(PipelineFile.Write(template), DealFields.BuiltIn).IsValid);
        Assert.NotEqual(template.Name.ZhCn, template.Name.En);
        var open = template.Stages.Where(s => s.Kind == StageKind.Open).ToList();
        Assert.True(open.Count >= 3);
        Assert.All(open, s =>
        {
            Assert.True(s.Actions.Count >= 3, $"{key}/{s.Key} has {s.Actions.Count} actions");
            Assert.NotNull(s.RottingDays);
            Assert.All(s.Actions, a => Assert.NotEqual(a.Text.ZhCn, a.Text.En));
        });
        Assert.Contains(open, s => s.RequiredFields.Count > 0);
        Assert.Equal(key == "default", template.IsDefault);
    }

    [Fact]
    public void No_two_templates_share_more_than_half_of_their_actions()
    {
        var actions = BuiltinPipelines.TemplateKeys.ToDictionary(
            k => k,
            k => BuiltinPipelines.Template(k)!.Stages.SelectMany(s => s.Actions).SelectMany(a => new[] { "key:" + a.Key, "zh:" + a.Text.ZhCn, "en:" + a.Text.En }).ToHashSet());

        foreach (var a in actions)
        {
            foreach (var b in actions.Where(b => string.CompareOrdinal(a.Key, b.Key) < 0))
            {
                var shared = a.Value.Intersect(b.Value).Count();
                Assert.True(shared * 2 <= Math.Min(a.Value.Count, b.Value.Count), $"{a.Key} and {b.Key} share {shared} action keys or texts");
            }
        }
    }
}
