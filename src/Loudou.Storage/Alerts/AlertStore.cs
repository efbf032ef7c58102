using Loudou.Core;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Alerts;

/// <summary>Alert rules and their episodes in the caller's scope (docs/alert-files.md, docs/access.md).</summary>
/// <remarks>
/// Rules are reference data without a scope filter, so this store decides who sees which: admins and the operator all of
/// them; a manager the rules on their own team's segment, whose figures are their team's; a rep none. Only admins and the
/// operator set rules or run them. Episodes carry the team a rule's segment names and are scoped by the context's filter.
/// </remarks>
public sealed class AlertStore(LoudouDbContext db)
{
    /// <summary>The rules the caller sees, by key.</summary>
    public async Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default)
    {
        var ownTeam = await OwnTeamNameAsync(cancellationToken);
        if (!db.Scope.SeesAll && ownTeam is null)
        {
            return [];
        }
        var logins = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.LoginName, cancellationToken);
        var rules = await db.AlertRules.AsNoTracking().OrderBy(r => r.Key).ToListAsync(cancellationToken);
        return [.. rules.Select(r => View(r, logins)).Where(v => db.Scope.SeesAll || v.Condition?.Segment is { Dimension: "team" } s && s.Value == ownTeam)];
    }

    /// <summary>The episodes the caller sees: open ones first (latest first), then cleared ones by when they cleared.</summary>
    public async Task<IReadOnlyList<AlertEpisodeView>> ListEpisodesAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        var episodes = await db.AlertEpisodes.AsNoTracking()
            .OrderBy(e => e.ClearedAt == null ? 0 : 1).ThenByDescending(e => e.ClearedAt).ThenByDescending(e => e.OpenedAt).ThenByDescending(e => e.Id)
            .Take(limit).ToListAsync(cancellationToken);
        var ruleIds = episodes.Select(e => e.AlertRuleId).Distinct().ToList();
        var rules = await db.AlertRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        return [.. episodes.Select(e => new AlertEpisodeView(e, rules[e.AlertRuleId].Key, rules[e.AlertRuleId].Name, Condition(rules[e.AlertRuleId]).Condition))];
    }

    /// <summary>Resolves the document's names against the workspace, changing nothing.</summary>
    /// <returns>Every problem at its JSON path; empty when <see cref="ApplyAsync"/> would succeed.</returns>
    public async Task<IReadOnlyList<AlertsFileError>> CheckAsync(AlertsDocument document, CancellationToken cancellationToken = default) =>
        (await ResolveAsync(document, cancellationToken)).Errors;

    /// <summary>Sets every rule of the document in one transaction, or none when any is wrong; rules the file does not list stay.</summary>
    public async Task<AlertsApplyResult> ApplyAsync(AlertsDocument document, CancellationToken cancellationToken = default)
    {
        var (owners, errors) = await ResolveAsync(document, cancellationToken);
        if (errors.Count > 0)
        {
            return new AlertsApplyResult(null, errors);
        }
        int created = 0, changed = 0, removed = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var keys = document.Rules.Select(r => r.Key).ToList();
            var stored = await db.AlertRules.Where(r => keys.Contains(r.Key)).ToDictionaryAsync(r => r.Key, cancellationToken);
            foreach (var entry in document.Rules)
            {
                var rule = stored.GetValueOrDefault(entry.Key);
                if (entry.Remove)
                {
                    removed += rule is null ? 0 : 1;
                    db.AlertRules.RemoveRange(rule is null ? [] : [rule]);
                    continue;
                }
                var condition = AlertConditionJson.Write(entry.Condition!);
                var owner = entry.Owner is null ? null : (int?)owners[entry.Owner];
                if (rule is null)
                {
                    rule = AlertRule.Create(entry.Key, entry.Name, condition, entry.Schedule, entry.Channels, owner);
                    db.AlertRules.Add(rule);
                    created++;
                }
                else
                {
                    var same = rule.Name == entry.Name && rule.Condition == condition && rule.Schedule == entry.Schedule && rule.Channels == entry.Channels
                        && rule.OwnerId == owner && rule.IsEnabled == entry.Enabled;
                    changed += same ? 0 : 1;
                    rule.Change(entry.Name, condition, entry.Schedule, entry.Channels);
                    rule.ChangeOwner(owner);
                }
                if (entry.Enabled)
                {
                    rule.Enable();
                }
                else
                {
                    rule.Disable();
                }
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return new AlertsApplyResult(null, [new AlertsFileError("$", "another change to the same rules was saved at the same time; nothing was changed, apply the file again.")]);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return new AlertsApplyResult(await ListRulesAsync(cancellationToken), [], created, changed, removed);
    }

    /// <summary>Turns a rule on or off; false when there is no such rule.</summary>
    public async Task<bool> SetEnabledAsync(string key, bool enabled, CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (rule is null)
        {
            return false;
        }
        if (enabled)
        {
            rule.Enable();
        }
        else
        {
            rule.Disable();
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The enabled rules whose stored condition reads, to evaluate together.</summary>
    public async Task<IReadOnlyList<AlertRuleView>> EnabledRulesAsync(CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        return [.. (await ListRulesAsync(cancellationToken)).Where(r => r.Enabled && r.Condition is not null)];
    }

    private void RequireAdmin()
    {
        if (!db.Scope.SeesAll)
        {
            Guard.Throw("alerts", "only admins set and run alert rules.");
        }
    }

    private async Task<string?> OwnTeamNameAsync(CancellationToken cancellationToken) =>
        db.Scope is { SeesAll: false, Role: UserRole.Manager, TeamId: { } team }
            ? await db.Teams.AsNoTracking().Where(t => t.Id == team).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken)
            : null;

    internal static (AlertCondition? Condition, string? Problem) Condition(AlertRule rule) =>
        AlertConditionJson.Parse(rule.Condition, out var errors) is { } condition
            ? (condition, null)
            : (null, string.Join("; ", errors.Select(e => e.ToString())));

    private static AlertRuleView View(AlertRule rule, IReadOnlyDictionary<int, string> logins)
    {
        var (condition, problem) = Condition(rule);
        return new AlertRuleView(rule.Id, rule.Key, rule.Name, condition, problem, rule.Schedule, rule.Channels, rule.IsEnabled,
            rule.OwnerId is { } owner ? logins.GetValueOrDefault(owner) : null, rule.LastEvaluatedAt);
    }

    /// <summary>Checks the caller may set rules and that every stage, segment value and owner the document names exists.</summary>
    private async Task<(Dictionary<string, int> Owners, List<AlertsFileError> Errors)> ResolveAsync(AlertsDocument document, CancellationToken cancellationToken)
    {
        var errors = new List<AlertsFileError>();
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!db.Scope.SeesAll)
        {
            errors.Add(new("$", "only admins set alert rules."));
            return (owners, errors);
        }
        var pipeline = await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken);
        var values = new SegmentValues(db);
        foreach (var entry in document.Rules.Where(r => !r.Remove))
        {
            var condition = entry.Condition!;
            if (condition.Stage is { } key && pipeline?.FindStage(key) is not { Kind: StageKind.Open })
            {
                var open = pipeline?.Stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Key) ?? [];
                errors.Add(new(entry.Path + ".condition.stage", $"no open stage '{key}' in the default pipeline; open stages: {string.Join(", ", open)}."));
            }
            if (condition.Segment is { } segment && await values.ProblemAsync(segment, cancellationToken) is { } problem)
            {
                errors.Add(new(entry.Path + (problem.OnDimension ? ".condition.segment.dimension" : ".condition.segment.value"), problem.Message));
            }
            if (entry.Owner is { } login)
            {
                var user = await db.Users.AsNoTracking().Where(u => u.LoginName == login && u.IsActive).Select(u => (int?)u.Id).SingleOrDefaultAsync(cancellationToken);
                if (user is { } id)
                {
                    owners[login] = id;
                }
                else
                {
                    errors.Add(new(entry.Path + ".owner", $"no active user '{login}'."));
                }
            }
        }
        return (owners, errors);
    }
}
