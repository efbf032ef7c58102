using System.ComponentModel;
using System.Text.Json;
using Loudou.Core;
using Loudou.Core.Alerts;
using Loudou.Storage;
using Loudou.Storage.Reminders;
using Loudou.Web.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>
/// <c>/api/v1/admin/targets</c> and <c>/api/v1/admin/deliveries</c>: where copies of notifications go (signed webhooks,
/// WeCom, DingTalk and Feishu group bots) and the log of what was sent there, with replay (admins).
/// </summary>
public static class NotificationTargetsApi
{
    private static readonly IReadOnlySet<string> DeliveryParameters = new HashSet<string>(["status", "take"], StringComparer.OrdinalIgnoreCase);

    public static void MapNotificationTargetsApi(this IEndpointRouteBuilder app)
    {
        var targets = app.MapGroup("/api/v1/admin/targets").WithTags("Admin");
        targets.MapGet("/", ListAsync).WithName("ListTargets")
            .WithSummary("Every webhook and group-bot target (admins); secrets are never shown, and addresses without their query string.")
            .WithProblems(StatusCodes.Status403Forbidden);
        targets.MapPost("/", CreateAsync).WithName("CreateTarget").Accepts<TargetBody>("application/json")
            .WithSummary("Adds a target (admins). A private or loopback address is refused unless Loudou:Notifications:AllowPrivateTargets is on.")
            .WithProblems(StatusCodes.Status403Forbidden);
        targets.MapDelete("/{key}", DeleteAsync).WithName("DeleteTarget")
            .WithSummary("Removes a target and its delivery log (admins).").WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        var deliveries = app.MapGroup("/api/v1/admin/deliveries").WithTags("Admin");
        deliveries.MapGet("/", DeliveriesAsync).WithName("ListDeliveries")
            .WithSummary("The delivery log, newest first (admins): each copy's target, status, tries, last HTTP status and error.")
            .WithProblems(StatusCodes.Status403Forbidden);
        deliveries.MapPost("/{id}/replay", ReplayAsync).WithName("ReplayDelivery")
            .WithSummary("Sends a delivery again at the next run, whatever happened to it before (admins).")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<NotificationTargetView>>, ProblemHttpResult>> ListAsync(HttpRequest request, LoudouDbContext db, NotificationTargetStore store, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown
        : !db.Scope.SeesAll ? AdminsOnly()
        : TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<Results<Created<NotificationTargetView>, ProblemHttpResult>> CreateAsync(
        JsonElement body, LoudouDbContext db, NotificationTargetStore store, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!db.Scope.SeesAll)
        {
            return AdminsOnly();
        }
        var read = new JsonBody(body, ["key", "kind", "url", "secret", "team", "account", "from"]);
        var key = read.String("key");
        var kind = read.String("kind");
        var url = read.String("url");
        foreach (var (field, value) in new[] { ("key", key), ("kind", kind), ("url", url) })
        {
            if (read.IsValid && string.IsNullOrWhiteSpace(value))
            {
                read.Error(field, $"{field} is required.");
            }
        }
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        try
        {
            var created = await store.CreateAsync(key!, kind!, url!, ApiResults.Given(read.String("secret")), ApiResults.Given(read.String("team")),
                NotificationOptions.FromConfiguration(configuration).AllowPrivateTargets, ApiResults.Given(read.String("account")), ApiResults.Given(read.String("from")), cancellationToken);
            return TypedResults.Created($"/api/v1/admin/targets/{created.Key}", created);
        }
        catch (DomainRuleException e)
        {
            return ApiResults.Invalid(e);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, LoudouDbContext db, NotificationTargetStore store, CancellationToken cancellationToken) =>
        !db.Scope.SeesAll ? AdminsOnly()
        : await store.DeleteAsync(key, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("target", key);

    private static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        HttpRequest request, LoudouDbContext db, NotificationTargetStore store,
        [Description("pending, sent, failing or givenUp; every status when left out.")] string? status,
        [Description("Deliveries to answer, 1 to 500; 100 by default.")] int? take,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, DeliveryParameters, null, null);
        DeliveryStatus? wanted = null;
        if (ApiResults.Given(status) is { } given)
        {
            wanted = Enum.GetValues<DeliveryStatus>().Cast<DeliveryStatus?>().FirstOrDefault(s => NotificationTargetStore.StatusKey(s!.Value) == given);
            if (wanted is null)
            {
                errors["status"] = [$"status must be pending, sent, failing or givenUp; was '{given}'."];
            }
        }
        if (take is < 1 or > 500)
        {
            errors["take"] = [$"take must be from 1 to 500, was {take}."];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        return !db.Scope.SeesAll ? AdminsOnly() : TypedResults.Ok(await store.DeliveriesAsync(wanted, take ?? 100, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReplayAsync(long id, LoudouDbContext db, NotificationTargetStore store, CancellationToken cancellationToken) =>
        !db.Scope.SeesAll ? AdminsOnly()
        : await store.ReplayAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("delivery", id);

    private static ProblemHttpResult AdminsOnly() => ApiResults.Forbidden("Notification targets and their delivery log are for admins.");
}

/// <param name="Key">Stable and unique, such as "sales-east-wecom".</param>
/// <param name="Kind">webhook, wecom, dingtalk, feishu or email.</param>
/// <param name="Url">The address to post to (a bot's address holds its token); for e-mail the SMTP server, smtp://host:587 (STARTTLS when offered) or smtps://host:465.</param>
/// <param name="Secret">A webhook's signing secret (required, 16 characters or more); a DingTalk or Feishu bot's, when it signs; the SMTP account's password.</param>
/// <param name="Team">For a bot or e-mail: the team whose people's notifications it takes; everyone's when left out.</param>
/// <param name="Account">For e-mail: the SMTP account to sign in with.</param>
/// <param name="From">For e-mail: the sender's address (required).</param>
public sealed record TargetBody(string Key, string Kind, string Url, string? Secret = null, string? Team = null, string? Account = null, string? From = null);
