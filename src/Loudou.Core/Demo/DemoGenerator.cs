using Loudou.Core.Activities;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;

namespace Loudou.Core.Demo;

/// <summary>Simulates 18 months of a sales team on the default pipeline, with planted effects of known size.</summary>
/// <remarks>
/// Deterministic: the same options give the same deals on every run and every machine (one
/// <see cref="Random"/> with a fixed seed, no parallelism, no clock). <see cref="Deals"/> can be
/// enumerated several times, which lets a bulk writer make one pass per table instead of holding a
/// million deals in memory. The model and the planted effects are described in docs/demo-data.md;
/// their sizes are the constants of <see cref="DemoCast"/>.
/// </remarks>
public sealed class DemoGenerator
{
    private const int Won = 5;
    private const int Lost = 6;
    private const int OpenStages = 5;

    private static readonly ActivityKind[][] KindsByStage =
    [
        [ActivityKind.Call, ActivityKind.WeChat, ActivityKind.Email],
        [ActivityKind.WeChat, ActivityKind.Email, ActivityKind.Call, ActivityKind.Meeting],
        [ActivityKind.Meeting, ActivityKind.Visit, ActivityKind.Call],
        [ActivityKind.Demo, ActivityKind.Proposal, ActivityKind.Meeting],
        [ActivityKind.Meeting, ActivityKind.Visit, ActivityKind.Call],
    ];

    private static readonly Dictionary<string, int> SizeIndex = DemoCast.SizeBands.Select((band, index) => (band, index)).ToDictionary(x => x.band, x => x.index);

    private readonly DemoOptions _options;
    private readonly IReadOnlyList<IReadOnlyList<bool>> _requiredActions;
    private readonly long[] _createdTicks;
    private readonly int[] _reps;
    private readonly DemoAccount[] _accounts;

    /// <param name="pipeline">The default pipeline's definition: five open stages, then won and lost.</param>
    public DemoGenerator(DemoOptions options, WorkspaceCalendar calendar, PipelineDefinition pipeline)
    {
        _options = options.Validated();
        var kinds = pipeline.Stages.Select(s => s.Kind).ToList();
        if (kinds.Count != 7 || kinds.Take(OpenStages).Any(k => k != StageKind.Open) || kinds[Won] != StageKind.Won || kinds[Lost] != StageKind.Lost)
        {
            throw new ArgumentException("The demo runs on a pipeline of five open stages, then won, then lost.", nameof(pipeline));
        }
        _requiredActions = [.. pipeline.Stages.Take(OpenStages).Select(s => (IReadOnlyList<bool>)[.. s.Actions.Select(a => a.Required)])];
        From = calendar.StartOf(options.AsOf.AddDays(1).AddMonths(-DemoOptions.Months));
        AsOfEnd = calendar.StartOf(options.AsOf.AddDays(1));
        BottleneckFrom = calendar.StartOf(options.AsOf.AddDays(1).AddMonths(-3));
        SlowProposalFrom = calendar.StartOf(options.AsOf.AddDays(1).AddMonths(-6));
        _reps = [.. DemoCast.Users.Select((u, i) => (u, i)).Where(x => x.u.Role == "Rep").Select(x => x.i)];
        _createdTicks = CreationTimes(calendar);
        _accounts = [.. GenerateAccounts()];
    }

    /// <summary>The start of the data: local midnight 18 months before the day after the as-of date.</summary>
    public DateTimeOffset From { get; }

    /// <summary>The end of the as-of day (exclusive): the moment the data describes.</summary>
    public DateTimeOffset AsOfEnd { get; }

    /// <summary>Exits from needs confirmed on or after this moment carry planted effect 1.</summary>
    public DateTimeOffset BottleneckFrom { get; }

    /// <summary>Entries into proposal on or after this moment carry planted effect 4.</summary>
    public DateTimeOffset SlowProposalFrom { get; }

    /// <summary>One account for about every three deals.</summary>
    public int AccountCount => Math.Max(1, _options.Deals / 3);

    /// <summary>The accounts, numbered from 1; generated once, as deals need their size bands.</summary>
    public IReadOnlyList<DemoAccount> Accounts() => _accounts;

    private IEnumerable<DemoAccount> GenerateAccounts()
    {
        string[] cities = ["上海", "杭州", "苏州", "南京", "广州", "深圳", "北京", "天津", "武汉", "成都", "重庆", "宁波"];
        string[] words = ["恒信", "华泰", "瑞丰", "嘉禾", "远航", "同创", "博远", "鼎盛", "安康", "新锐", "立达", "星辰"];
        string[] kinds = ["科技", "制造", "贸易", "医疗", "教育", "物流", "软件"];
        var random = new Random(_options.Seed ^ 0x5EED);
        for (var number = 1; number <= AccountCount; number++)
        {
            var name = $"{cities[random.Next(cities.Length)]}{words[random.Next(words.Length)]}{kinds[random.Next(kinds.Length)]}有限公司 #{number}";
            yield return new DemoAccount(
                number,
                name,
                DemoCast.Industries[random.Next(DemoCast.Industries.Count)],
                DemoCast.SizeBands[Pick(random, [0.4, 0.3, 0.2, 0.1])],
                DemoCast.Regions[random.Next(DemoCast.Regions.Count)]);
        }
    }

    /// <summary>How many people each demo account has; the first is every one of its deals' main contact.</summary>
    public const int ContactsPerAccount = 2;

    /// <summary>The main contact of an account's deals: its first person.</summary>
    public static int MainContactOf(int account) => (account - 1) * ContactsPerAccount + 1;

    /// <summary>The accounts' people, from a random stream of their own so that deals do not change with them.</summary>
    /// <remarks>Phone numbers are in the 1380013xxxx block and e-mail addresses at example.cn: no real person is reached.</remarks>
    public IEnumerable<DemoContact> Contacts()
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
        string[] given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "刚", "平"];
        string[] titles = ["采购经理", "IT 总监", "总经理", "财务总监", "运营经理", "技术负责人"];
        var random = new Random(_options.Seed ^ 0xC047AC7);
        var number = 0;
        foreach (var account in _accounts)
        {
            for (var k = 0; k < ContactsPerAccount; k++)
            {
                number++;
                var name = surnames[random.Next(surnames.Length)] + given[random.Next(given.Length)] + (random.Next(2) == 0 ? "" : given[random.Next(given.Length)]);
                yield return new DemoContact(number, account.Number, name, titles[random.Next(titles.Length)],
                    $"1380013{number % 10_000:D4}", $"contact{number}@a{account.Number}.example.cn");
            }
        }
    }

    /// <summary>The deals in creation order; each enumeration yields the same deals.</summary>
    public IEnumerable<DemoDeal> Deals()
    {
        var random = new Random(_options.Seed);
        var channelShares = DemoCast.Channels.Select(c => c.Share).ToArray();
        // Amounts follow the account's size band.
        decimal[] medianBySize = [30_000m, 120_000m, 400_000m, 1_200_000m];
        for (var i = 0; i < _createdTicks.Length; i++)
        {
            var created = new DateTimeOffset(_createdTicks[i], TimeSpan.Zero);
            var owner = i < _reps.Length ? _reps[i] : _reps[random.Next(_reps.Length)];
            var channel = Pick(random, channelShares);
            var account = _accounts[random.Next(_accounts.Length)];
            var size = SizeIndex[account.SizeBand];
            var deal = new DemoDeal
            {
                Number = i + 1,
                Account = account.Number,
                Channel = channel,
                Owner = owner,
                Product = random.Next(DemoCast.Products.Count),
                Quantity = 1 + random.Next(20),
                Amount = Math.Round(medianBySize[size] * (decimal)Math.Exp(0.5 * Normal(random)) / 100m) * 100m,
                CreatedAt = created,
                ExpectedClose = DateOnly.FromDateTime(created.UtcDateTime).AddDays(60 + random.Next(60)),
            };
            Simulate(deal, random);
            yield return deal;
        }
    }

    private void Simulate(DemoDeal deal, Random random)
    {
        var rep = DemoCast.Users[deal.Owner];
        var channel = DemoCast.Channels[deal.Channel];
        var firstResponse = deal.CreatedAt.AddHours(rep.ResponseMedianHours * Math.Exp(0.8 * Normal(random)));
        var slowResponse = firstResponse - deal.CreatedAt > TimeSpan.FromHours(24);
        deal.Transitions.Add(new DemoTransition(0, deal.CreatedAt));
        var stage = 0;
        var entered = deal.CreatedAt;
        while (true)
        {
            var mean = stage == 3 && entered >= SlowProposalFrom ? DemoCast.SlowProposalMeanDays : DemoCast.MeanDaysInStage[stage];
            var exit = entered + TimeSpan.FromDays(Gamma2(random, mean));
            if (stage == 0 && exit < firstResponse)
            {
                // Nobody qualifies or drops a lead before the first contact.
                exit = firstResponse + TimeSpan.FromHours(1 + 23 * random.NextDouble());
            }
            var allDone = RecordStay(deal, random, stage, entered, exit, stage == 0 ? firstResponse : null, rep.Compliance);
            if (exit >= AsOfEnd)
            {
                deal.Stage = stage;
                return;
            }
            var p = DemoCast.AdvanceProbability[stage] * rep.Skill
                * (stage < 2 ? channel.Quality : 1)
                * (allDone ? 1 : DemoCast.SkippedActionsFactor)
                * (stage == 0 && slowResponse ? DemoCast.SlowResponseFactor : 1);
            p = Math.Clamp(p, 0.02, 0.95);
            if (stage == 2 && rep.Team == DemoCast.BottleneckTeam && exit >= BottleneckFrom)
            {
                p = Math.Max(0.01, p - DemoCast.BottleneckDrop);
            }
            if (random.NextDouble() >= p)
            {
                var reasons = DemoCast.LossReasons[stage];
                deal.LossReason = reasons[Pick(random, [.. reasons.Select(r => r.Weight)])].Reason;
                Close(deal, Lost, exit);
                return;
            }
            if (stage == OpenStages - 1)
            {
                Close(deal, Won, exit);
                return;
            }
            stage = stage == 0 && random.NextDouble() < DemoCast.SkipNurturing ? 2 : stage + 1;
            deal.Transitions.Add(new DemoTransition(stage, exit));
            entered = exit;
        }
    }

    private static void Close(DemoDeal deal, int outcome, DateTimeOffset at)
    {
        deal.Transitions.Add(new DemoTransition(outcome, at));
        deal.Stage = outcome;
        deal.ClosedAt = at;
    }

    /// <summary>Activities, the follow-up task and action completions of one stay, up to the as-of moment.</summary>
    /// <returns>Whether every required action of the stage was done.</returns>
    private bool RecordStay(DemoDeal deal, Random random, int stage, DateTimeOffset entered, DateTimeOffset exit, DateTimeOffset? firstResponse, double compliance)
    {
        var end = exit < AsOfEnd ? exit : AsOfEnd;
        var span = end - entered;
        if (firstResponse is { } first && first < AsOfEnd)
        {
            deal.Activities.Add(new DemoActivity(KindsByStage[stage][0], first));
        }
        // No touch comes before the first response: it is the deal's first activity.
        var from = firstResponse is { } response && response > entered ? response : entered;
        var window = end > from ? end - from : TimeSpan.Zero;
        var touches = Math.Min(6, Poisson(random, span.TotalDays / 4));
        for (var i = 0; i < touches && window > TimeSpan.Zero; i++)
        {
            var kinds = KindsByStage[stage];
            deal.Activities.Add(new DemoActivity(kinds[random.Next(kinds.Length)], from + window * random.NextDouble()));
        }
        var due = entered + TimeSpan.FromDays(3);
        DateTimeOffset? done = exit < AsOfEnd ? entered + (exit - entered) * random.NextDouble()
            : random.NextDouble() < 0.3 ? entered + span * random.NextDouble() : null;
        deal.Tasks.Add(new DemoTask(stage, due, done));
        var allDone = true;
        var required = _requiredActions[stage];
        for (var action = 0; action < required.Count; action++)
        {
            var at = entered + (exit - entered) * random.NextDouble();
            if (random.NextDouble() < compliance && at < AsOfEnd)
            {
                deal.Completions.Add(new DemoCompletion(stage, action, at));
            }
            else if (required[action])
            {
                allDone = false;
            }
        }
        return allDone;
    }

    /// <summary>Creation moments, sorted: months weighted by season and 2% monthly growth, uniform within a month.</summary>
    private long[] CreationTimes(WorkspaceCalendar calendar)
    {
        var random = new Random(_options.Seed ^ 0x7173);
        var windows = new List<(long From, long To, double Weight)>();
        var month = calendar.MonthOf(From);
        for (var index = 0; calendar.StartOf(month) < AsOfEnd; index++, month = month.AddMonths(1))
        {
            var (start, next) = calendar.MonthWindow(month);
            var from = start < From ? From : start;
            var to = next > AsOfEnd ? AsOfEnd : next;
            var fullMonth = (next - start).TotalDays;
            var weight = DemoCast.MonthWeights[month.Month - 1] * Math.Pow(1.02, index) * (to - from).TotalDays / fullMonth;
            windows.Add((from.UtcTicks, to.UtcTicks, weight));
        }
        var weights = windows.Select(w => w.Weight).ToArray();
        var ticks = new long[_options.Deals];
        for (var i = 0; i < ticks.Length; i++)
        {
            var (from, to, _) = windows[Pick(random, weights)];
            ticks[i] = from + (long)((to - from) * random.NextDouble());
        }
        Array.Sort(ticks);
        return ticks;
    }

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    private static int Pick(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    /// <summary>Sum of two exponentials of mean/2: a stay of the given mean that is rarely near zero.</summary>
    private static double Gamma2(Random random, double mean) =>
        -mean / 2 * (Math.Log(1 - random.NextDouble()) + Math.Log(1 - random.NextDouble()));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-Math.Min(mean, 30));
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }
        return count;
    }
}
