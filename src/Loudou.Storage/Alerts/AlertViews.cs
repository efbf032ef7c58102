using Loudou.Core;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;

namespace Loudou.Storage.Alerts;

/// <summary>A stored rule as the list, the API and the page show it.</summary>
/// <param name="Condition">Null when the stored condition no longer reads (edited by hand); <paramref name="Problem"/> says why.</param>
public sealed record AlertRuleView(
    int Id, string Key, LocalizedText Name, AlertCondition? Condition, string? Problem, string Schedule, DeliveryChannels Channels,
    bool Enabled, string? Owner, DateTimeOffset? LastEvaluatedAt)
{
    /// <summary>The rule as a rules file lists it.</summary>
    public AlertRuleEntry Entry(int index) => new(Key, Name, Condition, Schedule, Channels, Enabled, Owner, false, $"$.rules[{index}]");
}

/// <summary>An episode with its rule, for lists.</summary>
public sealed record AlertEpisodeView(AlertEpisode Episode, string RuleKey, LocalizedText RuleName, AlertCondition? Condition);

/// <summary>The outcome of applying a rules file: the rules now stored, or the errors that stopped it (nothing changed).</summary>
public sealed record AlertsApplyResult(IReadOnlyList<AlertRuleView>? Applied, IReadOnlyList<AlertsFileError> Errors, int Created = 0, int Changed = 0, int Removed = 0);

/// <summary>What one run did with a rule: <c>fired</c> (an episode opened), <c>open</c> (still holding, no new notification), <c>cleared</c>, or <c>quiet</c>.</summary>
/// <param name="Recorded">False for a rule that was evaluated with the others (one correction) but is not due, so nothing was recorded for it.</param>
public sealed record AlertOutcome(AlertResult Result, string Status, AlertEpisode? Episode, bool Recorded, string Dashboard, string Deals);

/// <summary>A run: the evaluation and each rule's outcome, with how many notifications were raised.</summary>
public sealed record AlertRunResult(AlertEvaluation Evaluation, IReadOnlyList<AlertOutcome> Outcomes, int Notifications);
