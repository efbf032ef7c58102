using Loudou.Core.Demo;

namespace Loudou.Storage.Tests.Demo;

/// <summary>
/// Each planted effect of docs/demo-data.md, recomputed from the generated rows with plain SQL,
/// with its size and a two-proportion z statistic that says it is no accident of the seed.
/// </summary>
public class PlantedEffectsTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    /// <summary>Each exit from a stage: when, and whether the next row is an advance (not lost).</summary>
    private const string Exits = """
        WITH ordered AS (
          SELECT t.deal_id, s.key AS stage, t.entered_at,
                 lead(t.entered_at) OVER w AS exit_at, lead(s.key) OVER w AS next_stage
          FROM stage_transitions t JOIN stages s ON s.id = t.stage_id
          WINDOW w AS (PARTITION BY t.deal_id ORDER BY t.entered_at, s.position))
        """;

    [Fact]
    public void Effect_1_needs_confirmed_conversion_of_the_south_team_dropped_about_20_points_in_the_last_three_months()
    {
        var rows = demo.Query(Exits + """
            SELECT tm.name,
                   sum(o.exit_at >= $recent AND o.next_stage <> 'lost'), sum(o.exit_at >= $recent),
                   sum(o.exit_at < $recent AND o.next_stage <> 'lost'), sum(o.exit_at < $recent)
            FROM ordered o JOIN deals d ON d.id = o.deal_id JOIN teams tm ON tm.id = d.team_id
            WHERE o.stage = 'needs' AND o.exit_at IS NOT NULL
            GROUP BY tm.name
            """, ("$recent", DemoFixture.Sql(demo.Generator.BottleneckFrom)));

        foreach (var row in rows)
        {
            var (recent, baseline) = (Rate(row[1], row[2]), Rate(row[3], row[4]));
            var drop = baseline.Rate - recent.Rate;
            if ((string)row[0]! == DemoCast.Teams[DemoCast.BottleneckTeam].Name)
            {
                Assert.InRange(drop, DemoCast.BottleneckDrop - 0.08, DemoCast.BottleneckDrop + 0.08);
                Assert.True(Z(recent, baseline) > 3, $"drop {drop:P1} is not significant");
            }
            else
            {
                Assert.InRange(drop, -0.08, 0.08);
            }
        }
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Effect_2_feed_ads_bring_the_most_leads_and_about_a_quarter_of_the_others_win_rate()
    {
        var rows = demo.Query("""
            SELECT c.name, count(*), sum(s.kind = 'Won')
            FROM deals d JOIN channels c ON c.id = d.channel_id JOIN stages s ON s.id = d.stage_id
            WHERE d.created_at < $mature
            GROUP BY c.name ORDER BY count(*) DESC
            """, ("$mature", DemoFixture.Sql(demo.Generator.AsOfEnd.AddMonths(-6))));

        var feed = rows[0];
        Assert.Equal(DemoCast.Channels[0].Name, feed[0]);
        Assert.True((long)feed[1]! > 1.5 * (long)rows[1][1]!);
        var feedRate = Rate(feed[2], feed[1]);
        var rest = Rate(rows.Skip(1).Sum(r => (long)r[2]!), rows.Skip(1).Sum(r => (long)r[1]!));
        Assert.InRange(feedRate.Rate / rest.Rate, 0.15, 0.40);
        Assert.True(Z(feedRate, rest) > 5);
    }

    [Fact]
    public void Effect_3_the_star_rep_wins_most_and_completes_fewest_standard_actions()
    {
        var rows = demo.Query("""
            SELECT u.login_name,
                   (SELECT 1.0 * sum(s.kind = 'Won') / count(*) FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.owner_id = u.id),
                   (SELECT count(*) FROM action_completions c JOIN deals d ON d.id = c.deal_id WHERE d.owner_id = u.id) * 1.0
                   / (SELECT count(*) FROM stage_transitions t JOIN deals d ON d.id = t.deal_id JOIN stage_actions a ON a.stage_id = t.stage_id WHERE d.owner_id = u.id)
            FROM users u WHERE u.role = 'Rep'
            """);

        var byWinRate = rows.OrderByDescending(r => (double)r[1]!).ToList();
        var byCompletion = rows.OrderBy(r => (double)r[2]!).ToList();
        Assert.Equal(DemoCast.StarRep, byWinRate[0][0]);
        Assert.True((double)byWinRate[0][1]! > 1.4 * (double)byWinRate[1][1]!, "the star's win rate should stand well clear of the next rep's");
        Assert.Equal(DemoCast.StarRep, byCompletion[0][0]);
        Assert.InRange((double)byCompletion[0][2]!, 0.1, 0.3);
        Assert.True((double)byCompletion[1][2]! > 0.45);
    }

    [Fact]
    public void Effect_4_time_in_proposal_doubled_for_deals_entering_it_in_the_last_six_months()
    {
        var rows = demo.Query(Exits + """
            SELECT o.entered_at >= $slow, avg(julianday(o.exit_at) - julianday(o.entered_at)), count(*)
            FROM ordered o
            WHERE o.stage = 'proposal' AND o.exit_at IS NOT NULL AND o.entered_at < $censor
            GROUP BY o.entered_at >= $slow
            """, ("$slow", DemoFixture.Sql(demo.Generator.SlowProposalFrom)), ("$censor", DemoFixture.Sql(demo.Generator.BottleneckFrom)));

        var before = rows.Single(r => (long)r[0]! == 0);
        var after = rows.Single(r => (long)r[0]! == 1);
        Assert.InRange((double)before[1]!, 8.5, 11.5);
        Assert.InRange((double)after[1]! / (double)before[1]!, 1.6, 2.2);
        Assert.True((long)after[2]! > 150);
    }

    [Fact]
    public void A_first_response_slower_than_a_day_costs_conversion_at_the_lead_stage()
    {
        var rows = demo.Query(Exits + """
            SELECT (SELECT min(julianday(a.at)) FROM activities a WHERE a.deal_id = d.id) - julianday(d.created_at) > 1,
                   sum(o.next_stage <> 'lost'), count(*)
            FROM ordered o JOIN deals d ON d.id = o.deal_id
            WHERE o.stage = 'lead' AND o.exit_at IS NOT NULL
            GROUP BY 1
            """);

        var fast = rows.Single(r => (long)r[0]! == 0);
        var slow = rows.Single(r => (long)r[0]! == 1);
        var (fastRate, slowRate) = (Rate(fast[1], fast[2]), Rate(slow[1], slow[2]));
        Assert.InRange(slowRate.Rate / fastRate.Rate, 0.55, 0.85);
        Assert.True(Z(fastRate, slowRate) > 3);
    }

    [Fact]
    public void Skipping_required_actions_costs_conversion()
    {
        var rows = demo.Query(Exits + """
            SELECT (SELECT count(*) FROM stage_actions a JOIN stages s ON s.id = a.stage_id
                    WHERE s.key = 'needs' AND a.required
                      AND NOT EXISTS (SELECT 1 FROM action_completions c WHERE c.deal_id = o.deal_id AND c.stage_action_id = a.id)) = 0,
                   sum(o.next_stage <> 'lost'), count(*)
            FROM ordered o JOIN deals d ON d.id = o.deal_id JOIN users u ON u.id = d.owner_id
            WHERE o.stage = 'needs' AND o.exit_at IS NOT NULL AND o.exit_at < $recent AND u.login_name <> $star
            GROUP BY 1
            """, ("$recent", DemoFixture.Sql(demo.Generator.BottleneckFrom)), ("$star", DemoCast.StarRep));

        var done = rows.Single(r => (long)r[0]! == 1);
        var skipped = rows.Single(r => (long)r[0]! == 0);
        var (doneRate, skippedRate) = (Rate(done[1], done[2]), Rate(skipped[1], skipped[2]));
        Assert.InRange(skippedRate.Rate / doneRate.Rate, 0.7, 0.9);
        Assert.True(Z(doneRate, skippedRate) > 3);
    }

    [Fact]
    public void The_demo_is_realistic_in_shape()
    {
        var lossesByStage = demo.Query(Exits + """
            SELECT o.stage, r.key, count(*) FROM ordered o JOIN deals d ON d.id = o.deal_id JOIN loss_reasons r ON r.id = d.loss_reason_id
            WHERE o.next_stage = 'lost' GROUP BY o.stage, r.key
            """);
        var openDeals = (long)demo.Query("SELECT count(*) FROM deals WHERE closed_at IS NULL")[0][0]!;
        var repsWithoutDeals = (long)demo.Query("SELECT count(*) FROM users u WHERE u.role = 'Rep' AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.owner_id = u.id)")[0][0]!;
        var months = demo.Query("SELECT strftime('%m', created_at, '+8 hours'), count(*) FROM deals GROUP BY 1").ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        var firstResponseHours = demo.Query("""
            SELECT u.login_name, avg((SELECT min(julianday(a.at)) FROM activities a WHERE a.deal_id = d.id) - julianday(d.created_at)) * 24
            FROM deals d JOIN users u ON u.id = d.owner_id GROUP BY u.login_name
            """).ToDictionary(r => (string)r[0]!, r => (double)r[1]!);

        Assert.DoesNotContain(lossesByStage, r => (string)r[0]! == "lead" && (string)r[1]! == "price");
        Assert.DoesNotContain(lossesByStage, r => (string)r[0]! == "proposal" && (string)r[1]! == "not-qualified");
        Assert.InRange(openDeals, 200, 2_000);
        Assert.Equal(0, repsWithoutDeals);
        Assert.True(months["11"] > 1.5 * months["02"], "Double 11 should bring far more leads than Spring Festival");
        Assert.True(firstResponseHours["liu.yang"] > 5 * firstResponseHours["zhang.wei"]);
        Assert.Equal(DemoFixture.Options.Deals, demo.Summary.Deals);
    }

    private static (double Rate, double N) Rate(object? hits, object? n) => Rate(Convert.ToInt64(hits), Convert.ToInt64(n));

    private static (double Rate, double N) Rate(long hits, long n) => ((double)hits / n, n);

    /// <summary>Two-proportion z statistic with a pooled variance.</summary>
    private static double Z((double Rate, double N) a, (double Rate, double N) b)
    {
        var pooled = (a.Rate * a.N + b.Rate * b.N) / (a.N + b.N);
        return Math.Abs(a.Rate - b.Rate) / Math.Sqrt(pooled * (1 - pooled) * (1 / a.N + 1 / b.N));
    }

    [Fact]
    public async Task Effect_5_the_loader_reads_targets_amounts_and_loss_reasons_and_bottlenecks_rank_effect_1_first()
    {
        await using var db = demo.Database.NewContext();
        var snapshot = await Storage.Analytics.FunnelSnapshotLoader.LoadAsync(db, null);

        var target = Assert.Single(snapshot.Targets);
        Assert.Equal((snapshot.Pipeline.Stages[0].Id, null, null, 0.40), (target.StageId, target.Team, target.Month, target.Rate));
        var sql = demo.Query("SELECT sum(amount), count(loss_reason_id) FROM deals")[0];
        Assert.Equal(Convert.ToDecimal(sql[0], System.Globalization.CultureInfo.InvariantCulture), snapshot.Deals.Sum(d => d.Amount ?? 0));
        Assert.Equal(Convert.ToInt64(sql[1], System.Globalization.CultureInfo.InvariantCulture), snapshot.Deals.LongCount(d => d.LossReason is not null));
        var price = demo.Query("SELECT count(*) FROM deals d JOIN loss_reasons r ON r.id = d.loss_reason_id WHERE r.key = 'price'")[0][0];
        Assert.Equal(Convert.ToInt64(price, System.Globalization.CultureInfo.InvariantCulture), snapshot.Deals.LongCount(d => d.LossReason == "price"));

        var asOf = snapshot.Calendar.StartOf(DemoFixture.Options.AsOf.AddDays(1)).AddTicks(-10);
        var report = Core.Analytics.Bottlenecks.Find(snapshot, new Core.Analytics.BottleneckQuery { AsOf = asOf }, asOf);

        var first = report.Items[0];
        Assert.Equal(("needs", "team", DemoCast.Teams[DemoCast.BottleneckTeam].Name, 107L, 259L), (first.Stage, first.Dimension, first.Segment, first.Advanced, first.N));
        Assert.DoesNotContain(report.Items, i => i.Stage == "lead" && i.Segment is null && i.Metric == "conversion");
    }
}
