using System.Net;
using System.Security.Cryptography;
using System.Text;
using Loudou.Storage;

namespace Loudou.Web.Startup;

/// <summary>Whether this host's database still waits for its first admin, and the one-time code that lets a remote browser set it up.</summary>
/// <remarks>
/// While no user exists every page read goes to /setup. The page answers a browser on this machine, or anyone who types the
/// code the host printed on its console at start: whoever finds a fresh server on the network cannot claim it. A request
/// that came through a proxy (it carries X-Forwarded-For) is not "this machine" even though its connection is from loopback.
/// Once a user exists the answer never changes back, so the database is asked again only while setup is still needed, at
/// most every few seconds (a user may be added with the CLI meanwhile).
/// </remarks>
public sealed class FirstRunSetup(DatabaseTarget target, TimeProvider clock)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _needed = true;
    private long _checkedAt = long.MinValue;

    /// <summary>Sixteen characters from an alphabet without look-alikes, in groups of four: 80 bits, drawn once per start.</summary>
    public string Code { get; } = NewCode();

    /// <summary>Whether the database has no user yet; cached while it has none, for <see cref="Recheck"/>.</summary>
    public async Task<bool> IsNeededAsync(CancellationToken cancellationToken = default)
    {
        if (!_needed)
        {
            return false;
        }
        var now = clock.GetTimestamp();
        if (Volatile.Read(ref _checkedAt) != long.MinValue && clock.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < Recheck)
        {
            return true;
        }
        await using var db = LoudouDatabase.CreateContext(target, clock);
        _needed = await new WorkspaceSetup(db).IsNeededAsync(cancellationToken);
        Volatile.Write(ref _checkedAt, now);
        return _needed;
    }

    /// <summary>Runs the setup alone: two browsers submitting at once make one admin, and the second is told setup is done.</summary>
    public async Task<T> SetUpAsync<T>(Func<LoudouDbContext, Task<T>> setUp, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            T result;
            await using (var db = LoudouDatabase.CreateContext(target, clock))
            {
                result = await setUp(db);
            }
            _needed = await IsStillNeededAsync(cancellationToken);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> IsStillNeededAsync(CancellationToken cancellationToken)
    {
        await using var db = LoudouDatabase.CreateContext(target, clock);
        return await new WorkspaceSetup(db).IsNeededAsync(cancellationToken);
    }

    /// <summary>A request from a browser on this machine: a loopback connection that no proxy forwarded.</summary>
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");

    /// <summary>Whether a typed code is this start's, ignoring case, spaces and dashes; compared in constant time.</summary>
    public bool Accepts(string? typed)
    {
        var given = Encoding.ASCII.GetBytes(new string([.. (typed ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]));
        var expected = Encoding.ASCII.GetBytes(Code.Replace("-", "", StringComparison.Ordinal));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static string NewCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 16);
        return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
    }
}

/// <summary>Sends every page read to /setup while the database has no user; the API, health checks and files go on as they are.</summary>
public static class FirstRunSetupMiddleware
{
    /// <summary>Pages that must answer before setup: itself, the language switch it links to, and the "not found" page.</summary>
    private static readonly string[] Open = ["/setup", "/account/language", "/not-found", "/healthz"];

    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app, Func<HttpContext, bool> isPageRead) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (isPageRead(context) && !Open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                && await context.RequestServices.GetRequiredService<FirstRunSetup>().IsNeededAsync(context.RequestAborted))
            {
                context.Response.Redirect("/setup");
                return;
            }
            await next(context);
        });
}
