using Loudou.Core;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Loudou.Storage.Access;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage;

/// <summary>What the first-run setup was given, checked by its page.</summary>
/// <param name="Pipeline">The pipeline new deals go into: a built-in template or an uploaded file; it becomes the default.</param>
public sealed record SetupChoices(
    string WorkspaceName, string TimeZone, string BaseCurrency, string Language,
    string AdminLogin, string AdminName, string Password, PipelineDefinition Pipeline);

/// <summary>Turns the empty database a fresh install starts with into a workspace with its first admin.</summary>
/// <remarks>
/// A database "needs setup" while it has no user: the host's start-up seeds the settings row and the default pipeline, but
/// nobody can sign in. The admin is written last, in its own save, so a setup that fails earlier leaves the database still
/// needing setup, and running it again converges (the pipeline is matched by key).
/// </remarks>
public sealed class WorkspaceSetup(LoudouDbContext db)
{
    public async Task<bool> IsNeededAsync(CancellationToken cancellationToken = default) => !await db.Users.AnyAsync(cancellationToken);

    /// <returns>The admin, or null when someone finished the setup first (the database has a user now).</returns>
    /// <exception cref="DomainRuleException">A value the page should have refused, or a pipeline that cannot be applied.</exception>
    public async Task<User?> RunAsync(SetupChoices choices, CancellationToken cancellationToken = default)
    {
        if (!await IsNeededAsync(cancellationToken))
        {
            return null;
        }
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        settings.Rename(choices.WorkspaceName);
        settings.ChangeTimeZone(choices.TimeZone);
        settings.ChangeBaseCurrency(choices.BaseCurrency);
        settings.ChooseLanguage(choices.Language);
        await db.SaveChangesAsync(cancellationToken);

        var applied = await new PipelineStore(db).ApplyAsync(choices.Pipeline with { IsDefault = true }, cancellationToken);
        if (applied.Pipeline is null)
        {
            throw new DomainRuleException("pipeline", applied.Error!);
        }
        await DropUnusedSeededPipelineAsync(applied.Pipeline, cancellationToken);
        var (admin, _) = await new UserAdmin(db).AddAsync(choices.AdminLogin, UserRole.Admin, null, choices.AdminName, choices.Password, cancellationToken);
        admin.ChooseLanguage(choices.Language);
        await db.SaveChangesAsync(cancellationToken);
        return admin;
    }

    /// <summary>Removes the default pipeline start-up seeded when the admin chose another and no deal is in it: a company that chose its industry's template should not find a second, unused pipeline in every list.</summary>
    private async Task DropUnusedSeededPipelineAsync(Pipeline chosen, CancellationToken cancellationToken)
    {
        if (chosen.Key == BuiltinPipelines.Default.Key)
        {
            return;
        }
        var seeded = await db.Pipelines.Include(p => p.Stages).ThenInclude(s => s.Actions).SingleOrDefaultAsync(p => p.Key == BuiltinPipelines.Default.Key, cancellationToken);
        if (seeded is null || await db.Deals.AnyAsync(d => d.PipelineId == seeded.Id, cancellationToken))
        {
            return;
        }
        db.Pipelines.Remove(seeded);
        await db.SaveChangesAsync(cancellationToken);
    }
}
