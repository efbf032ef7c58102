namespace Loudou.Web.Analytics;

/// <summary>The <c>Loudou:Analytics</c> settings.</summary>
/// <param name="PollSeconds">
/// Loudou:Analytics:PollSeconds: how often, at most, the host asks the database whether another process changed
/// deals (2 by default; 0 asks on every analytics request). A change made elsewhere shows within about this long.
/// </param>
public sealed record AnalyticsOptions(double PollSeconds = 2)
{
    public static AnalyticsOptions FromConfiguration(IConfiguration configuration) =>
        new(Math.Clamp(configuration.GetValue("Loudou:Analytics:PollSeconds", 2.0), 0, 3600));
}
