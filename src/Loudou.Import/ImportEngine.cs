using System.Diagnostics;
using Loudou.Core.Import;
using Loudou.Core.Pipelines;
using Loudou.Import.Reading;
using Loudou.Import.Writing;
using Loudou.Storage;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import;

/// <summary>Runs an import: recognises the files, checks every row, then writes all of it in one transaction or nothing.</summary>
/// <remarks>
/// The main file is read once to check (every error and warning is collected, nothing is written)
/// and again for each table the write fills, so memory holds the side files, the external ids and
/// the distinct names (owners, accounts, products), never the rows. One transaction covers the
/// whole write: a failure or a kill leaves the database as it was, and running the import again
/// does it whole. Deals are upserted by (source, external id), so a second run of the same files
/// changes nothing.
/// </remarks>
public sealed class ImportEngine(LoudouDbContext db, IProgress<ImportProgress>? progress = null)
{
    public async Task<ImportResult> RunAsync(ImportRequest request, CancellationToken cancellationToken = default)
    {
        // Upserts match (source, external id) among all deals, and owners and accounts are matched by
        // name among all of them: in a narrower scope an import would duplicate what it cannot see.
        if (!db.Scope.SeesAll)
        {
            throw new Core.DomainRuleException("scope", "imports run with access to the whole workspace: from the command line, or for an admin.");
        }
        var clock = Stopwatch.StartNew();
        var issues = new List<ImportIssue>();
        request = request.PreviewRows is null ? request : request with { DryRun = true };
        var mapping = request.Mapping;
        if (mapping.Entity != request.Entity)
        {
            throw new ImportMappingException($"{request.MappingName} imports {mapping.Entity.ToString().ToLowerInvariant()}, not {request.Entity.ToString().ToLowerInvariant()}.");
        }
        var files = OpenFiles(request, issues);
        if (issues.Count > 0)
        {
            return ImportResult.NothingWritten(issues, 0, 0, clock.Elapsed);
        }
        var recognised = Recognise(mapping, files, request.MappingName, issues);
        if (recognised is null)
        {
            return ImportResult.NothingWritten(issues, 0, 0, clock.Elapsed);
        }
        // The workspace's fields win over the mapping's: a field an admin defined keeps its definition. Only deals have them.
        var customFields = request.Entity == ImportEntity.Deals
            ? await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken)
            : new Dictionary<string, Core.Catalog.CustomField>(StringComparer.Ordinal);
        foreach (var entry in mapping.CustomFields.Where(e => !customFields.ContainsKey(e.Key)))
        {
            customFields[entry.Key] = entry.Create();
        }
        if (mapping.CustomColumns && request.Entity == ImportEntity.Deals)
        {
            mapping = WithCustomColumns(mapping, recognised.Value.Main, customFields, issues);
            request = request with { Mapping = mapping };
            if (issues.Count > 0)
            {
                return ImportResult.NothingWritten(issues, 0, 0, clock.Elapsed);
            }
        }
        if (request.Entity is ImportEntity.Accounts or ImportEntity.Contacts or ImportEntity.Activities)
        {
            var rows = new ImportSource(recognised.Value.Main, mapping, recognised.Value.Sides, issues);
            return request.Entity switch
            {
                ImportEntity.Accounts => await RunRecordsAsync(request, rows, issues, clock, "account", new AccountRowMapper(mapping).Map, a => a.ExternalId,
                    (accounts, read) => AccountImportWriter.WriteAsync(db, request, accounts, read, cancellationToken)),
                ImportEntity.Contacts => await RunRecordsAsync(request, rows, issues, clock, "contact", await ContactMapAsync(mapping, cancellationToken), c => c.ExternalId,
                    (contacts, read) => ContactImportWriter.WriteAsync(db, request, contacts, read, cancellationToken)),
                _ => await RunActivitiesAsync(request, rows, issues, clock, cancellationToken),
            };
        }
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var lossReasons = (await db.LossReasons.AsNoTracking().ToListAsync(cancellationToken)).Select(r => new LossReasonSpec(r.Key, r.Name)).ToList();
        lossReasons.AddRange(mapping.LossReasons.Where(m => !lossReasons.Exists(r => r.Key == m.Key)));
        var all = new ImportSource(recognised.Value.Main, mapping, recognised.Value.Sides, issues);
        var (groups, refused) = await PipelineGroupsAsync(request, all, issues, cancellationToken);
        var existing = await db.Deals.AsNoTracking().Where(d => d.Source == mapping.Source).Select(d => d.ExternalId!).ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        var parts = new List<(ImportRequest Request, ImportTarget Target, DealRowMapper Mapper, ImportSource Source, ImportCheck Check)>();
        foreach (var (key, include) in groups)
        {
            var part = request with { Pipeline = key ?? request.Pipeline };
            var target = await ResolvePipelineAsync(part, cancellationToken);
            var mapper = new DealRowMapper(mapping, target.Definition, lossReasons, settings.Calendar.Zone, request.DateFormat, settings.BaseCurrency, customFields);
            foreach (var problem in mapper.CheckMapping().Where(p => !issues.Exists(i => i.Row == 0 && i.Reason == p)))
            {
                issues.Add(ImportIssue.Error(request.MappingName, 0, "", "", problem));
            }
            var source = include is null ? all : all.Where(include);
            parts.Add((part, target, mapper, source, new ImportCheck()));
        }
        if (issues.Any(i => i.Row == 0 && i.Severity == ImportSeverity.Error))
        {
            return ImportResult.NothingWritten(issues, 0, 0, clock.Elapsed);
        }
        for (var i = 0; i < parts.Count; i++)
        {
            parts[i] = parts[i] with { Check = Check(parts[i].Request, parts[i].Source, parts[i].Mapper, existing, issues) };
        }
        var (read, valid) = (parts.Sum(p => p.Check.Rows) + refused, parts.Sum(p => p.Check.Valid));
        var errors = issues.Count(i => i.Severity == ImportSeverity.Error);
        if ((errors > 0 && !request.SkipInvalid) || request.DryRun || valid == 0)
        {
            // A preview shows the file's first rows, whichever pipelines they went to.
            var preview = parts.SelectMany(p => p.Check.Preview.Rows).OrderBy(r => r.Row.Number).Take(request.PreviewRows ?? 0).ToList();
            return ImportResult.NothingWritten(issues, read, valid, clock.Elapsed) with { Preview = preview };
        }
        var writers = parts.Where(p => p.Check.Valid > 0).Select(p =>
        {
            p.Mapper.End = p.Mapper.Latest;
            return new DealImportWriter(db, p.Request, p.Target, p.Mapper, p.Source, p.Check, existing, Report(p.Check.Valid));
        }).ToList();
        var counts = await DealImportWriter.WriteAllAsync(db, writers, cancellationToken);
        return new ImportResult(issues, read, valid, counts.Created, counts.Updated, counts.Unchanged, counts.HistoryAdded, true, clock.Elapsed);
    }

    /// <summary>
    /// The pipelines a deal file's rows go into, each with the rows it takes (null: all of them), and the rows refused for naming an unknown pipeline.
    /// </summary>
    /// <remarks>
    /// --pipeline puts every row into that pipeline and the column is not read; without it, a row's pipeline column
    /// (as <c>loudou export deals</c> writes it) chooses, and an empty cell means the mapping's pipeline or the default one
    /// (docs/import.md). A file without the column costs no extra pass. An external id in two pipelines' rows is refused
    /// here, since each pipeline's rows are checked apart.
    /// </remarks>
    private async Task<(List<(string? Pipeline, Func<ImportRow, bool>? Include)> Groups, long Refused)> PipelineGroupsAsync(
        ImportRequest request, ImportSource source, List<ImportIssue> issues, CancellationToken cancellationToken)
    {
        var mapping = request.Mapping;
        if (request.Pipeline is not null || request.Entity != ImportEntity.Deals || !mapping.Fields.TryGetValue(ImportFields.Pipeline, out var spec)
            || (spec.Column is { } column && !source.HasColumn(column)))
        {
            return ([(null, null)], 0);
        }
        var keys = await db.Pipelines.AsNoTracking().Select(p => p.Key).OrderBy(k => k).ToListAsync(cancellationToken);
        var named = new HashSet<string?>();
        var firstRow = new Dictionary<string, (long Row, string? Pipeline)>(StringComparer.Ordinal);
        var scratch = new List<ImportIssue>();
        long refused = 0;
        foreach (var row in source.Rows())
        {
            var reported = issues.Count;
            var key = DealRowMapper.PipelineOf(mapping, row, issues);
            var (file, line, cell) = row.Locate(spec.Describe());
            if (key is not null && !keys.Contains(key))
            {
                issues.Add(ImportIssue.Error(file, line, cell, key, $"there is no pipeline '{key}'; there are: {string.Join(", ", keys)}. Apply it first, or give --pipeline to put every row into one."));
            }
            if (issues.Count > reported)
            {
                refused++;
                continue;
            }
            scratch.Clear();
            if (DealRowMapper.ExternalIdOf(mapping, row, scratch) is { } id && !firstRow.TryAdd(id, (row.Number, key)) && firstRow[id].Pipeline != key)
            {
                var (idFile, idLine, idColumn) = row.Locate(mapping.Fields[ImportFields.ExternalId].Describe());
                issues.Add(ImportIssue.Error(idFile, idLine, idColumn, id, $"the external id is also on row {firstRow[id].Row} (pipeline '{firstRow[id].Pipeline}'); each deal may appear once."));
                refused++;
                continue;
            }
            named.Add(key);
        }
        if (named.Count <= 1 && refused == 0)
        {
            return ([(named.FirstOrDefault(), null)], 0);
        }
        // Each pass reads a row's pipeline cell again rather than keeping a pipeline per row number.
        return ([.. named.Select(key => (key, (Func<ImportRow, bool>?)(row => Includes(row, key))))], refused);

        bool Includes(ImportRow row, string? key)
        {
            scratch.Clear();
            var own = DealRowMapper.PipelineOf(mapping, row, scratch);
            if (own != key)
            {
                return false;
            }
            // A later row of an external id first seen in another pipeline was refused above; one seen twice in this pipeline is the check's to report.
            return DealRowMapper.ExternalIdOf(mapping, row, scratch) is not { } id || !firstRow.TryGetValue(id, out var first) || first.Pipeline == key;
        }
    }

    /// <summary>Maps contact rows, checking that each names an account of the same source already imported.</summary>
    private async Task<Func<ImportRow, ICollection<ImportIssue>, ContactRow?>> ContactMapAsync(ImportMapping mapping, CancellationToken cancellationToken)
    {
        var mapper = new ContactRowMapper(mapping);
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Source == mapping.Source && a.ExternalId != null)
            .Select(a => a.ExternalId!).ToHashSetAsync(StringComparer.Ordinal, cancellationToken);
        return (row, sink) =>
        {
            var contact = mapper.Map(row, sink);
            if (contact?.Account is { } account && !accounts.Contains(account))
            {
                sink.Add(ImportIssue.Error(row.File, row.Number, mapping.Fields[ImportFields.Account].Describe(), account,
                    $"no account with external id '{account}' from source '{mapping.Source}'; import the accounts first."));
                return null;
            }
            return contact;
        };
    }

    /// <summary>Accounts, contacts and activities: check every row (ids unique in the file), then write the valid ones, or nothing.</summary>
    private async Task<ImportResult> RunRecordsAsync<TRow>(
        ImportRequest request,
        ImportSource source,
        List<ImportIssue> issues,
        Stopwatch clock,
        string what,
        Func<ImportRow, ICollection<ImportIssue>, TRow?> map,
        Func<TRow, string> externalId,
        Func<IEnumerable<TRow>, (long Rows, long Skipped), Task<WriteCounts>> write)
        where TRow : class
    {
        var idSpec = request.Mapping.Fields[ImportFields.ExternalId].Describe();
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        var invalid = new HashSet<long>();
        long rows = 0, valid = 0;
        var report = Report(null);
        var preview = new ImportPreview(request, issues);
        foreach (var row in source.Rows())
        {
            rows++;
            preview.Begin();
            var record = map(row, issues);
            if (record is not null && !firstRow.TryAdd(externalId(record), row.Number))
            {
                issues.Add(ImportIssue.Error(row.File, row.Number, idSpec, externalId(record), $"the external id is also on row {firstRow[externalId(record)]}; each {what} may appear once."));
                record = null;
            }
            if (record is null)
            {
                invalid.Add(row.Number);
            }
            else
            {
                valid++;
            }
            report("checking", rows);
            if (preview.End(row, record))
            {
                break;
            }
        }
        var errors = issues.Count(i => i.Severity == ImportSeverity.Error);
        if ((errors > 0 && !request.SkipInvalid) || request.DryRun || valid == 0)
        {
            return ImportResult.NothingWritten(issues, rows, valid, clock.Elapsed) with { Preview = preview.Rows };
        }
        var scratch = new List<ImportIssue>();
        var records = source.Rows().Where(r => !invalid.Contains(r.Number)).Select(r => map(r, scratch)).OfType<TRow>();
        var counts = await write(records, (rows, invalid.Count));
        return new ImportResult(issues, rows, valid, counts.Created, counts.Updated, counts.Unchanged, 0, true, clock.Elapsed);
    }

    private async Task<ImportResult> RunActivitiesAsync(ImportRequest request, ImportSource source, List<ImportIssue> issues, Stopwatch clock, CancellationToken cancellationToken)
    {
        var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
        var mapper = new ActivityRowMapper(request.Mapping, settings.Calendar.Zone, request.DateFormat);
        var deals = await db.Deals.AsNoTracking().Where(d => d.Source == request.Mapping.Source).Select(d => new { d.ExternalId, d.Id })
            .ToDictionaryAsync(d => d.ExternalId!, d => d.Id, StringComparer.Ordinal, cancellationToken);
        var dealSpec = request.Mapping.Fields[ImportFields.Deal].Describe();
        ActivityRow? Map(ImportRow row, ICollection<ImportIssue> sink)
        {
            var activity = mapper.Map(row, sink);
            if (activity is not null && !deals.ContainsKey(activity.Deal))
            {
                sink.Add(ImportIssue.Error(row.File, row.Number, dealSpec, activity.Deal, $"no deal from source '{request.Mapping.Source}' has this external id; import the deals first."));
                return null;
            }
            return activity;
        }
        return await RunRecordsAsync(request, source, issues, clock, "activity", Map, a => a.ExternalId,
            (activities, read) => ActivityImportWriter.WriteAsync(db, request, deals, activities, read, cancellationToken));
    }

    private static List<TableFile> OpenFiles(ImportRequest request, List<ImportIssue> issues)
    {
        var files = new List<TableFile>();
        foreach (var path in request.Files)
        {
            try
            {
                var file = TableFile.Open(path, new TableReadOptions(request.Encoding, request.Sheet));
                if (request.Mapping.Source == GenericColumns.Source)
                {
                    // Loudou's own format is read with its headers in either language (an export with --lang zh-CN).
                    file.AddAliases(GenericColumns.Key);
                }
                files.Add(file);
            }
            catch (ImportFileException e)
            {
                issues.Add(ImportIssue.Error(e.File, 0, "", "", e.Reason));
            }
        }
        return files;
    }

    /// <summary>Matches each file to the mapping's file whose columns its header has, by header, never by name.</summary>
    private static (TableFile Main, Dictionary<FileSpec, TableFile> Sides)? Recognise(ImportMapping mapping, List<TableFile> files, string mappingName, List<ImportIssue> issues)
    {
        var matched = new Dictionary<FileSpec, TableFile>();
        foreach (var file in files)
        {
            var spec = mapping.Files
                .Where(f => f.Columns.All(c => file.Columns.ContainsKey(c)))
                .OrderByDescending(f => f.Columns.Count)
                .FirstOrDefault();
            if (spec is null)
            {
                var wanted = string.Join("; ", mapping.Files.Select(f => $"{f.Name}: {string.Join(", ", f.Columns)}"));
                var missing = mapping.Files.Select(f => (f, Missing: f.Columns.Where(c => !file.Columns.ContainsKey(c)).ToList())).MinBy(x => x.Missing.Count);
                issues.Add(ImportIssue.Error(file.Name, 1, "", "",
                    $"its header matches none of the files {mappingName} reads ({wanted}); closest is '{missing.f.Name}', which lacks {string.Join(", ", missing.Missing)}."));
                continue;
            }
            if (matched.TryGetValue(spec, out var other))
            {
                issues.Add(ImportIssue.Error(file.Name, 1, "", "", $"has the same kind of header as {other.Name} ('{spec.Name}'); give each file once."));
                continue;
            }
            matched[spec] = file;
        }
        foreach (var spec in mapping.Files.Where(f => !matched.ContainsKey(f) && (f == mapping.Main || !f.Optional)))
        {
            issues.Add(ImportIssue.Error(mappingName, 0, "", "", $"needs a file with the columns {string.Join(", ", spec.Columns)} ('{spec.Name}'), and none was given."));
        }
        if (issues.Count > 0)
        {
            return null;
        }
        var main = matched[mapping.Main];
        foreach (var column in ReferencedColumns(mapping).Where(c => !c.Contains('.', StringComparison.Ordinal) || !mapping.Files.Any(f => c.StartsWith(f.Name + ".", StringComparison.Ordinal))))
        {
            if (!main.Columns.ContainsKey(column) && !mapping.Main.OptionalColumns.Contains(column))
            {
                issues.Add(ImportIssue.Error(main.Name, 1, column, "", $"the mapping reads column '{column}', which the header does not have."));
            }
        }
        return issues.Count > 0 ? null : (main, matched.Where(m => m.Key != mapping.Main).ToDictionary());
    }

    /// <summary>The mapping with a <c>custom.KEY</c> field for each main-file column of that name it does not map already.</summary>
    /// <remarks>A column of a field the workspace does not have is an error at the header, where the file says it.</remarks>
    private static ImportMapping WithCustomColumns(ImportMapping mapping, TableFile main, IReadOnlyDictionary<string, Core.Catalog.CustomField> known, List<ImportIssue> issues)
    {
        var fields = new Dictionary<string, ValueSpec>(mapping.Fields, StringComparer.Ordinal);
        foreach (var column in main.Header.Where(h => h.StartsWith(ImportFields.CustomPrefix, StringComparison.Ordinal) && !fields.ContainsKey(h)))
        {
            if (ImportFields.CustomKey(column) is null)
            {
                issues.Add(ImportIssue.Error(main.Name, 1, column, "", $"a column named custom.KEY fills the custom field KEY, and '{column[ImportFields.CustomPrefix.Length..]}' is not a key "
                    + "(lower-case letters, digits, '-' and '_', starting with a letter)."));
                continue;
            }
            if (!known.ContainsKey(ImportFields.CustomKey(column)!))
            {
                issues.Add(ImportIssue.Error(main.Name, 1, column, "", $"the workspace has no custom field '{ImportFields.CustomKey(column)}'; define it with `loudou fields apply` or on /admin/fields first."));
                continue;
            }
            fields[column] = new ValueSpec { Column = column };
        }
        return mapping with { Fields = fields };
    }

    private static IEnumerable<string> ReferencedColumns(ImportMapping mapping)
    {
        var specs = mapping.Fields.Values.ToList();
        if (mapping.Stage is { } stage)
        {
            specs.Add(stage.Value);
            var steps = stage.Values.Values.SelectMany(s => s).Concat(stage.Blank ?? []).Concat(stage.Other ?? []);
            specs.AddRange(steps.SelectMany(s => new[] { s.At, s.LossReason }).OfType<ValueSpec>());
        }
        specs.AddRange(mapping.Files.Select(f => f.JoinOn).OfType<ValueSpec>());
        foreach (var spec in specs)
        {
            if (spec.Column is { } column && column != StepSpec.End)
            {
                yield return column;
            }
            if (spec.Template is { } template)
            {
                foreach (var part in template.Split('{').Skip(1).Select(p => p.Split('}')[0]))
                {
                    yield return part;
                }
            }
        }
    }

    private async Task<ImportTarget> ResolvePipelineAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var key = request.Pipeline ?? request.Mapping.PipelineKey;
        var pipeline = key is null
            ? await DefaultPipeline.FindAsync(db, db.Pipelines.AsNoTracking(), cancellationToken)
            : await db.Pipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (pipeline is not null)
        {
            return new ImportTarget(pipeline.ToDefinition(false), pipeline);
        }
        if (key is not null && request.Mapping.PipelineJson is { } json && PipelineFile.Parse(json, null).Definition is { } definition && definition.Key == key)
        {
            return new ImportTarget(definition, null);
        }
        var keys = await db.Pipelines.Select(p => p.Key).OrderBy(k => k).ToListAsync(cancellationToken);
        throw new ImportMappingException(key is null
            ? "the workspace has no pipeline yet; apply one with 'loudou pipeline apply', or name one in the mapping."
            : $"there is no pipeline '{key}'; there are: {string.Join(", ", keys)}.");
    }

    private ImportCheck Check(ImportRequest request, ImportSource source, DealRowMapper mapper, HashSet<string> existing, List<ImportIssue> issues)
    {
        var check = new ImportCheck { Preview = new ImportPreview(request, issues) };
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        var report = Report(null);
        var history = request.Entity == ImportEntity.History;
        foreach (var row in source.Rows())
        {
            check.Rows++;
            check.Preview.Begin();
            var deal = mapper.Map(row, issues);
            if (deal is not null && history && !existing.Contains(deal.ExternalId))
            {
                var (file, line, column) = row.Locate(request.Mapping.Fields[ImportFields.ExternalId].Describe());
                issues.Add(ImportIssue.Error(file, line, column, deal.ExternalId, $"no deal from source '{request.Mapping.Source}' has this external id; import the deals first."));
                deal = null;
            }
            if (deal is not null && !history && !firstRow.TryAdd(deal.ExternalId, row.Number))
            {
                var (file, line, column) = row.Locate(request.Mapping.Fields[ImportFields.ExternalId].Describe());
                issues.Add(ImportIssue.Error(file, line, column, deal.ExternalId, $"the external id is also on row {firstRow[deal.ExternalId]}; each deal may appear once."));
                deal = null;
            }
            if (deal is null)
            {
                check.Invalid.Add(row.Number);
            }
            else
            {
                check.Valid++;
                check.New += history || existing.Contains(deal.ExternalId) ? 0 : 1;
                check.References.Add(deal);
            }
            report("checking", check.Rows);
            if (check.Preview.End(row, deal))
            {
                break;
            }
        }
        report("checking", check.Rows);
        return check;
    }

    private Action<string, long> Report(long? total)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        string? lastStep = null;
        return (step, rows) =>
        {
            if (progress is null || (step == lastStep && (clock.Elapsed - last).TotalMilliseconds < 200))
            {
                return;
            }
            (last, lastStep) = (clock.Elapsed, step);
            progress.Report(new ImportProgress(step, rows, total, rows / Math.Max(clock.Elapsed.TotalSeconds, 0.001)));
        };
    }
}

/// <summary>The pipeline an import writes into; <see cref="Pipeline"/> is null while it is still to be created from the mapping.</summary>
internal sealed record ImportTarget(PipelineDefinition Definition, Pipeline? Pipeline);

/// <summary>What the checking pass learned: row counts, the rows to leave out, and the names the rows refer to.</summary>
internal sealed class ImportCheck
{
    public long Rows { get; set; }

    public long Valid { get; set; }

    /// <summary>Valid rows of a deal import whose deal is not stored yet.</summary>
    public long New { get; set; }

    public HashSet<long> Invalid { get; } = [];

    public ImportReferences References { get; } = new();

    public ImportPreview Preview { get; init; } = default!;
}
