using Loudou.Core.Alerts.Rules;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Alerts;

/// <summary>Whether a segment an alert rule names exists in the workspace: its dimension, and a value some record holds.</summary>
/// <remarks>Reads as the caller (an admin or the operator, who see every deal), once per dimension.</remarks>
internal sealed class SegmentValues(LoudouDbContext db)
{
    private readonly Dictionary<string, HashSet<string>?> _known = new(StringComparer.Ordinal);

    public sealed record Problem(bool OnDimension, string Message);

    public async Task<Problem?> ProblemAsync(AlertSegment segment, CancellationToken cancellationToken)
    {
        if (!_known.TryGetValue(segment.Dimension, out var values))
        {
            values = await LoadAsync(segment.Dimension, cancellationToken);
            _known[segment.Dimension] = values;
        }
        if (values is null)
        {
            return new Problem(true, $"no custom field '{segment.Dimension["custom.".Length..]}'.");
        }
        if (values.Contains(segment.Value))
        {
            return null;
        }
        var some = string.Join(", ", values.Order(StringComparer.Ordinal).Take(10));
        return new Problem(false, $"no {segment.Dimension} '{segment.Value}'{(values.Count == 0 ? "" : $"; {segment.Dimension} values include: {some}")}.");
    }

    /// <summary>The dimension's values; null for a custom field that does not exist.</summary>
    private async Task<HashSet<string>?> LoadAsync(string dimension, CancellationToken cancellationToken)
    {
        List<string?> values = dimension switch
        {
            "team" => [.. await db.Teams.Select(t => t.Name).ToListAsync(cancellationToken)],
            "channel" => [.. await db.Channels.Select(c => c.Name).ToListAsync(cancellationToken)],
            "owner" => [.. await db.Users.Select(u => u.LoginName).ToListAsync(cancellationToken)],
            "product" => [.. await db.Products.Select(p => p.Name).ToListAsync(cancellationToken)],
            "tag" => [.. await db.Tags.Select(t => t.Name).ToListAsync(cancellationToken)],
            "industry" => await db.Accounts.Select(a => a.Industry).Distinct().ToListAsync(cancellationToken),
            "sizeBand" => await db.Accounts.Select(a => a.SizeBand).Distinct().ToListAsync(cancellationToken),
            "region" => await db.Accounts.Select(a => a.Region).Distinct().ToListAsync(cancellationToken),
            _ => await CustomAsync(dimension["custom.".Length..], cancellationToken),
        };
        return values is [null] && dimension.StartsWith("custom.", StringComparison.Ordinal) ? null : [.. values.OfType<string>()];
    }

    /// <summary>The values stored for a custom field; [null] when the field does not exist.</summary>
    private async Task<List<string?>> CustomAsync(string key, CancellationToken cancellationToken)
    {
        var field = await db.CustomFields.Where(f => f.Key == key).Select(f => (int?)f.Id).SingleOrDefaultAsync(cancellationToken);
        return field is { } id
            ? [.. await db.CustomFieldValues.Where(v => v.CustomFieldId == id).Select(v => v.Value).Distinct().ToListAsync(cancellationToken)]
            : [null];
    }
}
