namespace Loudou.Web.Api;

/// <summary>The body of <c>POST /api/v1/deals/{id}/stage</c>.</summary>
/// <param name="Stage">The target stage's key.</param>
/// <param name="LossReason">The loss reason's key, required when the target is a Lost stage.</param>
/// <param name="Override">A manager's or admin's reason to pass a gate that is not met; logged.</param>
/// <param name="Version">The deal's version, when If-Match is not sent.</param>
public sealed record StageMoveBody(string? Stage, string? LossReason = null, string? Override = null, int? Version = null);

/// <summary>The body of <c>POST /api/v1/deals/{id}/actions</c>.</summary>
/// <param name="Action">The standard action's key.</param>
/// <param name="Stage">The stage it belongs to; the deal's current stage when omitted.</param>
/// <param name="Done">True (the default) to mark it done, false to undo it.</param>
/// <param name="Version">The deal's version, when If-Match is not sent.</param>
public sealed record ActionBody(string? Action, string? Stage = null, bool? Done = null, int? Version = null);
