namespace Loudou.Core.Catalog;

/// <summary>A label on deals, set by hand or by a rule.</summary>
public sealed class Tag
{
    private Tag(string name) => Name = name;

    public int Id { get; private set; }

    /// <summary>Unique.</summary>
    public string Name { get; private set; }

    public string? Color { get; private set; }

    public static Tag Create(string name, string? color = null) =>
        new(Guard.Required(name, "name", 50)) { Color = Guard.Optional(color, "color", 7) };
}
