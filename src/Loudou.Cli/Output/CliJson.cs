using System.Text.Encodings.Web;
using System.Text.Json;

namespace Loudou.Cli.Output;

/// <summary>The JSON settings of every --format json output: camelCase, indented, Chinese kept readable.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
