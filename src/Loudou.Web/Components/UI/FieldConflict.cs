namespace Loudou.Web.Components.UI;

/// <summary>One field of a record saved by someone else while this user edited it: theirs beside this user's.</summary>
/// <param name="Theirs">"old → new" when they changed it, else its value now.</param>
/// <param name="Yours">What this user typed, or "—" when they left the field alone.</param>
public sealed record FieldConflict(string Field, string Theirs, string Yours)
{
    /// <summary>
    /// The fields that matter to the choice between reloading and applying on top: those the other
    /// save changed and those this user changed. Values are the form's text of each field, keyed
    /// by field, with the same keys in all three.
    /// </summary>
    /// <param name="read">The record as this form read it.</param>
    /// <param name="now">The record as stored now.</param>
    /// <param name="typed">What the form holds.</param>
    public static IReadOnlyList<FieldConflict> Between(IReadOnlyDictionary<string, string> read, IReadOnlyDictionary<string, string> now, IReadOnlyDictionary<string, string> typed) =>
        [.. read.Keys
            .Where(f => read[f] != now[f] || read[f] != typed[f])
            .Select(f => new FieldConflict(f, read[f] != now[f] ? $"{read[f]} → {now[f]}" : now[f], read[f] != typed[f] ? typed[f] : "—"))];

    /// <summary>The fields whose typed value differs from the record as read: what a save writes.</summary>
    public static HashSet<string> Changed(IReadOnlyDictionary<string, string> read, IReadOnlyDictionary<string, string> typed) =>
        read.Keys.Where(f => read[f] != typed[f]).ToHashSet(StringComparer.Ordinal);
}
