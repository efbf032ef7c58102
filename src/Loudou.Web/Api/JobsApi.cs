using Loudou.Storage;
using Loudou.Web.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>/api/v1/admin/jobs</c>: the host's recurring jobs with their last run, next run and last error, for admins.</summary>
public static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/jobs").WithTags("Admin");
        api.MapGet("/", ListAsync).WithName("ListJobs")
            .WithSummary("Every recurring job (admins): its schedule, next run on this host, latest run on any host and latest error.")
            .WithProblems(StatusCodes.Status403Forbidden);
        api.MapGet("/{key}/runs", RunsAsync).WithName("ListJobRuns")
            .WithSummary("A job's latest 50 runs, newest first (admins).")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<JobView>>, ProblemHttpResult>> ListAsync(HttpRequest request, LoudouDbContext db, JobList jobs, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown
        : !db.Scope.SeesAll ? ApiResults.Forbidden("The job list is for admins.")
        : TypedResults.Ok(await jobs.ReadAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<JobRunView>>, ProblemHttpResult>> RunsAsync(string key, HttpRequest request, LoudouDbContext db, JobList jobs, CancellationToken cancellationToken) =>
        ApiResults.CheckQuery(request) is { } unknown ? unknown
        : !db.Scope.SeesAll ? ApiResults.Forbidden("The job list is for admins.")
        : LoudouJobs.All.All(j => j.Key != key) ? ApiResults.NotFound("job", key)
        : TypedResults.Ok(await jobs.RunsAsync(key, 50, cancellationToken));
}
