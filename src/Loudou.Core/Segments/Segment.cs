namespace Loudou.Core.Segments;

/// <summary>A saved dynamic segment: a rule over deal and account fields whose matching deals carry the segment's tag.</summary>
/// <remarks>
/// The tag is how a segment filters everywhere a tag does (deal lists, the board, the dashboard, exports) without a second
/// kind of filter; it follows the rule as deals change (docs/segments.md).
/// </remarks>
public sealed class Segment
{
    public const int MaxKeyLength = 50;

    private Segment(string key, string name, string rule, int tagId)
    {
        Key = key;
        Name = name;
        Rule = rule;
        TagId = tagId;
    }

    public int Id { get; private set; }

    /// <summary>Unique, as in addresses and files: lower-case letters, digits and hyphens.</summary>
    public string Key { get; private set; }

    public string Name { get; private set; }

    /// <summary>The rule as JSON (<see cref="SegmentRuleJson"/>).</summary>
    public string Rule { get; private set; }

    /// <summary>The tag the segment's deals carry; the segment's own.</summary>
    public int TagId { get; private set; }

    public static Segment Create(string key, string name, string rule, int tagId) =>
        new(Guard.Key(key, "key"), Guard.Required(name, "name", Catalog.Tag.MaxNameLength), Guard.Required(rule, "rule", 4000), tagId);

    public void Change(string name, string rule)
    {
        Name = Guard.Required(name, "name", Catalog.Tag.MaxNameLength);
        Rule = Guard.Required(rule, "rule", 4000);
    }
}
