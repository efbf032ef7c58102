using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Loudou.Cli;

/// <summary>One line per command with its arguments and options, for the root <c>--help</c>.</summary>
/// <remarks>Built from the command tree itself, so it cannot drift from what the commands accept.</remarks>
public static class CommandSynopsis
{
    public static string Of(RootCommand root)
    {
        var text = new StringBuilder();
        Append(text, root, "loudou", []);
        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, Command command, string path, IReadOnlyList<Option> inherited)
    {
        var options = inherited.Concat(command.Options.Where(o => o.Recursive)).ToList();
        if (command.Subcommands.Count > 0)
        {
            foreach (var sub in command.Subcommands)
            {
                Append(text, sub, $"{path} {sub.Name}", options);
            }
            return;
        }
        text.Append("  ").Append(path);
        foreach (var argument in command.Arguments)
        {
            text.Append(' ').Append(argument.Arity.MinimumNumberOfValues == 0 ? $"[{argument.Name}]" : argument.Name);
        }
        foreach (var option in command.Options.Concat(options).Where(o => o is not HelpOption and not VersionOption).Distinct())
        {
            text.Append(option.Required ? " " : " [").Append(option.Name);
            if (option.ValueType != typeof(bool))
            {
                var values = option.ValueType.IsEnum
                    ? string.Join('|', Enum.GetNames(option.ValueType).Select(n => n.ToLowerInvariant()))
                    : option.HelpName ?? "VALUE";
                text.Append(' ').Append(values);
            }
            text.Append(option.Required ? "" : "]");
        }
        text.AppendLine();
    }
}
