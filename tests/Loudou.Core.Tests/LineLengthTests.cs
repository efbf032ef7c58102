namespace Loudou.Core.Tests;

/// <summary>The line-length rule of .editorconfig, which no analyzer enforces for C#: a test does.</summary>
public class LineLengthTests
{
    private const int MaxLineLength = 250;

    [Fact]
    public void No_source_line_is_longer_than_the_editorconfig_allows()
    {
        var root = CorePurityTests.RepositoryRoot();
        Assert.Contains($"max_line_length = {MaxLineLength}", File.ReadAllText(Path.Combine(root, ".editorconfig")));
        var files = new[] { "src", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var tooLong = files
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, index, line.Length)))
            .Where(x => x.Length > MaxLineLength)
            .Select(x => $"{Path.GetRelativePath(root, x.path)}:{x.index + 1} ({x.Length})")
            .ToList();

        Assert.NotEmpty(files);
        Assert.Empty(tooLong);
    }
}
