namespace Loudou.Core.Catalog;

/// <summary>A label on deals, set by hand or by a rule.</summary>
public sealed class Tag
{
    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 50;

    private Tag(string name) => Name = name;

    public int Id { get; private set; }

    /// <summary>Unique.</summary>
    public string Name { get; private set; }

    /// <summary>A colour like "#4e79a7" (lower case), or null for the default.</summary>
    public string? Color { get; private set; }

    public static Tag Create(string name, string? color = null) =>
        new(Guard.Required(name, "name", MaxNameLength)) { Color = Guard.Color(color, "color") };

    public void Rename(string name) => Name = Guard.Required(name, "name", MaxNameLength);

    /// <summary>Sets the colour; blank for the default.</summary>
    public void Recolor(string? color) => Color = Guard.Color(color, "color");
}
