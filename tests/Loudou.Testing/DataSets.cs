namespace Loudou.Testing;

/// <summary>Where the public data sets (maven-crm, olist-funnel, bank-marketing) are, if anywhere.</summary>
/// <remarks>
/// They live beside the checkout, never in it: <c>LOUDOU_DATASETS</c> names their folder, else
/// <c>../shared/data</c> beside the repository. A clone on its own has neither, and its tests that
/// read them are skipped with the reason; under <c>CI=true</c> they run anyway and fail, because
/// CI always has the data and a missing set there is a broken machine, not a choice.
/// </remarks>
public static class DataSets
{
    public const string Variable = "LOUDOU_DATASETS";

    /// <summary>The folder holding the data sets, or null when there is none.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>True under the CI runner, where a missing data set must fail rather than skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder of one data set. Under CI, or when tests ask without checking, a missing set gives the path it was looked for at.</summary>
    public static string Path(string name) =>
        System.IO.Path.Combine(Folder ?? System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared", "data"), name);

    /// <summary>Why a test of this data set is skipped, or null when it runs.</summary>
    public static string? SkipReason(string name) =>
        IsCi || Directory.Exists(Path(name))
            ? null
            : $"data set '{name}' not found: set {Variable} to the folder that holds it, or put it at ../shared/data beside the checkout";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }
        var beside = System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared", "data");
        return Directory.Exists(beside) ? System.IO.Path.GetFullPath(beside) : null;
    }
}
