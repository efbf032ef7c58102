using Loudou.Core;
using Loudou.Core.Workspace;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>The workspace's settings as the admin page and the API show them.</summary>
/// <param name="DefaultPipeline">The key of the pipeline analyses and new deals use when none is named.</param>
/// <param name="BaseCurrencyFixed">Why the base currency can no longer change (deals carry amounts, or rates are set in it); null while it can.</param>
public sealed record WorkspaceSettingsView(
    string? Name, string TimeZone, string BaseCurrency, string? Language, string? DefaultPipeline, double RankingResultsWeight, string? BaseCurrencyFixed);

/// <summary>A change to the settings: a null member keeps what is there (<see cref="Name"/> and <see cref="Language"/> are cleared with "").</summary>
public sealed record WorkspaceSettingsChange(
    string? Name = null, string? TimeZone = null, string? BaseCurrency = null, string? Language = null, string? DefaultPipeline = null, double? RankingResultsWeight = null);

/// <summary>Reads and changes the workspace's settings; every change is audited (entity type "workspace") with what it was and became.</summary>
public sealed class WorkspaceSettingsStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<WorkspaceSettingsView> GetAsync(CancellationToken cancellationToken = default) =>
        await ViewAsync(await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken), cancellationToken);

    /// <summary>Applies every member of the change, or none when one is wrong.</summary>
    /// <returns>The settings after, and whether anything changed.</returns>
    /// <exception cref="DomainRuleException">Not an admin; an unknown time zone, currency, language or pipeline; a weight outside 0..1; a base currency that is fixed.</exception>
    public async Task<(WorkspaceSettingsView Settings, bool Changed)> ChangeAsync(WorkspaceSettingsChange change, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            throw new DomainRuleException("role", $"workspace settings are changed by admins.");
        }
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        var defaultKey = await DefaultKeyAsync(cancellationToken);
        var before = Describe(settings, defaultKey);
        if (change.Name is { } name)
        {
            settings.Rename(string.IsNullOrWhiteSpace(name) ? null : name);
        }
        if (change.TimeZone is { } zone)
        {
            settings.ChangeTimeZone(zone);
        }
        if (change.Language is { } language)
        {
            settings.ChooseLanguage(language);
        }
        if (change.RankingResultsWeight is { } weight)
        {
            settings.WeighRanking(weight);
        }
        if (change.DefaultPipeline is { } key)
        {
            var pipeline = await db.Pipelines.SingleOrDefaultAsync(p => p.Key == key.Trim(), cancellationToken)
                ?? throw new DomainRuleException("defaultPipeline", $"no pipeline '{key}'.");
            settings.MakeDefault(pipeline);
            defaultKey = pipeline.Key;
        }
        if (change.BaseCurrency is { } currency && !string.Equals(currency.Trim(), settings.BaseCurrency, StringComparison.OrdinalIgnoreCase))
        {
            if (await BaseCurrencyFixedAsync(cancellationToken) is { } reason)
            {
                throw new DomainRuleException("baseCurrency", $"the base currency stays {settings.BaseCurrency}: {reason}");
            }
            settings.ChangeBaseCurrency(currency);
        }
        var changed = RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.Workspace, settings.Id, before, Describe(settings, defaultKey));
        await db.SaveChangesAsync(cancellationToken);
        return (await ViewAsync(settings, cancellationToken), changed);
    }

    private async Task<WorkspaceSettingsView> ViewAsync(WorkspaceSettings settings, CancellationToken cancellationToken) =>
        new(settings.Name, settings.TimeZoneId, settings.BaseCurrency, settings.Language, await DefaultKeyAsync(cancellationToken),
            settings.RankingResultsWeight, await BaseCurrencyFixedAsync(cancellationToken));

    // As stored: the view is read after a change is saved.
    private async Task<string?> DefaultKeyAsync(CancellationToken cancellationToken) =>
        (await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken))?.Key;

    // Every stored amount and rate is read against the base currency: changing it would silently re-denominate them.
    // Through the scope filters: only an admin, who sees every deal, may change it, so a narrower reader learns nothing.
    private async Task<string?> BaseCurrencyFixedAsync(CancellationToken cancellationToken)
    {
        if (await db.Deals.AnyAsync(d => d.Amount != null, cancellationToken))
        {
            return "deals carry amounts in it.";
        }
        return await db.ExchangeRates.AnyAsync(cancellationToken) ? "exchange rates are set against it." : null;
    }

    private static IReadOnlyDictionary<string, object?> Describe(WorkspaceSettings s, string? defaultPipeline) =>
        new Dictionary<string, object?>
        {
            ["name"] = s.Name,
            ["timeZone"] = s.TimeZoneId,
            ["baseCurrency"] = s.BaseCurrency,
            ["language"] = s.Language,
            ["defaultPipeline"] = defaultPipeline,
            ["rankingResultsWeight"] = s.RankingResultsWeight,
        };
}
