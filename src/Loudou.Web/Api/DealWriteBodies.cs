namespace Loudou.Web.Api;

/// <summary>The body of <c>POST /api/v1/deals</c>, for the OpenAPI document; read field by field, so that one 400 names every bad field.</summary>
/// <param name="Pipeline">The pipeline's key; the workspace's default pipeline when left out.</param>
/// <param name="Stage">An open stage's key; the pipeline's first stage when left out.</param>
/// <param name="Owner">The owner's login; the caller when left out.</param>
/// <param name="Account">An account's name: the one in the caller's scope of that name, else a new one.</param>
/// <param name="Channel">An existing channel's name.</param>
/// <param name="Currency">Three letters; the workspace's base currency when left out.</param>
/// <param name="Tags">Tag names; new ones are created.</param>
/// <param name="Custom">Custom values by field key: text, a number, true or false, a date as "2026-12-31", a list of options for a multiple choice.</param>
public sealed record DealCreateBody(
    string Name,
    string? Pipeline = null,
    string? Stage = null,
    string? Owner = null,
    string? Account = null,
    string? Channel = null,
    decimal? Amount = null,
    string? Currency = null,
    DateOnly? ExpectedClose = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, object>? Custom = null);

/// <summary>The body of <c>POST /api/v1/deals/{id}/stage</c>.</summary>
/// <param name="Stage">The target stage's key.</param>
/// <param name="LossReason">The loss reason's key, required when the target is a Lost stage.</param>
/// <param name="Override">A manager's or admin's reason to pass a gate that is not met; logged.</param>
/// <param name="Version">The deal's version, when If-Match is not sent.</param>
public sealed record StageMoveBody(string Stage, string? LossReason = null, string? Override = null, int? Version = null);

/// <summary>The body of <c>POST /api/v1/deals/{id}/actions</c>.</summary>
/// <param name="Action">The standard action's key.</param>
/// <param name="Stage">The stage it belongs to; the deal's current stage when left out.</param>
/// <param name="Done">True (the default) to mark it done, false to undo it.</param>
/// <param name="Version">The deal's version, when If-Match is not sent.</param>
public sealed record ActionBody(string Action, string? Stage = null, bool? Done = null, int? Version = null);

/// <summary>The body of <c>PATCH /api/v1/deals/{id}</c>, for the OpenAPI document; read field by field as a merge patch.</summary>
/// <param name="Owner">The new owner's login; null (admins only) leaves the deal unassigned.</param>
/// <param name="Account">An account's name: the caller's account of that name, else a new one; null unlinks.</param>
/// <param name="Tags">The whole new set of tags.</param>
/// <param name="Custom">Custom values to change by field key, as on creation; a key left out is unchanged, null clears it.</param>
/// <param name="Version">The deal's version, when If-Match is not sent.</param>
public sealed record DealPatchBody(
    string? Name = null,
    decimal? Amount = null,
    string? Currency = null,
    DateOnly? ExpectedClose = null,
    double? Probability = null,
    string? Owner = null,
    string? Channel = null,
    string? Account = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, object>? Custom = null,
    int? Version = null);
