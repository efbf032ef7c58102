using Loudou.Core.Catalog;

namespace Loudou.Core.Analytics;

/// <summary>Channel quality (docs/metrics.md, "Channel quality"): per channel, its leads' funnel, what they won and what they cost.</summary>
/// <remarks>
/// The counts are the funnel engine's breakdown by channel of the range's creation cohort, not counted again here, so
/// a channel's leads and won deals are the dashboard's and drill down the same way (<c>FunnelEngine.DealIds</c>,
/// <c>FunnelEngine.TotalDealIds</c> with <see cref="FunnelQueryFor"/> and a channel filter). Costs are whole
/// months; a month of the range without a base-currency row makes the cost unknown rather than understated.
/// </remarks>
public static class ChannelQuality
{
    /// <summary>Channel quality on the columnar snapshot a host keeps.</summary>
    /// <exception cref="DomainRuleException">On <c>from</c> when the range is reversed or starts after the as-of moment.</exception>
    public static ChannelQualityReport Compute(ColumnarSnapshot snapshot, IReadOnlyList<ChannelCostRow> costs, ChannelQualityQuery query, DateTimeOffset now)
    {
        query = Resolved(query, snapshot.Calendar, FunnelEngine.DefaultAsOf(snapshot.LatestTicks == ColumnarSnapshot.UnknownTime ? null : new DateTimeOffset(snapshot.LatestTicks, TimeSpan.Zero), now));
        return Build(FunnelEngine.Compute(snapshot, FunnelQueryFor(query), now), snapshot.Calendar, costs, query);
    }

    /// <summary>Channel quality on a plain snapshot (the reference path, and the CLI on a small database).</summary>
    /// <exception cref="DomainRuleException">On <c>from</c> when the range is reversed or starts after the as-of moment.</exception>
    public static ChannelQualityReport Compute(FunnelSnapshot snapshot, IReadOnlyList<ChannelCostRow> costs, ChannelQualityQuery query, DateTimeOffset now)
    {
        query = Resolved(query, snapshot.Calendar, FunnelEngine.DefaultAsOf(snapshot, now));
        return Build(FunnelEngine.Compute(snapshot, FunnelQueryFor(query), now), snapshot.Calendar, costs, query);
    }

    /// <summary>The query with its as-of moment and both months set: the defaults are the as-of month and the months before it.</summary>
    private static ChannelQualityQuery Resolved(ChannelQualityQuery query, Workspace.WorkspaceCalendar calendar, DateTimeOffset defaultAsOf)
    {
        var asOf = query.AsOf ?? defaultAsOf;
        var to = query.ToMonth ?? (query.FromMonth is { } from && from > calendar.MonthOf(asOf) ? from : calendar.MonthOf(asOf));
        return query with { AsOf = asOf, ToMonth = to, FromMonth = query.FromMonth ?? to.AddMonths(1 - ChannelQualityQuery.DefaultMonths) };
    }

    /// <summary>The funnel query whose breakdown the report reads: the range's creation cohort by channel, counts only.</summary>
    /// <remarks>Add <c>Where = [("channel", name)]</c> to drill into one channel's deals. Both months must be set (the report's are).</remarks>
    public static FunnelQuery FunnelQueryFor(ChannelQualityQuery query)
    {
        if (query.FromMonth is not { } fromMonth || query.ToMonth is not { } toMonth)
        {
            return Guard.Throw<FunnelQuery>("from", $"{new FieldName("from")} and {new FieldName("to")} must both be given.");
        }
        if (fromMonth.Day != 1 || toMonth.Day != 1)
        {
            Guard.Throw("from", $"{new FieldName("from")} and {new FieldName("to")} are months: the first day of each.");
        }
        if (fromMonth > toMonth)
        {
            Guard.Throw("from", $"{new FieldName("from")} {fromMonth:yyyy-MM} is after {new FieldName("to")} {toMonth:yyyy-MM}.");
        }
        return new FunnelQuery
        {
            AsOf = query.AsOf,
            By = "channel",
            From = fromMonth,
            To = toMonth.AddMonths(1).AddDays(-1),
            Scope = query.Scope,
            MinN = query.MinN,
            Times = false,
            Language = query.Language,
        };
    }

    /// <summary>The months of the range, first days, in order.</summary>
    public static IEnumerable<DateOnly> Months(DateOnly fromMonth, DateOnly toMonth)
    {
        for (var month = fromMonth; month <= toMonth; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    private static ChannelQualityReport Build(FunnelReport funnel, Workspace.WorkspaceCalendar calendar, IReadOnlyList<ChannelCostRow> costs, ChannelQualityQuery query)
    {
        var (fromMonth, toMonth) = (query.FromMonth!.Value, query.ToMonth!.Value);
        var from = calendar.StartOf(fromMonth);
        if (from > funnel.AsOf)
        {
            Guard.Throw("from", $"{new FieldName("from")} {fromMonth:yyyy-MM} starts after the as-of moment {FunnelJson.Moment(funnel.AsOf, calendar.Zone)}.");
        }
        var end = calendar.StartOf(toMonth.AddMonths(1));
        var months = Months(fromMonth, toMonth).ToList();
        var byChannel = costs.Where(c => c.Month >= fromMonth && c.Month <= toMonth)
            .GroupBy(c => c.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var groups = (funnel.Groups ?? []).ToDictionary(g => g.Key, g => g.Figures, StringComparer.Ordinal);
        var scoped = query.Scope is { } scope && (scope.Owner is not null || scope.Team is not null);
        var rows = groups.Keys.Union(byChannel.Keys).Order(StringComparer.Ordinal).Select(channel =>
        {
            var figures = groups.GetValueOrDefault(channel);
            var cost = channel.Length == 0 ? new CostFigure(null, ChannelQualityReasons.NoChannel, [], [])
                : CostOf(byChannel.GetValueOrDefault(channel) ?? [], months, query.BaseCurrency);
            return Row(channel, figures, funnel.Total.Stages, cost, scoped);
        }).ToList();
        var named = rows.Where(r => r.Channel.Length > 0).ToList();
        var missing = named.FirstOrDefault(r => r.Cost is null);
        var total = new CostFigure(
            missing is null ? named.Sum(r => r.Cost!.Value) : null,
            missing?.CostReason,
            [.. named.SelectMany(r => r.MissingMonths).Distinct().Order()],
            [.. named.SelectMany(r => r.OtherCurrencies)]);
        return new ChannelQualityReport(funnel.Pipeline, funnel.AsOf, fromMonth, toMonth, from, end < funnel.AsOf ? end : funnel.AsOf,
            query.BaseCurrency, scoped, rows, Row("", funnel.Total, funnel.Total.Stages, total, scoped));
    }

    private sealed record CostFigure(decimal? Cost, string? Reason, IReadOnlyList<DateOnly> Missing, IReadOnlyList<ChannelOtherCost> Other);

    private static CostFigure CostOf(List<ChannelCostRow> rows, List<DateOnly> months, string baseCurrency)
    {
        var inBase = rows.Where(r => string.Equals(r.Currency, baseCurrency, StringComparison.OrdinalIgnoreCase)).ToList();
        var other = rows.Where(r => !string.Equals(r.Currency, baseCurrency, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Month).Select(r => new ChannelOtherCost(r.Month, r.Amount, r.Currency)).ToList();
        var missing = months.Where(m => !inBase.Exists(r => r.Month == m)).ToList();
        if (missing.Count == 0)
        {
            return new CostFigure(inBase.Sum(r => r.Amount), null, [], other);
        }
        // A month whose only row is in another currency is not unknown spend, but it cannot be added without a rate.
        var reason = missing.TrueForAll(m => other.Exists(o => o.Month == m)) ? ChannelQualityReasons.OtherCurrency : ChannelQualityReasons.CostMissing;
        return new CostFigure(null, reason, missing, other);
    }

    private static ChannelQualityRow Row(string channel, FunnelFigures? figures, IReadOnlyList<FunnelStageRow> shape, CostFigure cost, bool scoped)
    {
        var leads = figures?.Deals ?? 0;
        var won = figures?.Won ?? 0;
        var wonAmount = figures?.WonAmount ?? 0m;
        var stages = (figures?.Stages ?? shape).Where(s => s.Advanced is not null).Select(s => figures is null
            ? new ChannelStageConversion(s.Stage, s.Name, 0, 0, null, null, null, true)
            : new ChannelStageConversion(s.Stage, s.Name, s.Entered, s.Advanced!.Value, s.Conversion, s.CiLow, s.CiHigh, s.TooFew)).ToList();
        // Each figure divides the cost: unknown cost first, then a scoped caller (whose leads are not the channel's), then its own denominator.
        var blocked = cost.Cost is null ? cost.Reason : scoped ? ChannelQualityReasons.WorkspaceWide : null;
        var perLead = Divide(cost.Cost, leads, blocked, ChannelQualityReasons.NoLeads);
        var perWon = Divide(cost.Cost, won, blocked, ChannelQualityReasons.NoWon);
        var (roc, rocReason) = blocked is not null ? (null, blocked)
            : cost.Cost == 0 ? ((double?)null, ChannelQualityReasons.ZeroCost)
            : ((double)((wonAmount - cost.Cost!.Value) / cost.Cost.Value), (string?)null);
        return new ChannelQualityRow(channel, leads, won, wonAmount, stages, cost.Cost, cost.Reason, cost.Missing, cost.Other,
            perLead.Value, perLead.Reason, perWon.Value, perWon.Reason, roc, rocReason);
    }

    private static (decimal? Value, string? Reason) Divide(decimal? cost, long count, string? blocked, string zeroReason) =>
        blocked is not null ? (null, blocked)
        : count == 0 ? (null, zeroReason)
        : (Math.Round(cost!.Value / count, 2, MidpointRounding.AwayFromZero), null);
}
