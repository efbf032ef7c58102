using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Storage.Deals;
using Loudou.Web.Components.Pages.Deals;

namespace Loudou.Web.Tests.Pages;

public class DealListStateTests
{
    private static readonly DealListChoices Choices = new(
        [new StageChoice("default", "lead", new LocalizedText("线索获取", "Lead acquisition"), StageKind.Open, 0, null),
         new StageChoice("default", "proposal", new LocalizedText("方案推介", "Proposal"), StageKind.Open, 3, null)],
        [new OwnerChoice("zhang.wei", "张伟 Zhang Wei")],
        ["信息流广告 Feed ads", "展会 Trade fair"],
        ["VIP"]);

    [Fact]
    public void A_view_written_as_a_link_reads_back_the_same()
    {
        var view = new DealListState("华东 东方", "proposal", "zhang.wei", "信息流广告 Feed ads", "VIP", DealSort.Amount, Descending: false, Page: 3);

        var (read, dropped) = Parse(view.Url);

        Assert.Empty(dropped);
        Assert.Equal(view, read);
    }

    [Fact]
    public void The_default_view_is_a_bare_link()
    {
        Assert.Equal("/deals", DealListState.Default.Url);
        Assert.Equal("/deals?sort=amount", DealListState.Default.SortedBy(DealSort.Amount).Url);
        Assert.Equal("/deals?sort=amount&dir=asc", DealListState.Default.SortedBy(DealSort.Amount).SortedBy(DealSort.Amount).Url);
    }

    [Fact]
    public void Values_that_do_not_exist_are_dropped_and_named_and_the_rest_is_kept()
    {
        var (state, dropped) = DealListState.Parse("acme", "nonsense", "nobody", "展会 Trade fair", "gold", "price", "up", "-1", Choices);

        Assert.Equal(new DealListState("acme", Channel: "展会 Trade fair"), state);
        Assert.Equal([("sort", "price"), ("dir", "up"), ("page", "-1"), ("stage", "nonsense"), ("owner", "nobody"), ("tag", "gold")], dropped);
    }

    [Fact]
    public void An_owner_matches_ignoring_case_and_is_kept_as_stored()
    {
        var (state, dropped) = DealListState.Parse(null, null, "Zhang.Wei", null, null, null, null, null, Choices);

        Assert.Empty(dropped);
        Assert.Equal("zhang.wei", state.Owner);
    }

    private static (DealListState, IReadOnlyList<(string Field, string Value)>) Parse(string url)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query);
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return DealListState.Parse(Get("q"), Get("stage"), Get("owner"), Get("channel"), Get("tag"), Get("sort"), Get("dir"), Get("page"), Choices);
    }
}
