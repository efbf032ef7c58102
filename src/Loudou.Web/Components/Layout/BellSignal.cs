namespace Loudou.Web.Components.Layout;

/// <summary>
/// Tells the bell of this browser tab (a scoped service lives as long as its circuit) that notifications were read,
/// so that its count follows at once instead of at its next half-minute poll.
/// </summary>
public sealed class BellSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
