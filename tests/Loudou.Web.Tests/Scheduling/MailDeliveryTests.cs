using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Loudou.Core.Alerts;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Loudou.Web.Tests.Scheduling;

/// <summary>
/// Reminders mailed by a real host process through MailKit to an SMTP server on 127.0.0.1 (the SmtpServer library),
/// and an SMTP server that is not there recorded for a retry without holding up the other.
/// </summary>
public sealed class MailDeliveryTests
{
    [Fact]
    public async Task Each_reminder_is_mailed_once_to_its_person_and_a_missing_server_waits_for_its_retry()
    {
        var store = new Inbox();
        var port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("127.0.0.1").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            await SeedAsync(database, port, FreePort());
            using var host = HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Notifications:AllowPrivateTargets=true",
                "--Loudou:Scheduler:Jobs:reminders:Cron=0/2 * * * * ?", "--Loudou:Scheduler:Jobs:deliveries:Cron=1/2 * * * * ?");
            try
            {
                await HostProcess.WaitForAddressAsync(host);
                var waited = Stopwatch.StartNew();
                while (store.Messages.Count < 2 || waited.Elapsed < TimeSpan.FromSeconds(6))
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "fewer than 2 mails within 60 s");
                    await Task.Delay(250);
                }
            }
            finally
            {
                await HostProcess.StopAsync(host);
            }

            Assert.Equal(2, store.Messages.Count);
            Assert.All(store.Messages, m =>
            {
                Assert.Equal("ann@example.com", m.To.Mailboxes.Single().Address);
                Assert.Equal("loudou@example.com", m.From.Mailboxes.Single().Address);
                Assert.StartsWith("[Loudou] ", m.Subject);
            });
            Assert.Equal(2, store.Messages.Select(m => m.Headers["X-Loudou-Delivery"]).Distinct().Count());
            await using var db = database.NewContext();
            var down = await db.NotificationDeliveries.AsNoTracking().Join(db.NotificationTargets.Where(t => t.Key == "mail-down"), d => d.TargetId, t => t.Id, (d, _) => d).ToListAsync();
            Assert.Equal(2, down.Count);
            Assert.All(down, d => Assert.Equal((DeliveryStatus.Failing, 1), (d.Status, d.Attempts)));
            Assert.All(down, d => Assert.StartsWith("SMTP 127.0.0.1", d.LastError));
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task SeedAsync(TestDatabase database, int port, int closedPort) => StuckDeal.SeedAsync(database, "ann@example.com", _ =>
    [
        NotificationTarget.Create("mail", TargetKind.Email, $"smtp://127.0.0.1:{port}", null, null, allowPrivate: true, from: "loudou@example.com"),
        NotificationTarget.Create("mail-down", TargetKind.Email, $"smtp://127.0.0.1:{closedPort}", "pw", null, allowPrivate: true, account: "loudou", from: "loudou@example.com"),
    ]);

    /// <summary>Keeps every message the server accepts, parsed by MimeKit.</summary>
    private sealed class Inbox : MessageStore
    {
        public ConcurrentBag<MimeMessage> Messages { get; } = [];

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
