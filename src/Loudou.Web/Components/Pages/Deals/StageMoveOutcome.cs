using Loudou.Storage.Deals;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>How a move through <see cref="StageMover"/> ended.</summary>
/// <param name="Result">The last write's result; null when the user gave up before any write, or was signed out.</param>
/// <param name="SignedOut">The user's access changed before the write: nothing was written.</param>
/// <param name="GaveUp">The user cancelled: the loss reason, or the override a refused gate offered.</param>
public sealed record StageMoveOutcome(DealWriteResult? Result, bool SignedOut, bool GaveUp)
{
    public static StageMoveOutcome Cancelled { get; } = new(null, SignedOut: false, GaveUp: true);

    public bool Moved => Result?.Status is DealWriteStatus.Done or DealWriteStatus.Unchanged && !GaveUp;
}
