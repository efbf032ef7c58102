namespace Loudou.Core.Workspace;

/// <summary>The settings of the one workspace a database holds: its time zone and base currency.</summary>
/// <remarks>
/// One row, always <see cref="SingletonId"/>. Month boundaries, "today" and every date shown follow
/// <see cref="TimeZoneId"/>; amounts in other currencies are converted to <see cref="BaseCurrency"/>
/// for totals.
/// </remarks>
public sealed class WorkspaceSettings
{
    public const int SingletonId = 1;

    private WorkspaceSettings(string timeZoneId, string baseCurrency, int? defaultPipelineId)
    {
        TimeZoneId = timeZoneId;
        BaseCurrency = baseCurrency;
        DefaultPipelineId = defaultPipelineId;
    }

    public int Id { get; private set; } = SingletonId;

    /// <summary>An IANA time zone id such as "Asia/Shanghai".</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>ISO 4217 code such as "CNY".</summary>
    public string BaseCurrency { get; private set; }

    /// <summary>The name people know the workspace by (usually the company's); null until someone gives one.</summary>
    public string? Name { get; private set; }

    /// <summary>The language of pages whose reader chose none and whose browser asks for neither zh-CN nor English; null for zh-CN.</summary>
    public string? Language { get; private set; }

    /// <summary>The pipeline that analyses and new deals use when none is named.</summary>
    public int? DefaultPipelineId { get; private set; }

    /// <summary>The share of the results part in the team ranking's score (docs/metrics.md, "Team execution"); the process part has the rest.</summary>
    public double RankingResultsWeight { get; private set; } = Analytics.TeamQuery.DefaultResultsWeight;

    /// <summary>Where the A/B/C layers are cut (<see cref="Scoring.ValueLayers"/>).</summary>
    public double LayerHighScore { get; private set; } = Scoring.LayerThresholds.Default.HighScore;

    public double LayerLowScore { get; private set; } = Scoring.LayerThresholds.Default.LowScore;

    public decimal? LayerLargeAmount { get; private set; }

    public Scoring.LayerThresholds Layers => new(LayerHighScore, LayerLowScore, LayerLargeAmount);

    public WorkspaceCalendar Calendar => new(WorkspaceCalendar.FindZone(TimeZoneId));

    public static WorkspaceSettings Create(string timeZoneId, string baseCurrency) =>
        new(CheckZone(timeZoneId), Guard.Currency(baseCurrency, "baseCurrency"), null);

    public void Rename(string? name) => Name = Guard.Optional(name, "name", 100);

    /// <exception cref="DomainRuleException">A language Loudou's pages are not written in.</exception>
    public void ChooseLanguage(string? language) => Language = Languages.Check(language, "language");

    public void ChangeTimeZone(string timeZoneId) => TimeZoneId = CheckZone(timeZoneId);

    public void ChangeBaseCurrency(string currency) => BaseCurrency = Guard.Currency(currency, "baseCurrency");

    public void MakeDefault(Pipelines.Pipeline pipeline) => DefaultPipelineId = pipeline.Id;

    /// <exception cref="DomainRuleException">A weight outside 0..1.</exception>
    public void WeighRanking(double resultsWeight)
    {
        if (!double.IsFinite(resultsWeight) || resultsWeight is < 0 or > 1)
        {
            Guard.Throw("rankingResultsWeight", $"the results part's weight must be from 0 to 1 (0.6 is 60 results / 40 process); was {resultsWeight}.");
        }
        RankingResultsWeight = resultsWeight;
    }

    /// <exception cref="DomainRuleException">Thresholds out of range or order (<see cref="Scoring.LayerThresholds.Check"/>).</exception>
    public void CutLayers(double highScore, double lowScore, decimal? largeAmount)
    {
        var checkedThresholds = Scoring.LayerThresholds.Check(highScore, lowScore, largeAmount);
        (LayerHighScore, LayerLowScore, LayerLargeAmount) = (checkedThresholds.HighScore, checkedThresholds.LowScore, checkedThresholds.LargeAmount);
    }

    private static string CheckZone(string timeZoneId)
    {
        _ = WorkspaceCalendar.FindZone(timeZoneId);
        return timeZoneId.Trim();
    }
}
