using Loudou.Core.Activities;

namespace Loudou.Core.Import;

/// <summary>An activity as one row describes it, checked and ready to write.</summary>
/// <param name="Deal">The external id of the deal it hangs off, from the same source.</param>
public sealed record ActivityRow(long Row, string ExternalId, string Deal, ActivityKind Kind, DateTimeOffset At, string? Owner, string? Outcome, string? Note);

/// <summary>Turns rows into <see cref="ActivityRow"/>s as a mapping says; pure, like <see cref="DealRowMapper"/>.</summary>
/// <remarks>Kinds are read by their English name or a common Chinese word (电话, 拜访, 会议, 邮件, 微信, 演示, 方案/报价, 备注).</remarks>
public sealed class ActivityRowMapper(ImportMapping mapping, TimeZoneInfo zone, string? dateFormat)
{
    private static readonly Dictionary<string, ActivityKind> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["电话"] = ActivityKind.Call,
        ["拜访"] = ActivityKind.Visit,
        ["上门"] = ActivityKind.Visit,
        ["会议"] = ActivityKind.Meeting,
        ["邮件"] = ActivityKind.Email,
        ["e-mail"] = ActivityKind.Email,
        ["微信"] = ActivityKind.WeChat,
        ["演示"] = ActivityKind.Demo,
        ["方案"] = ActivityKind.Proposal,
        ["报价"] = ActivityKind.Proposal,
        ["备注"] = ActivityKind.Note,
    };

    /// <summary>Maps one row; null when it has an error, which is added to <paramref name="sink"/> with every other problem.</summary>
    public ActivityRow? Map(ImportRow row, ICollection<ImportIssue> sink)
    {
        var issues = new List<ImportIssue>();
        var externalId = Required(row, ImportFields.ExternalId, 100, issues);
        var deal = Required(row, ImportFields.Deal, 100, issues);
        var kindText = Required(row, ImportFields.Kind, 50, issues);
        ActivityKind kind = default;
        if (kindText is not null && !Enum.TryParse(kindText, ignoreCase: true, out kind) && !Words.TryGetValue(kindText, out kind))
        {
            RowValues.Error(row, mapping.Fields[ImportFields.Kind], kindText, $"is not an activity kind; use {string.Join(", ", Enum.GetNames<ActivityKind>())} or 电话, 拜访, 会议, 邮件, 微信, 演示, 方案, 备注", issues);
        }
        DateTimeOffset? at = null;
        if (Required(row, ImportFields.At, 100, issues) is { } atText)
        {
            var moment = ImportValues.ParseMoment(atText, dateFormat ?? mapping.DateFormat, out var problem);
            if (moment is null)
            {
                RowValues.Error(row, mapping.Fields[ImportFields.At], atText, problem!, issues);
            }
            at = moment?.In(zone);
        }
        var activity = new ActivityRow(row.Number, externalId ?? "", deal ?? "", kind, at ?? default,
            RowValues.Text(row, mapping, ImportFields.Owner, 100, issues), RowValues.Text(row, mapping, ImportFields.Outcome, 200, issues), RowValues.Text(row, mapping, ImportFields.Note, 4000, issues));
        foreach (var issue in issues.Distinct())
        {
            sink.Add(issue);
        }
        return issues.Exists(i => i.Severity == ImportSeverity.Error) ? null : activity;
    }

    private string? Required(ImportRow row, string field, int maxLength, List<ImportIssue> issues)
    {
        var before = issues.Count;
        var text = RowValues.Text(row, mapping, field, maxLength, issues);
        if (text is null && issues.Count == before)
        {
            RowValues.Error(row, mapping.Fields[field], "", $"{field} is empty", issues);
        }
        return text;
    }
}
