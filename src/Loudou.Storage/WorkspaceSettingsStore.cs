using Loudou.Core;
using Loudou.Core.Workspace;
using Loudou.Storage.Pipelines;
using Loudou.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>The workspace's settings as the admin page and the API show them.</summary>
/// <param name="DefaultPipeline">The key of the pipeline analyses and new deals use when none is named.</param>
/// <param name="BaseCurrencyFixed">Why the base currency can no longer change (deals carry amounts, or rates are set in it); null while it can.</param>
/// <param name="LayerHighScore">The A/B/C layers' cuts (docs/scoring.md): a high score, a low one, a large deal's amount in the base currency (null: by score alone).</param>
public sealed record WorkspaceSettingsView(
    string? Name, string TimeZone, string BaseCurrency, string? Language, string? DefaultPipeline, double RankingResultsWeight, string? BaseCurrencyFixed,
    double LayerHighScore, double LayerLowScore, decimal? LayerLargeAmount);

/// <summary>A change to the settings: a null member keeps what is there (<see cref="Name"/> and <see cref="Language"/> are cleared with "", <see cref="LayerLargeAmount"/> with 0).</summary>
public sealed record WorkspaceSettingsChange(
    string? Name = null, string? TimeZone = null, string? BaseCurrency = null, string? Language = null, string? DefaultPipeline = null, double? RankingResultsWeight = null,
    double? LayerHighScore = null, double? LayerLowScore = null, decimal? LayerLargeAmount = null);

/// <summary>Reads and changes the workspace's settings; every change is audited (entity type "workspace") with what it was and became.</summary>
public sealed class WorkspaceSettingsStore(LoudouDbContext db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<WorkspaceSettingsView> GetAsync(CancellationToken cancellationToken = default) =>
        await ViewAsync(await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken), cancellationToken);

    /// <summary>Applies every member of the change, or none when one is wrong.</summary>
    /// <returns>The settings after, and whether anything changed.</returns>
    /// <exception cref="DomainRuleException">Not an admin; an unknown time zone, currency, language or pipeline; a weight outside 0..1; layer cuts out of range or order; a base currency that is fixed.</exception>
    public async Task<(WorkspaceSettingsView Settings, bool Changed)> ChangeAsync(WorkspaceSettingsChange change, CancellationToken cancellationToken = default)
    {
        if (!db.Scope.SeesAll)
        {
            throw new DomainRuleException("role", $"workspace settings are changed by admins.");
        }
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        var defaultKey = await DefaultKeyAsync(cancellationToken);
        var before = Describe(settings, defaultKey);
        try
        {
            defaultKey = await ApplyAsync(settings, change, defaultKey, cancellationToken);
        }
        catch (DomainRuleException)
        {
            // All or nothing in this context too: a later save must not carry the members applied before the refusal.
            await db.Entry(settings).ReloadAsync(cancellationToken);
            throw;
        }
        var after = Describe(settings, defaultKey);
        var changed = RecordWrites.AuditChanges(db, _clock, AuditEntityTypes.Workspace, settings.Id, before, after);
        await db.SaveChangesAsync(cancellationToken);
        if (!Layers(before).Equals(Layers(after)))
        {
            // Every stored score takes its layer by the new cuts at once; the layers' funnels follow.
            await Scoring.DealLayers.RelayerAsync(db, cancellationToken);
        }
        return (await ViewAsync(settings, cancellationToken), changed);
    }

    /// <returns>The default pipeline's key after the change.</returns>
    private async Task<string?> ApplyAsync(WorkspaceSettings settings, WorkspaceSettingsChange change, string? defaultKey, CancellationToken cancellationToken)
    {
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
        if (change.LayerHighScore is not null || change.LayerLowScore is not null || change.LayerLargeAmount is not null)
        {
            var large = change.LayerLargeAmount is { } amount ? (amount == 0 ? null : amount) : settings.LayerLargeAmount;
            settings.CutLayers(change.LayerHighScore ?? settings.LayerHighScore, change.LayerLowScore ?? settings.LayerLowScore, large);
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
        return defaultKey;
    }

    private async Task<WorkspaceSettingsView> ViewAsync(WorkspaceSettings settings, CancellationToken cancellationToken) =>
        new(settings.Name, settings.TimeZoneId, settings.BaseCurrency, settings.Language, await DefaultKeyAsync(cancellationToken),
            settings.RankingResultsWeight, await BaseCurrencyFixedAsync(cancellationToken), settings.LayerHighScore, settings.LayerLowScore, settings.LayerLargeAmount);

    private static (object?, object?, object?) Layers(IReadOnlyDictionary<string, object?> described) =>
        (described["layerHighScore"], described["layerLowScore"], described["layerLargeAmount"]);

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
            ["layerHighScore"] = s.LayerHighScore,
            ["layerLowScore"] = s.LayerLowScore,
            ["layerLargeAmount"] = s.LayerLargeAmount,
        };
}
