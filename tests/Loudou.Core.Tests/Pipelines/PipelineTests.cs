using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Pipelines;

public class PipelineTests
{
    [Fact]
    public void Applying_a_changed_definition_keeps_stages_by_key_and_reports_the_dropped_ones()
    {
        var pipeline = Builders.SavedPipeline();
        var needs = pipeline.FindStage("needs")!;
        var changed = BuiltinPipelines.Default with
        {
            Stages = [.. BuiltinPipelines.Default.Stages.Where(s => s.Key != "nurturing").Reverse().OrderBy(s => s.Kind != StageKind.Open)],
        };

        var removed = pipeline.Apply(changed);

        Assert.Equal("nurturing", Assert.Single(removed).Key);
        Assert.Same(needs, pipeline.FindStage("needs"));
        Assert.Equal(["closing", "proposal", "needs", "lead", "lost", "won"], pipeline.Stages.Select(s => s.Key));
        Assert.Equal(Enumerable.Range(0, 6), pipeline.Stages.Select(s => s.Position));
    }

    [Fact]
    public void A_definition_of_another_key_cannot_be_applied()
    {
        var pipeline = Builders.SavedPipeline();

        var error = Assert.Throws<DomainRuleException>(() => pipeline.Apply(BuiltinPipelines.Default with { Key = "other" }));

        Assert.Equal("key", error.Field);
    }

    [Fact]
    public void A_pipeline_turns_back_into_the_definition_it_was_made_from()
    {
        var pipeline = Pipeline.Create(BuiltinPipelines.Default);

        Assert.Equal(PipelineFile.Write(BuiltinPipelines.Default), PipelineFile.Write(pipeline.ToDefinition(isDefault: true)));
        Assert.True(PipelineFile.Parse(PipelineFile.Write(pipeline.ToDefinition(false)), DealFields.BuiltIn).IsValid);
    }
}
