namespace Loudou.Core.Workspace;

/// <summary>A sales team; managers see the deals of their team.</summary>
public sealed class Team
{
    private Team(string name) => Name = name;

    public int Id { get; private set; }

    public string Name { get; private set; }

    public static Team Create(string name) => new(Guard.Required(name, "name", 100));

    public void Rename(string name) => Name = Guard.Required(name, "name", 100);
}
