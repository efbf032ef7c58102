using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>Custom values a caller gives a deal (by field key, as typed), checked against the fields' types; errors are named <c>custom.KEY</c>.</summary>
internal static class DealCustomValues
{
    public const string Prefix = "custom.";

    /// <summary>The fields and canonical values to set (null clears); every unknown key and bad value is added to <paramref name="errors"/>.</summary>
    public static async Task<List<(CustomField Field, string? Value)>> CheckAsync(
        LoudouDbContext db, IReadOnlyDictionary<string, string?>? given, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var checkedValues = new List<(CustomField, string?)>();
        if (given is not { Count: > 0 })
        {
            return checkedValues;
        }
        var fields = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var (key, raw) in given)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                errors[Prefix + key] = [fields.Count == 0
                    ? $"{Prefix}{key} is not a custom field; the workspace has none (an admin defines them on /admin/fields)."
                    : $"{Prefix}{key} is not a custom field; the fields are {string.Join(", ", fields.Keys.Order(StringComparer.Ordinal))}."];
                continue;
            }
            if (string.IsNullOrWhiteSpace(raw))
            {
                checkedValues.Add((field, null));
                continue;
            }
            if (field.Normalize(raw, out var error) is { } value)
            {
                checkedValues.Add((field, value));
            }
            else
            {
                errors[Prefix + key] = [Prefix + error];
            }
        }
        return checkedValues;
    }

    public static void Apply(Deal deal, IEnumerable<(CustomField Field, string? Value)> values)
    {
        foreach (var (field, value) in values)
        {
            deal.SetFieldValue(field, value);
        }
    }

    /// <summary>The deal's values of these fields by <c>custom.KEY</c> (null when it holds none), as the audit log records them.</summary>
    public static Dictionary<string, object?> Snapshot(Deal deal, IEnumerable<CustomField> fields) =>
        fields.ToDictionary(f => Prefix + f.Key, f => (object?)deal.FieldValues.FirstOrDefault(v => v.CustomFieldId == f.Id)?.Value, StringComparer.Ordinal);
}
