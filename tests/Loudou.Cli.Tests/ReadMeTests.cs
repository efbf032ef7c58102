using System.Text;
using System.Text.RegularExpressions;

namespace Loudou.Cli.Tests;

/// <summary>Every <c>./loudou …</c> line in the README and docs parses with the real command tree.</summary>
public partial class ReadMeTests
{
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md"));
        foreach (var file in files)
        {
            foreach (Match block in ShellBlock().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                foreach (var line in block.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("./loudou ", StringComparison.Ordinal)))
                {
                    data.Add(Path.GetFileName(file), line);
                }
            }
        }
        return data;
    }

    [Fact]
    public void The_readme_itself_has_examples_to_check()
    {
        Assert.True(Examples().Count(row => (string)row[0] == "README.md") >= 5);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_documented_command_line_parses(string file, string line)
    {
        var args = Split(line["./loudou ".Length..]);
        var root = LoudouCli.CreateRootCommand(new CliEnvironment(TextWriter.Null, TextWriter.Null));

        var result = root.Parse(args);

        Assert.True(result.Errors.Count == 0, $"{file}: {line}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    /// <summary>Splits a command line as a POSIX shell would for plain words, double quotes and a trailing # comment.</summary>
    private static string[] Split(string line)
    {
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0 && line[..comment].Count(c => c == '"') % 2 == 0)
        {
            line = line[..comment];
        }
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                }
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }
        if (any)
        {
            args.Add(current.ToString());
        }
        return [.. args];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Loudou.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Loudou.slnx not found");
    }

    [GeneratedRegex("```(?:sh|bash|shell)\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
