namespace Loudou.Testing;

/// <summary>A fact that reads a public data set: skipped with the reason when the set is absent (never under CI).</summary>
public sealed class DataSetFactAttribute : Xunit.FactAttribute
{
    public DataSetFactAttribute(string dataSet) => Skip = DataSets.SkipReason(dataSet);
}

/// <summary>A theory that reads a public data set: skipped with the reason when the set is absent (never under CI).</summary>
public sealed class DataSetTheoryAttribute : Xunit.TheoryAttribute
{
    public DataSetTheoryAttribute(string dataSet) => Skip = DataSets.SkipReason(dataSet);
}
