using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Delivery;
using Loudou.Storage;
using Loudou.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loudou.Web.Notifications;

/// <summary>What one run of the delivery job did.</summary>
public sealed record DeliveryRunResult(int Sent, int Failed, int GivenUp);

/// <summary>
/// Sends the deliveries that are due: each to its webhook (signed) or group bot (in its documented format), records the
/// answer, and schedules a failed one again (<see cref="DeliveryBackoff"/>). One target that refuses, errs or never
/// answers costs its own timeout and nothing else: the other deliveries go on.
/// </summary>
public sealed class DeliverySender(IHttpClientFactory clients, NotificationOptions options, IStringLocalizer<Text> text, TimeProvider clock, ILogger<DeliverySender> logger)
{
    public const string Client = "notifications";

    // Enough for a minute's reminders of a large team; the rest go at the next run.
    private const int Batch = 200;

    public async Task<DeliveryRunResult> RunAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Moments are compared here, not by the database: SQLite keeps them as text. Waiting deliveries are few.
        var due = (await db.NotificationDeliveries.Where(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Failing).ToListAsync(cancellationToken))
            .Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(Batch).ToList();
        if (due.Count == 0)
        {
            return new DeliveryRunResult(0, 0, 0);
        }
        var notificationIds = due.Select(d => d.NotificationId).Distinct().ToList();
        var notifications = await (
                from n in db.Notifications.AsNoTracking()
                where notificationIds.Contains(n.Id)
                join u in db.Users on n.UserId equals u.Id
                select new Message(n.Id, n.Kind, n.Key, n.Title, n.Escalation, n.DueAt, n.At, n.DealId,
                    db.Deals.Where(d => d.Id == n.DealId).Select(d => d.Name).FirstOrDefault(), u.LoginName, u.DisplayName, u.Language, u.Email))
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var targetIds = due.Select(d => d.TargetId).Distinct().ToList();
        var targets = await db.NotificationTargets.AsNoTracking().Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);

        int sent = 0, failed = 0, givenUp = 0;
        foreach (var delivery in due)
        {
            int? status;
            string? error;
            try
            {
                (status, error) = await SendAsync(targets[delivery.TargetId], notifications[delivery.NotificationId], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever one target does wrong is its copy's failure, never the end of the others' run.
                logger.LogError(e, "Delivery {Delivery} to {Target} failed unexpectedly", delivery.Id, targets[delivery.TargetId].Key);
                (status, error) = (null, e.Message);
            }
            var at = clock.GetUtcNow();
            if (error is null)
            {
                delivery.Succeeded(status!.Value, at);
                sent++;
            }
            else
            {
                delivery.Failed(status, error, at);
                logger.LogWarning("Delivery {Delivery} to {Target} failed ({Attempts} tries): {Error}", delivery.Id, targets[delivery.TargetId].Key, delivery.Attempts, error);
                if (delivery.Status == DeliveryStatus.GivenUp)
                {
                    givenUp++;
                }
                else
                {
                    failed++;
                }
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return new DeliveryRunResult(sent, failed, givenUp);
    }

    /// <returns>The HTTP status (null when no answer came) and the error (null on success).</returns>
    private async Task<(int? Status, string? Error)> SendAsync(NotificationTarget target, Message message, CancellationToken cancellationToken)
    {
        try
        {
            var url = target.Url;
            if (!options.AllowPrivateTargets && await PrivateAddressAsync(new Uri(url), cancellationToken) is { } address)
            {
                return (null, $"{new Uri(url).Host} resolves to {address}, a private address; allow private targets to send there.");
            }
            if (target.Kind == TargetKind.Email)
            {
                return await MailAsync(target, message, cancellationToken);
            }
            var now = clock.GetUtcNow();
            var body = target.Kind == TargetKind.Webhook ? WebhookBody(message) : BotMessages.Text(Kind(target.Kind), BotText(message), target.Secret, now);
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Kind == TargetKind.DingTalk && !string.IsNullOrEmpty(target.Secret) ? DingTalkAddress(url, target.Secret, now) : url)
            {
                Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
            };
            if (target.Kind == TargetKind.Webhook)
            {
                var seconds = now.ToUnixTimeSeconds();
                request.Headers.Add("X-Loudou-Timestamp", seconds.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("X-Loudou-Signature", Signatures.Webhook(target.Secret!, seconds, bytes));
                request.Headers.Add("X-Loudou-Delivery", message.Key ?? message.Id.ToString(CultureInfo.InvariantCulture));
            }
            using var response = await clients.CreateClient(Client).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return (status, $"HTTP {status} {response.ReasonPhrase}");
            }
            // The bots answer 200 with an error code in the body (a wrong token, a bad signature).
            return target.Kind == TargetKind.Webhook ? (status, null) : (status, BotError(await response.Content.ReadAsStringAsync(cancellationToken)));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "no answer within the timeout");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // The name check before sending: a host that does not resolve (a typo, or no DNS here) is this copy's failure.
            return (null, $"{new Uri(target.Url).Host}: {e.Message}");
        }
    }

    /// <summary>Mails one notification to its person over the target's SMTP server; the reply code of a refusal is kept as the status.</summary>
    private async Task<(int? Status, string? Error)> MailAsync(NotificationTarget target, Message message, CancellationToken cancellationToken)
    {
        if (message.Email is null)
        {
            return (null, $"{message.Login} has no e-mail address.");
        }
        var server = new Uri(target.Url);
        var secure = server.Scheme == "smtps";
        var mail = new MimeKit.MimeMessage();
        mail.From.Add(MimeKit.MailboxAddress.Parse(target.From!));
        mail.To.Add(new MimeKit.MailboxAddress(message.UserName, message.Email));
        var line = BotText(message);
        mail.Subject = line;
        mail.Headers.Add("X-Loudou-Delivery", message.Key ?? message.Id.ToString(CultureInfo.InvariantCulture));
        mail.Body = new MimeKit.TextPart("plain") { Text = line + "\n" };
        using var smtp = new MailKit.Net.Smtp.SmtpClient { Timeout = 10_000 };
        try
        {
            await smtp.ConnectAsync(server.Host, server.Port > 0 ? server.Port : secure ? 465 : 587,
                secure ? MailKit.Security.SecureSocketOptions.SslOnConnect : MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (target.Account is { } account)
            {
                await smtp.AuthenticateAsync(account, target.Secret ?? "", cancellationToken);
            }
            await smtp.SendAsync(mail, cancellationToken);
            await smtp.DisconnectAsync(true, cancellationToken);
            return (250, null);
        }
        catch (MailKit.Net.Smtp.SmtpCommandException e)
        {
            return ((int)e.StatusCode, $"SMTP {(int)e.StatusCode}: {e.Message}");
        }
        catch (Exception e) when (e is MailKit.Net.Smtp.SmtpProtocolException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException
            or IOException or System.Net.Sockets.SocketException or TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"SMTP {server.Host}: {e.Message}");
        }
    }

    private static async Task<IPAddress?> PrivateAddressAsync(Uri uri, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, cancellationToken);
        return addresses.FirstOrDefault(a => !TargetAddress.IsPublic(a));
    }

    private static string DingTalkAddress(string url, string secret, DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return $"{url}{separator}timestamp={milliseconds.ToString(CultureInfo.InvariantCulture)}&sign={Uri.EscapeDataString(Signatures.DingTalk(secret, milliseconds))}";
    }

    private static string? BotError(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            // WeCom and DingTalk answer errcode/errmsg; Feishu answers code/msg (older bots: StatusCode/StatusMessage).
            foreach (var (code, message) in new[] { ("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage") })
            {
                if (root.TryGetProperty(code, out var value) && value.ValueKind == JsonValueKind.Number && value.GetInt64() != 0)
                {
                    return $"{code} {value.GetInt64()}: {(root.TryGetProperty(message, out var m) ? m.GetString() : "")}";
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static BotKind Kind(TargetKind kind) => kind switch
    {
        TargetKind.WeCom => BotKind.WeCom,
        TargetKind.DingTalk => BotKind.DingTalk,
        _ => BotKind.Feishu,
    };

    /// <summary>The webhook's JSON: what happened, to whom, about which deal; documented in docs/notifications.md.</summary>
    private static JsonObject WebhookBody(Message m) => new()
    {
        ["id"] = m.Id,
        ["key"] = m.Key,
        ["kind"] = m.Kind,
        ["escalation"] = m.Escalation,
        ["title"] = m.Title,
        ["dueAt"] = m.DueAt?.ToString("O", CultureInfo.InvariantCulture),
        ["raisedAt"] = m.At.ToString("O", CultureInfo.InvariantCulture),
        ["user"] = new JsonObject { ["login"] = m.Login, ["name"] = m.UserName },
        ["deal"] = m.DealId is { } deal ? new JsonObject { ["id"] = deal, ["name"] = m.DealName } : null,
    };

    /// <summary>One line for a group chat, in the recipient's language (Chinese when they chose none).</summary>
    private string BotText(Message m)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(m.Language ?? "zh-CN");
        try
        {
            var kind = text.Or("Notifications.Kind." + m.Kind, m.Kind);
            var label = m.Escalation ? text["Notifications.Escalated", kind].Value : kind;
            var about = m.DealName is { } deal && deal != m.Title ? $"{m.Title} · {deal}" : m.Title;
            return $"[Loudou] {label}: {about} → {m.UserName}";
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private sealed record Message(
        long Id, string Kind, string? Key, string Title, bool Escalation, DateTimeOffset? DueAt, DateTimeOffset At, long? DealId, string? DealName,
        string Login, string UserName, string? Language, string? Email);
}

/// <summary>Settings under <c>Loudou:Notifications</c>.</summary>
/// <param name="AllowPrivateTargets">Loudou:Notifications:AllowPrivateTargets: let webhooks and bots post to loopback and private addresses (off: server-side request forgery).</param>
public sealed record NotificationOptions(bool AllowPrivateTargets)
{
    public static NotificationOptions FromConfiguration(IConfiguration configuration) =>
        new(configuration.GetValue("Loudou:Notifications:AllowPrivateTargets", false));
}
