namespace Loudou.Core.Catalog;

/// <summary>One month's cost of a channel by name: what a CSV row, an API row and channel quality's input hold.</summary>
/// <param name="Month">The first day of the month.</param>
public sealed record ChannelCostRow(string Channel, DateOnly Month, decimal Amount, string Currency);
