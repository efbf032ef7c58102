using System.Net.Http.Json;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loudou.Web.Tests.Api;

/// <summary>
/// Every /api/v1 endpoint called as anonymous, two reps of different teams, their two managers and
/// an admin, with the exact answer each must get. The world is <see cref="AccessWorld"/>; a fresh
/// one per caller, so each caller's writes start from the same rows. A test also checks that no
/// endpoint of the app is missing from the matrix.
/// </summary>
/// <remarks>
/// Where a record is out of the caller's scope the answer is 404, never 403, so that nothing
/// reveals that it exists; 403 means "you see it, but your role may not do this". Writes that
/// would pass the scope check send a value the endpoint refuses (such as an unknown stage) where
/// the point is only who gets past the scope: 400 then means "in scope", 404 "not".
/// </remarks>
public class AuthorizationMatrixTests
{
    private const int Ok = 200, Created = 201, NoContent = 204, Bad = 400, Unauthorized = 401, Forbidden = 403, NotFound = 404, Conflict = 409;

    /// <summary>One call and the status each caller gets, in the order ann, max, bob, sue, root; anonymous always gets 401.</summary>
    private sealed record Case(string Method, string Route, Func<Ids, string> Path, Func<Ids, object?>? Body, string? IfMatchDeal, int[] Expected)
    {
        public override string ToString() => $"{Method} {Route}";
    }

    /// <summary>The ids of the world's rows, by the names AccessWorld gives them.</summary>
    private sealed record Ids(
        IReadOnlyDictionary<string, long> Deals,
        IReadOnlyDictionary<string, int> Accounts,
        IReadOnlyDictionary<string, long> Contacts,
        Dictionary<string, long> Activities,
        IReadOnlyDictionary<string, long> Tasks,
        int SpareTokenOfAnn,
        IReadOnlyDictionary<string, int> Catalog);

    private static readonly string[] Callers = ["ann", "max", "bob", "sue", "root"];

    // The world's deals are made today; the month after holds none of them yet lies after the first and before the as-of moment, so every date reviews it.
    private static readonly string NextMonth = DateTime.UtcNow.AddMonths(1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads first, then creates and updates, deletes last, so that one caller's calls do not disturb each other.</summary>
    private static readonly Case[] Cases =
    [
        new("GET", "/api/v1/deals", _ => "/api/v1/deals?q=N", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["N1"]}", null, null, [Ok, Ok, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["S3"]}", null, null, [NotFound, NotFound, NotFound, Ok, Ok]),
        new("GET", "/api/v1/deals/{id}/audit", i => $"/api/v1/deals/{i.Deals["S2"]}/audit", null, null, [NotFound, NotFound, Ok, Ok, Ok]),
        new("GET", "/api/v1/deals/{id}/activities", i => $"/api/v1/deals/{i.Deals["N4"]}/activities", null, null, [NotFound, Ok, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/board", _ => "/api/v1/board", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/board", _ => "/api/v1/board?pipeline=nope", null, null, [NotFound, NotFound, NotFound, NotFound, NotFound]),
        new("GET", "/api/v1/board/cards", _ => "/api/v1/board/cards?stage=lead", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/board/cards", _ => "/api/v1/board/cards?stage=won", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/accounts", _ => "/api/v1/accounts", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/accounts/{id}", i => $"/api/v1/accounts/{i.Accounts["NorthOnly"]}", null, null, [Ok, Ok, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/accounts/{id}", i => $"/api/v1/accounts/{i.Accounts["Orphan"]}", null, null, [NotFound, NotFound, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/contacts", _ => "/api/v1/contacts?q=contact", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/contacts/{id}", i => $"/api/v1/contacts/{i.Contacts["Contact of S1"]}", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/contacts/{id}", i => $"/api/v1/contacts/{i.Contacts["Contact of S2"]}", null, null, [NotFound, NotFound, Ok, Ok, Ok]),
        new("GET", "/api/v1/activities/{id}", i => $"/api/v1/activities/{i.Activities["S2"]}", null, null, [NotFound, NotFound, Ok, Ok, Ok]),
        new("GET", "/api/v1/tasks", _ => "/api/v1/tasks?done=false", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/tasks/{id}", i => $"/api/v1/tasks/{i.Tasks["S2"]}", null, null, [Ok, NotFound, Ok, Ok, Ok]),
        new("GET", "/api/v1/tasks/{id}", i => $"/api/v1/tasks/{i.Tasks["X1"]}", null, null, [NotFound, NotFound, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/pipelines", _ => "/api/v1/pipelines", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/pipelines/{key}", _ => "/api/v1/pipelines/default", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/audit", _ => "/api/v1/audit", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/tokens", _ => "/api/v1/tokens", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/notifications", _ => "/api/v1/notifications", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/notifications/settings", _ => "/api/v1/notifications/settings", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/admin/jobs", _ => "/api/v1/admin/jobs", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/admin/reminders", _ => "/api/v1/admin/reminders", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/admin/ranking", _ => "/api/v1/admin/ranking", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/admin/targets", _ => "/api/v1/admin/targets", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/admin/deliveries", _ => "/api/v1/admin/deliveries", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/admin/jobs/{key}/runs", _ => "/api/v1/admin/jobs/reminders/runs", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/privacy/contacts/{id}/export", i => $"/api/v1/privacy/contacts/{i.Contacts["Contact of S1"]}/export", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/privacy/contacts/{id}/export", _ => "/api/v1/privacy/contacts/999999/export?format=xlsx", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("GET", "/api/v1/privacy/users/{login}/export", _ => "/api/v1/privacy/users/ann/export", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("GET", "/api/v1/privacy/users/{login}/export", _ => "/api/v1/privacy/users/ann/export?format=pdf", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/admin/jobs/{key}/runs", _ => "/api/v1/admin/jobs/nope/runs", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("GET", "/api/v1/analytics/funnel", _ => "/api/v1/analytics/funnel?asOf=2030-01-01", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/team", _ => "/api/v1/analytics/team?asOf=2030-01-01", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/targets", _ => "/api/v1/targets", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/alerts", _ => "/api/v1/alerts", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/alerts", _ => "/api/v1/alerts?status=open", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/alerts/rules", _ => "/api/v1/alerts/rules", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/fields", _ => "/api/v1/fields", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/workspace", _ => "/api/v1/workspace", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/exchange-rates", _ => "/api/v1/exchange-rates", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/segments", _ => "/api/v1/segments", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/catalog/channels", _ => "/api/v1/catalog/channels", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/catalog/loss-reasons", _ => "/api/v1/catalog/loss-reasons", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/catalog/tags", _ => "/api/v1/catalog/tags", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/catalog/tags", _ => "/api/v1/catalog/tags?sort=name", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/deals/{id}/score", i => $"/api/v1/deals/{i.Deals["N1"]}/score", null, null, [Ok, Ok, NotFound, NotFound, Ok]),
        new("GET", "/api/v1/deals/{id}/score", i => $"/api/v1/deals/{i.Deals["S3"]}/score", null, null, [NotFound, NotFound, NotFound, Ok, Ok]),
        // No model yet in this world: the report is 404 for everyone alike.
        new("GET", "/api/v1/scoring/report", _ => "/api/v1/scoring/report", null, null, [NotFound, NotFound, NotFound, NotFound, NotFound]),
        new("GET", "/api/v1/analytics/team", _ => "/api/v1/analytics/team?asOf=2030-01-01&team=South", null, null, [Forbidden, Forbidden, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/review", _ => $"/api/v1/analytics/review?asOf=2030-01-01&month={NextMonth}", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/review", _ => $"/api/v1/analytics/review?asOf=2030-01-01&month={NextMonth}&team=South", null, null, [Forbidden, Forbidden, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/team/deals", _ => "/api/v1/analytics/team/deals?asOf=2030-01-01&figure=handled", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/channels", _ => "/api/v1/analytics/channels?asOf=2030-01-01", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/channels", _ => "/api/v1/analytics/channels?from=2026-13", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/channels/costs", _ => "/api/v1/channels/costs?from=2026-01&to=2026-12", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/team/deals", _ => "/api/v1/analytics/team/deals?asOf=2030-01-01&figure=handled&rep=bob", null, null, [Forbidden, Bad, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/team/tasks", _ => "/api/v1/analytics/team/tasks?asOf=2030-01-01&figure=due", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/funnel/deals", _ => "/api/v1/analytics/funnel/deals?asOf=2030-01-01&stage=lead", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/bottlenecks", _ => "/api/v1/analytics/bottlenecks?asOf=2030-01-01&minN=1", null, null, [Ok, Ok, Ok, Ok, Ok]),
        // No deal has left a stage yet when the reads run: every caller is told so (400 naming the stage), none sees another's exits.
        new("GET", "/api/v1/analytics/drivers", _ => "/api/v1/analytics/drivers?asOf=2030-01-01&stage=lead&minN=1", null, null, [Bad, Bad, Bad, Bad, Bad]),
        new("GET", "/api/v1/analytics/drivers/deals", _ => "/api/v1/analytics/drivers/deals?asOf=2030-01-01&stage=lead&minN=1&feature=owner&value=ann", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/losses", _ => "/api/v1/analytics/losses?asOf=2030-01-01", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("GET", "/api/v1/analytics/whatif", _ => "/api/v1/analytics/whatif?asOf=2030-01-01&points=10", null, null, [Ok, Ok, Ok, Ok, Ok]),

        new("POST", "/api/v1/deals", _ => "/api/v1/deals", _ => new { name = "Own deal" }, null, [Created, Created, Created, Created, Created]),
        new("POST", "/api/v1/deals", _ => "/api/v1/deals", _ => new { name = "For ann", owner = "ann" }, null, [Created, Created, Bad, Bad, Created]),
        new("PATCH", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["N2"]}", _ => new { amount = 12_345.5m }, "N2", [Ok, Ok, NotFound, NotFound, Ok]),
        new("PATCH", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["N3"]}", _ => new { owner = "max" }, "N3", [Bad, Ok, NotFound, NotFound, Ok]),
        new("POST", "/api/v1/deals/{id}/stage", i => $"/api/v1/deals/{i.Deals["S1"]}/stage", _ => new { stage = "no-such-stage" }, "S1", [NotFound, NotFound, Bad, Bad, Bad]),
        new("POST", "/api/v1/deals/{id}/actions", i => $"/api/v1/deals/{i.Deals["N1"]}/actions", _ => new { action = "no-such-action" }, "N1", [Bad, Bad, NotFound, NotFound, Bad]),
        new("POST", "/api/v1/deals/{id}/activities", i => $"/api/v1/deals/{i.Deals["N2"]}/activities", _ => new { kind = "call", outcome = "reached" }, null, [Created, Created, NotFound, NotFound, Created]),
        new("POST", "/api/v1/accounts", _ => "/api/v1/accounts", _ => new { name = "New Co" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("PATCH", "/api/v1/accounts/{id}", i => $"/api/v1/accounts/{i.Accounts["NorthOnly"]}", _ => new { region = "华北" }, null, [Ok, Ok, NotFound, NotFound, Ok]),
        new("POST", "/api/v1/contacts", i => "/api/v1/contacts", i => new { name = "New person", account = i.Accounts["Shared"] }, null, [Created, Created, Created, Created, Created]),
        new("POST", "/api/v1/contacts", i => "/api/v1/contacts", i => new { name = "North person", account = i.Accounts["NorthOnly"] }, null, [Created, Created, Bad, Bad, Created]),
        new("PATCH", "/api/v1/contacts/{id}", i => $"/api/v1/contacts/{i.Contacts["Contact of N2"]}", _ => new { title = "采购经理" }, null, [Ok, Ok, NotFound, NotFound, Ok]),
        new("POST", "/api/v1/tasks", _ => "/api/v1/tasks", i => new { deal = i.Deals["N2"], title = "Call back" }, null, [Created, Created, Bad, Bad, Created]),
        new("POST", "/api/v1/tasks", _ => "/api/v1/tasks", i => new { deal = i.Deals["N2"], title = "For ann", assignee = "ann" }, null, [Created, Created, Bad, Bad, Created]),
        new("POST", "/api/v1/tasks", _ => "/api/v1/tasks", i => new { deal = i.Deals["N2"], title = "For bob", assignee = "bob" }, null, [Bad, Bad, Bad, Bad, Created]),
        new("PATCH", "/api/v1/tasks/{id}", i => $"/api/v1/tasks/{i.Tasks["S2"]}", _ => new { done = true }, null, [Ok, NotFound, Ok, Ok, Ok]),
        new("POST", "/api/v1/tokens", _ => "/api/v1/tokens", _ => new { name = "script", expiresInDays = 7 }, null, [Created, Created, Created, Created, Created]),
        new("PUT", "/api/v1/admin/reminders/{rule}", _ => "/api/v1/admin/reminders/rotting", _ => new { enabled = true, escalateAfterHours = 48 }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PUT", "/api/v1/admin/ranking", _ => "/api/v1/admin/ranking", _ => new { resultsWeight = 0.5 }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PUT", "/api/v1/channels/costs", _ => "/api/v1/channels/costs", _ => new { costs = new[] { new { channel = "Web", month = "2026-11", amount = 1000 } } }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("POST", "/api/v1/channels/costs/import", _ => "/api/v1/channels/costs/import", _ => new { not = "csv" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/targets", _ => "/api/v1/targets", _ => new { conversion = new[] { new { stage = "lead", team = "North", rate = 0.5 } } }, null, [Bad, Ok, Bad, Bad, Ok]),
        new("PUT", "/api/v1/alerts/rules", _ => "/api/v1/alerts/rules", _ => AlertRules("south-win", "South"), null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PUT", "/api/v1/alerts/rules", _ => "/api/v1/alerts/rules", _ => AlertRules("west-win", "West"), null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/fields", _ => "/api/v1/fields", _ => new { fields = new[] { new { key = "budget", name = "Budget", type = "number" } } }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PUT", "/api/v1/fields", _ => "/api/v1/fields", _ => new { fields = new[] { new { key = "amount", name = "Amount", type = "number" } } }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PATCH", "/api/v1/workspace", _ => "/api/v1/workspace", _ => new { name = "Matrix Co" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PATCH", "/api/v1/workspace", _ => "/api/v1/workspace", _ => new { timeZone = "Mars/Olympus" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/exchange-rates", _ => "/api/v1/exchange-rates", _ => new { currency = "USD", validFrom = "2026-01-01", rateToBase = 7.1 }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("PUT", "/api/v1/exchange-rates", _ => "/api/v1/exchange-rates", _ => new { currency = "USD", validFrom = "2026-01-01", rateToBase = -1 }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/segments/{key}", _ => "/api/v1/segments/matrix", _ => new { name = "Matrix segment", rule = new { open = true } }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("PUT", "/api/v1/segments/{key}", _ => "/api/v1/segments/matrix-bad", _ => new { name = "Bad segment", rule = new { minScore = 2 } }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("POST", "/api/v1/catalog/channels", _ => "/api/v1/catalog/channels", _ => new { name = "Trade fair" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("POST", "/api/v1/catalog/channels", _ => "/api/v1/catalog/channels", _ => new { name = "WEB" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PATCH", "/api/v1/catalog/channels/{id}", i => $"/api/v1/catalog/channels/{i.Catalog["channel:Spare"]}", _ => new { name = "Spare channel" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PATCH", "/api/v1/catalog/channels/{id}", _ => "/api/v1/catalog/channels/999999", _ => new { name = "Nowhere" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("POST", "/api/v1/catalog/loss-reasons", _ => "/api/v1/catalog/loss-reasons", _ => new { key = "late", name = new Dictionary<string, string> { ["zh-CN"] = "太晚", ["en"] = "Too late" } }, null,
            [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("PATCH", "/api/v1/catalog/loss-reasons/{id}", i => $"/api/v1/catalog/loss-reasons/{i.Catalog["loss:other"]}", _ => new { active = false }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PATCH", "/api/v1/catalog/loss-reasons/{id}", i => $"/api/v1/catalog/loss-reasons/{i.Catalog["loss:other"]}", _ => new { key = "x" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("POST", "/api/v1/catalog/tags", _ => "/api/v1/catalog/tags", _ => new { name = "hot", color = "#e15759" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Created]),
        new("PATCH", "/api/v1/catalog/tags/{id}", i => $"/api/v1/catalog/tags/{i.Catalog["tag:vip"]}", _ => new { color = "#4e79a7" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PATCH", "/api/v1/catalog/tags/{id}", i => $"/api/v1/catalog/tags/{i.Catalog["tag:vip"]}", _ => new { color = "blue" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        // The default pipeline as it stands (a change of nothing), with a probability out of range, and without the stage the deals are in.
        new("PUT", "/api/v1/pipelines/{key}", _ => "/api/v1/pipelines/default", _ => DefaultPipeline(p => p), null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("PUT", "/api/v1/pipelines/{key}", _ => "/api/v1/pipelines/default", _ => DefaultPipeline(p => p with { Stages = [p.Stages[0] with { Probability = 2 }, .. p.Stages.Skip(1)] }), null,
            [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/pipelines/{key}", _ => "/api/v1/pipelines/default", _ => DefaultPipeline(p => p with { Stages = [.. p.Stages.Skip(1)] }), null, [Forbidden, Forbidden, Forbidden, Forbidden, Conflict]),
        new("POST", "/api/v1/alerts/run", _ => "/api/v1/alerts/run?asOf=2026-04-10", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("POST", "/api/v1/alerts/run", _ => "/api/v1/alerts/run?asOf=someday", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        // The world's deals are all open: an admin is told there is nothing to learn from (400), nobody else may train (403).
        new("POST", "/api/v1/scoring/train", _ => "/api/v1/scoring/train", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("PUT", "/api/v1/admin/reminders/{rule}", _ => "/api/v1/admin/reminders/nope", _ => new { enabled = true }, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("POST", "/api/v1/admin/targets", _ => "/api/v1/admin/targets", _ => new { key = "hook", kind = "webhook", url = "http://127.0.0.1:9/hook", secret = "0123456789abcdef" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("POST", "/api/v1/admin/deliveries/{id}/replay", _ => "/api/v1/admin/deliveries/999999/replay", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("PUT", "/api/v1/notifications/settings", _ => "/api/v1/notifications/settings", _ => new { rules = new[] { new { rule = "rotting", inApp = true, email = false, groupChat = true } } }, null, [Ok, Ok, Ok, Ok, Ok]),
        new("POST", "/api/v1/notifications/read-all", _ => "/api/v1/notifications/read-all", null, null, [Ok, Ok, Ok, Ok, Ok]),
        new("POST", "/api/v1/notifications/{id}/read", _ => "/api/v1/notifications/999999/read", null, null, [NotFound, NotFound, NotFound, NotFound, NotFound]),
        new("POST", "/api/v1/tokens", _ => "/api/v1/tokens", _ => new { user = "bob" }, null, [Forbidden, Forbidden, Created, Forbidden, Created]),
        new("POST", "/api/v1/privacy/contacts/{id}/erase", i => $"/api/v1/privacy/contacts/{i.Contacts["Contact of S2"]}/erase", _ => new { reason = "matrix" }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("POST", "/api/v1/privacy/contacts/{id}/erase", _ => "/api/v1/privacy/contacts/999999/erase", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),

        new("DELETE", "/api/v1/admin/targets/{key}", _ => "/api/v1/admin/targets/nope", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("DELETE", "/api/v1/exchange-rates/{id}", _ => "/api/v1/exchange-rates/999999", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("DELETE", "/api/v1/segments/{key}", _ => "/api/v1/segments/nope", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NotFound]),
        new("DELETE", "/api/v1/catalog/tags/{id}", i => $"/api/v1/catalog/tags/{i.Catalog["tag:vip"]}", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Conflict]),
        new("DELETE", "/api/v1/catalog/tags/{id}", i => $"/api/v1/catalog/tags/{i.Catalog["tag:spare"]}", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, NoContent]),
        new("POST", "/api/v1/catalog/tags/{id}/merge", i => $"/api/v1/catalog/tags/{i.Catalog["tag:vip"]}/merge", i => new { into = i.Catalog["tag:vip"] }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("POST", "/api/v1/catalog/tags/{id}/merge", i => $"/api/v1/catalog/tags/{i.Catalog["tag:other"]}/merge", i => new { into = i.Catalog["tag:vip"] }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("POST", "/api/v1/catalog/channels/{id}/merge", i => $"/api/v1/catalog/channels/{i.Catalog["channel:Spare"]}/merge", _ => new { }, null, [Forbidden, Forbidden, Forbidden, Forbidden, Bad]),
        new("POST", "/api/v1/catalog/channels/{id}/merge", i => $"/api/v1/catalog/channels/{i.Catalog["channel:Spare"]}/merge", i => new { into = i.Catalog["channel:Web"] }, null,
            [Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        new("DELETE", "/api/v1/tokens/{id}", i => $"/api/v1/tokens/{i.SpareTokenOfAnn}", null, null, [NoContent, NotFound, NotFound, NotFound, NoContent]),
        new("DELETE", "/api/v1/tasks/{id}", i => $"/api/v1/tasks/{i.Tasks["S2"]}", null, null, [Forbidden, NotFound, NoContent, NoContent, NoContent]),
        new("DELETE", "/api/v1/activities/{id}", i => $"/api/v1/activities/{i.Activities["N3"]}", null, null, [NoContent, NoContent, NotFound, NotFound, NoContent]),
        new("DELETE", "/api/v1/activities/{id}", i => $"/api/v1/activities/{i.Activities["N4"]}", null, null, [NotFound, NoContent, NotFound, NotFound, NoContent]),
        new("DELETE", "/api/v1/activities/{id}", i => $"/api/v1/activities/{i.Activities["N1 by max"]}", null, null, [Forbidden, NoContent, NotFound, NotFound, NoContent]),
        new("DELETE", "/api/v1/contacts/{id}", i => $"/api/v1/contacts/{i.Contacts["Contact of S2"]}", null, null, [NotFound, NotFound, Forbidden, NoContent, NoContent]),
        new("DELETE", "/api/v1/accounts/{id}", i => $"/api/v1/accounts/{i.Accounts["Shared"]}", null, null, [Forbidden, Forbidden, Forbidden, Forbidden, Conflict]),
        new("DELETE", "/api/v1/accounts/{id}", i => $"/api/v1/accounts/{i.Accounts["Orphan"]}", null, null, [NotFound, NotFound, NotFound, NotFound, NoContent]),
        new("DELETE", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["S3"]}", null, "S3", [NotFound, NotFound, NotFound, NoContent, NoContent]),
        new("DELETE", "/api/v1/deals/{id}", i => $"/api/v1/deals/{i.Deals["N1"]}", null, "N1", [Forbidden, NoContent, NotFound, NotFound, NoContent]),
    ];

    /// <summary>A rules file with one change rule on a team's win rate.</summary>
    private static System.Text.Json.Nodes.JsonNode DefaultPipeline(Func<Core.Pipelines.PipelineDefinition, Core.Pipelines.PipelineDefinition> change) =>
        System.Text.Json.Nodes.JsonNode.Parse(Core.Pipelines.PipelineFile.Write(change(Core.Pipelines.BuiltinPipelines.Default)))!;

    private static object AlertRules(string key, string team) =>
        new { rules = new[] { new { key, name = key, condition = new { metric = "winRate", segment = new { dimension = "team", value = team }, change = new { direction = "down" } } } } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_caller_gets_exactly_the_answer_the_rules_give_on_every_endpoint(DatabaseProvider provider)
    {
        var failures = new List<string>();
        foreach (var (login, index) in Callers.Select((l, i) => (l, i)))
        {
            await using var web = await WebWorld.CreateAsync(provider);
            var ids = await IdsAsync(web);
            using var client = web.ClientFor(login);
            foreach (var call in Cases)
            {
                var status = await SendAsync(web, client, call, ids);
                if (status != call.Expected[index])
                {
                    failures.Add($"{login}: {call.Method} {call.Path(ids)} gave {status}, expected {call.Expected[index]}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Anonymous_gets_401_problem_details_on_every_endpoint_and_the_matrix_covers_every_endpoint()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        var ids = await IdsAsync(web);
        using var client = web.Anonymous();
        foreach (var call in Cases)
        {
            Assert.Equal(Unauthorized, await SendAsync(web, client, call, ids));
        }

        var endpoints = web.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var covered = Cases.Select(c => c.ToString()).ToHashSet();
        Assert.Empty(endpoints.Except(covered));
        Assert.Empty(covered.Except(endpoints));
    }

    [Theory]
    [InlineData("ann", "/api/v1/accounts", 2)]
    [InlineData("bob", "/api/v1/accounts", 2)]
    [InlineData("root", "/api/v1/accounts", 4)]
    [InlineData("ann", "/api/v1/accounts?q=only", 1)]
    [InlineData("sue", "/api/v1/accounts?q=only", 1)]
    [InlineData("root", "/api/v1/accounts?q=only", 2)]
    [InlineData("ann", "/api/v1/contacts", 5)]
    [InlineData("sue", "/api/v1/contacts", 5)]
    [InlineData("root", "/api/v1/contacts", 9)]
    [InlineData("ann", "/api/v1/contacts?q=of%20s", 1)]
    [InlineData("ann", "/api/v1/tasks", 4)]
    [InlineData("max", "/api/v1/tasks", 4)]
    [InlineData("bob", "/api/v1/tasks", 2)]
    [InlineData("root", "/api/v1/tasks", 8)]
    [InlineData("max", "/api/v1/tasks?assignee=ann", 3)]
    [InlineData("ann", "/api/v1/tasks?assignee=bob", 0)]
    [InlineData("ann", "/api/v1/deals?q=s", 1)]
    [InlineData("ann", "/api/v1/deals?q=south", 0)]
    [InlineData("ann", "/api/v1/deals?q=shared", 1)]
    [InlineData("bob", "/api/v1/deals?q=shared", 1)]
    [InlineData("root", "/api/v1/deals?q=shared", 2)]
    [InlineData("root", "/api/v1/deals?q=Only", 6)]
    [InlineData("max", "/api/v1/deals?q=n&pageSize=1&page=3", 4)]
    public async Task List_totals_and_search_count_only_what_the_caller_sees(string login, string url, int total)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.ClientFor(login);

        var list = await DealsApiScopingTests.GetJsonAsync(client, url);

        Assert.Equal(total, list.GetProperty("total").GetInt32());
    }

    private static async Task<int> SendAsync(WebWorld web, HttpClient client, Case call, Ids ids)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path(ids));
        if (call.Body is { } body)
        {
            request.Content = JsonContent.Create(body(ids));
        }
        if (call.IfMatchDeal is { } deal)
        {
            await using var db = web.Database.NewContext();
            var version = await db.Deals.Where(d => d.Id == ids.Deals[deal]).Select(d => d.Version).SingleAsync();
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        return (int)response.StatusCode;
    }

    private static async Task<Ids> IdsAsync(WebWorld web)
    {
        await using var db = web.Database.NewContext();
        var dealNames = web.World.Deals.ToDictionary(d => d.Value, d => d.Key);
        var contacts = await db.Contacts.ToDictionaryAsync(c => c.Name, c => (long)c.Id);
        var activities = (await db.Activities.ToListAsync()).ToDictionary(a => dealNames[a.DealId], a => a.Id);
        // An activity a rep sees (on her deal N1) but did not write: her manager logged it.
        var byManager = db.Activities.Add(Core.Activities.Activity.Record(web.World.Deals["N1"], Core.Activities.ActivityKind.Visit, DateTimeOffset.UtcNow.AddDays(-1), web.World.Users["max"].Id)).Entity;
        await db.SaveChangesAsync();
        activities["N1 by max"] = byManager.Id;
        var tasks = (await db.DealTasks.ToListAsync()).ToDictionary(t => dealNames[t.DealId], t => t.Id);
        var (_, spare) = await new ApiTokens(db, TimeProvider.System).CreateAsync("ann", 30, "spare");
        // A spare channel to rename and merge, a tag no deal carries to delete and one to merge: the world's own stay in use.
        db.Channels.Add(Core.Catalog.Channel.Create("Spare"));
        db.Tags.AddRange(Core.Catalog.Tag.Create("spare"), Core.Catalog.Tag.Create("other"));
        await db.SaveChangesAsync();
        var catalog = (await db.Channels.ToListAsync()).ToDictionary(c => "channel:" + c.Name, c => c.Id);
        foreach (var tag in await db.Tags.ToListAsync())
        {
            catalog["tag:" + tag.Name] = tag.Id;
        }
        foreach (var reason in await db.LossReasons.ToListAsync())
        {
            catalog["loss:" + reason.Key] = reason.Id;
        }
        return new Ids(web.World.Deals, web.World.Accounts, contacts, activities, tasks, spare.Id, catalog);
    }
}
