using Loudou.Core.Activities;

namespace Loudou.Core.Demo;

/// <summary>A demo account; <see cref="Number"/> is 1-based and becomes its id.</summary>
public sealed record DemoAccount(int Number, string Name, string Industry, string SizeBand, string Region);

/// <summary>A person at a demo account; numbered from 1, <see cref="DemoGenerator.ContactsPerAccount"/> per account in account order.</summary>
public sealed record DemoContact(int Number, int Account, string Name, string Title, string Phone, string Email);

/// <summary>The deal entered a stage (index in the default pipeline: 0–4 open, 5 won, 6 lost).</summary>
public readonly record struct DemoTransition(int Stage, DateTimeOffset At);

/// <summary>A touch on the deal by its owner.</summary>
public readonly record struct DemoActivity(ActivityKind Kind, DateTimeOffset At);

/// <summary>The follow-up task of one stage stay; open when <see cref="DoneAt"/> is null.</summary>
public readonly record struct DemoTask(int Stage, DateTimeOffset Due, DateTimeOffset? DoneAt);

/// <summary>A standard action (by index within its stage) done on the deal.</summary>
public readonly record struct DemoCompletion(int Stage, int Action, DateTimeOffset At);

/// <summary>One generated deal with everything that hangs off it.</summary>
/// <remarks><see cref="Number"/> is 1-based, in creation order, and becomes the deal's id.</remarks>
public sealed class DemoDeal
{
    public int Number { get; init; }

    public int Account { get; init; }

    public int Channel { get; init; }

    /// <summary>Index into <see cref="DemoCast.Users"/>.</summary>
    public int Owner { get; init; }

    public int Product { get; init; }

    public int Quantity { get; init; }

    public decimal Amount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateOnly ExpectedClose { get; init; }

    /// <summary>The stage the deal is in at the as-of moment.</summary>
    public int Stage { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? LossReason { get; set; }

    public List<DemoTransition> Transitions { get; } = [];

    public List<DemoActivity> Activities { get; } = [];

    public List<DemoTask> Tasks { get; } = [];

    public List<DemoCompletion> Completions { get; } = [];
}
