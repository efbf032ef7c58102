using Loudou.Core.Accounts;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Import;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Loudou.Storage;
using Loudou.Storage.Bulk;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Loudou.Import.Writing;

/// <summary>What a write did.</summary>
internal sealed record WriteCounts(long Created, long Updated, long Unchanged, long HistoryAdded);

/// <summary>Writes checked rows in one transaction: references first, then changed deals through EF, then new deals in bulk.</summary>
/// <remarks>
/// New deals, their history, products and tags go through <see cref="BulkTable"/> (a prepared
/// INSERT bound by position on SQLite, binary COPY on PostgreSQL), in one pass over the file on
/// SQLite and one per table on PostgreSQL, with ids handed out in file order from the table's
/// largest id so that every pass agrees on them; <see cref="BulkLoad"/> drops and rebuilds SQLite's
/// secondary indexes around a large append. PostgreSQL's deals and accounts tables are locked
/// against other writers meanwhile, so no other insert can take one of those ids. Rows of deals
/// that exist already are compared, a chunk at a time, with a snapshot of those deals; the ones
/// that differ are loaded with their history and changed through Core's methods, so an update
/// follows the same rules as a change made in the app and a deal whose row did not change is not
/// touched at all.
/// </remarks>
internal sealed class DealImportWriter(
    LoudouDbContext db,
    ImportRequest request,
    ImportTarget target,
    DealRowMapper mapper,
    ImportSource source,
    ImportCheck check,
    IReadOnlySet<string> existing,
    Action<string, long> report)
{
    /// <summary>Rows compared with their stored deals at a time; the changed ones are loaded and saved together.</summary>
    private const int Batch = 10_000;

    private Pipeline _pipeline = null!;
    private Dictionary<string, Stage> _stages = null!;
    private Dictionary<string, LossReason> _lossReasons = null!;
    private Dictionary<string, User> _owners = null!;
    private Dictionary<string, Channel> _channels = null!;
    private Dictionary<string, int> _accounts = null!;
    private Dictionary<string, Product> _products = null!;
    private Dictionary<string, Tag> _tags = null!;
    private string _currency = null!;

    public async Task<WriteCounts> WriteAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.GetDbConnection() is NpgsqlConnection)
        {
            // The statements after a large COPY (the identity reset, the commit) can outlast the default 30 s.
            db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
            // New deals and accounts take ids after the largest stored: no other writer may take one meanwhile.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE deals, accounts IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        }
        await PrepareAsync(cancellationToken);
        // A pass over the file costs as much as the writes: skip the passes that would find nothing
        // (no stored deal on a first import, no new one on a re-import).
        var (updated, unchanged, historyAdded) = check.New < check.Valid ? await UpdateAsync(cancellationToken) : (0L, 0L, 0L);
        var created = 0L;
        if (request.Entity == ImportEntity.Deals && check.New > 0)
        {
            (created, var newHistory) = await CreateAsync(cancellationToken);
            historyAdded += newHistory;
        }
        if (created + updated > 0)
        {
            db.AuditEntries.Add(ImportAudit.Entry(request, _pipeline.Key, (check.Rows, check.Invalid.Count), new WriteCounts(created, updated, unchanged, historyAdded)));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new WriteCounts(created, updated, unchanged, historyAdded);
    }

    /// <summary>Creates what the rows refer to and is missing: the pipeline, loss reasons, teams, owners, channels, accounts, products, tags.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var mapping = request.Mapping;
        var refs = check.References;
        _currency = mapping.Currency ?? (await db.WorkspaceSettings.SingleAsync(cancellationToken)).BaseCurrency;
        _pipeline = target.Pipeline is { } known
            ? await db.Pipelines.SingleAsync(p => p.Id == known.Id, cancellationToken)
            : db.Pipelines.Add(Pipeline.Create(target.Definition)).Entity;
        var reasons = await db.LossReasons.ToListAsync(cancellationToken);
        foreach (var spec in mapping.LossReasons.Where(s => !reasons.Exists(r => r.Key == s.Key)))
        {
            reasons.Add(db.LossReasons.Add(LossReason.Create(spec.Key, spec.Name)).Entity);
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
                product.SetListPrice(price, currency ?? _currency);
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
        _owners = new Dictionary<string, User>(StringComparer.Ordinal);
        foreach (var (name, team) in refs.Owners)
        {
            var user = users.Find(u => u.DisplayName == name) ?? users.Find(u => u.NormalizedLoginName == User.Normalize(name));
            if (user is null)
            {
                user = User.Create(UniqueLogin(name, users), name, UserRole.Rep, team is null ? null : teams.Find(t => t.Name == team));
                users.Add(db.Users.Add(user).Entity);
            }
            _owners[name] = user;
        }
        await PrepareAccountsAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        _stages = _pipeline.Stages.ToDictionary(s => s.Key, StringComparer.Ordinal);
        _lossReasons = reasons.ToDictionary(r => r.Key, StringComparer.Ordinal);
        _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _products = products.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _tags = tags.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Finds each account the rows name (by external id of this source, then by name) and writes the missing ones in bulk.</summary>
    /// <remarks>
    /// A file of a million deals names tens of thousands of accounts: they are matched through
    /// dictionaries and the new ones appended through <see cref="BulkTable"/> with ids after the
    /// largest, as the new deals are. Accounts of this source that the rows describe differently
    /// are changed through Core and saved by the caller.
    /// </remarks>
    private async Task PrepareAccountsAsync(CancellationToken cancellationToken)
    {
        var sourceName = request.Mapping.Source;
        var stored = await db.Accounts.ToListAsync(cancellationToken);
        var bySourceId = new Dictionary<string, Account>(StringComparer.Ordinal);
        var byName = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var account in stored.OrderBy(a => a.Id))
        {
            if (account.Source == sourceName && account.ExternalId is { } externalId)
            {
                bySourceId.TryAdd(externalId, account);
            }
            byName.TryAdd(account.Name, account);
        }
        _accounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var created = new List<(string Name, Account Account)>();
        foreach (var (name, (industry, region, size)) in check.References.Accounts)
        {
            var account = bySourceId.GetValueOrDefault(name) ?? byName.GetValueOrDefault(name);
            if (account is null)
            {
                account = Account.Create(name);
                if (name.Length <= 100)
                {
                    account.LinkExternal(sourceName, name);
                }
                account.Describe(industry, size, region);
                created.Add((name, account));
                continue;
            }
            if (account.Source == sourceName && (industry, region, size) != (null, null, null)
                && (account.Industry, account.Region, account.SizeBand) != (industry ?? account.Industry, region ?? account.Region, size ?? account.SizeBand))
            {
                account.Describe(industry ?? account.Industry, size ?? account.SizeBand, region ?? account.Region);
            }
            _accounts[name] = account.Id;
        }
        if (created.Count == 0)
        {
            return;
        }
        var id = stored.Count == 0 ? 0 : stored.Max(a => a.Id);
        var now = TimeProvider.System.GetUtcNow();
        await using (var table = await BulkTable.OpenAsync<Account>(db,
            [nameof(Account.Id), nameof(Account.Name), nameof(Account.Industry), nameof(Account.SizeBand), nameof(Account.Region), nameof(Account.Source), nameof(Account.ExternalId), "RecordedAt", "UpdatedAt"],
            cancellationToken))
        {
            foreach (var (name, account) in created)
            {
                id++;
                await table.AddAsync([id, account.Name, account.Industry, account.SizeBand, account.Region, account.Source, account.ExternalId, now, now], cancellationToken);
                _accounts[name] = id;
            }
            await table.CompleteAsync(cancellationToken);
        }
        await BulkTable.ResetIdentityAsync<Account>(db, cancellationToken);
    }

    /// <summary>A free login made from a display name: lower case, spaces as dots.</summary>
    internal static string UniqueLogin(string name, List<User> users)
    {
        var slug = new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsWhiteSpace(c) ? '.' : c).Where(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_')]);
        slug = slug.Length == 0 ? "user" : slug[..Math.Min(slug.Length, 60)];
        var login = slug;
        for (var n = 2; users.Exists(u => u.NormalizedLoginName == User.Normalize(login)); n++)
        {
            login = $"{slug}{n}";
        }
        return login;
    }

    /// <summary>The checked rows again, in file order, without the ones left out.</summary>
    private IEnumerable<DealRow> ValidRows(string step)
    {
        var scratch = new List<ImportIssue>();
        var rows = 0L;
        foreach (var row in source.Rows())
        {
            report(step, ++rows);
            if (check.Invalid.Contains(row.Number))
            {
                continue;
            }
            scratch.Clear();
            if (mapper.Map(row, scratch) is { } deal)
            {
                yield return deal;
            }
        }
    }

    /// <summary>Changes deals that exist already; for a history import, every row's deal.</summary>
    private async Task<(long Updated, long Unchanged, long HistoryAdded)> UpdateAsync(CancellationToken cancellationToken)
    {
        long updated = 0, unchanged = 0, added = 0;
        var chunk = new List<DealRow>();
        var history = request.Entity == ImportEntity.History;
        var parts = request.Mapping.Fields.ContainsKey(ImportFields.Product) || request.Mapping.Fields.ContainsKey(ImportFields.Tags);
        async Task CompareAsync()
        {
            var stored = await ExistingDeal.LoadAsync(db, request.Mapping.Source, [.. chunk.Select(r => r.ExternalId).Distinct()], parts, cancellationToken);
            var changed = new List<(long Id, DealRow Row)>();
            foreach (var row in chunk)
            {
                if (!stored.TryGetValue(row.ExternalId, out var deal))
                {
                    throw new ImportMappingException($"{source.MainFile}: row {row.Row}: deal '{row.ExternalId}' was deleted while the import ran; nothing was written, run the import again.");
                }
                if (Differs(deal, row, history))
                {
                    changed.Add((deal.Id, row));
                }
                else if (!history)
                {
                    unchanged++;
                }
            }
            // Changed deals are loaded whole (history, products, tags) by id: fewer at a time.
            foreach (var part in changed.Chunk(Batch / 10))
            {
                var (u, n, a) = await FlushAsync(part, history, cancellationToken);
                (updated, unchanged, added) = (updated + u, unchanged + n, added + a);
            }
            chunk.Clear();
        }
        foreach (var row in ValidRows("updating"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!existing.Contains(row.ExternalId))
            {
                continue;
            }
            chunk.Add(row);
            if (chunk.Count >= Batch)
            {
                await CompareAsync();
            }
        }
        if (chunk.Count > 0)
        {
            await CompareAsync();
        }
        return (updated, unchanged, added);
    }

    private async Task<(long, long, long)> FlushAsync((long Id, DealRow Row)[] batch, bool historyOnly, CancellationToken cancellationToken)
    {
        var ids = batch.Select(b => b.Id).Distinct().ToList();
        var deals = await db.Deals.Include(d => d.History).Include(d => d.Products).Include(d => d.Tags)
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        long added = 0;
        foreach (var (id, row) in batch)
        {
            var deal = deals[id];
            if (deal.PipelineId != _pipeline.Id)
            {
                throw new ImportMappingException($"{source.MainFile}: row {row.Row}: deal '{row.ExternalId}' is in another pipeline than '{_pipeline.Key}'; import it with --pipeline naming its pipeline.");
            }
            if (!historyOnly)
            {
                ApplyFields(deal, row);
            }
            added += AddSteps(deal, row.Steps);
        }
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity switch
            {
                Deal d => d.Id,
                StageTransition t => t.DealId == 0 ? (long?)e.Property(nameof(StageTransition.DealId)).CurrentValue : t.DealId,
                DealProduct p => p.DealId,
                DealTag t => t.DealId,
                _ => (long?)null,
            })
            .OfType<long>()
            .ToHashSet();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (changed.Count, ids.Count - changed.Count, added);
    }

    /// <summary>Whether a row would change a stored deal; the same tests as <see cref="ApplyFields"/> and <see cref="AddSteps"/>.</summary>
    private bool Differs(ExistingDeal deal, DealRow row, bool historyOnly)
    {
        if (deal.PipelineId != _pipeline.Id)
        {
            return true;
        }
        foreach (var step in row.Steps)
        {
            var stage = _stages[step.StageKey].Id;
            if (!deal.History.Contains((stage, step.At)))
            {
                return true;
            }
        }
        var current = _pipeline.FindStage(deal.StageId);
        if (current?.Kind == StageKind.Lost && row.Steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason && _lossReasons[reason].Id != deal.LossReasonId)
        {
            return true;
        }
        if (historyOnly)
        {
            return false;
        }
        return (row.Name is { } name && name != deal.Name)
            || (row.Amount is { } amount && (amount != deal.Amount || (row.Currency ?? deal.Currency) != deal.Currency))
            || (row.Account is { } account && _accounts[account] != deal.AccountId)
            || (row.Channel is { } channel && _channels[channel].Id != deal.ChannelId)
            || (row.Owner is { } owner && (_owners[owner].Id != deal.OwnerId || _owners[owner].TeamId != deal.TeamId))
            || (row.CreatedAt is { } created && created != deal.CreatedAt)
            || (row.ExpectedClose is { } expected && expected != deal.ExpectedClose)
            || (row.Product is { } product && !deal.Products.Contains(_products[product].Id))
            || row.Tags.Any(t => !deal.Tags.Contains(_tags[t].Id));
    }

    private void ApplyFields(Deal deal, DealRow row)
    {
        if (row.Name is { } name && name != deal.Name)
        {
            deal.Rename(name);
        }
        if (row.Amount is { } amount && (amount != deal.Amount || (row.Currency ?? deal.Currency) != deal.Currency))
        {
            deal.SetAmount(amount, row.Currency ?? deal.Currency);
        }
        if (row.Account is { } account && _accounts[account] != deal.AccountId)
        {
            deal.LinkAccount(_accounts[account], deal.ContactId);
        }
        if (row.Channel is { } channel && _channels[channel].Id != deal.ChannelId)
        {
            deal.SetChannel(_channels[channel]);
        }
        if (row.Owner is { } owner && (_owners[owner].Id != deal.OwnerId || _owners[owner].TeamId != deal.TeamId))
        {
            deal.AssignTo(_owners[owner]);
        }
        if (row.CreatedAt is { } created && created != deal.CreatedAt)
        {
            deal.SetCreatedAt(created);
        }
        if (row.ExpectedClose is { } expected && expected != deal.ExpectedClose)
        {
            deal.SetExpectedClose(expected);
        }
        if (row.Product is { } product && !deal.Products.Any(p => p.ProductId == _products[product].Id))
        {
            deal.SetProduct(_products[product], 1, null);
        }
        foreach (var tag in row.Tags)
        {
            deal.AddTag(_tags[tag]);
        }
    }

    /// <summary>Adds the steps the deal's history lacks; a step is the same when stage and moment are (both unknown counts as the same).</summary>
    private long AddSteps(Deal deal, IReadOnlyList<HistoryStep> steps)
    {
        var added = 0L;
        foreach (var step in steps)
        {
            var stage = _stages[step.StageKey];
            if (!deal.History.Any(h => h.StageId == stage.Id && h.EnteredAt == step.At))
            {
                deal.RecordPastEntry(_pipeline, stage, step.At, TransitionSource.Import);
                added++;
            }
        }
        var current = _pipeline.FindStage(deal.StageId)!;
        if (current.Kind == StageKind.Lost && steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason && _lossReasons[reason].Id != deal.LossReasonId)
        {
            deal.ChangeLossReason(current, _lossReasons[reason]);
        }
        return added;
    }

    /// <summary>Builds a new deal in memory through Core, so its stage, close date and probability follow the same rules as everywhere.</summary>
    private Deal Build(DealRow row)
    {
        var first = row.Steps[0];
        var deal = Deal.Create(row.Name!, _pipeline, row.Currency ?? _currency, row.CreatedAt, null, TransitionSource.Import, _stages[first.StageKey], first.At);
        foreach (var step in row.Steps.Skip(1))
        {
            deal.RecordPastEntry(_pipeline, _stages[step.StageKey], step.At, TransitionSource.Import);
        }
        var current = _pipeline.FindStage(deal.StageId)!;
        if (current.Kind == StageKind.Lost && row.Steps.LastOrDefault(s => s.StageKey == current.Key)?.LossReasonKey is { } reason)
        {
            deal.ChangeLossReason(current, _lossReasons[reason]);
        }
        return deal;
    }

    private async Task<(long Created, long History)> CreateAsync(CancellationToken cancellationToken)
    {
        var baseId = await db.Deals.MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0;
        var now = TimeProvider.System.GetUtcNow();
        var sourceName = request.Mapping.Source;
        List<NewRowsTable> tables =
        [
            new(typeof(Deal), "writing deals",
                [nameof(Deal.Id), nameof(Deal.Source), nameof(Deal.ExternalId), nameof(Deal.Name), nameof(Deal.AccountId), nameof(Deal.ChannelId), nameof(Deal.OwnerId), nameof(Deal.TeamId),
                 nameof(Deal.Amount), nameof(Deal.Currency), nameof(Deal.Probability), nameof(Deal.CreatedAt), nameof(Deal.ExpectedClose), nameof(Deal.PipelineId), nameof(Deal.StageId),
                 nameof(Deal.LossReasonId), nameof(Deal.ClosedAt), nameof(Deal.Version), "RecordedAt", "UpdatedAt"],
                (id, row, deal) =>
                {
                    var owner = row.Owner is { } o ? _owners[o] : null;
                    return [[
                        id, sourceName, row.ExternalId, deal.Name, row.Account is { } a ? _accounts[a] : null, row.Channel is { } c ? _channels[c].Id : null, owner?.Id, owner?.TeamId,
                        row.Amount, deal.Currency, deal.Probability, deal.CreatedAt, row.ExpectedClose, _pipeline.Id, deal.StageId,
                        deal.LossReasonId, deal.ClosedAt, 0, now, now,
                    ]];
                }),
            new(typeof(StageTransition), "writing history",
                [nameof(StageTransition.DealId), nameof(StageTransition.StageId), nameof(StageTransition.EnteredAt), nameof(StageTransition.ByUserId), nameof(StageTransition.Source)],
                (id, _, deal) => deal.History.Select(t => new object?[] { id, t.StageId, t.EnteredAt, t.ByUserId, t.Source })),
        ];
        // A table no row fills costs PostgreSQL a pass over the file for nothing.
        if (check.References.Products.Count > 0)
        {
            tables.Add(new(typeof(DealProduct), "writing products",
                [nameof(DealProduct.DealId), nameof(DealProduct.ProductId), nameof(DealProduct.Quantity), nameof(DealProduct.UnitPrice)],
                (id, row, _) => row.Product is { } p ? [[id, _products[p].Id, 1m, null]] : []));
        }
        if (check.References.Tags.Count > 0)
        {
            tables.Add(new(typeof(DealTag), "writing tags", [nameof(DealTag.DealId), nameof(DealTag.TagId)],
                (id, row, _) => row.Tags.Select(t => new object?[] { id, _tags[t].Id })));
        }
        // SQLite takes rows for several prepared INSERTs at once, so one pass over the file fills
        // every table (reading and mapping a row costs about as much as writing it); PostgreSQL
        // runs one COPY at a time per connection, so it gets one pass per table.
        var passes = db.Database.GetDbConnection() is NpgsqlConnection ? tables.Select(t => new[] { t }).ToList() : [[.. tables]];
        var written = new Dictionary<Type, long>();
        // Every new deal has a row of history at least, and products and tags at most one each per deal.
        await using (var load = await BulkLoad.BeginAsync(db, [.. tables.Select(t => (t.Entity, check.New))], cancellationToken))
        {
            foreach (var pass in passes)
            {
                foreach (var (type, rows) in await WriteAsync(pass, baseId, cancellationToken))
                {
                    written[type] = rows;
                }
            }
            report("building indexes", check.New);
            await load.CompleteAsync(cancellationToken);
        }
        await BulkTable.ResetIdentityAsync<Deal>(db, cancellationToken);
        return (written[typeof(Deal)], written[typeof(StageTransition)]);
    }

    /// <summary>A table the new deals fill: the EF entity, the properties written, and a new row's values given its id, its row and the deal built from it.</summary>
    private sealed record NewRowsTable(Type Entity, string Step, string[] Properties, Func<long, DealRow, Deal, IEnumerable<object?[]>> Rows);

    /// <summary>One pass over the new deals' rows into some tables; the k-th new row's deal gets id base + k in every pass.</summary>
    private async Task<List<(Type, long)>> WriteAsync(NewRowsTable[] tables, long baseId, CancellationToken cancellationToken)
    {
        var open = new List<BulkTable>();
        try
        {
            foreach (var table in tables)
            {
                open.Add(await BulkTable.OpenAsync(db, table.Entity, table.Properties, cancellationToken));
            }
            var k = 0L;
            foreach (var row in ValidRows(tables[0].Step))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (existing.Contains(row.ExternalId))
                {
                    continue;
                }
                k++;
                var deal = Build(row);
                for (var i = 0; i < tables.Length; i++)
                {
                    foreach (var values in tables[i].Rows(baseId + k, row, deal))
                    {
                        await open[i].AddAsync(values, cancellationToken);
                    }
                }
            }
            foreach (var table in open)
            {
                await table.CompleteAsync(cancellationToken);
            }
            return [.. tables.Select((t, i) => (t.Entity, t.Entity == typeof(Deal) ? k : open[i].Rows))];
        }
        finally
        {
            foreach (var table in open)
            {
                await table.DisposeAsync();
            }
        }
    }
}
