using System.Globalization;
using System.Text.Json;
using Loudou.Core.Access;
using Loudou.Core.Activities;
using Loudou.Storage;
using Loudou.Storage.Accounts;
using Loudou.Storage.Records;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Loudou.Cli.Tests.Commands;

/// <summary><c>loudou privacy export|erase</c>: everything about a person out, a contact's personal data gone, the funnel untouched.</summary>
public sealed class PrivacyCommandsTests : IDisposable
{
    private const string Name = "欧阳娜娜";
    private const string Phone = "13912345678";
    private const string Email = "nana.ouyang@example.cn";

    private readonly string _directory = Directory.CreateTempSubdirectory("loudou-privacy-").FullName;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_contact_is_exported_then_erased_while_the_funnel_stays_the_same(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliRun.Db(database);
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--deals", "120", "--as-of", "2026-06-30", "--db", db)).ExitCode);
        var (contactId, deals) = await PrepareContactAsync(database);
        var funnelBefore = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--by", "channel", "--db", db);
        var json = Path.Combine(_directory, "contact.json");
        var xlsx = Path.Combine(_directory, "contact.xlsx");

        var exportJson = await CliRun.RunAsync("privacy", "export", "--contact", Id(contactId), "--format", "json", "--out", json, "--db", db);
        var exportXlsx = await CliRun.RunAsync("privacy", "export", "--contact", Id(contactId), "--format", "xlsx", "--out", xlsx, "--db", db);
        var erase = await CliRun.RunAsync("privacy", "erase", "--contact", Id(contactId), "--reason", "request 2026-118", "--db", db);
        var funnelAfter = await CliRun.RunAsync("funnel", "--format", "json", "--as-of", "2026-06-30", "--by", "channel", "--db", db);

        Assert.True(exportJson.ExitCode == 0, exportJson.Error);
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var contact = document.RootElement.GetProperty("contact")[0];
            Assert.Equal((Name, Phone, Email), (contact.GetProperty("name").GetString(), contact.GetProperty("phone").GetString(), contact.GetProperty("email").GetString()));
            Assert.Equal(deals, document.RootElement.GetProperty("deals").GetArrayLength());
            Assert.Contains(document.RootElement.GetProperty("activities").EnumerateArray(), a => a.GetProperty("note").GetString() is { } note && note.Contains(Phone, StringComparison.Ordinal));
            Assert.Contains(document.RootElement.GetProperty("auditEntries").EnumerateArray(), e => e.GetProperty("after").GetString() is { } after && after.Contains(Phone, StringComparison.Ordinal));
        }
        Assert.Equal(0, exportXlsx.ExitCode);
        Assert.Equal(["subject", "contact", "account", "deals", "activities", "auditEntries"], MiniExcel.GetSheetNames(xlsx));
        Assert.True(erase.ExitCode == 0, erase.Error);
        Assert.Contains("Erased contact", erase.Output);
        Assert.Equal(funnelBefore.Output, funnelAfter.Output);

        await using var check = database.NewContext();
        var erased = await check.Contacts.SingleAsync(c => c.Id == contactId);
        Assert.Equal(($"[erased] #{contactId}", null, null, null), (erased.Name, erased.Phone, erased.Email, erased.WeChat));
        Assert.Equal(deals, await check.Deals.CountAsync(d => d.ContactId == contactId));
        var texts = await check.Activities.Select(a => a.Note + " " + a.Outcome).ToListAsync();
        var audit = await check.AuditEntries.Select(e => e.Before + " " + e.After + " " + e.Reason).ToListAsync();
        foreach (var value in new[] { Name, Phone, Email })
        {
            Assert.DoesNotContain(texts.Concat(audit), t => t.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
        Assert.Contains(texts, t => t.Contains("[erased]", StringComparison.Ordinal));
        var entries = await check.AuditEntries.Where(e => e.EntityType == AuditEntityTypes.Contact && e.EntityId == Id(contactId)).ToListAsync();
        Assert.Equal(2, entries.Count(e => e.Action == AuditAction.Export));
        var erasure = entries.Single(e => e.Action == AuditAction.Erase);
        Assert.Equal("request 2026-118", erasure.Reason);
        Assert.Contains("\"fields\":[\"name\",\"phone\",\"email\"]", erasure.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_export_holds_their_rows_and_never_a_credential()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var db = CliRun.Db(database);
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--deals", "60", "--as-of", "2026-06-30", "--db", db)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("token", "create", "--user", "zhang.wei", "--db", db)).ExitCode);
        var file = Path.Combine(_directory, "user.json");

        var export = await CliRun.RunAsync("privacy", "export", "--user", "zhang.wei", "--out", file, "--db", db);
        var both = await CliRun.RunAsync("privacy", "export", "--user", "zhang.wei", "--contact", "1", "--out", file, "--db", db);
        var nobody = await CliRun.RunAsync("privacy", "export", "--user", "nobody", "--out", file, "--db", db);
        var noContact = await CliRun.RunAsync("privacy", "erase", "--contact", "999999", "--db", db);

        Assert.True(export.ExitCode == 0, export.Error);
        var text = await File.ReadAllTextAsync(file);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("zhang.wei", document.RootElement.GetProperty("user")[0].GetProperty("loginName").GetString());
        await using var check = database.NewContext();
        var userId = await check.Users.Where(u => u.LoginName == "zhang.wei").Select(u => u.Id).SingleAsync();
        Assert.Equal(await check.Deals.CountAsync(d => d.OwnerId == userId), document.RootElement.GetProperty("deals").GetArrayLength());
        Assert.Equal(1, document.RootElement.GetProperty("tokens").GetArrayLength());
        foreach (var secret in new[] { "passwordHash", "securityStamp", "concurrencyStamp", "tokenHash" })
        {
            Assert.DoesNotContain($"\"{secret}\"", text, StringComparison.Ordinal);
        }
        Assert.Contains("give --contact ID or --user LOGIN", both.Error);
        Assert.Contains("--user nobody: no such user", nobody.Error);
        Assert.Contains("--contact 999999: no such contact", noContact.Error);
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.EntityType == AuditEntityTypes.User && e.Action == AuditAction.Export));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A contact of the demo with deals, given known details, an earlier correction in the audit log and an activity note that names them.</summary>
    private static async Task<(int Id, int Deals)> PrepareContactAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var chosen = await db.Deals.Where(d => d.ContactId != null).GroupBy(d => d.ContactId)
            .Select(g => new { Id = g.Key!.Value, Count = g.Count() }).OrderByDescending(g => g.Count).ThenBy(g => g.Id).FirstAsync();
        var (contactId, deals) = (chosen.Id, chosen.Count);
        var fields = new ContactFields(new HashSet<string> { "name", "phone", "email" }, Name: Name, Phone: Phone, Email: Email);
        Assert.Equal(WriteStatus.Done, (await new ContactStore(db, TimeProvider.System).UpdateAsync(contactId, fields)).Status);
        var deal = await db.Deals.Where(d => d.ContactId == contactId).Select(d => d.Id).FirstAsync();
        var activity = Activity.Record(deal, ActivityKind.Call, DateTimeOffset.UtcNow, null, "reached", $"与{Name}通话，她的手机 {Phone}，邮件 {Email.ToUpperInvariant()}");
        activity.WithContact(contactId);
        db.Activities.Add(activity);
        await db.SaveChangesAsync();
        return (contactId, deals);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
