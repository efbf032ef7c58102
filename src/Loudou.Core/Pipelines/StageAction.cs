namespace Loudou.Core.Pipelines;

/// <summary>A standard action of a stage, such as "needs interview recorded" or "quote sent".</summary>
/// <remarks>A required action must be completed before a deal may leave the stage forwards.</remarks>
public sealed class StageAction
{
    // For EF Core, which cannot bind complex-type constructor parameters.
    private StageAction()
        : this("", LocalizedText.Empty, false, 0)
    {
    }

    private StageAction(string key, LocalizedText text, bool required, int position)
    {
        Key = key;
        Text = text;
        Required = required;
        Position = position;
    }

    public int Id { get; private set; }

    public int StageId { get; private set; }

    /// <summary>Stable within its stage; completions refer to the action, so keys survive renames.</summary>
    public string Key { get; private set; }

    public LocalizedText Text { get; private set; }

    public bool Required { get; private set; }

    /// <summary>0-based position in the stage's checklist.</summary>
    public int Position { get; private set; }

    internal static StageAction From(StageActionDefinition definition, int position) =>
        new(definition.Key, definition.Text, definition.Required, position);

    internal void Update(StageActionDefinition definition, int position)
    {
        Text = definition.Text;
        Required = definition.Required;
        Position = position;
    }
}
