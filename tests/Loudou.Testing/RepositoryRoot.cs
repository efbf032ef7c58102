namespace Loudou.Testing;

/// <summary>The checkout the tests were built from: the folder holding Loudou.slnx above the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Loudou.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Loudou.slnx not found above " + AppContext.BaseDirectory);
    }
}
