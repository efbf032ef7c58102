using Loudou.Core.Deals;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Deals;

/// <summary>The parts of a deal its gate reads (<see cref="Deal.MissingToLeave"/>), loaded alike by the writes that check it and the page that shows it.</summary>
internal static class DealGateParts
{
    public static IQueryable<Deal> WithGateParts(this IQueryable<Deal> deals) => deals
        .Include(d => d.History)
        .Include(d => d.Completions)
        .Include(d => d.Products)
        .Include(d => d.Tags)
        .Include(d => d.FieldValues);
}
