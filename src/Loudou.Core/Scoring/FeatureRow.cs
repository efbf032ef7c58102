namespace Loudou.Core.Scoring;

/// <summary>One deal's feature values as of one moment, before encoding: numbers (NaN when missing), categories (null when missing) and tags.</summary>
/// <remarks>Indexed like <see cref="FeatureBuilder.Specs"/>; a slot of the other kind is unused.</remarks>
public sealed class FeatureRow
{
    public FeatureRow(int features)
    {
        Numbers = new double[features];
        Array.Fill(Numbers, double.NaN);
        Categories = new string?[features];
    }

    /// <summary>Forgets every value, so that one row can be filled again and again.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, double.NaN);
        Array.Clear(Categories);
        Tags = [];
    }

    public double[] Numbers { get; }

    public string?[] Categories { get; }

    public IReadOnlyList<string> Tags { get; set; } = [];

    public bool SameAs(FeatureRow other) =>
        Numbers.AsSpan().SequenceEqual(other.Numbers) && Categories.AsSpan().SequenceEqual(other.Categories) && Tags.SequenceEqual(other.Tags);
}
