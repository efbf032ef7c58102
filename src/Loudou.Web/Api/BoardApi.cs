using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Loudou.Core;
using Loudou.Storage.Deals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loudou.Web.Api;

/// <summary><c>GET /api/v1/board</c>: the pipeline board as the <c>/board</c> page shows it, from the same query.</summary>
public static class BoardApi
{
    private static readonly IReadOnlySet<string> BoardParameters =
        new HashSet<string>(["pipeline", "owner", "team", "channel", "tag", "cards"], StringComparer.OrdinalIgnoreCase);

    private static readonly IReadOnlySet<string> CardParameters =
        new HashSet<string>(["pipeline", "stage", "owner", "team", "channel", "tag", "skip", "take"], StringComparer.OrdinalIgnoreCase);

    public static void MapBoardApi(this IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/api/v1/board").WithTags("Deals");
        board.MapGet("/", GetBoardAsync).WithName("GetBoard")
            .WithSummary("The open deals of a pipeline by stage in the caller's scope: each column's count, sum and weighted sum in the base currency, and its first cards (largest amount first).")
            .WithProblems(StatusCodes.Status404NotFound);
        board.MapGet("/cards", GetCardsAsync).WithName("GetBoardCards")
            .WithSummary("A further page of one board column's cards, in the board's order, for the same filters.")
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<BoardResource>, ProblemHttpResult>> GetBoardAsync(
        HttpRequest request,
        BoardQueries board,
        [Description("The pipeline's key; the default pipeline when left out.")] string? pipeline,
        [Description("The owner's login.")] string? owner,
        [Description("The team's name.")] string? team,
        [Description("The channel's name.")] string? channel,
        [Description("A tag the deal carries.")] string? tag,
        [Description("Cards per column, 0 to 200; 20 by default.")] int? cards,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, BoardParameters, null, null);
        CheckCount(errors, "cards", cards);
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var answer = await board.ReadAsync(Filter(pipeline, owner, team, channel, tag), cards ?? DefaultCards, cancellationToken);
        return answer is null ? ApiResults.NotFound("pipeline", pipeline!) : TypedResults.Ok(BoardResource.From(answer));
    }

    private static async Task<Results<Ok<IReadOnlyList<BoardCardResource>>, ProblemHttpResult>> GetCardsAsync(
        HttpRequest request,
        BoardQueries board,
        [Description("The open stage's key (required).")] string? stage,
        [Description("The pipeline's key; the default pipeline when left out.")] string? pipeline,
        [Description("The owner's login.")] string? owner,
        [Description("The team's name.")] string? team,
        [Description("The channel's name.")] string? channel,
        [Description("A tag the deal carries.")] string? tag,
        [Description("Cards to pass over, 0 or more; 0 by default.")] int? skip,
        [Description("Cards to answer, 0 to 200; 20 by default.")] int? take,
        CancellationToken cancellationToken)
    {
        var errors = ApiResults.CheckListQuery(request, CardParameters, null, null);
        CheckCount(errors, "take", take);
        if (skip is < 0)
        {
            errors["skip"] = [$"skip must be 0 or more, was {skip}."];
        }
        if (ApiResults.Given(stage) is null)
        {
            errors["stage"] = ["stage is required: the key of an open stage of the pipeline."];
        }
        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }
        var filter = Filter(pipeline, owner, team, channel, tag);
        // The board without cards names the pipeline and its open stages, so that a bad one is told apart from an empty column.
        if (await board.ReadAsync(filter, 0, cancellationToken) is not { } shape)
        {
            return ApiResults.NotFound("pipeline", pipeline!);
        }
        if (shape.Columns.All(c => c.Stage.Key != stage))
        {
            return ApiResults.Invalid(new Dictionary<string, string[]>
            {
                ["stage"] = [$"stage must be an open stage of '{shape.Pipeline.Key}': {string.Join(", ", shape.Columns.Select(c => c.Stage.Key))}; was '{stage}'."],
            });
        }
        var page = await board.MoreAsync(filter, shape.Pipeline.Key, stage!, skip ?? 0, take ?? DefaultCards, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BoardCardResource>>([.. page.Select(BoardCardResource.From)]);
    }

    private const int DefaultCards = 20;

    private static BoardFilter Filter(string? pipeline, string? owner, string? team, string? channel, string? tag) =>
        new(ApiResults.Given(pipeline), ApiResults.Given(owner), ApiResults.Given(team), ApiResults.Given(channel), ApiResults.Given(tag));

    private static void CheckCount(Dictionary<string, string[]> errors, string name, int? value)
    {
        if (value is < 0 or > BoardQueries.MaxCards)
        {
            errors[name] = [$"{name} must be from 0 to {BoardQueries.MaxCards}, was {value}."];
        }
    }
}

/// <summary>The board: one column per open stage in order, then the outcome stages' counts.</summary>
public sealed record BoardResource(string Pipeline, string BaseCurrency, IReadOnlyList<BoardColumnResource> Columns, IReadOnlyList<BoardOutcomeResource> Outcomes)
{
    public static BoardResource From(Board board) => new(
        board.Pipeline.Key,
        board.BaseCurrency,
        [.. board.Columns.Select(c => new BoardColumnResource(
            c.Stage.Key, Names(c.Stage.Name), c.RottingDays, c.Totals.Count, c.Totals.Sum, c.Totals.Weighted, c.Totals.Unpriced, c.More,
            [.. c.Cards.Select(BoardCardResource.From)]))],
        [.. board.Outcomes.Select(o => new BoardOutcomeResource(o.Stage.Key, Names(o.Stage.Name), o.Stage.Kind == Core.Pipelines.StageKind.Won ? "won" : "lost", o.Count))]);

    internal static IReadOnlyDictionary<string, string> Names(LocalizedText name) => new Dictionary<string, string> { ["zh-CN"] = name.ZhCn, ["en"] = name.En };
}

/// <summary>One open stage's column.</summary>
/// <param name="Count">Deals the filter keeps in the stage (all of them, not only the cards sent).</param>
/// <param name="Sum">Their amounts in the base currency.</param>
/// <param name="Weighted">Each amount in the base currency times the deal's probability.</param>
/// <param name="Unpriced">Deals in neither sum: no amount, or a currency without an exchange rate.</param>
/// <param name="More">Whether the stage holds more deals than the cards sent.</param>
public sealed record BoardColumnResource(
    string Stage, IReadOnlyDictionary<string, string> Name, int? RottingDays, int Count, decimal Sum, decimal Weighted, int Unpriced, bool More,
    IReadOnlyList<BoardCardResource> Cards);

/// <summary>An outcome stage at the end of the board.</summary>
public sealed record BoardOutcomeResource(string Stage, IReadOnlyDictionary<string, string> Name, [property: AllowedValues("won", "lost")] string Status, int Count);

/// <summary>A card: the deal's name, account, amount, owner, version and what needs attention.</summary>
/// <param name="EnteredStage">When the deal entered its stage; null when its history does not say.</param>
/// <param name="Rotting">In the stage longer than its rotting days.</param>
/// <param name="NoNextStep">No open task and no activity within the stage's rotting window.</param>
public sealed record BoardCardResource(
    long Id, string Name, string? Account, decimal? Amount, string Currency, string? Owner, string? OwnerName, int Version,
    DateTimeOffset? EnteredStage, bool Rotting, bool NoNextStep)
{
    public static BoardCardResource From(BoardCard c) =>
        new(c.Id, c.Name, c.Account, c.Amount, c.Currency, c.Owner, c.OwnerName, c.Version, c.EnteredStage, c.Rotting, c.NoNextStep);
}
