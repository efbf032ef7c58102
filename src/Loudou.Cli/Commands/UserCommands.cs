using System.CommandLine;
using System.Text.Json;
using Loudou.Cli.Output;
using Loudou.Core.Workspace;
using Loudou.Storage.Access;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou user add|list|disable|enable|password</c>.</summary>
public static class UserCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var user = new Command("user", "Users who sign in: reps, managers and admins.");
        user.Subcommands.Add(CreateAdd(environment));
        user.Subcommands.Add(CreateList(environment));
        user.Subcommands.Add(CreateDisable(environment));
        user.Subcommands.Add(CreateEnable(environment));
        user.Subcommands.Add(CreatePassword(environment));
        return user;
    }

    private static Command CreateAdd(CliEnvironment environment)
    {
        var login = new Argument<string>("LOGIN") { Description = "The sign-in name: no spaces, unique ignoring case." };
        var role = new Option<string>("--role") { Description = "rep, manager or admin.", Required = true, HelpName = "ROLE" };
        role.AcceptOnlyFromAmong("rep", "manager", "admin");
        var team = new Option<string?>("--team") { Description = "The user's team; created when it does not exist.", HelpName = "T" };
        var displayName = new Option<string?>("--display-name") { Description = "The name people see. Default: the login.", HelpName = "N" };
        var password = new Option<string?>("--password") { Description = $"At least {UserAdmin.MinPasswordLength} characters. Default: a generated one, printed once.", HelpName = "P" };
        var add = new Command("add", "Add a user.");
        add.Arguments.Add(login);
        foreach (var option in new Option[] { role, team, displayName, password })
        {
            add.Options.Add(option);
        }
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var (created, secret) = await db.RunAsync("write to", context => new UserAdmin(context).AddAsync(
                parseResult.GetValue(login)!, Enum.Parse<UserRole>(parseResult.GetValue(role)!, ignoreCase: true),
                parseResult.GetValue(team), parseResult.GetValue(displayName), parseResult.GetValue(password), cancellationToken));
            await environment.Output.WriteLineAsync($"Added {created.Role.ToString().ToLowerInvariant()} '{created.LoginName}'.");
            if (parseResult.GetValue(password) is null)
            {
                await environment.Output.WriteLineAsync($"Generated password (shown once): {secret}");
            }
            return 0;
        });
        return add;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var format = CliOptions.Format();
        var list = new Command("list", "List users with role, team and whether they are active.");
        list.Options.Add(format);
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken, readOnly: true);
            var users = await db.RunAsync("read from", context => new UserAdmin(context).ListAsync(cancellationToken));
            IEnumerable<IReadOnlyList<string>> Rows() => users.Select(u => (IReadOnlyList<string>)[u.Login, u.DisplayName, u.Role, u.Team ?? "", u.Active ? "yes" : "no"]);
            switch (parseResult.GetValue(format))
            {
                case OutputFormat.Json:
                    await environment.Output.WriteLineAsync(JsonSerializer.Serialize(
                        users.Select(u => new { login = u.Login, displayName = u.DisplayName, role = u.Role, team = u.Team, active = u.Active }), CliJson.Options));
                    break;
                case OutputFormat.Csv:
                    CsvOutput.Write(environment.Output, ["login", "display_name", "role", "team", "active"], Rows());
                    break;
                default:
                    TableOutput.Write(environment.Output, ["login", "name", "role", "team", "active"], Rows());
                    break;
            }
            return 0;
        });
        return list;
    }

    private static Command CreateDisable(CliEnvironment environment)
    {
        var login = new Argument<string>("LOGIN") { Description = "The user to disable." };
        var disable = new Command("disable", "Disable a user: they can no longer sign in and their API tokens stop working. Their deals stay theirs.");
        disable.Arguments.Add(login);
        disable.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            await db.RunAsync("write to", async context =>
            {
                await new UserAdmin(context).DisableAsync(parseResult.GetValue(login)!, cancellationToken);
                return 0;
            });
            await environment.Output.WriteLineAsync($"Disabled '{parseResult.GetValue(login)}'.");
            return 0;
        });
        return disable;
    }

    private static Command CreateEnable(CliEnvironment environment)
    {
        var login = new Argument<string>("LOGIN") { Description = "The user to enable." };
        var enable = new Command("enable", "Enable a disabled user again.");
        enable.Arguments.Add(login);
        enable.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            await db.RunAsync("write to", async context =>
            {
                await new UserAdmin(context).EnableAsync(parseResult.GetValue(login)!, cancellationToken);
                return 0;
            });
            await environment.Output.WriteLineAsync($"Enabled '{parseResult.GetValue(login)}'.");
            return 0;
        });
        return enable;
    }

    private static Command CreatePassword(CliEnvironment environment)
    {
        var login = new Argument<string>("LOGIN") { Description = "The user whose password to set." };
        var password = new Option<string?>("--password") { Description = $"At least {UserAdmin.MinPasswordLength} characters. Default: a generated one, printed once.", HelpName = "P" };
        var command = new Command("password", "Set a user's password: ends their sessions and lifts a lockout.");
        command.Arguments.Add(login);
        command.Options.Add(password);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var secret = await db.RunAsync("write to", context => new UserAdmin(context).SetPasswordAsync(parseResult.GetValue(login)!, parseResult.GetValue(password), cancellationToken));
            await environment.Output.WriteLineAsync($"Set the password of '{parseResult.GetValue(login)}'; their sessions have ended and any lockout is lifted.");
            if (parseResult.GetValue(password) is null)
            {
                await environment.Output.WriteLineAsync($"Generated password (shown once): {secret}");
            }
            return 0;
        });
        return command;
    }
}
