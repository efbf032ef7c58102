using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loudou.Core.Segments;

/// <summary>A segment rule as JSON: read with every mistake named by its field, and written back in the same form.</summary>
public static class SegmentRuleJson
{
    private static readonly string[] Texts = ["pipeline", "owner", "team", "channel", "tag", "industry", "region", "sizeBand"];
    private static readonly string[] Known = [.. Texts, "stages", "open", "minAmount", "maxAmount", "minScore", "maxScore", "layers"];

    /// <exception cref="DomainRuleException">Field "rule.NAME": an unknown member, a wrong type or a value out of range; "rule": not a JSON object.</exception>
    public static SegmentRule Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            Guard.Throw("rule", "a rule is a JSON object such as {\"channel\": \"展会 Trade show\", \"minScore\": 0.3}.");
        }
        foreach (var member in json.EnumerateObject().Where(m => !Known.Contains(m.Name, StringComparer.Ordinal)))
        {
            Guard.Throw("rule." + member.Name, $"not a rule member; use {string.Join(", ", Known)}.");
        }
        var rule = new SegmentRule
        {
            Pipeline = Text(json, "pipeline"),
            Owner = Text(json, "owner"),
            Team = Text(json, "team"),
            Channel = Text(json, "channel"),
            Tag = Text(json, "tag"),
            Industry = Text(json, "industry"),
            Region = Text(json, "region"),
            SizeBand = Text(json, "sizeBand"),
            Stages = List(json, "stages"),
            Open = Get(json, "open", JsonValueKind.True, e => (bool?)e.GetBoolean(), "true or false", JsonValueKind.False),
            MinAmount = Get(json, "minAmount", JsonValueKind.Number, e => (decimal?)e.GetDecimal(), "a number"),
            MaxAmount = Get(json, "maxAmount", JsonValueKind.Number, e => (decimal?)e.GetDecimal(), "a number"),
            MinScore = Score(json, "minScore"),
            MaxScore = Score(json, "maxScore"),
            Layers = List(json, "layers"),
        };
        if (rule.Layers?.FirstOrDefault(l => l is not ("A" or "B" or "C")) is { } layer)
        {
            Guard.Throw("rule.layers", $"a layer is A, B or C; was \"{layer}\".");
        }
        if (rule.MinAmount > rule.MaxAmount)
        {
            Guard.Throw("rule.minAmount", $"the least amount ({rule.MinAmount}) is above the most ({rule.MaxAmount}).");
        }
        if (rule.MinScore > rule.MaxScore)
        {
            Guard.Throw("rule.minScore", $"the least score ({rule.MinScore}) is above the most ({rule.MaxScore}).");
        }
        return rule;
    }

    /// <exception cref="DomainRuleException">As <see cref="Read(JsonElement)"/>; "rule": not JSON.</exception>
    public static SegmentRule Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new DomainRuleException("rule", $"the rule is not JSON: {e.Message}");
        }
    }

    /// <summary>The rule with only the members it sets, in a fixed order.</summary>
    public static JsonObject Write(SegmentRule rule)
    {
        var json = new JsonObject();
        void Put(string name, JsonNode? value)
        {
            if (value is not null)
            {
                json[name] = value;
            }
        }
        Put("pipeline", rule.Pipeline);
        Put("stages", rule.Stages is null ? null : new JsonArray([.. rule.Stages.Select(s => (JsonNode?)s)]));
        Put("open", rule.Open);
        Put("owner", rule.Owner);
        Put("team", rule.Team);
        Put("channel", rule.Channel);
        Put("tag", rule.Tag);
        Put("industry", rule.Industry);
        Put("region", rule.Region);
        Put("sizeBand", rule.SizeBand);
        Put("minAmount", rule.MinAmount);
        Put("maxAmount", rule.MaxAmount);
        Put("minScore", rule.MinScore);
        Put("maxScore", rule.MaxScore);
        Put("layers", rule.Layers is null ? null : new JsonArray([.. rule.Layers.Select(s => (JsonNode?)s)]));
        return json;
    }

    private static string? Text(JsonElement json, string name) =>
        Get(json, name, JsonValueKind.String, e => e.GetString()!.Trim() is { Length: > 0 } text ? text : Guard.Throw<string>("rule." + name, "is blank."), "a string");

    private static double? Score(JsonElement json, string name) =>
        Get(json, name, JsonValueKind.Number, e => e.GetDouble() is >= 0 and <= 1 ? (double?)e.GetDouble() : Guard.Throw<double?>("rule." + name, $"a score is from 0 to 1; was {e.GetDouble()}."), "a number");

    private static IReadOnlyList<string>? List(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String) || value.GetArrayLength() == 0)
        {
            Guard.Throw("rule." + name, "must be a non-empty list of strings.");
        }
        return [.. value.EnumerateArray().Select(v => v.GetString()!.Trim())];
    }

    private static T? Get<T>(JsonElement json, string name, JsonValueKind kind, Func<JsonElement, T?> read, string what, JsonValueKind? alsoKind = null)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        if (value.ValueKind != kind && value.ValueKind != alsoKind)
        {
            Guard.Throw("rule." + name, $"must be {what}.");
        }
        return read(value);
    }
}
