namespace Loudou.Core.Pipelines;

/// <summary>One stage of a pipeline, with its checklist, gate fields and time limits.</summary>
public sealed class Stage
{
    private readonly List<StageAction> _actions = [];

    // For EF Core, which cannot bind complex-type constructor parameters.
    private Stage()
        : this("", LocalizedText.Empty, StageKind.Open, 0, 0)
    {
    }

    private Stage(string key, LocalizedText name, StageKind kind, double defaultProbability, int position)
    {
        Key = key;
        Name = name;
        Kind = kind;
        DefaultProbability = defaultProbability;
        Position = position;
    }

    public int Id { get; private set; }

    public int PipelineId { get; private set; }

    /// <summary>Stable within its pipeline; files, imports and the API name stages by key.</summary>
    public string Key { get; private set; }

    public LocalizedText Name { get; private set; }

    /// <summary>What the stage is for, shown to reps; may be empty.</summary>
    public LocalizedText Goal { get; private set; } = LocalizedText.Empty;

    /// <summary>0-based position in the pipeline; Won and Lost stages come after the open ones.</summary>
    public int Position { get; private set; }

    public StageKind Kind { get; private set; }

    /// <summary>Win probability 0..1 copied to a deal when it is created in this stage.</summary>
    public double DefaultProbability { get; private set; }

    /// <summary>Days a deal may sit in the stage before it counts as rotting; null for no limit.</summary>
    public int? RottingDays { get; private set; }

    /// <summary>Hours within which a new deal in this stage must get its first activity; null for none.</summary>
    public int? FirstResponseSlaHours { get; private set; }

    /// <summary>A CSS colour such as "#4e79a7" for boards and charts.</summary>
    public string? Color { get; private set; }

    /// <summary>Deal fields (built-in or custom field keys) that must be filled before a deal leaves the stage forwards.</summary>
    public List<string> RequiredFields { get; private set; } = [];

    /// <summary>The checklist in position order (restored on read, as for <see cref="Pipeline.Stages"/>).</summary>
    public IReadOnlyList<StageAction> Actions => Pipeline.InPositionOrder(_actions, a => a.Position);

    public bool IsOpen => Kind == StageKind.Open;

    internal static Stage From(StageDefinition definition, int position)
    {
        var stage = new Stage(definition.Key, definition.Name, definition.Kind, definition.Probability, position);
        stage.Update(definition, position);
        return stage;
    }

    internal void Update(StageDefinition definition, int position)
    {
        Name = definition.Name;
        Goal = definition.Goal ?? LocalizedText.Empty;
        Kind = definition.Kind;
        DefaultProbability = definition.Probability;
        Position = position;
        RottingDays = definition.RottingDays;
        FirstResponseSlaHours = definition.FirstResponseSlaHours;
        Color = definition.Color;
        RequiredFields = [.. definition.RequiredFields];

        var wanted = definition.Actions.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        _actions.RemoveAll(a => !wanted.Contains(a.Key));
        for (var i = 0; i < definition.Actions.Count; i++)
        {
            var actionDefinition = definition.Actions[i];
            var existing = _actions.Find(a => a.Key == actionDefinition.Key);
            if (existing is null)
            {
                _actions.Add(StageAction.From(actionDefinition, i));
            }
            else
            {
                existing.Update(actionDefinition, i);
            }
        }
        _actions.Sort((a, b) => a.Position.CompareTo(b.Position));
    }
}
