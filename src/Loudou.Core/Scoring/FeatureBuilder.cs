using System.Globalization;

namespace Loudou.Core.Scoring;

/// <summary>Computes a deal's features as of a moment: its fields now, and from its history only what happened by then.</summary>
/// <remarks>
/// <para>Never a feature: the deal's id, external id, name, source or import order (a file's row number follows time), nor what
/// follows from its outcome (probability, loss reason, close date, the current stage of a closed deal).</para>
/// <para>History is read through <see cref="Until{T}"/> and <see cref="VisitsUntil"/>, which stop at the first row dated after
/// the moment; rows without a date are never read, since nothing says whether they happened by then. A deal whose creation
/// time is unknown has no history features at all: the bank data set's leads are one row each, their outcome known only.</para>
/// </remarks>
public sealed class FeatureBuilder
{
    private readonly ScoringShape _shape;
    private readonly int _fieldsAt;
    private readonly int _historyAt;

    public FeatureBuilder(ScoringShape shape)
    {
        _shape = shape;
        var specs = new List<FeatureSpec>
        {
            new(FeatureKeys.Amount, FeatureKind.Number, new("金额", "Amount")),
            new(FeatureKeys.Channel, FeatureKind.Category, new("渠道", "Channel")),
            new(FeatureKeys.Owner, FeatureKind.Category, new("负责人", "Owner")),
            new(FeatureKeys.Team, FeatureKind.Category, new("团队", "Team")),
            new(FeatureKeys.Industry, FeatureKind.Category, new("行业", "Industry")),
            new(FeatureKeys.SizeBand, FeatureKind.Category, new("规模", "Size")),
            new(FeatureKeys.Region, FeatureKind.Category, new("地区", "Region")),
            new(FeatureKeys.Tags, FeatureKind.Set, new("标签", "Tag")),
        };
        _fieldsAt = specs.Count;
        specs.AddRange(shape.Fields.Select(f => new FeatureSpec(FeatureKeys.FieldPrefix + f.Key, f.Numeric ? FeatureKind.Number : FeatureKind.Category, f.Name)));
        _historyAt = specs.Count;
        specs.AddRange(
        [
            new(FeatureKeys.Stage, FeatureKind.Category, new("阶段", "Stage"), AsOf: true),
            new(FeatureKeys.DaysInStage, FeatureKind.Number, new("本阶段天数", "Days in stage"), AsOf: true),
            new(FeatureKeys.AgeDays, FeatureKind.Number, new("商机天数", "Days since created"), AsOf: true),
            new(FeatureKeys.Touches, FeatureKind.Number, new("跟进次数", "Activities"), AsOf: true),
            new(FeatureKeys.DaysSinceTouch, FeatureKind.Number, new("未跟进天数", "Days without activity"), AsOf: true),
            new(FeatureKeys.FirstResponseHours, FeatureKind.Number, new("首次响应小时数", "Hours to first response (or waited so far)"), AsOf: true),
            new(FeatureKeys.ActionsDone, FeatureKind.Number, new("已完成动作", "Actions done"), AsOf: true),
            new(FeatureKeys.RequiredSkipped, FeatureKind.Number, new("跳过的必做动作", "Required actions skipped"), AsOf: true),
        ]);
        Specs = specs;
    }

    public IReadOnlyList<FeatureSpec> Specs { get; }

    /// <summary>The index of a feature by key; −1 when this shape has no such feature.</summary>
    public int Index(string key)
    {
        for (var f = 0; f < Specs.Count; f++)
        {
            if (Specs[f].Key == key)
            {
                return f;
            }
        }
        return -1;
    }

    /// <summary>The deal's features as of <paramref name="asOf"/>.</summary>
    /// <param name="asOf">The moment scored; null for a deal whose history has no dates, which then has only its fields.</param>
    public FeatureRow Build(ScoringDeal deal, DateTimeOffset? asOf)
    {
        var row = new FeatureRow(Specs.Count);
        Build(deal, asOf, row);
        return row;
    }

    /// <summary>Fills <paramref name="row"/> with the deal's features as of <paramref name="asOf"/>, forgetting what it held.</summary>
    public void Build(ScoringDeal deal, DateTimeOffset? asOf, FeatureRow row)
    {
        row.Clear();
        if (deal.Amount is { } amount)
        {
            // Amounts span orders of magnitude; the log keeps a linear model's weight meaningful (trees do not mind).
            row.Numbers[0] = Math.Log(1 + Math.Max(0, amount));
        }
        row.Categories[1] = deal.Channel;
        row.Categories[2] = deal.Owner;
        row.Categories[3] = deal.Team;
        row.Categories[4] = deal.Industry;
        row.Categories[5] = deal.SizeBand;
        row.Categories[6] = deal.Region;
        row.Tags = deal.Tags;
        for (var f = 0; f < _shape.Fields.Count && f < deal.Fields.Length; f++)
        {
            if (deal.Fields[f] is not { } value)
            {
                continue;
            }
            if (!_shape.Fields[f].Numeric)
            {
                row.Categories[_fieldsAt + f] = value;
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                row.Numbers[_fieldsAt + f] = number;
            }
        }
        if (asOf is { } at && deal.CreatedAt is { } created && created <= at)
        {
            History(deal, created, at, row);
        }
    }

    private void History(ScoringDeal deal, DateTimeOffset created, DateTimeOffset at, FeatureRow row)
    {
        var h = _historyAt;
        var visits = VisitsUntil(deal.Stages, at);
        if (visits.Count > 0)
        {
            var current = visits[^1];
            row.Categories[h] = _shape.Stages[current.Stage].Key;
            row.Numbers[h + 1] = Days(current.At!.Value, at);
        }
        row.Numbers[h + 2] = Days(created, at);
        var touches = Until(deal.Activities, at, a => a);
        row.Numbers[h + 3] = touches.Length;
        row.Numbers[h + 4] = Days(touches.Length > 0 ? touches[^1] : created, at);
        // The wait for a first response: how long it took, or, while none came yet, how long it has been. One measure of slowness
        // whether answered or not, where "missing until answered" would hide the slowest leads of all.
        row.Numbers[h + 5] = Math.Max(0, ((touches.Length > 0 ? touches[0] : at) - created).TotalHours);
        var done = Until(deal.Actions, at, a => a.At);
        row.Numbers[h + 6] = done.Length;
        row.Numbers[h + 7] = RequiredSkipped(visits, done);
    }

    /// <summary>Required actions of the stages the deal has left by the moment that were not done by then.</summary>
    private double RequiredSkipped(List<StageVisit> visits, ReadOnlySpan<ActionDone> done)
    {
        var left = new HashSet<int>();
        for (var i = 0; i < visits.Count - 1; i++)
        {
            left.Add(visits[i].Stage);
        }
        left.Remove(visits.Count > 0 ? visits[^1].Stage : -1);
        var doneSet = new HashSet<int>();
        foreach (var d in done)
        {
            doneSet.Add(d.Action);
        }
        var skipped = 0;
        for (var a = 0; a < _shape.Actions.Count; a++)
        {
            if (_shape.Actions[a].Required && left.Contains(_shape.Actions[a].Stage) && !doneSet.Contains(a))
            {
                skipped++;
            }
        }
        return skipped;
    }

    /// <summary>The leading rows dated at or before the moment, of rows in time order: reading stops at the first later one.</summary>
    internal static ReadOnlySpan<T> Until<T>(T[] rows, DateTimeOffset at, Func<T, DateTimeOffset> when)
    {
        var n = 0;
        while (n < rows.Length && when(rows[n]) <= at)
        {
            n++;
        }
        return rows.AsSpan(0, n);
    }

    /// <summary>The dated stage entries at or before the moment, in history order; undated entries are skipped, never read as known.</summary>
    internal static List<StageVisit> VisitsUntil(StageVisit[] visits, DateTimeOffset at)
    {
        var list = new List<StageVisit>();
        foreach (var v in visits)
        {
            if (v.At is not { } when)
            {
                continue;
            }
            if (when > at)
            {
                // History order is time order for dated rows: nothing after this one happened by the moment.
                break;
            }
            list.Add(v);
        }
        return list;
    }

    private static double Days(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalDays);
}
