namespace Loudou.Core.Catalog;

/// <summary>What a channel cost in one month, in one currency: the spend behind cost per lead and per won deal.</summary>
/// <remarks>One row per channel and month (a unique index); a re-import changes the row rather than adding one.</remarks>
public sealed class ChannelCost
{
    private ChannelCost(int channelId, DateOnly month)
    {
        ChannelId = channelId;
        Month = month;
        Currency = "";
    }

    public int Id { get; private set; }

    public int ChannelId { get; private set; }

    /// <summary>The first day of the month the cost is for.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The month's spend, 0 or more, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code. Only rows in the workspace's base currency count in channel quality; others are reported, never converted.</summary>
    public string Currency { get; private set; }

    public static ChannelCost Create(int channelId, DateOnly month, decimal amount, string currency)
    {
        if (month.Day != 1)
        {
            Guard.Throw("month", $"{new FieldName("month")} must be the first day of a month, was {month:yyyy-MM-dd}.");
        }
        var cost = new ChannelCost(channelId, month);
        cost.Change(amount, currency);
        return cost;
    }

    public void Change(decimal amount, string currency)
    {
        Amount = Guard.NonNegative(amount, "amount")!.Value;
        Currency = Guard.Currency(currency, "currency");
    }
}
