using MudBlazor;

namespace Loudou.Web.Components.Pages.Deals;

/// <summary>What a part of the deal page tells the page after a write: a line to show (none: just reload) and how loud.</summary>
public sealed record DealNotice(string? Message, Severity Severity = Severity.Info)
{
    public static DealNotice Quiet { get; } = new(Message: null);
}
