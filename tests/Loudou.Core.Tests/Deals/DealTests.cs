using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Tests.Deals;

public class DealTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_new_deal_takes_the_probability_of_its_stage_and_records_its_first_history_row()
    {
        var pipeline = Builders.SavedPipeline();
        var proposal = pipeline.FindStage("proposal")!;

        var deal = Deal.Create("Acme", pipeline, "cny", Monday, 7, TransitionSource.App, proposal);

        Assert.Equal(0.5, deal.Probability);
        Assert.Equal("CNY", deal.Currency);
        Assert.Equal(proposal.Id, deal.StageId);
        var row = Assert.Single(deal.History);
        Assert.Equal((proposal.Id, Monday, 7), (row.StageId, row.EnteredAt, row.ByUserId));
        Assert.Null(deal.ClosedAt);
    }

    [Fact]
    public void Probability_follows_the_stage_until_set_by_hand_and_is_one_when_won_and_zero_when_lost()
    {
        var pipeline = Builders.SavedPipeline();
        var (lead, proposal, won, lost) = (pipeline.FirstStage, pipeline.FindStage("proposal")!, pipeline.FindStage("won")!, pipeline.FindStage("lost")!);
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        Assert.Equal((lead.DefaultProbability, (double?)null), (deal.Probability, deal.ManualProbability));

        deal.MoveTo(proposal, Monday.AddDays(1), null, TransitionSource.App);
        Assert.Equal(proposal.DefaultProbability, deal.Probability);
        deal.OverrideProbability(0.8, proposal);
        deal.MoveTo(lead, Monday.AddDays(2), null, TransitionSource.App);
        Assert.Equal(0.8, deal.Probability);
        deal.MoveTo(won, Monday.AddDays(3), null, TransitionSource.App);
        Assert.Equal(1, deal.Probability);
        Assert.Equal("probability", Assert.Throws<DomainRuleException>(() => deal.OverrideProbability(0.5, won)).Field);
        // Re-opened, it goes back to the person's figure; given back to the stage, to the stage's.
        deal.MoveTo(proposal, Monday.AddDays(4), null, TransitionSource.App);
        Assert.Equal(0.8, deal.Probability);
        deal.FollowStageProbability(proposal);
        Assert.Equal((proposal.DefaultProbability, (double?)null), (deal.Probability, deal.ManualProbability));
        deal.MoveTo(lost, Monday.AddDays(5), null, TransitionSource.App);
        Assert.Equal(0, deal.Probability);
        Assert.Equal("stage", Assert.Throws<DomainRuleException>(() => deal.OverrideProbability(0.5, proposal)).Field);
    }

    [Fact]
    public void An_imported_history_that_ends_won_or_lost_gives_one_or_zero()
    {
        var pipeline = Builders.SavedPipeline();
        var (lead, proposal, won, lost) = (pipeline.FirstStage, pipeline.FindStage("proposal")!, pipeline.FindStage("won")!, pipeline.FindStage("lost")!);
        var imported = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.Import, lead, Monday);
        imported.RecordPastEntry(pipeline, won, Monday.AddDays(9), TransitionSource.Import);
        imported.RecordPastEntry(pipeline, proposal, Monday.AddDays(3), TransitionSource.Import);
        Assert.Equal(1, imported.Probability);

        var closedAtOnce = Deal.Create("Beta", pipeline, "CNY", Monday, null, TransitionSource.Import, lost, Monday);
        Assert.Equal(0, closedAtOnce.Probability);
    }

    [Fact]
    public void Moving_changes_neither_probability_nor_history_when_the_stage_is_the_same()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        deal.OverrideProbability(0.2, pipeline.FirstStage);

        Assert.False(deal.MoveTo(pipeline.FirstStage, Monday.AddDays(1), null, TransitionSource.App));
        Assert.True(deal.MoveTo(pipeline.FindStage("closing")!, Monday.AddDays(2), null, TransitionSource.App));

        Assert.Equal(0.2, deal.Probability);
        Assert.Equal(2, deal.History.Count);
    }

    [Fact]
    public void Losing_records_the_reason_and_close_time_and_reopening_clears_them()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        var price = Builders.WithId(LossReason.Create("price", new("价格", "Price")), 3);

        deal.MoveTo(pipeline.FindStage("lost")!, Monday.AddDays(5), null, TransitionSource.App, price);
        Assert.Equal((3, Monday.AddDays(5)), (deal.LossReasonId, deal.ClosedAt));

        deal.MoveTo(pipeline.FindStage("needs")!, Monday.AddDays(9), null, TransitionSource.App);
        Assert.Null(deal.LossReasonId);
        Assert.Null(deal.ClosedAt);
        Assert.Equal(3, deal.History.Count);

        deal.MoveTo(pipeline.FindStage("won")!, Monday.AddDays(20), null, TransitionSource.App);
        Assert.Equal(Monday.AddDays(20), deal.ClosedAt);
    }

    [Fact]
    public void A_new_loss_reason_for_a_deal_already_lost_is_kept()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        var lost = pipeline.FindStage("lost")!;
        deal.MoveTo(lost, Monday.AddDays(1), null, TransitionSource.App, Builders.WithId(LossReason.Create("price", new("价格", "Price")), 3));

        Assert.False(deal.MoveTo(lost, Monday.AddDays(2), null, TransitionSource.App, Builders.WithId(LossReason.Create("timing", new("时机", "Timing")), 4)));

        Assert.Equal(4, deal.LossReasonId);
        Assert.Equal(2, deal.History.Count);
    }

    [Fact]
    public void A_move_dated_before_the_latest_history_row_or_a_live_move_without_a_date_is_refused()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        deal.MoveTo(pipeline.FindStage("needs")!, Monday.AddDays(3), null, TransitionSource.App);

        Assert.Equal("at", Assert.Throws<DomainRuleException>(() => deal.MoveTo(pipeline.FindStage("proposal")!, Monday.AddDays(1), null, TransitionSource.App)).Field);
        Assert.Equal("at", Assert.Throws<DomainRuleException>(() => deal.MoveTo(pipeline.FindStage("proposal")!, null, null, TransitionSource.Api)).Field);
        Assert.Equal(pipeline.FindStage("needs")!.Id, deal.StageId);
        Assert.Equal(2, deal.History.Count);
    }

    [Fact]
    public void Past_entries_recorded_in_any_order_leave_the_deal_in_its_latest_stage()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("imported", pipeline, "USD", null, null, TransitionSource.Import);
        int Id(string key) => pipeline.FindStage(key)!.Id;

        deal.RecordPastEntry(pipeline, pipeline.FindStage("lost")!, Monday.AddDays(30), TransitionSource.Import);
        Assert.Equal((Id("lost"), Monday.AddDays(30)), (deal.StageId, deal.ClosedAt));

        deal.RecordPastEntry(pipeline, pipeline.FindStage("needs")!, Monday.AddDays(10), TransitionSource.Import);
        Assert.Equal((Id("lost"), Monday.AddDays(30)), (deal.StageId, deal.ClosedAt));

        deal.RecordPastEntry(pipeline, pipeline.FindStage("closing")!, Monday.AddDays(40), TransitionSource.Import);
        Assert.Equal(Id("closing"), deal.StageId);
        Assert.Null(deal.ClosedAt);
        Assert.Equal([Id("lead"), Id("needs"), Id("lost"), Id("closing")], StageHistory.Order(deal.History, pipeline).Select(s => s.StageId));
    }

    [Fact]
    public void A_loss_reason_is_refused_for_a_stage_that_is_not_lost()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        var price = Builders.WithId(LossReason.Create("price", new("价格", "Price")), 3);

        var error = Assert.Throws<DomainRuleException>(() => deal.MoveTo(pipeline.FindStage("won")!, Monday, null, TransitionSource.App, price));

        Assert.Equal("lossReason", error.Field);
        Assert.Single(deal.History);
    }

    [Fact]
    public void A_stage_of_another_pipeline_is_refused()
    {
        var pipeline = Builders.SavedPipeline();
        var other = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);

        Assert.Throws<DomainRuleException>(() => deal.MoveTo(other.FindStage("needs")!, Monday, null, TransitionSource.App));
        Assert.Throws<DomainRuleException>(() => Deal.Create("x", pipeline, "CNY", Monday, null, TransitionSource.App, other.FirstStage));
        Assert.Equal(pipeline.FirstStage.Id, deal.StageId);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_probability_outside_zero_to_one_is_refused(double probability)
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);

        Assert.Equal("probability", Assert.Throws<DomainRuleException>(() => deal.OverrideProbability(probability, pipeline.FirstStage)).Field);
        Assert.Equal(0.05, deal.Probability);
    }

    [Theory]
    [InlineData("", "CNY", "name")]
    [InlineData("Acme", "RMB ", "currency")]
    [InlineData("Acme", "12", "currency")]
    public void A_deal_needs_a_name_and_an_iso_currency(string name, string currency, string field)
    {
        var error = Assert.Throws<DomainRuleException>(() => Deal.Create(name, Builders.SavedPipeline(), currency, Monday, null, TransitionSource.App));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Weighted_amount_is_amount_times_probability()
    {
        var pipeline = Builders.SavedPipeline();
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        Assert.Null(deal.WeightedAmount);

        deal.SetAmount(200_000m, "CNY");
        deal.OverrideProbability(0.25, pipeline.FirstStage);

        Assert.Equal(50_000m, deal.WeightedAmount);
    }

    [Fact]
    public void The_gap_to_leave_a_stage_lists_undone_required_actions_and_empty_required_fields()
    {
        var pipeline = Builders.SavedPipeline();
        var lead = pipeline.FirstStage;
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);
        var noCustomFields = new Dictionary<string, CustomField>();

        var before = deal.MissingToLeave(lead, noCustomFields);
        deal.CompleteAction(lead, lead.Actions[0], 1, Monday);
        deal.LinkAccount(10, null);
        var after = deal.MissingToLeave(lead, noCustomFields);

        Assert.Equal(["profile", "grade"], before.Actions);
        Assert.Equal(["account", "channel"], before.Fields);
        Assert.Equal(["grade"], after.Actions);
        Assert.Equal(["channel"], after.Fields);
        Assert.False(deal.CompleteAction(lead, lead.Actions[0], 2, Monday.AddDays(1)));
    }

    [Fact]
    public void Custom_field_values_are_checked_against_the_field_type_and_can_be_required()
    {
        var pipeline = Builders.SavedPipeline(BuiltinPipelines.Default with
        {
            Stages = [.. BuiltinPipelines.Default.Stages.Select(s => s.Key == "lead" ? s with { RequiredFields = ["budget"] } : s)],
        });
        var budget = Builders.WithId(CustomField.Create("budget", new("预算", "Budget"), CustomFieldType.Number), 5);
        var fields = new Dictionary<string, CustomField> { ["budget"] = budget };
        var deal = Deal.Create("Acme", pipeline, "CNY", Monday, null, TransitionSource.App);

        Assert.Equal(["budget"], deal.MissingToLeave(pipeline.FirstStage, fields).Fields);
        Assert.Equal("budget", Assert.Throws<DomainRuleException>(() => deal.SetFieldValue(budget, "lots")).Field);
        deal.SetFieldValue(budget, "1200000.50");

        Assert.Equal("1200000.5", Assert.Single(deal.FieldValues).Value);
        Assert.True(deal.MissingToLeave(pipeline.FirstStage, fields).IsEmpty is false);
        Assert.Empty(deal.MissingToLeave(pipeline.FirstStage, fields).Fields);
    }
}
