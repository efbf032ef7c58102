using System.Text.Json;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Alerts.Rules;

/// <summary>Reads and writes alert rules files (format: docs/alert-files.md).</summary>
/// <remarks>
/// Walked by hand, as <see cref="Targets.TargetsFile"/> is, so every problem is reported at once with its JSON path, and a
/// file with any error yields no document. Names (stages, segment values, owners) are only checked for shape here; the
/// store resolves them against the workspace and reports unknown ones at the same paths.
/// </remarks>
public static class AlertsFile
{
    private static readonly string[] RootProperties = ["$schema", "rules"];
    private static readonly string[] RuleProperties = ["key", "name", "condition", "schedule", "channels", "enabled", "owner", "remove"];
    private static readonly string[] NameProperties = ["zh", "en"];

    /// <summary>The schedule of a rule that gives none: every day at 08:00 in the workspace time zone.</summary>
    public const string DefaultSchedule = "0 8 * * *";

    /// <summary>The channels' names in files, in the order of <see cref="DeliveryChannels"/>.</summary>
    public static IReadOnlyList<(string Name, DeliveryChannels Channel)> ChannelNames { get; } =
        [("inApp", DeliveryChannels.InApp), ("email", DeliveryChannels.Email), ("webhook", DeliveryChannels.Webhook),
         ("weCom", DeliveryChannels.WeCom), ("dingTalk", DeliveryChannels.DingTalk), ("feishu", DeliveryChannels.Feishu)];

    public static AlertsFileResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, PipelineFile.DocumentOptions);
        }
        catch (JsonException e)
        {
            var (where, message) = PipelineFile.JsonError(e);
            return new AlertsFileResult(null, [new AlertsFileError(where, message)]);
        }
        using (document)
        {
            var errors = new List<AlertsFileError>();
            var rules = new List<AlertRuleEntry>();
            var root = document.RootElement;
            if (Shape.Object(root, "$", RootProperties, errors))
            {
                if (!root.TryGetProperty("rules", out var array) || array.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new("$.rules", "is required: an array of alert rules."));
                }
                else
                {
                    var index = 0;
                    foreach (var element in array.EnumerateArray())
                    {
                        if (ReadRule(element, $"$.rules[{index++}]", errors) is { } rule)
                        {
                            rules.Add(rule);
                        }
                    }
                }
            }
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var rule in rules.Where(r => !seen.TryAdd(r.Key, r.Path)))
            {
                errors.Add(new(rule.Path + ".key", $"\"{rule.Key}\" is also the key of {seen[rule.Key]}; give each rule once."));
            }
            return errors.Count == 0 ? new AlertsFileResult(new AlertsDocument(rules), []) : new AlertsFileResult(null, errors);
        }
    }

    private static AlertRuleEntry? ReadRule(JsonElement element, string path, List<AlertsFileError> errors)
    {
        if (!Shape.Object(element, path, RuleProperties, errors))
        {
            return null;
        }
        var before = errors.Count;
        var key = Shape.Name(element, path, "key", errors);
        if (key is null && !errors.Any(e => e.Path == path + ".key"))
        {
            errors.Add(new(path + ".key", "is required: a key such as \"south-needs-drop\"."));
        }
        else if (key is not null && !Guard.IsKey(key))
        {
            errors.Add(new(path + ".key", $"must be lower-case letters, digits and dashes, such as \"south-needs-drop\", was \"{key}\"."));
        }
        var remove = Shape.Bool(element, path, "remove", errors) ?? false;
        if (remove)
        {
            return errors.Count > before ? null : new AlertRuleEntry(key!, LocalizedText.Empty, null, DefaultSchedule, DeliveryChannels.InApp, false, null, true, path);
        }
        var name = ReadName(element, path, errors);
        AlertCondition? condition = null;
        if (!element.TryGetProperty("condition", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(path + ".condition", "is required: what the rule watches (docs/alert-files.md, \"Condition\")."));
        }
        else
        {
            condition = AlertConditionJson.Read(c, path + ".condition", errors);
        }
        var schedule = Shape.Name(element, path, "schedule", errors) ?? DefaultSchedule;
        if (CronShape(schedule) is { } problem)
        {
            errors.Add(new(path + ".schedule", problem));
        }
        var channels = ReadChannels(element, path, errors);
        var enabled = Shape.Bool(element, path, "enabled", errors) ?? true;
        var owner = Shape.Name(element, path, "owner", errors);
        return errors.Count > before ? null : new AlertRuleEntry(key!, name, condition, schedule, channels, enabled, owner, false, path);
    }

    private static LocalizedText ReadName(JsonElement element, string path, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty("name", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(path + ".name", "is required: a text, or {\"zh\": …, \"en\": …}."));
            return LocalizedText.Empty;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = Shape.Name(element, path, "name", errors) ?? "";
            return new LocalizedText(text, text);
        }
        if (!Shape.Object(value, path + ".name", NameProperties, errors))
        {
            return LocalizedText.Empty;
        }
        var zh = Shape.Name(value, path + ".name", "zh", errors);
        var en = Shape.Name(value, path + ".name", "en", errors);
        if (zh is null && en is null)
        {
            errors.Add(new(path + ".name", "needs zh, en or both."));
        }
        return new LocalizedText(zh ?? "", en ?? "");
    }

    private static DeliveryChannels ReadChannels(JsonElement element, string path, List<AlertsFileError> errors)
    {
        if (!element.TryGetProperty("channels", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return DeliveryChannels.InApp;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(path + ".channels", $"must be an array of {string.Join(", ", ChannelNames.Select(c => c.Name))}."));
            return DeliveryChannels.InApp;
        }
        var channels = DeliveryChannels.None;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"{path}.channels[{index++}]";
            var match = ChannelNames.FirstOrDefault(c => item.ValueKind == JsonValueKind.String && c.Name == item.GetString());
            if (match.Name is null)
            {
                errors.Add(new(at, $"must be one of {string.Join(", ", ChannelNames.Select(c => c.Name))}, was {item.GetRawText()}."));
            }
            channels |= match.Channel;
        }
        return channels == DeliveryChannels.None ? DeliveryChannels.InApp : channels;
    }

    /// <summary>A five-field cron's shape (fields of digits, *, ranges, lists and steps); the scheduler's parser has the last word.</summary>
    public static string? CronShape(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields.Any(f => f.Any(ch => !(char.IsAsciiDigit(ch) || ch is '*' or ',' or '-' or '/'))))
        {
            return $"must be a five-field cron expression (minute hour day month weekday) such as \"{DefaultSchedule}\", was \"{schedule}\".";
        }
        return null;
    }

    /// <summary>A rules file listing the rules given, as <c>loudou alerts list --format json</c> prints it.</summary>
    public static string Write(IEnumerable<AlertRuleEntry> rules)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                w.WriteStartObject();
                w.WriteString("key", rule.Key);
                w.WriteStartObject("name");
                w.WriteString("zh", rule.Name.ZhCn);
                w.WriteString("en", rule.Name.En);
                w.WriteEndObject();
                w.WritePropertyName("condition");
                AlertConditionJson.Write(w, rule.Condition!);
                w.WriteString("schedule", rule.Schedule);
                w.WriteStartArray("channels");
                foreach (var (name, channel) in ChannelNames.Where(c => rule.Channels.HasFlag(c.Channel)))
                {
                    w.WriteStringValue(name);
                }
                w.WriteEndArray();
                w.WriteBoolean("enabled", rule.Enabled);
                if (rule.Owner is { } owner)
                {
                    w.WriteString("owner", owner);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
