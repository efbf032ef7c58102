using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Records;

/// <summary>One page of a list and the number of records on all pages, counted in the caller's scope.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, int Total);

/// <summary>Pages an ordered query: the total first, then only the rows of the page.</summary>
public static class Paging
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    public static async Task<Page<T>> PageAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(page), "page from 1, pageSize from 1 to " + MaxPageSize);
        }
        var total = await ordered.CountAsync(cancellationToken);
        var skip = (long)(page - 1) * pageSize;
        if (skip >= total)
        {
            return new Page<T>([], page, pageSize, total);
        }
        return new Page<T>(await ordered.Skip((int)skip).Take(pageSize).ToListAsync(cancellationToken), page, pageSize, total);
    }

    /// <summary>Every record of a paged list, read a largest page at a time until its total: what an export writes.</summary>
    /// <param name="page">Reads one page (number, size) of the list.</param>
    public static async Task<List<T>> AllAsync<T>(Func<int, int, Task<Page<T>>> page)
    {
        var all = new List<T>();
        for (var number = 1; ; number++)
        {
            var chunk = await page(number, MaxPageSize);
            all.AddRange(chunk.Items);
            if (all.Count >= chunk.Total || chunk.Items.Count == 0)
            {
                return all;
            }
        }
    }
}
