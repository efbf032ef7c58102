using Loudou.Core.Scoring;
using Microsoft.ML;

namespace Loudou.Scoring.Tests;

public class ScoringTrainingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(9, 300, null)]
    [InlineData(10, 300, "stageConversion")]
    [InlineData(49, 300, "stageConversion")]
    [InlineData(50, 300, "logistic")]
    [InlineData(199, 300, "logistic")]
    [InlineData(200, 300, "trees")]
    public void The_small_data_fallback_switches_at_its_documented_edges(int won, int lost, string? model)
    {
        var result = ScoringTraining.Train("p", SyntheticDeals.Shape, SyntheticDeals.Make(won, lost), ScoringSettings.Default, Now);

        Assert.Equal(model, result.Report?.Model);
        if (model is null)
        {
            Assert.True(result.TooFew);
            Assert.Null(result.Model);
            Assert.StartsWith("pipeline p: too few: 9 won and 300 lost", result.Refusal, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ScoringPlan.Choose(won, lost).Reason, result.Report!.Reason);
            Assert.NotNull(result.Report.CrossValidation!.Auc);
        }
    }

    [Fact]
    public void No_closed_deals_or_a_single_outcome_is_refused_with_the_reason()
    {
        var open = ScoringTraining.Train("p", SyntheticDeals.Shape, SyntheticDeals.Make(0, 0, open: 30), ScoringSettings.Default, Now);
        var onlyWon = ScoringTraining.Train("p", SyntheticDeals.Shape, SyntheticDeals.Make(40, 0), ScoringSettings.Default, Now);
        var onlyLost = ScoringTraining.Train("p", SyntheticDeals.Shape, SyntheticDeals.Make(0, 40), ScoringSettings.Default, Now);

        Assert.Equal("pipeline p has no closed deals: a model learns from deals won and lost, and none is yet.", open.Refusal);
        Assert.Equal("pipeline p has only won closed deals (40): a model needs both outcomes to tell them apart.", onlyWon.Refusal);
        Assert.Contains("only lost closed deals (40)", onlyLost.Refusal, StringComparison.Ordinal);
        Assert.All(new[] { open, onlyWon, onlyLost }, r => Assert.Null(r.Report));
    }

    [Fact]
    public void The_report_is_the_same_for_the_same_data_and_seed()
    {
        var deals = SyntheticDeals.Make(220, 400);

        var first = Comparable(ScoringTraining.Train("p", SyntheticDeals.Shape, deals, ScoringSettings.Default, Now));
        var again = Comparable(ScoringTraining.Train("p", SyntheticDeals.Shape, deals, ScoringSettings.Default, Now));
        var otherSeed = Comparable(ScoringTraining.Train("p", SyntheticDeals.Shape, deals, ScoringSettings.Default with { Seed = 2 }, Now));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void The_model_finds_the_planted_rule_and_its_factors_say_so_in_words()
    {
        var deals = SyntheticDeals.Make(250, 400, open: 50);

        var result = ScoringTraining.Train("p", SyntheticDeals.Shape, deals, ScoringSettings.Default, Now);

        Assert.InRange(result.Report!.CrossValidation!.Auc!.Value, 0.75, 1);
        var scored = DealScorer.Load(result.Model!, SyntheticDeals.Shape).Score([.. deals.Where(d => !d.IsClosed)], Now, explain: true);
        var north = scored.First(s => deals.Single(d => d.Id == s.DealId).Fields[0] == "north");
        var factor = north.Factors.Single(f => f.Feature == "field:region");
        Assert.True(factor.Contribution > 0);
        Assert.Equal(("Region north raises", "地区「north」，提高赢单可能"), (factor.Text.En, factor.Text.ZhCn));
        Assert.InRange(north.Factors.Count, 1, DealScorer.TopFactors);
    }

    [Fact]
    public void The_walked_trees_give_ml_nets_own_scores_and_contributions_that_sum_to_them()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var x = new FeatureMatrix(3000, 6);
        for (var i = 0; i < x.Values.Length; i++)
        {
            x.Values[i] = random.NextDouble() < 0.1 ? Core.Scoring.FeatureEncoding.MissingNumber : (float)Math.Round(random.NextDouble() * 10, 1);
        }
        var won = Enumerable.Range(0, x.Rows).Select(i => x.Row(i)[0] + x.Row(i)[1] * (x.Row(i)[2] > 5 ? 1 : -1) + random.NextDouble() * 8 > 12).ToArray();

        var part = TreePart.Train(ml, x, won, new double[x.Rows], ScoringSettings.Default with { Trees = 50 });

        var byMlNet = part.ScoresByMlNet(ml, x);
        for (var i = 0; i < x.Rows; i++)
        {
            var contributions = new double[x.Width];
            part.Trees.Contributions(x.Row(i), contributions);
            Assert.True(Math.Abs(byMlNet[i] - part.Trees.Score(x.Row(i))) < 1e-4, $"row {i}: ML.NET {byMlNet[i]}, walked {part.Trees.Score(x.Row(i))}");
            Assert.Equal(part.Trees.Score(x.Row(i)), part.Trees.Bias + contributions.Sum(), 9);
        }
    }

    [Fact]
    public void A_stored_model_scores_as_the_trained_one()
    {
        var deals = SyntheticDeals.Make(220, 300, open: 40);
        var result = ScoringTraining.Train("p", SyntheticDeals.Shape, deals, ScoringSettings.Default, Now);
        var open = deals.Where(d => !d.IsClosed).ToList();

        var once = DealScorer.Load(result.Model!, SyntheticDeals.Shape).Score(open, Now, explain: true);
        var twice = DealScorer.Load(ModelFile.Write(ModelFile.Read(new MLContext(), result.Model!)), SyntheticDeals.Shape).Score(open, Now, explain: true);

        Assert.Equal(once.Select(s => s.Score), twice.Select(s => s.Score));
        Assert.Equal(once.SelectMany(s => s.Factors.Select(f => f.Text.En)), twice.SelectMany(s => s.Factors.Select(f => f.Text.En)));
    }

    /// <summary>The report's JSON without what changes from run to run: the time it took.</summary>
    private static string Comparable(TrainingResult result)
    {
        var json = ScoringReportJson.Write(result.Report!);
        json.Remove("seconds");
        json.Remove("evaluationSeconds");
        return json.ToJsonString();
    }
}
