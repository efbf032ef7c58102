using System.Globalization;
using System.Text.Json.Nodes;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>A score's factors as stored (docs/scoring.md) in the reader's language: each factor's own words, never pieced together here.</summary>
public static class ScoreWords
{
    /// <summary>One factor's words in the current UI culture.</summary>
    public static string Of(JsonNode? factor) =>
        (string?)factor?["text"]?[CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en"] ?? "";

    /// <summary>Every factor of a stored factors JSON, one per line: the tooltip of a list's score or a card's mark.</summary>
    public static string? Lines(string? factors) =>
        factors is null ? null : string.Join("\n", (JsonNode.Parse(factors) as JsonArray ?? []).Select(Of));
}
