using System.CommandLine;
using Loudou.Storage.Access;

namespace Loudou.Cli.Commands;

/// <summary><c>loudou token create|revoke</c>: API tokens, sent as <c>Authorization: Bearer TOKEN</c>.</summary>
public static class TokenCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var token = new Command("token", "API tokens: they act as their user, with the same scoping. Only a hash is stored.");

        var user = new Option<string>("--user") { Description = "The user the token acts as.", Required = true, HelpName = "LOGIN" };
        var expires = new Option<int?>("--expires") { Description = $"Days until it expires (1 to 3650). Default: {ApiTokens.DefaultExpiryDays}, as on the page and in the API.", HelpName = "DAYS" };
        var never = new Option<bool>("--no-expiry") { Description = "A token that never expires (revoke it when its script retires)." };
        var create = new Command("create", "Create a token; it is printed alone on the last line, once, and cannot be shown again.");
        create.Options.Add(user);
        create.Options.Add(expires);
        create.Options.Add(never);
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(never) && parseResult.GetValue(expires) is not null)
            {
                throw new CliUsageException("--expires and --no-expiry together: give one.");
            }
            int? days = parseResult.GetValue(never) ? null : parseResult.GetValue(expires) ?? ApiTokens.DefaultExpiryDays;
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var (secret, record) = await db.RunAsync("write to", context =>
                new ApiTokens(context, TimeProvider.System).CreateAsync(parseResult.GetValue(user)!, days, cancellationToken: cancellationToken));
            await environment.Output.WriteLineAsync(
                $"Token {record.Id} for '{parseResult.GetValue(user)}', {(record.ExpiresAt is { } at ? $"expires {at:yyyy-MM-dd HH:mm} UTC" : "does not expire")}. Revoke it with: loudou token revoke {record.Id}");
            await environment.Output.WriteLineAsync(secret);
            return 0;
        });

        var value = new Argument<string>("TOKEN") { Description = "The token itself, or its id." };
        var revoke = new Command("revoke", "Revoke a token at once.");
        revoke.Arguments.Add(value);
        revoke.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var db = await environment.OpenDatabaseAsync(parseResult, cancellationToken);
            var record = await db.RunAsync("write to", context => new ApiTokens(context, TimeProvider.System).RevokeAsync(parseResult.GetValue(value)!, cancellationToken))
                ?? throw new CliUsageException("no such token (give the token itself or its id).");
            await environment.Output.WriteLineAsync($"Revoked token {record.Id}.");
            return 0;
        });

        token.Subcommands.Add(create);
        token.Subcommands.Add(revoke);
        return token;
    }
}
