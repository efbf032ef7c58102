using System.ComponentModel.DataAnnotations;
using Loudou.Core.Pipelines;
using Loudou.Storage.Deals;

namespace Loudou.Web.Api;

/// <summary>A deal in the API: ids resolved to the logins, keys and names people use.</summary>
/// <param name="Owner">The owner's login; null for an unassigned deal.</param>
/// <param name="StageName">The stage's name by language: "zh-CN" and "en".</param>
/// <param name="Status">"open", "won" or "lost", from the stage's kind.</param>
/// <param name="CreatedAt">Null when an imported record did not say.</param>
/// <param name="Probability">1 when won, 0 when lost; while open the one set by hand, else the stage's default (docs/glossary.md).</param>
/// <param name="ProbabilityByHand">Whether a person set the probability (PATCH "probability": null gives it back to the stage).</param>
/// <param name="Version">The concurrency token that writes will send back.</param>
/// <param name="Custom">Custom values by field key (docs/field-files.md): a number, true or false, a list of options for a multiple choice, else text (a date as 2024-05-03); a field without a value is left out.</param>
public sealed record DealResource(
    long Id,
    string Name,
    string? Owner,
    string? OwnerName,
    string? Team,
    string Pipeline,
    string Stage,
    IReadOnlyDictionary<string, string> StageName,
    [property: AllowedValues("open", "won", "lost")] string Status,
    decimal? Amount,
    string Currency,
    double Probability,
    bool ProbabilityByHand,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ClosedAt,
    DateOnly? ExpectedClose,
    string? Channel,
    string? Account,
    IReadOnlyList<string> Tags,
    string? Source,
    string? ExternalId,
    int Version,
    IReadOnlyDictionary<string, object> Custom)
{
    public static DealResource From(DealView view) => new(
        view.Id,
        view.Name,
        view.Owner,
        view.OwnerName,
        view.Team,
        view.Pipeline,
        view.Stage,
        new Dictionary<string, string> { ["zh-CN"] = view.StageName.ZhCn, ["en"] = view.StageName.En },
        view.StageKind switch { StageKind.Won => "won", StageKind.Lost => "lost", _ => "open" },
        view.Amount,
        view.Currency,
        view.Probability,
        view.ProbabilityByHand,
        view.CreatedAt,
        view.ClosedAt,
        view.ExpectedClose,
        view.Channel,
        view.Account,
        view.Tags,
        view.Source,
        view.ExternalId,
        view.Version,
        view.Custom.ToDictionary(c => c.Key, c => c.Value.Typed(), StringComparer.Ordinal));
}

