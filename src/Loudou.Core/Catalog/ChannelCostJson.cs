using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Analytics;

namespace Loudou.Core.Catalog;

/// <summary>Channel costs as JSON: <c>{ "costs": [ { "channel", "month": "YYYY-MM", "amount", "currency" } ] }</c>, as <c>loudou channels costs list</c> prints and the API reads and writes.</summary>
public static class ChannelCostJson
{
    private static readonly string[] Fields = ["channel", "month", "amount", "currency"];

    public static JsonObject Write(IEnumerable<ChannelCostRow> rows) => new()
    {
        ["costs"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
        {
            ["channel"] = r.Channel,
            ["month"] = r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["amount"] = r.Amount,
            ["currency"] = r.Currency,
        })]),
    };

    /// <summary>Reads the document, every problem at its JSON path (<c>$.costs[2].month</c>); no rows when there is any.</summary>
    /// <remarks>A missing or null currency is the base currency. Channel names are checked by the store.</remarks>
    public static (IReadOnlyList<ChannelCostRow> Rows, IReadOnlyList<(string Path, string Message)> Errors) Read(JsonElement root, string baseCurrency)
    {
        var errors = new List<(string, string)>();
        var rows = new List<ChannelCostRow>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("costs", out var costs) || costs.ValueKind != JsonValueKind.Array)
        {
            return ([], [("$.costs", "is required: an array of { channel, month, amount, currency }.")]);
        }
        foreach (var unknown in root.EnumerateObject().Where(p => p.Name != "costs"))
        {
            errors.Add(($"$.{unknown.Name}", "is not a field; the document has costs only."));
        }
        var index = 0;
        foreach (var item in costs.EnumerateArray())
        {
            var path = $"$.costs[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add((path, "must be an object { channel, month, amount, currency }."));
                continue;
            }
            var before = errors.Count;
            foreach (var unknown in item.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
            {
                errors.Add(($"{path}.{unknown.Name}", $"is not a field of a channel cost; the fields are {string.Join(", ", Fields)}."));
            }
            var channel = item.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(channel))
            {
                errors.Add(($"{path}.channel", "is required: the channel's name."));
            }
            DateOnly? month = null;
            try
            {
                month = item.TryGetProperty("month", out var m) && m.ValueKind == JsonValueKind.String ? AnalysisText.Month(m.GetString()) : null;
            }
            catch (DomainRuleException)
            {
                // Reported below with the path.
            }
            if (month is null)
            {
                errors.Add(($"{path}.month", "is required: a month written YYYY-MM, such as 2026-11."));
            }
            decimal? amount = item.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDecimal(out var value) ? value : null;
            if (amount is null or < 0)
            {
                errors.Add(($"{path}.amount", "is required: a number, 0 or more."));
            }
            string? currency = null;
            try
            {
                currency = Guard.Currency(item.TryGetProperty("currency", out var cur) && cur.ValueKind == JsonValueKind.String ? cur.GetString() : baseCurrency, "currency");
            }
            catch (DomainRuleException e)
            {
                errors.Add(($"{path}.currency", e.Message));
            }
            if (errors.Count == before)
            {
                rows.Add(new ChannelCostRow(channel!, month!.Value, amount!.Value, currency!));
            }
        }
        return errors.Count > 0 ? ([], errors) : (rows, []);
    }
}
