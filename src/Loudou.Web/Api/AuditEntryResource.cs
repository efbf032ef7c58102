using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Loudou.Storage.Deals;

namespace Loudou.Web.Api;

/// <summary>One audit entry: who did what when, with the record before and after.</summary>
/// <param name="Action">"create", "update", "delete", "stageMove", "gateOverride", "import", "export" or "erase".</param>
/// <param name="EntityType">"deal", "account", "contact", "activity", "task", "token", "user", "team", "pipeline", "workspace", "exchange_rate", "channel", "loss_reason", "tag", "segment" or "import".</param>
public sealed record AuditEntryResource(long Id, DateTimeOffset At, string? User,
    [property: AllowedValues("create", "update", "delete", "stageMove", "gateOverride", "import", "export", "erase")] string Action, JsonElement? Before, JsonElement? After, string? Reason,
    [property: AllowedValues("deal", "account", "contact", "activity", "task", "token", "user", "team", "pipeline", "workspace", "exchange_rate", "channel", "loss_reason", "tag", "segment", "import")] string EntityType, string EntityId)
{
    public static AuditEntryResource From(AuditView view) => new(
        view.Id,
        view.At,
        view.User,
        JsonNamingPolicy.CamelCase.ConvertName(view.Action.ToString()),
        Parse(view.Before),
        Parse(view.After),
        view.Reason,
        view.EntityType,
        view.EntityId);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
