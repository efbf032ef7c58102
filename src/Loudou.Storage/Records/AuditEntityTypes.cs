using System.Globalization;
using System.Text.Json;
using Loudou.Core.Access;

namespace Loudou.Storage.Records;

/// <summary>The entity type names audit entries use, and the JSON form of their before and after values.</summary>
public static class AuditEntityTypes
{
    public const string Deal = "deal";
    public const string Account = "account";
    public const string Contact = "contact";
    public const string Activity = "activity";
    public const string Task = "task";
    public const string Token = "token";
    public const string User = "user";
    public const string Pipeline = "pipeline";
    public const string Team = "team";
    public const string Workspace = "workspace";
    public const string ExchangeRate = "exchange_rate";
    public const string Channel = "channel";
    public const string LossReason = "loss_reason";
    public const string Tag = "tag";
    public const string Segment = "segment";

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Camel-case JSON with Chinese kept readable, as the audit API returns it.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, AuditJson);

    /// <summary>Adds an entry by the caller to the context, saved with the change it records.</summary>
    public static void Record(LoudouDbContext db, DateTimeOffset at, string entityType, long entityId, AuditAction action, object? before, object? after, string? reason = null) =>
        db.AuditEntries.Add(AuditEntry.Record(at, db.Scope.UserId, entityType, entityId.ToString(CultureInfo.InvariantCulture), action,
            before is null ? null : Json(before), after is null ? null : Json(after), reason));
}
