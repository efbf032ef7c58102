using System.CommandLine;
using Loudou.Import.Export;
using Loudou.Storage.Privacy;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou privacy export</c> and <c>loudou privacy erase</c>: a person's data under PIPL and GDPR (docs/privacy.md).</summary>
public static class PrivacyCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var privacy = new Command("privacy", "Personal data (PIPL/GDPR): export everything held about a contact or a user, erase a contact. Both are audited.");
        privacy.Subcommands.Add(CreateExport(environment));
        privacy.Subcommands.Add(CreateErase(environment));
        return privacy;
    }

    private static Command CreateExport(CliEnvironment environment)
    {
        var contact = new Option<int?>("--contact") { Description = "The contact's id.", HelpName = "ID" };
        var user = new Option<string?>("--user") { Description = "The user's login.", HelpName = "LOGIN" };
        var format = new Option<string>("--format") { Description = "json (default) or xlsx: one sheet per table.", DefaultValueFactory = _ => "json", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("json", "xlsx");
        var output = new Option<FileInfo>("--out") { Description = "The file to write; replaced when it exists.", HelpName = "FILE", Required = true };
        var export = new Command("export", "Write everything held about one contact (--contact) or one user (--user): their row, deals, activities, tasks, notifications and audit entries.");
        foreach (var option in new Option[] { contact, user, format, output })
        {
            export.Options.Add(option);
        }
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var (contactId, login) = (parseResult.GetValue(contact), parseResult.GetValue(user));
            if (contactId is null == login is null)
            {
                throw new CliUsageException("give --contact ID or --user LOGIN, one of them.");
            }
            var kind = parseResult.GetValue(format)!;
            var path = parseResult.GetValue(output)!.FullName;
            // A missing SQLite file is a mistyped --db, never a new empty database to search.
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var exporter = new PersonalDataExport(db.Context, TimeProvider.System);
            var data = await db.RunAsync("read from", _ => contactId is { } id ? exporter.ContactAsync(id, kind, cancellationToken) : exporter.UserAsync(login!, kind, cancellationToken))
                ?? throw new CliUsageException(contactId is { } missing ? $"--contact {missing}: no such contact." : $"--user {login}: no such user.");
            await using (var file = File.Create(path))
            {
                if (kind == "xlsx")
                {
                    PersonalDataWorkbook.Write(file, data);
                }
                else
                {
                    await using var writer = new StreamWriter(file);
                    await writer.WriteAsync(data.ToJson());
                }
            }
            await environment.Output.WriteLineAsync(
                $"Wrote everything held about {data.Subject} {data.Id} to {path}: {string.Join(", ", data.Sections.Select(s => $"{s.Rows.Count} {s.Name}"))}. The export is in the audit log.");
            return 0;
        });
        return export;
    }

    private static Command CreateErase(CliEnvironment environment)
    {
        var contact = new Option<int>("--contact") { Description = "The contact's id.", HelpName = "ID", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log (such as the request's reference).", HelpName = "TEXT" };
        var erase = new Command("erase",
            "Erase a contact's personal data: the name becomes \"[erased] #ID\", phone, e-mail and WeChat are removed, and their exact values are taken out of "
            + "the activities and audit entries that hold them. The deals, their figures and history stay. It cannot be undone.");
        erase.Options.Add(contact);
        erase.Options.Add(reason);
        erase.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(contact);
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var result = await db.RunAsync("write to", context => new ContactErasure(context, TimeProvider.System).EraseAsync(id, parseResult.GetValue(reason), cancellationToken))
                ?? throw new CliUsageException($"--contact {id}: no such contact.");
            await environment.Output.WriteLineAsync(
                $"Erased contact {id}: {(result.Fields.Count == 0 ? "nothing left to erase" : string.Join(", ", result.Fields))}; "
                + $"taken out of {result.Activities} activit{(result.Activities == 1 ? "y" : "ies")} and {result.AuditEntries} audit entr{(result.AuditEntries == 1 ? "y" : "ies")}.");
            return 0;
        });
        return erase;
    }
}
