using Loudou.Web.Components.Pages.Funnel;

namespace Loudou.Web.Tests.Pages;

/// <summary>The dashboard's address: read and written with the analytics API's parameter names, round-tripping every value, dropping what cannot be read.</summary>
public class FunnelStateTests
{
    [Fact]
    public void Every_parameter_round_trips_through_the_address()
    {
        var (state, dropped) = FunnelState.Parse("default", "2026-01-01", "2026-06-30", "2026-07-01", "team",
            ["channel=展会 Trade fairs", "tag=", "custom.budget=a=b"], "entered:needs", "true", "previous-year");

        var url = state.Url();

        Assert.Empty(dropped);
        Assert.Equal(
            "/funnel?pipeline=default&from=2026-01-01&to=2026-06-30&asOf=2026-07-01&by=team&where=channel%3D%E5%B1%95%E4%BC%9A%20Trade%20fairs&where=tag%3D"
            + "&where=custom.budget%3Da%3Db&cohort=entered%3Aneeds&strict=true&compare=previous-year", url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query);
        var (again, _) = FunnelState.Parse(query["pipeline"], query["from"], query["to"], query["asOf"], query["by"], query["where"].ToArray()!, query["cohort"], query["strict"], query["compare"]);
        Assert.Equal(url, again.Url());
        Assert.Equal([("channel", "展会 Trade fairs"), ("tag", ""), ("custom.budget", "a=b")], again.Filters);
        Assert.Equal("needs", again.CohortStage);
    }

    [Fact]
    public void Defaults_are_left_out_and_the_API_parameters_are_the_address_s()
    {
        var (state, _) = FunnelState.Parse(null, "", null, null, null, null, "created", "false", null);

        var parameters = (state with { Where = [("channel", "web")] }).Parameters("zh-CN", "channel");

        Assert.Equal("/funnel", state.Url());
        Assert.Equal("channel", state.Breakdown);
        Assert.Equal(["channel=web"], parameters.Where!);
        Assert.Equal(("channel", "zh-CN"), (parameters.By, parameters.Lang));
        Assert.Null(parameters.Strict);
        Assert.Null(parameters.Cohort);
    }

    [Fact]
    public void Values_that_cannot_be_read_are_dropped_and_named()
    {
        var (state, dropped) = FunnelState.Parse(null, "2026-13-01", "2026-02-30", null, null, ["no-equals", "=x"], "stage:x", "maybe", "last-week");

        Assert.Equal(FunnelState.Default.Url(), state.Url());
        Assert.Equal(
            [("where", "no-equals"), ("where", "=x"), ("from", "2026-13-01"), ("to", "2026-02-30"), ("strict", "maybe"), ("compare", "last-week"), ("cohort", "stage:x")],
            dropped);
    }

    [Fact]
    public void A_range_ending_before_it_starts_keeps_its_start()
    {
        var (state, dropped) = FunnelState.Parse(null, "2026-05-01", "2026-04-01", null, null, null, null, null, null);

        Assert.Equal((new DateOnly(2026, 5, 1), (DateOnly?)null), (state.From!.Value, state.To));
        Assert.Equal([("to", "2026-04-01")], dropped);
    }

    [Theory]
    [InlineData(PeriodPreset.ThisMonth, "2026-12-01", "2026-12-06")]
    [InlineData(PeriodPreset.LastMonth, "2026-11-01", "2026-11-30")]
    [InlineData(PeriodPreset.ThisQuarter, "2026-10-01", "2026-12-06")]
    [InlineData(PeriodPreset.Last12Months, "2025-12-07", "2026-12-06")]
    public void Each_preset_is_its_days_and_the_days_are_the_preset_again(PeriodPreset preset, string from, string to)
    {
        var today = new DateOnly(2026, 12, 6);

        var days = PeriodPresets.Days(preset, today);

        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (days.From!.Value, days.To!.Value));
        Assert.Equal(preset, PeriodPresets.Of(days.From, days.To, today));
        Assert.Equal(PeriodPreset.AllTime, PeriodPresets.Of(null, null, today));
        Assert.Equal(PeriodPreset.Custom, PeriodPresets.Of(days.From!.Value.AddDays(1), days.To, today));
    }
}
