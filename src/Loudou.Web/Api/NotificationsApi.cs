using System.ComponentModel;
using Loudou.Storage.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/notifications</c>: the caller's own notifications (reminders now, alerts later), what the bell shows.</summary>
/// <remarks>Everyone, an admin included, reads and marks only their own.</remarks>
public static class NotificationsApi
{
    private static readonly IReadOnlySet<string> Parameters = new HashSet<string>(["unread", "skip", "take"], StringComparer.OrdinalIgnoreCase);

    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications").WithTags("Notifications");
        api.MapGet("/", ListAsync).WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first, with how many are unread.").WithProblems();
        api.MapPost("/{id}/read", MarkReadAsync).WithName("MarkNotificationRead")
            .WithSummary("Marks one of the caller's notifications read (again is harmless).").WithProblems(StatusCodes.Status404NotFound);
        api.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every unread notification of the caller read; answers how many were marked.").WithProblems();
    }

    private static async Task<Results<Ok<NotificationPageResource>, ProblemHttpResult>> ListAsync(
        HttpRequest request, NotificationQueries notifications,
        [Description("true for unread ones only.")] bool? unread,
        [Description("Notifications to pass over, 0 or more; 0 by default.")] int? skip,
        [Description("Notifications to answer, 1 to 100; 20 by default.")] int? take,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, Parameters, null, null);
        if (skip is < 0)
        {
            errors["skip"] = [$"skip must be 0 or more, was {skip}."];
        }
        if (take is < 1 or > NotificationQueries.MaxPage)
        {
            errors["take"] = [$"take must be from 1 to {NotificationQueries.MaxPage}, was {take}."];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var items = await notifications.ListAsync(unread ?? false, skip ?? 0, take ?? 20, cancellationToken);
        return TypedResults.Ok(new NotificationPageResource(await notifications.UnreadAsync(cancellationToken), items));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(long id, NotificationQueries notifications, CancellationToken cancellationToken) =>
        await notifications.MarkReadAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("notification", id);

    private static async Task<Ok<MarkedResource>> MarkAllReadAsync(NotificationQueries notifications, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MarkedResource(await notifications.MarkAllReadAsync(cancellationToken)));
}

/// <param name="Unread">How many of the caller's notifications are unread, in all.</param>
public sealed record NotificationPageResource(int Unread, IReadOnlyList<NotificationView> Items);

/// <param name="Marked">How many notifications were marked read.</param>
public sealed record MarkedResource(int Marked);
