namespace Loudou.Core.Catalog;

/// <summary>Where a deal came from (a trade fair, a website form, a referral).</summary>
/// <remarks>What a channel costs is recorded per month (<see cref="ChannelCost"/>), since spend changes from month to month.</remarks>
public sealed class Channel
{
    private Channel(string name) => Name = name;

    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 100;

    public int Id { get; private set; }

    /// <summary>Unique, as imports and reports name channels.</summary>
    public string Name { get; private set; }

    public static Channel Create(string name) => new(Guard.Required(name, "name", MaxNameLength));

    public void Rename(string name) => Name = Guard.Required(name, "name", MaxNameLength);
}
