using System.Runtime.CompilerServices;
using System.Text;

namespace Loudou.Core;

/// <summary>A field named inside a <see cref="RuleMessage"/>, spelt as the API's JSON spells it (from, minN, expiresInDays).</summary>
public readonly record struct FieldName(string Name)
{
    public override string ToString() => Name;
}

/// <summary>The message of a broken rule, built from an interpolated string whose <see cref="FieldName"/> holes mark the fields it names.</summary>
/// <remarks>
/// Core and Storage name fields as the API does; the CLI knows the same fields as options (minN is
/// --min-n, expiresInDays is --expires). Because the names are marked where the message is built,
/// a host respells exactly those words and never a value or a word of the prose that happens to
/// match a field: in "from 2026-03-01 is after to 2026-02-01." only the marked "to" is a field.
/// Plain strings convert too, naming no field. Values are formatted as a plain interpolated string
/// formats them (current culture); alignment is not supported.
/// </remarks>
[InterpolatedStringHandler]
public sealed class RuleMessage
{
    private readonly List<(string Text, bool IsField)> _parts;
    private readonly int _literalLength;

    public RuleMessage(int literalLength, int formattedCount)
    {
        _literalLength = literalLength;
        _parts = new(2 * formattedCount + 1);
    }

    public static implicit operator RuleMessage(string text)
    {
        var message = new RuleMessage(text.Length, 0);
        message.AppendLiteral(text);
        return message;
    }

    public void AppendLiteral(string text) => _parts.Add((text, false));

    public void AppendFormatted(FieldName field) => _parts.Add((field.Name, true));

    public void AppendFormatted<T>(T value, string? format = null) =>
        _parts.Add((value is IFormattable formattable ? formattable.ToString(format, null) : value?.ToString() ?? "", false));

    /// <summary>The message with each marked field spelt by <paramref name="nameOf"/>.</summary>
    public string Format(Func<string, string> nameOf)
    {
        var text = new StringBuilder(_literalLength + 16 * _parts.Count);
        foreach (var (part, isField) in _parts)
        {
            text.Append(isField ? nameOf(part) : part);
        }
        return text.ToString();
    }

    /// <summary>The message as the API gives it: every field under its own name.</summary>
    public override string ToString() => Format(name => name);
}
