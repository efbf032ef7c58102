namespace Loudou.Core.Demo;

/// <summary>A team of the demo; how its reps work is set per rep.</summary>
public sealed record DemoTeam(string Name);

/// <summary>A demo user. Reps carry the traits the simulation uses.</summary>
/// <param name="Skill">Multiplies every advance probability.</param>
/// <param name="Compliance">Chance that each standard action of a stage is done.</param>
/// <param name="ResponseMedianHours">Median hours from a deal's creation to its first activity.</param>
public sealed record DemoUser(string Login, string DisplayName, string Role, int Team, double Skill, double Compliance, double ResponseMedianHours);

/// <summary>A lead source of the demo.</summary>
/// <param name="Share">Share of created deals.</param>
/// <param name="Quality">Multiplies the advance probability of the first two stages.</param>
/// <param name="CostPerMonth">The typical monthly spend in the base currency; each month's varies around it (<see cref="DemoCast.MonthlyCost"/>).</param>
public sealed record DemoChannel(string Name, double Share, double Quality, decimal CostPerMonth);

/// <summary>The fixed cast of the demo workspace and the sizes of its planted effects (docs/demo-data.md).</summary>
public static class DemoCast
{
    /// <summary>The one password of every demo user, printed by <c>loudou demo</c>.</summary>
    public const string Password = "Loudou-demo-2026";

    /// <summary>The demo company's name, as the app bar shows it.</summary>
    public const string WorkspaceName = "演示公司 Demo Co.";

    public static IReadOnlyList<DemoTeam> Teams { get; } =
    [
        new("华东团队 East"),
        new("华南团队 South"),
        new("华北团队 North"),
    ];

    /// <summary>The login of the rep with the best results and the worst process compliance (planted effect 3).</summary>
    public const string StarRep = "zhang.wei";

    /// <summary>The team whose middle-stage conversion dropped (planted effect 1).</summary>
    public const int BottleneckTeam = 1;

    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new("admin", "系统管理员 Admin", "Admin", -1, 1, 1, 0),
        new("chen.jing", "陈静 Chen Jing", "Manager", 0, 1, 1, 0),
        new("zhang.wei", "张伟 Zhang Wei", "Rep", 0, 1.40, 0.20, 2),
        new("wang.fang", "王芳 Wang Fang", "Rep", 0, 1.05, 0.90, 3),
        new("li.na", "李娜 Li Na", "Rep", 0, 1.00, 0.88, 4),
        new("zhao.lei", "赵磊 Zhao Lei", "Rep", 0, 0.95, 0.85, 6),
        new("huang.min", "黄敏 Huang Min", "Manager", 1, 1, 1, 0),
        new("liu.yang", "刘洋 Liu Yang", "Rep", 1, 0.95, 0.55, 30),
        new("zhou.jie", "周杰 Zhou Jie", "Rep", 1, 0.95, 0.60, 8),
        new("wu.xia", "吴霞 Wu Xia", "Rep", 1, 0.90, 0.62, 12),
        new("xu.qiang", "徐强 Xu Qiang", "Rep", 1, 1.00, 0.58, 5),
        new("sun.li", "孙丽 Sun Li", "Manager", 2, 1, 1, 0),
        new("ma.chao", "马超 Ma Chao", "Rep", 2, 1.00, 0.78, 4),
        new("zhu.hong", "朱红 Zhu Hong", "Rep", 2, 1.00, 0.72, 10),
        new("hu.bin", "胡斌 Hu Bin", "Rep", 2, 0.95, 0.75, 20),
        new("guo.ting", "郭婷 Guo Ting", "Rep", 2, 1.05, 0.76, 3),
    ];

    /// <summary>The channel with many leads and poor conversion (planted effect 2) is the first.</summary>
    public static IReadOnlyList<DemoChannel> Channels { get; } =
    [
        new("信息流广告 Feed ads", 0.34, 0.50, 90_000m),
        new("官网表单 Website form", 0.18, 1.00, 25_000m),
        new("电话外呼 Cold calls", 0.16, 0.80, 45_000m),
        new("展会 Trade fairs", 0.12, 1.10, 120_000m),
        new("老客户转介绍 Referrals", 0.10, 1.40, 8_000m),
        new("合作伙伴 Partners", 0.10, 1.20, 20_000m),
    ];

    /// <summary>A channel's spend in one month: its typical cost within ±10%, rounded to 100, the same for the same channel and month.</summary>
    /// <remarks>A fixed pattern rather than a random draw, so the demo's costs do not depend on the seed or the number of deals.</remarks>
    public static decimal MonthlyCost(int channel, DateOnly month)
    {
        var step = ((channel * 7) + (month.Year * 12) + month.Month) * 5 % 11; // 0..10
        return Math.Round(Channels[channel].CostPerMonth * (0.9m + step * 0.02m) / 100m, MidpointRounding.AwayFromZero) * 100m;
    }

    public static IReadOnlyList<(string Name, string Series, decimal Price)> Products { get; } =
    [
        ("漏斗 CRM 标准版 Standard", "CRM", 12_000m),
        ("漏斗 CRM 专业版 Professional", "CRM", 36_000m),
        ("BI 分析模块 Analytics", "BI", 48_000m),
        ("实施服务 Onboarding", "Services", 20_000m),
    ];

    public static IReadOnlyList<string> Industries { get; } = ["制造业", "零售", "医疗", "教育", "软件", "金融", "物流"];

    public static IReadOnlyList<string> SizeBands { get; } = ["1-49", "50-199", "200-999", "1000+"];

    public static IReadOnlyList<string> Regions { get; } = ["华东", "华南", "华北", "华中", "西南"];

    /// <summary>Base chance of advancing from each open stage of the default pipeline.</summary>
    public static IReadOnlyList<double> AdvanceProbability { get; } = [0.55, 0.60, 0.70, 0.65, 0.75];

    /// <summary>Mean days in each open stage before the deal advances or is lost.</summary>
    public static IReadOnlyList<double> MeanDaysInStage { get; } = [3, 8, 12, 10, 14];

    /// <summary>Chance that a lead skips nurturing and goes straight to needs confirmed.</summary>
    public const double SkipNurturing = 0.08;

    /// <summary>Advance probability is multiplied by this at a stage whose required actions were not all done.</summary>
    public const double SkippedActionsFactor = 0.80;

    /// <summary>Lead-stage advance probability is multiplied by this when the first response took over a day.</summary>
    public const double SlowResponseFactor = 0.70;

    /// <summary>Planted effect 1: points of needs→proposal conversion the bottleneck team lost in the last three months.</summary>
    public const double BottleneckDrop = 0.20;

    /// <summary>Planted effect 4: mean days in proposal for deals entering it in the last six months (was 10).</summary>
    public const double SlowProposalMeanDays = 20;

    /// <summary>
    /// Planted effect 5: step-conversion targets (stage index, rate) for the whole team. Lead acquisition
    /// converts worst of all stages (about 41%) yet meets its 40% target and its own history: poor but
    /// on target, so it must never be reported as a bottleneck.
    /// </summary>
    public static IReadOnlyList<(int Stage, double Rate)> Targets { get; } = [(0, 0.40)];

    /// <summary>Loss reasons by open stage, with their weights.</summary>
    public static IReadOnlyList<IReadOnlyList<(string Reason, double Weight)>> LossReasons { get; } =
    [
        [("not-qualified", 0.5), ("no-response", 0.4), ("other", 0.1)],
        [("no-response", 0.45), ("timing", 0.35), ("not-qualified", 0.2)],
        [("no-budget", 0.45), ("no-decision", 0.35), ("timing", 0.2)],
        [("price", 0.45), ("competitor", 0.4), ("no-decision", 0.15)],
        [("price", 0.35), ("competitor", 0.35), ("no-decision", 0.3)],
    ];

    /// <summary>Relative number of new leads in each calendar month (Spring Festival low, 618 and Double 11 high).</summary>
    public static IReadOnlyList<double> MonthWeights { get; } = [0.9, 0.6, 1.1, 1.1, 1.0, 1.15, 0.9, 0.85, 1.05, 0.95, 1.25, 1.1];
}
