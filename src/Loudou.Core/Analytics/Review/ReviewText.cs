namespace Loudou.Core.Analytics.Review;

/// <summary>The review's words that the CLI, the API and the printable page share, in English and Chinese.</summary>
public static class ReviewText
{
    /// <summary>What a part of a change is attributed to, as a reader says it.</summary>
    public static string PartLabel(ChangePart part, IReadOnlyDictionary<string, string> stageNames, string language)
    {
        var zh = language == "zh-CN";
        if (part.Stage is { } stage)
        {
            var name = stageNames.GetValueOrDefault(stage, stage);
            return zh ? $"{name}阶段的流失" : $"Losses at {name}";
        }
        return part.Name switch
        {
            ChangeDecomposition.LostElsewhere => zh ? "其他流失（阶段不明）" : "Losses at no known stage",
            ChangeDecomposition.ChannelMix => zh ? "渠道结构" : "Channel mix",
            ChangeDecomposition.NewLeads => zh ? "新线索数量" : "New leads",
            ChangeDecomposition.ClosesPerLead => zh ? "每条新线索的成交节奏" : "Closes per new lead",
            ChangeDecomposition.DealSize => zh ? "平均赢单金额" : "Mean won amount",
            _ => part.Name,
        };
    }
}
