using Loudou.Core.Pipelines;
using Loudou.Core.Segments;

namespace Loudou.Storage.Deals;

/// <summary>A segment rule as conditions of a deal query, run in the database.</summary>
internal static class SegmentMatching
{
    public static IQueryable<Core.Deals.Deal> Apply(LoudouDbContext db, IQueryable<Core.Deals.Deal> deals, SegmentRule rule)
    {
        // The conditions a deal filter has already are read as it reads them.
        deals = new DealQueries(db).Narrow(deals, new DealFilter(Owner: rule.Owner, Team: rule.Team, Pipeline: rule.Pipeline, Channel: rule.Channel, Tag: rule.Tag));
        if (rule.Stages is { } stages)
        {
            deals = deals.Where(d => db.Stages.Any(s => s.Id == d.StageId && stages.Contains(s.Key)));
        }
        if (rule.Open is { } open)
        {
            deals = deals.Where(d => db.Stages.Any(s => s.Id == d.StageId && (s.Kind == StageKind.Open) == open));
        }
        if (rule.Industry is { } industry)
        {
            deals = deals.Where(d => db.Accounts.Any(a => a.Id == d.AccountId && a.Industry == industry));
        }
        if (rule.Region is { } region)
        {
            deals = deals.Where(d => db.Accounts.Any(a => a.Id == d.AccountId && a.Region == region));
        }
        if (rule.SizeBand is { } sizeBand)
        {
            deals = deals.Where(d => db.Accounts.Any(a => a.Id == d.AccountId && a.SizeBand == sizeBand));
        }
        if (rule.MinAmount is { } least)
        {
            deals = deals.Where(d => d.Amount >= least);
        }
        if (rule.MaxAmount is { } most)
        {
            deals = deals.Where(d => d.Amount <= most);
        }
        if (rule.MinScore is { } low)
        {
            deals = deals.Where(d => db.ActiveDealScores.Any(s => s.DealId == d.Id && s.Score >= low));
        }
        if (rule.MaxScore is { } high)
        {
            deals = deals.Where(d => db.ActiveDealScores.Any(s => s.DealId == d.Id && s.Score <= high));
        }
        if (rule.Layers is { } layers)
        {
            deals = deals.Where(d => db.ActiveDealScores.Any(s => s.DealId == d.Id && layers.Contains(s.Layer)));
        }
        return deals;
    }
}
