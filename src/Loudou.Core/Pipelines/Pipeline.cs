namespace Loudou.Core.Pipelines;

/// <summary>An ordered list of stages that deals move through.</summary>
/// <remarks>
/// A pipeline is created and changed from a <see cref="PipelineDefinition"/> (a JSON file or the
/// built-in default). Stages and actions are matched by key on update, so their ids, and the deals
/// and completions that point at them, survive renames and reordering.
/// </remarks>
public sealed class Pipeline
{
    private readonly List<Stage> _stages = [];

    // For EF Core, which cannot bind complex-type constructor parameters.
    private Pipeline()
        : this("", LocalizedText.Empty)
    {
    }

    private Pipeline(string key, LocalizedText name)
    {
        Key = key;
        Name = name;
    }

    public int Id { get; private set; }

    public string Key { get; private set; }

    public LocalizedText Name { get; private set; }

    /// <summary>Stages in position order.</summary>
    /// <remarks>
    /// A database returns the stages in no particular order when it loads them into the backing
    /// list, so the order is restored on read rather than trusted from the load.
    /// </remarks>
    public IReadOnlyList<Stage> Stages => InPositionOrder(_stages, s => s.Position);

    /// <summary>The first stage, where new deals start unless told otherwise.</summary>
    public Stage FirstStage => Stages[0];

    public Stage? FindStage(string key) => _stages.Find(s => s.Key == key);

    public Stage? FindStage(int stageId) => _stages.Find(s => s.Id == stageId);

    public static Pipeline Create(PipelineDefinition definition)
    {
        var pipeline = new Pipeline(definition.Key, definition.Name);
        pipeline.Apply(definition);
        return pipeline;
    }

    /// <summary>Brings the pipeline in line with a validated definition of the same key.</summary>
    /// <returns>The stages that the definition no longer has; the caller removes them or refuses the change.</returns>
    public IReadOnlyList<Stage> Apply(PipelineDefinition definition)
    {
        if (definition.Key != Key)
        {
            Guard.Throw("key", $"definition key '{definition.Key}' does not match pipeline '{Key}'.");
        }
        Name = definition.Name;
        var wanted = definition.Stages.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var removed = _stages.Where(s => !wanted.Contains(s.Key)).ToList();
        _stages.RemoveAll(removed.Contains);
        for (var i = 0; i < definition.Stages.Count; i++)
        {
            var stageDefinition = definition.Stages[i];
            var existing = _stages.Find(s => s.Key == stageDefinition.Key);
            if (existing is null)
            {
                _stages.Add(Stage.From(stageDefinition, i));
            }
            else
            {
                existing.Update(stageDefinition, i);
            }
        }
        _stages.Sort((a, b) => a.Position.CompareTo(b.Position));
        return removed;
    }

    /// <summary>Sorts a loaded list by position when it is not already in order (a check of a few items).</summary>
    internal static List<T> InPositionOrder<T>(List<T> items, Func<T, int> position)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (position(items[i - 1]) > position(items[i]))
            {
                items.Sort((a, b) => position(a).CompareTo(position(b)));
                break;
            }
        }
        return items;
    }

    /// <summary>Turns the pipeline back into the definition a file would hold.</summary>
    public PipelineDefinition ToDefinition(bool isDefault) => new(
        Key,
        Name,
        isDefault,
        [.. Stages.Select(s => new StageDefinition(
            s.Key, s.Name, s.Kind, s.DefaultProbability,
            s.Goal.ZhCn.Length + s.Goal.En.Length > 0 ? s.Goal : null,
            s.RottingDays, s.FirstResponseSlaHours, s.Color,
            [.. s.Actions.Select(a => new StageActionDefinition(a.Key, a.Text, a.Required))],
            [.. s.RequiredFields]))]);
}
