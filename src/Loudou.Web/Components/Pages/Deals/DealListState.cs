using System.Globalization;
using Loudou.Storage.Deals;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>Everything a deal list view is: its filters, order and page, read from and written to the query string.</summary>
/// <remarks>
/// Query parameters: <c>q</c> (text in the deal's or account's name), <c>stage</c> (a stage key),
/// <c>owner</c> (a login), <c>channel</c>, <c>tag</c>, <c>currency</c> (the deals whose amounts are in it), <c>sort</c> (<see cref="SortNames"/>),
/// <c>dir</c> (asc or desc) and <c>page</c> (from 1).
/// </remarks>
public sealed record DealListState(
    string? Search = null,
    string? Stage = null,
    string? Owner = null,
    string? Channel = null,
    string? Tag = null,
    DealSort Sort = DealSort.Newest,
    bool Descending = true,
    int Page = 1)
{
    public static DealListState Default { get; } = new();

    /// <summary>Deals whose amounts are in this currency (ISO 4217): the exchange rates page's counts open these.</summary>
    public string? Currency { get; init; }

    /// <summary>The <c>sort</c> values, one per <see cref="DealSort"/> but the default.</summary>
    public static IReadOnlyDictionary<string, DealSort> SortNames { get; } = new Dictionary<string, DealSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = DealSort.Name,
        ["account"] = DealSort.Account,
        ["stage"] = DealSort.Stage,
        ["amount"] = DealSort.Amount,
        ["owner"] = DealSort.Owner,
        ["created"] = DealSort.Created,
        ["close"] = DealSort.ExpectedClose,
        ["score"] = DealSort.Score,
    };

    public DealFilter Filter => new(Owner: Owner, Stage: Stage, Channel: Channel, Tag: Tag, Search: Search, Currency: Currency);

    public bool HasFilters => Search is not null || Stage is not null || Owner is not null || Channel is not null || Tag is not null || Currency is not null;

    /// <summary>The view as a link; parameters at their default are left out.</summary>
    public string Url
    {
        get
        {
            var query = new List<string>();
            Add("q", Search);
            Add("stage", Stage);
            Add("owner", Owner);
            Add("channel", Channel);
            Add("tag", Tag);
            Add("currency", Currency);
            if (Sort != DealSort.Newest)
            {
                Add("sort", SortNames.First(p => p.Value == Sort).Key);
            }
            if (Descending != DefaultDescending(Sort))
            {
                Add("dir", Descending ? "desc" : "asc");
            }
            if (Page > 1)
            {
                Add("page", Page.ToString(CultureInfo.InvariantCulture));
            }
            return "/deals" + (query.Count == 0 ? "" : "?" + string.Join('&', query));

            void Add(string name, string? value)
            {
                if (value is not null)
                {
                    query.Add(name + "=" + Uri.EscapeDataString(value));
                }
            }
        }
    }

    /// <summary>The view sorted by a column: the other direction if it is already sorted by it, else the column's natural one.</summary>
    public DealListState SortedBy(DealSort sort) =>
        this with { Sort = sort, Descending = sort == Sort ? !Descending : DefaultDescending(sort), Page = 1 };

    /// <summary>Money, dates and scores read best largest, newest and highest first; names from A.</summary>
    public static bool DefaultDescending(DealSort sort) => sort is DealSort.Newest or DealSort.Amount or DealSort.Created or DealSort.Score;

    /// <summary>Reads a view from query parameters, dropping each value that does not exist.</summary>
    /// <returns>The view, and each dropped value with the field it was given for (stage, owner, channel, tag, sort, dir, page).</returns>
    public static (DealListState State, IReadOnlyList<(string Field, string Value)> Dropped) Parse(
        string? search, string? stage, string? owner, string? channel, string? tag, string? sort, string? direction, string? page, DealListChoices? choices)
    {
        var dropped = new List<(string, string)>();
        var sortValue = DealSort.Newest;
        if (Given(sort) is { } s && !SortNames.TryGetValue(s, out sortValue))
        {
            dropped.Add(("sort", s));
            sortValue = DealSort.Newest;
        }
        var descending = DefaultDescending(sortValue);
        if (Given(direction) is { } d)
        {
            if (d.Equals("asc", StringComparison.OrdinalIgnoreCase) || d.Equals("desc", StringComparison.OrdinalIgnoreCase))
            {
                descending = d.Equals("desc", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                dropped.Add(("dir", d));
            }
        }
        var pageNumber = 1;
        if (Given(page) is { } p && !(int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) && pageNumber >= 1))
        {
            dropped.Add(("page", p));
            pageNumber = 1;
        }
        var state = new DealListState(
            Given(search),
            Known("stage", stage, choices?.Stages.Select(x => x.Key)),
            Known("owner", owner, choices?.Owners.Select(x => x.Login)),
            Known("channel", channel, choices?.Channels),
            Known("tag", tag, choices?.Tags),
            sortValue,
            descending,
            pageNumber);
        return (state, dropped);

        string? Known(string field, string? value, IEnumerable<string>? known)
        {
            if (Given(value) is not { } v)
            {
                return null;
            }
            // Logins compare as sign-in does, ignoring case; stage keys, channels and tags exactly as stored.
            var comparer = field == "owner" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            if (known is null || known.FirstOrDefault(k => comparer.Equals(k, v)) is not { } match)
            {
                dropped.Add((field, v));
                return null;
            }
            return match;
        }
    }

    private static string? Given(string? value) => TypedText.OrNull(value);
}
