using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests;

/// <summary>Domain objects as storage would hand them back: with ids.</summary>
public static class Builders
{
    private static int _nextId = 1000;

    /// <summary>The built-in default pipeline with ids on the pipeline, its stages and actions.</summary>
    public static Pipeline SavedPipeline(PipelineDefinition? definition = null)
    {
        var pipeline = Pipeline.Create(definition ?? BuiltinPipelines.Default);
        SetId(pipeline, Interlocked.Increment(ref _nextId));
        foreach (var stage in pipeline.Stages)
        {
            SetId(stage, Interlocked.Increment(ref _nextId));
            typeof(Stage).GetProperty(nameof(Stage.PipelineId))!.SetValue(stage, pipeline.Id);
            foreach (var action in stage.Actions)
            {
                SetId(action, Interlocked.Increment(ref _nextId));
            }
        }
        return pipeline;
    }

    public static T WithId<T>(T entity, int id)
        where T : class
    {
        SetId(entity, id);
        return entity;
    }

    private static void SetId(object entity, int id) => entity.GetType().GetProperty("Id")!.SetValue(entity, id);
}
