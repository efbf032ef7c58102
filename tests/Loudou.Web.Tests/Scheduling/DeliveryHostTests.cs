using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Loudou.Core.Alerts;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>
/// Copies of reminders sent by a real host process to a receiver on 127.0.0.1 standing in for a webhook and the WeCom,
/// DingTalk and Feishu bot APIs (never their real endpoints): each message in its documented shape, each signature
/// verified by the receiver's own code, a target answering 500 or a bot refusing its token recorded for a retry
/// without holding up the others, and nothing sent twice across a restart of the host.
/// </summary>
public sealed class DeliveryHostTests : IAsyncLifetime
{
    private const string WebhookSecret = "whsec-0123456789abcdef";
    private const string BotSecret = "SECbot-secret";
    private readonly ConcurrentQueue<(string Path, string Query, Dictionary<string, string> Headers, string Body)> _received = new();
    private WebApplication _receiver = default!;
    private string _address = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/{target}", async (string target, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
            // Copied: the server reuses a request's header collection once it has answered.
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _received.Enqueue((target, request.QueryString.Value ?? "", headers, body));
            return target switch
            {
                "fails" => Results.StatusCode(500),
                "wrong-token" => Results.Json(new { errcode = 93000, errmsg = "invalid webhook url" }),
                "feishu" => Results.Json(new { code = 0, msg = "success" }),
                _ => Results.Json(new { errcode = 0, errmsg = "ok" }),
            };
        });
        await _receiver.StartAsync();
        _address = _receiver.Urls.Single();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Each_target_gets_each_reminder_once_in_its_format_signed_and_failures_wait_for_their_retry()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database);
        await RunHostUntilAsync(database, () => Count("hook") >= 2 && Count("wecom") >= 2 && Count("dingtalk") >= 2 && Count("feishu") >= 2 && Count("fails") >= 2 && Count("wrong-token") >= 2);
        // A second host on the same database: the same reminders are found, none is raised or sent again.
        await RunHostUntilAsync(database, () => true, TimeSpan.FromSeconds(6));

        Assert.Equal(2, Count("hook"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var hook in _received.Where(r => r.Path == "hook"))
        {
            // The receiver's own check: HMAC-SHA256 of "timestamp.body" under the shared secret.
            var timestamp = hook.Headers["X-Loudou-Timestamp"];
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(timestamp + "." + hook.Body)));
            Assert.Equal(expected, hook.Headers["X-Loudou-Signature"]);
            Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), now - 120, now + 5);
            using var json = JsonDocument.Parse(hook.Body);
            Assert.Contains(json.RootElement.GetProperty("kind").GetString(), new[] { "rotting", "task-overdue" });
            Assert.Equal("ann", json.RootElement.GetProperty("user").GetProperty("login").GetString());
            Assert.Equal("Stuck", json.RootElement.GetProperty("deal").GetProperty("name").GetString());
        }
        var kinds = _received.Where(r => r.Path == "hook").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("key").GetString()).ToList();
        Assert.Equal(kinds.Distinct().Count(), kinds.Count);

        var wecom = JsonDocument.Parse(_received.First(r => r.Path == "wecom").Body).RootElement;
        Assert.Equal("text", wecom.GetProperty("msgtype").GetString());
        Assert.StartsWith("[Loudou] ", wecom.GetProperty("text").GetProperty("content").GetString());

        var ding = _received.First(r => r.Path == "dingtalk");
        var query = System.Web.HttpUtility.ParseQueryString(ding.Query);
        var dingSign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(BotSecret), Encoding.UTF8.GetBytes(query["timestamp"] + "\n" + BotSecret)));
        Assert.Equal(dingSign, query["sign"]);

        var feishu = JsonDocument.Parse(_received.First(r => r.Path == "feishu").Body).RootElement;
        var feishuSign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(feishu.GetProperty("timestamp").GetString() + "\n" + BotSecret), Array.Empty<byte>()));
        Assert.Equal(feishuSign, feishu.GetProperty("sign").GetString());
        Assert.Equal("text", feishu.GetProperty("msg_type").GetString());

        await using var db = database.NewContext();
        var log = await db.NotificationDeliveries.AsNoTracking().Join(db.NotificationTargets, d => d.TargetId, t => t.Id, (d, t) => new { t.Key, d }).ToListAsync();
        Assert.Equal(12, log.Count);
        Assert.All(log.Where(l => l.Key is "hook" or "wecom" or "dingtalk" or "feishu"), l => Assert.Equal((DeliveryStatus.Sent, 1), (l.d.Status, l.d.Attempts)));
        // Refused, each once so far: the next try is a minute after the first, within the day of retries.
        Assert.All(log.Where(l => l.Key == "fails"), l => Assert.Equal((DeliveryStatus.Failing, 500, 1), (l.d.Status, l.d.LastStatusCode, l.d.Attempts)));
        Assert.All(log.Where(l => l.Key == "wrong-token"), l => Assert.Contains("errcode 93000", l.d.LastError));
        Assert.All(log.Where(l => l.d.Status == DeliveryStatus.Failing), l => Assert.Equal(l.d.LastAttemptAt!.Value.AddMinutes(1), l.d.NextAttemptAt));
        Assert.Equal(2, Count("fails"));
    }

    private int Count(string path) => _received.Count(r => r.Path == path);

    private static async Task RunHostUntilAsync(TestDatabase database, Func<bool> done, TimeSpan? atLeast = null)
    {
        using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Notifications:AllowPrivateTargets=true",
            "--Loudou:Scheduler:Jobs:reminders:Cron=0/2 * * * * ?", "--Loudou:Scheduler:Jobs:deliveries:Cron=1/2 * * * * ?");
        try
        {
            await HostProcess.WaitForAddressAsync(host);
            var waited = Stopwatch.StartNew();
            while (atLeast is { } minimum ? waited.Elapsed < minimum : !done())
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the receiver did not get every target's messages within 60 s");
                await Task.Delay(250);
            }
        }
        finally
        {
            await HostProcess.StopAsync(host);
        }
    }

    /// <summary>The shared stuck deal, and six targets on the receiver.</summary>
    private Task SeedAsync(TestDatabase database) => StuckDeal.SeedAsync(database, targets: ann =>
    [
        NotificationTarget.Create("hook", TargetKind.Webhook, $"{_address}/hook", WebhookSecret, null, allowPrivate: true),
        NotificationTarget.Create("wecom", TargetKind.WeCom, $"{_address}/wecom?key=abc", null, ann.TeamId, allowPrivate: true),
        NotificationTarget.Create("dingtalk", TargetKind.DingTalk, $"{_address}/dingtalk?access_token=abc", BotSecret, null, allowPrivate: true),
        NotificationTarget.Create("feishu", TargetKind.Feishu, $"{_address}/feishu", BotSecret, null, allowPrivate: true),
        NotificationTarget.Create("fails", TargetKind.Webhook, $"{_address}/fails", WebhookSecret, null, allowPrivate: true),
        NotificationTarget.Create("wrong-token", TargetKind.WeCom, $"{_address}/wrong-token?key=nope", null, null, allowPrivate: true),
    ]);
}
