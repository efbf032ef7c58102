using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Writing;

/// <summary>The records a deal import's rows refer to, by the names the rows use, and the currency of rows that name none.</summary>
/// <remarks>Accounts are held by id only: new ones are written in bulk and never tracked (<see cref="DealAccounts"/>).</remarks>
internal sealed record DealReferences(
    Pipeline Pipeline,
    string Currency,
    Dictionary<string, Stage> Stages,
    Dictionary<string, LossReason> LossReasons,
    Dictionary<string, User> Owners,
    Dictionary<string, Channel> Channels,
    Dictionary<string, int> Accounts,
    Dictionary<string, Product> Products,
    Dictionary<string, Tag> Tags,
    Dictionary<string, CustomField> Fields)
{
    /// <summary>Creates what the rows refer to and is missing: the pipeline, loss reasons, custom fields, teams, owners, channels, accounts, products, tags.</summary>
    public static async Task<DealReferences> PrepareAsync(LoudouDbContext db, ImportRequest request, ImportTarget target, ImportReferences refs, CancellationToken cancellationToken)
    {
        var mapping = request.Mapping;
        var defaultCurrency = mapping.Currency ?? (await db.WorkspaceSettings.SingleAsync(cancellationToken)).BaseCurrency;
        var pipeline = target.Pipeline is { } known
            ? await db.Pipelines.SingleAsync(p => p.Id == known.Id, cancellationToken)
            : db.Pipelines.Add(Pipeline.Create(target.Definition)).Entity;
        var reasons = await db.LossReasons.ToListAsync(cancellationToken);
        foreach (var spec in mapping.LossReasons.Where(s => !reasons.Exists(r => r.Key == s.Key)))
        {
            reasons.Add(db.LossReasons.Add(LossReason.Create(spec.Key, spec.Name)).Entity);
        }
        var fields = await db.CustomFields.ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var entry in mapping.CustomFields.Where(e => !fields.ContainsKey(e.Key)))
        {
            fields[entry.Key] = db.CustomFields.Add(entry.Create()).Entity;
        }
        var teams = await db.Teams.ToListAsync(cancellationToken);
        foreach (var name in refs.Teams.Where(n => !teams.Exists(t => t.Name == n)))
        {
            teams.Add(db.Teams.Add(Team.Create(name)).Entity);
        }
        var channels = await db.Channels.ToListAsync(cancellationToken);
        foreach (var name in refs.Channels.Where(n => !channels.Exists(c => c.Name == n)))
        {
            channels.Add(db.Channels.Add(Channel.Create(name)).Entity);
        }
        var products = await db.Products.ToListAsync(cancellationToken);
        foreach (var (name, (series, price, currency)) in refs.Products)
        {
            if (products.Find(p => p.Name == name) is null)
            {
                var product = Product.Create(name, series);
                product.SetListPrice(price, currency ?? defaultCurrency);
                products.Add(db.Products.Add(product).Entity);
            }
        }
        var tags = await db.Tags.ToListAsync(cancellationToken);
        foreach (var name in refs.Tags.Where(n => !tags.Exists(t => t.Name == n)))
        {
            tags.Add(db.Tags.Add(Tag.Create(name)).Entity);
        }
        await db.SaveChangesAsync(cancellationToken);

        var users = await db.Users.ToListAsync(cancellationToken);
        var owners = new Dictionary<string, User>(StringComparer.Ordinal);
        foreach (var (name, team) in refs.Owners)
        {
            var user = users.Find(u => u.DisplayName == name) ?? users.Find(u => u.NormalizedLoginName == User.Normalize(name));
            if (user is null)
            {
                user = User.Create(ImportLogins.Unique(name, users), name, UserRole.Rep, team is null ? null : teams.Find(t => t.Name == team));
                users.Add(db.Users.Add(user).Entity);
            }
            owners[name] = user;
        }
        var accounts = await DealAccounts.PrepareAsync(db, mapping.Source, refs.Accounts, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        return new DealReferences(
            pipeline,
            defaultCurrency,
            pipeline.Stages.ToDictionary(s => s.Key, StringComparer.Ordinal),
            reasons.ToDictionary(r => r.Key, StringComparer.Ordinal),
            owners,
            channels.ToDictionary(c => c.Name, StringComparer.Ordinal),
            accounts,
            products.ToDictionary(p => p.Name, StringComparer.Ordinal),
            tags.ToDictionary(t => t.Name, StringComparer.Ordinal),
            fields);
    }
}
