using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Alerts.Rules;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Demo;
using Loudou.Core.Pipelines;
using Loudou.Core.Reminders;
using Loudou.Core.Targets;
using Loudou.Core.Workspace;
using Loudou.Storage.Bulk;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Demo;

/// <summary>What <see cref="DemoWorkspace.CreateAsync"/> wrote.</summary>
public sealed record DemoSummary(int Users, int Accounts, long Contacts, long Deals, long Transitions, long Activities, long Tasks, long Completions, TimeSpan Elapsed);

/// <summary>Fills an empty workspace with the demo: users, teams, channels, products and 18 months of deals.</summary>
/// <remarks>
/// All or nothing, in one transaction. Small tables go through EF; the deal tables go through
/// <see cref="BulkTable"/>, one generator pass per table (the generator is deterministic and
/// cheap, and PostgreSQL's COPY takes one table at a time), so memory stays flat however many
/// deals are asked for. Demo deals carry source "demo" and external id "D{number}".
/// </remarks>
public static class DemoWorkspace
{
    public const string Source = "demo";

    /// <param name="progress">Reports (step name, rows written so far) as tables are written.</param>
    /// <exception cref="Core.DomainRuleException">The options are out of range, or the workspace is not empty.</exception>
    public static async Task<DemoSummary> CreateAsync(LoudouDbContext db, DemoOptions options, IProgress<(string Step, long Rows)>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        options = options.Validated();
        var deals = await db.Deals.CountAsync(cancellationToken);
        var logins = DemoCast.Users.Select(u => User.Normalize(u.Login)).ToList();
        var problem = deals > 0 ? $"already has {deals:N0} deals"
            : await db.Accounts.AnyAsync(cancellationToken) ? "already has accounts"
            : await db.Users.AnyAsync(u => logins.Contains(u.NormalizedLoginName), cancellationToken) ? "already has the demo users"
            : null;
        if (problem is not null)
        {
            throw new Core.DomainRuleException("database", $"the workspace {problem}; demo data only goes into an empty workspace (use a new {new Core.FieldName("db")}).");
        }
        var settings = await db.WorkspaceSettings.SingleAsync(cancellationToken);
        settings.Rename(settings.Name ?? DemoCast.WorkspaceName);
        var pipeline = await db.Pipelines.SingleOrDefaultAsync(p => p.Key == BuiltinPipelines.Default.Key, cancellationToken)
            ?? throw new Core.DomainRuleException("pipeline", "the workspace has no 'default' pipeline to put demo deals in.");
        var generator = new DemoGenerator(options, settings.Calendar, pipeline.ToDefinition(isDefault: true));
        var now = TimeProvider.System.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var users = await AddCastAsync(db, cancellationToken);
        var channels = DemoCast.Channels.Select(c => Channel.Create(c.Name)).ToList();
        var products = DemoCast.Products.Select(p =>
        {
            var product = Product.Create(p.Name, p.Series);
            product.SetListPrice(p.Price, settings.BaseCurrency);
            return product;
        }).ToList();
        db.Channels.AddRange(channels);
        db.Products.AddRange(products);
        await db.SaveChangesAsync(cancellationToken);
        // A cost row per channel for every month the data touches, from the first day's month to the as-of month.
        var firstMonth = settings.Calendar.MonthOf(generator.From);
        for (var month = firstMonth; month <= new DateOnly(options.AsOf.Year, options.AsOf.Month, 1); month = month.AddMonths(1))
        {
            db.ChannelCosts.AddRange(channels.Select((c, i) => ChannelCost.Create(c.Id, month, DemoCast.MonthlyCost(i, month), settings.BaseCurrency)));
        }
        // Planted effect 5 (docs/demo-data.md): conversion targets for the whole team.
        db.ConversionTargets.AddRange(DemoCast.Targets.Select(t => ConversionTarget.Create(pipeline.Id, pipeline.Stages[t.Stage].Id, null, null, t.Rate)));
        // Alert rules (docs/alert-files.md): one that catches planted effect 1, its control on North, and a few others.
        db.AlertRules.AddRange(AlertsFile.Parse(DemoAlerts.File).Document!.Rules.Select(r =>
        {
            var rule = AlertRule.Create(r.Key, r.Name, AlertConditionJson.Write(r.Condition!), r.Schedule, r.Channels, null);
            if (!r.Enabled)
            {
                rule.Disable();
            }
            return rule;
        }));
        // Reminders on since two days before the data ends, so that the demo's bell holds the last days' reminders.
        db.ReminderSettings.AddRange(ReminderRules.All.Select(r => ReminderSetting.Default(r, settings.Calendar.StartOf(options.AsOf.AddDays(-2)))));
        await db.SaveChangesAsync(cancellationToken);
        var lossReasons = await db.LossReasons.ToDictionaryAsync(r => r.Key, r => r.Id, cancellationToken);
        var stageIds = pipeline.Stages.Select(s => s.Id).ToArray();
        var actionIds = pipeline.Stages.Select(s => s.Actions.Select(a => a.Id).ToArray()).ToArray();
        var currency = settings.BaseCurrency;

        var accounts = await WriteAsync<Account>(db, "accounts", progress, cancellationToken,
            [nameof(Account.Id), nameof(Account.Name), nameof(Account.Industry), nameof(Account.SizeBand), nameof(Account.Region), nameof(Account.Source), nameof(Account.ExternalId), "RecordedAt", "UpdatedAt"],
            generator.Accounts().Select(a => new object?[] { a.Number, a.Name, a.Industry, a.SizeBand, a.Region, Source, "A" + a.Number, now, now }));
        var contacts = await WriteAsync<Contact>(db, "contacts", progress, cancellationToken,
            [nameof(Contact.Id), nameof(Contact.AccountId), nameof(Contact.Name), nameof(Contact.Title), nameof(Contact.Phone), nameof(Contact.Email), nameof(Contact.Source), nameof(Contact.ExternalId), "RecordedAt", "UpdatedAt"],
            generator.Contacts().Select(c => new object?[] { c.Number, c.Account, c.Name, c.Title, c.Phone, c.Email, Source, "C" + c.Number, now, now }));
        var dealRows = await WriteAsync<Deal>(db, "deals", progress, cancellationToken,
            [nameof(Deal.Id), nameof(Deal.Source), nameof(Deal.ExternalId), nameof(Deal.Name), nameof(Deal.AccountId), nameof(Deal.ContactId), nameof(Deal.ChannelId), nameof(Deal.OwnerId), nameof(Deal.TeamId),
             nameof(Deal.Amount), nameof(Deal.Currency), nameof(Deal.Probability), nameof(Deal.CreatedAt), nameof(Deal.ExpectedClose), nameof(Deal.PipelineId), nameof(Deal.StageId),
             nameof(Deal.LossReasonId), nameof(Deal.ClosedAt), nameof(Deal.Version), "RecordedAt", "UpdatedAt"],
            generator.Deals().Select(d => new object?[]
            {
                (long)d.Number, Source, "D" + d.Number, $"{DemoCast.Products[d.Product].Name} #{d.Number}", d.Account, DemoGenerator.MainContactOf(d.Account), channels[d.Channel].Id, users[d.Owner].Id, users[d.Owner].TeamId,
                d.Amount, currency, Deal.ProbabilityIn(pipeline.Stages[d.Stage]), d.CreatedAt, d.ExpectedClose, pipeline.Id, stageIds[d.Stage],
                d.LossReason is null ? null : lossReasons[d.LossReason], d.ClosedAt, 0, now, now,
            }));
        await WriteAsync<DealProduct>(db, "deal products", progress, cancellationToken,
            [nameof(DealProduct.DealId), nameof(DealProduct.ProductId), nameof(DealProduct.Quantity), nameof(DealProduct.UnitPrice)],
            generator.Deals().Select(d => new object?[] { (long)d.Number, products[d.Product].Id, (decimal)d.Quantity, DemoCast.Products[d.Product].Price }));
        var transitions = await WriteAsync<StageTransition>(db, "stage history", progress, cancellationToken,
            [nameof(StageTransition.DealId), nameof(StageTransition.StageId), nameof(StageTransition.EnteredAt), nameof(StageTransition.ByUserId), nameof(StageTransition.Source)],
            generator.Deals().SelectMany(d => d.Transitions.Select(t => new object?[] { (long)d.Number, stageIds[t.Stage], t.At, users[d.Owner].Id, TransitionSource.System })));
        var completions = await WriteAsync<ActionCompletion>(db, "action completions", progress, cancellationToken,
            [nameof(ActionCompletion.DealId), nameof(ActionCompletion.StageActionId), nameof(ActionCompletion.CompletedByUserId), nameof(ActionCompletion.CompletedAt)],
            generator.Deals().SelectMany(d => d.Completions.Select(c => new object?[] { (long)d.Number, actionIds[c.Stage][c.Action], users[d.Owner].Id, c.At })));
        var activities = await WriteAsync<Activity>(db, "activities", progress, cancellationToken,
            [nameof(Activity.DealId), nameof(Activity.Kind), nameof(Activity.At), nameof(Activity.ByUserId), "RecordedAt", "UpdatedAt"],
            generator.Deals().SelectMany(d => d.Activities.Select(a => new object?[] { (long)d.Number, a.Kind, a.At, users[d.Owner].Id, now, now })));
        var tasks = await WriteAsync<DealTask>(db, "tasks", progress, cancellationToken,
            [nameof(DealTask.DealId), nameof(DealTask.Title), nameof(DealTask.Due), nameof(DealTask.AssigneeId), nameof(DealTask.DoneAt), nameof(DealTask.DoneByUserId), "RecordedAt", "UpdatedAt"],
            generator.Deals().SelectMany(d => d.Tasks.Select(t => new object?[]
            {
                (long)d.Number, $"跟进 Follow up: {pipeline.Stages[t.Stage].Name.ZhCn}", t.Due, users[d.Owner].Id, t.DoneAt, t.DoneAt is null ? null : users[d.Owner].Id, now, now,
            })));
        await BulkTable.ResetIdentityAsync<Account>(db, cancellationToken);
        await BulkTable.ResetIdentityAsync<Contact>(db, cancellationToken);
        await BulkTable.ResetIdentityAsync<Deal>(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The tables went from empty to full: without fresh statistics the planner serves the first minutes as if they were empty.
        await TableStatistics.RefreshAsync(db,
            [typeof(Account), typeof(Contact), typeof(Deal), typeof(DealProduct), typeof(StageTransition), typeof(ActionCompletion), typeof(Activity), typeof(DealTask)], CancellationToken.None);
        return new DemoSummary(users.Count, (int)accounts, contacts, dealRows, transitions, activities, tasks, completions, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>Teams and users; every user gets the one demo password, hashed as ASP.NET Core Identity does.</summary>
    private static async Task<List<User>> AddCastAsync(LoudouDbContext db, CancellationToken cancellationToken)
    {
        // Teams of the same name made by hand before the demo are reused, not duplicated.
        var existing = await db.Teams.ToListAsync(cancellationToken);
        var teams = DemoCast.Teams.Select(t => existing.FirstOrDefault(e => e.Name == t.Name) ?? db.Teams.Add(Team.Create(t.Name)).Entity).ToList();
        await db.SaveChangesAsync(cancellationToken);
        var hasher = new PasswordHasher<User>();
        var users = DemoCast.Users.Select(u =>
        {
            var user = User.Create(u.Login, u.DisplayName, Enum.Parse<UserRole>(u.Role), u.Team >= 0 ? teams[u.Team] : null);
            user.ChangeEmail($"{u.Login}@demo.loudou.local");
            user.SetPasswordHash(hasher.HashPassword(user, DemoCast.Password));
            return user;
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);
        return users;
    }

    private static async Task<long> WriteAsync<TEntity>(
        LoudouDbContext db, string step, IProgress<(string, long)>? progress, CancellationToken cancellationToken, string[] properties, IEnumerable<object?[]> rows)
    {
        await using var table = await BulkTable.OpenAsync<TEntity>(db, properties, cancellationToken);
        foreach (var row in rows)
        {
            await table.AddAsync(row, cancellationToken);
            if (table.Rows % 50_000 == 0)
            {
                progress?.Report((step, table.Rows));
            }
        }
        await table.CompleteAsync(cancellationToken);
        progress?.Report((step, table.Rows));
        return table.Rows;
    }
}
