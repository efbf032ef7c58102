using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Loudou.Storage.Activities;
using Loudou.Storage.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary>Activities on a deal (<c>/api/v1/deals/{id}/activities</c>, <c>/api/v1/activities/{id}</c>) and tasks (<c>/api/v1/tasks</c>).</summary>
/// <remarks>Who may do what is decided in <see cref="ActivityStore"/> and <see cref="TaskStore"/>; docs/access.md lists it.</remarks>
public static class ActivitiesApi
{
    private static readonly IReadOnlySet<string> ActivityListParameters = ApiResults.ListParameters();
    private static readonly IReadOnlySet<string> TaskListParameters = ApiResults.ListParameters("deal", "assignee", "done");

    public static void MapActivitiesApi(this IEndpointRouteBuilder app)
    {
        var onDeal = app.MapGroup("/api/v1/deals/{id}/activities").WithTags("Activities");
        onDeal.MapGet("/", ListActivitiesAsync).WithName("ListDealActivities")
            .WithSummary("The deal's activities, latest first.").WithProblems(StatusCodes.Status404NotFound);
        onDeal.MapPost("/", CreateActivityAsync).WithName("CreateDealActivity").Accepts<ActivityBody>("application/json")
            .WithSummary("Logs a call, visit, meeting, e-mail, WeChat message, demo, proposal or note on the deal, as the caller.")
            .WithProblems(StatusCodes.Status404NotFound);

        var activities = app.MapGroup("/api/v1/activities").WithTags("Activities");
        activities.MapGet("/{id}", GetActivityAsync).WithName("GetActivity")
            .WithSummary("Reads one activity; one on a deal the caller does not see is 404.").WithProblems(StatusCodes.Status404NotFound);
        activities.MapDelete("/{id}", DeleteActivityAsync).WithName("DeleteActivity")
            .WithSummary("Deletes a mistaken activity: its author, a manager or an admin.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var tasks = app.MapGroup("/api/v1/tasks").WithTags("Tasks");
        tasks.MapGet("/", ListTasksAsync).WithName("ListTasks")
            .WithSummary("Lists the tasks the caller sees (on their deals, or assigned to them), soonest due first.").WithProblems();
        tasks.MapGet("/{id}", GetTaskAsync).WithName("GetTask")
            .WithSummary("Reads one task; one the caller does not see is 404.").WithProblems(StatusCodes.Status404NotFound);
        tasks.MapPost("/", CreateTaskAsync).WithName("CreateTask").Accepts<TaskBody>("application/json")
            .WithSummary("Adds a task to one of the caller's deals; assigned to the caller unless a manager or admin names someone.")
            .WithProblems();
        tasks.MapPatch("/{id}", UpdateTaskAsync).WithName("UpdateTask").Accepts<TaskBody>("application/merge-patch+json", "application/json")
            .WithSummary("Changes a task as a JSON merge patch: retitle, reschedule, reassign, done or reopened.")
            .WithProblems(StatusCodes.Status404NotFound);
        tasks.MapDelete("/{id}", DeleteTaskAsync).WithName("DeleteTask")
            .WithSummary("Deletes a task; needs its deal in the caller's scope.")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PageResource<ActivityResource>>, ProblemHttpResult>> ListActivitiesAsync(
        long id, HttpRequest request, ActivityStore store,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Activities per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, ActivityListParameters, page, pageSize);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        if (await store.ListForDealAsync(id, page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken) is not { } result)
        {
            return ApiResults.NotFound("deal", id);
        }
        return TypedResults.Ok(new PageResource<ActivityResource>([.. result.Items.Select(ActivityResource.From)], result.Number, result.Size, result.Total));
    }

    private static async Task<Results<Created<ActivityResource>, ProblemHttpResult>> CreateActivityAsync(long id, JsonElement body, ActivityStore store, CancellationToken cancellationToken)
    {
        var read = new JsonBody(body, ["kind", "at", "outcome", "note", "contact"]);
        var draft = new ActivityDraft(read.String("kind"), read.Moment("at"), read.String("outcome"), read.String("note"), read.Long("contact"));
        if (!read.IsValid)
        {
            return ApiResults.Invalid(read.Errors);
        }
        var result = await store.CreateAsync(id, draft, cancellationToken);
        if (result.Status == Storage.Records.WriteStatus.NotFound)
        {
            return ApiResults.NotFound("deal", id);
        }
        if (ApiResults.Refusal(result, "activity", "") is { } refusal)
        {
            return refusal;
        }
        return TypedResults.Created($"/api/v1/activities/{result.Id}", ActivityResource.From((await store.GetAsync(result.Id!.Value, cancellationToken))!));
    }

    private static async Task<Results<Ok<ActivityResource>, ProblemHttpResult>> GetActivityAsync(long id, ActivityStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } activity ? TypedResults.Ok(ActivityResource.From(activity)) : ApiResults.NotFound("activity", id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteActivityAsync(long id, ActivityStore store, CancellationToken cancellationToken) =>
        ApiResults.Refusal(await store.DeleteAsync(id, cancellationToken), "activity", id) is { } refusal ? refusal : TypedResults.NoContent();

    private static async Task<Results<Ok<PageResource<TaskView>>, ProblemHttpResult>> ListTasksAsync(
        HttpRequest request, TaskStore store,
        [Description("Page number, from 1."), Range(1, int.MaxValue)] int? page,
        [Description("Tasks per page, 1 to 1000; 50 by default."), Range(1, Paging.MaxPageSize)] int? pageSize,
        [Description("A deal's id: only its tasks.")] long? deal,
        [Description("The assignee's login.")] string? assignee,
        [Description("true for done tasks, false for open ones.")] bool? done,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, TaskListParameters, page, pageSize);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.ListAsync(new TaskFilter(deal, ApiResults.Given(assignee), done), page ?? 1, pageSize ?? ApiResults.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new PageResource<TaskView>(result.Items, result.Number, result.Size, result.Total));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> GetTaskAsync(long id, TaskStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } task ? TypedResults.Ok(task) : ApiResults.NotFound("task", id);

    private static async Task<Results<Created<TaskView>, ProblemHttpResult>> CreateTaskAsync(JsonElement body, TaskStore store, CancellationToken cancellationToken)
    {
        var (fields, deal, errors) = ReadTask(body, ["deal"]);
        if (errors is not null)
        {
            return ApiResults.Invalid(errors);
        }
        var result = await store.CreateAsync(deal, fields, cancellationToken);
        if (ApiResults.Refusal(result, "task", "") is { } refusal)
        {
            return refusal;
        }
        return TypedResults.Created($"/api/v1/tasks/{result.Id}", await store.GetAsync(result.Id!.Value, cancellationToken));
    }

    private static async Task<Results<Ok<TaskView>, NoContent, ProblemHttpResult>> UpdateTaskAsync(long id, JsonElement body, TaskStore store, CancellationToken cancellationToken)
    {
        var (fields, _, errors) = ReadTask(body, []);
        if (errors is not null)
        {
            return ApiResults.Invalid(errors);
        }
        if (ApiResults.Refusal(await store.UpdateAsync(id, fields, cancellationToken), "task", id) is { } refusal)
        {
            return refusal;
        }
        return ApiResults.OkOrGone(await store.GetAsync(id, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTaskAsync(long id, TaskStore store, CancellationToken cancellationToken) =>
        ApiResults.Refusal(await store.DeleteAsync(id, cancellationToken), "task", id) is { } refusal ? refusal : TypedResults.NoContent();

    private static (TaskFields Fields, long? Deal, Dictionary<string, string[]>? Errors) ReadTask(JsonElement body, string[] extra)
    {
        var read = new JsonBody(body, [.. TaskFields.Fields, .. extra]);
        var fields = new TaskFields(read.Given, read.String("title"), read.Moment("due"), read.String("assignee"), read.Bool("done"));
        var deal = extra.Length > 0 ? read.Long("deal") : null;
        return (fields, deal, read.IsValid ? null : read.Errors);
    }
}

/// <summary>An activity in the API.</summary>
/// <param name="Kind">"call", "visit", "meeting", "email", "weChat", "demo", "proposal" or "note".</param>
/// <param name="By">The author's login.</param>
public sealed record ActivityResource(long Id, long Deal, [property: AllowedValues("call", "visit", "meeting", "email", "weChat", "demo", "proposal", "note")] string Kind, DateTimeOffset At, string? By, int? Contact, string? Outcome, string? Note)
{
    public static ActivityResource From(ActivityView view) =>
        new(view.Id, view.DealId, JsonNamingPolicy.CamelCase.ConvertName(view.Kind.ToString()), view.At, view.By, view.ContactId, view.Outcome, view.Note);
}

/// <summary>A new activity, for the OpenAPI document.</summary>
/// <param name="At">When it happened, with its offset; now when left out.</param>
/// <param name="Contact">A contact's id.</param>
public sealed record ActivityBody(
    [property: AllowedValues("call", "visit", "meeting", "email", "weChat", "demo", "proposal", "note")] string Kind, DateTimeOffset? At = null, string? Outcome = null, string? Note = null, long? Contact = null);

/// <summary>A task's fields, for the OpenAPI document.</summary>
/// <param name="Deal">The deal's id (on creation only).</param>
/// <param name="Assignee">A login; the caller when a new task leaves it out.</param>
public sealed record TaskBody(long? Deal = null, string? Title = null, DateTimeOffset? Due = null, string? Assignee = null, bool? Done = null);
