using Loudou.Core.Catalog;
using Loudou.Core.Pipelines;

namespace Loudou.Core.Import;

/// <summary>Turns rows into <see cref="DealRow"/>s as a mapping says, reporting every problem with its cell.</summary>
/// <remarks>
/// Pure: no database. The caller gives what the database knows (the pipeline, the loss reasons)
/// and runs the mapper once to check every row and again to write, which keeps memory flat
/// however long the file. <see cref="Latest"/> collects the latest moment read, which the
/// second run gives back as <see cref="End"/> for steps dated <c>$end</c>.
/// </remarks>
public sealed class DealRowMapper
{
    private const int MaxName = 200;
    private const int MaxShort = 100;

    private static readonly char[] TagSeparators = [',', ';', '|', '、', '，', '；'];

    private readonly ImportMapping _mapping;
    private readonly PipelineDefinition _pipeline;
    private readonly IReadOnlyList<LossReasonSpec> _lossReasons;
    private readonly TimeZoneInfo _zone;
    private readonly string? _dateFormat;
    private readonly string _defaultCurrency;
    private readonly List<(string Name, CustomField? Field, ValueSpec Spec)> _custom;

    /// <param name="lossReasons">The workspace's loss reasons with those the mapping adds.</param>
    /// <param name="dateFormat">Overrides the mapping's date format (the --date-format option).</param>
    /// <param name="customFields">The workspace's custom fields with those the mapping adds, by key: how <c>custom.KEY</c> values are read.</param>
    public DealRowMapper(
        ImportMapping mapping, PipelineDefinition pipeline, IReadOnlyList<LossReasonSpec> lossReasons, TimeZoneInfo zone, string? dateFormat, string defaultCurrency,
        IReadOnlyDictionary<string, CustomField>? customFields = null)
    {
        _custom = [.. mapping.Fields
            .Where(f => ImportFields.CustomKey(f.Key) is not null)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (f.Key, customFields?.GetValueOrDefault(ImportFields.CustomKey(f.Key)!), f.Value))];
        _mapping = mapping;
        _pipeline = pipeline;
        _lossReasons = lossReasons;
        _zone = zone;
        _dateFormat = dateFormat ?? mapping.DateFormat;
        _defaultCurrency = mapping.Currency ?? defaultCurrency;
    }

    /// <summary>The pipeline key a row names in the mapping's pipeline field; null when the mapping has none or the cell is empty.</summary>
    /// <remarks>Read before a mapper exists: the key decides which pipeline's mapper reads the row.</remarks>
    public static string? PipelineOf(ImportMapping mapping, ImportRow row, ICollection<ImportIssue> issues) => RowValues.Text(row, mapping, ImportFields.Pipeline, MaxShort, issues);

    /// <summary>A row's external id as <see cref="Map"/> reads it, without its other checks; null when empty.</summary>
    public static string? ExternalIdOf(ImportMapping mapping, ImportRow row, ICollection<ImportIssue> issues) => RowValues.Text(row, mapping, ImportFields.ExternalId, MaxShort, issues);

    /// <summary>The moment that steps dated <c>$end</c> take; unknown (null) in a checking run.</summary>
    public DateTimeOffset? End { get; set; }

    /// <summary>The latest moment read from any date cell so far.</summary>
    public DateTimeOffset? Latest { get; private set; }

    /// <summary>Problems of the mapping itself against the pipeline: unknown stages, loss reasons on open stages.</summary>
    public IReadOnlyList<string> CheckMapping()
    {
        var problems = new List<string>();
        foreach (var (name, _, _) in _custom.Where(c => c.Field is null))
        {
            problems.Add($"$.fields.{name}: the workspace has no custom field '{name[ImportFields.CustomPrefix.Length..]}'; "
                + "define it with `loudou fields apply` or on /admin/fields, or in the mapping's customFields.");
        }
        if (_mapping.Stage is not { } stage)
        {
            return problems;
        }
        var paths = stage.Values.Select(v => ($"$.stage.values.{v.Key}", v.Value))
            .Concat(stage.Blank is null ? [] : [("$.stage.blank", stage.Blank)])
            .Concat(stage.Other is null ? [] : [("$.stage.other", stage.Other)]);
        foreach (var (path, steps) in paths)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var key = steps[i].Stage;
                if (key is StepSpec.ValueStage or StepSpec.FirstStage)
                {
                    continue;
                }
                if (_pipeline.Stages.FirstOrDefault(s => s.Key == key) is not { } found)
                {
                    problems.Add($"{path}[{i}].stage: pipeline '{_pipeline.Key}' has no stage '{key}'; it has {string.Join(", ", _pipeline.Stages.Select(s => s.Key))}.");
                }
                else if (steps[i].LossReason is not null && found.Kind != StageKind.Lost)
                {
                    problems.Add($"{path}[{i}].lossReason: stage '{key}' is not a lost stage.");
                }
                if (steps[i].LossReason is { Value: { } reason } && FindLossReason(reason) is null)
                {
                    problems.Add($"{path}[{i}].lossReason: '{reason}' is not a loss reason; there are {string.Join(", ", _lossReasons.Select(r => r.Key))}.");
                }
            }
        }
        return problems;
    }

    /// <summary>Maps one row; null when it has an error. Every problem found is added to <paramref name="sink"/>.</summary>
    public DealRow? Map(ImportRow row, ICollection<ImportIssue> sink)
    {
        var issues = new List<ImportIssue>();
        var externalId = Text(row, ImportFields.ExternalId, MaxShort, issues);
        if (externalId is null && issues.Count == 0 && _mapping.Fields.TryGetValue(ImportFields.ExternalId, out var idSpec))
        {
            Error(row, idSpec, "", "the external id is empty; every row needs one so a re-import can find it", issues);
        }
        var reported = issues.Count;
        var name = Text(row, ImportFields.Name, MaxName, issues);
        if (name is null && issues.Count == reported && _mapping.Fields.TryGetValue(ImportFields.Name, out var nameSpec))
        {
            Error(row, nameSpec, "", "the name is empty", issues);
        }
        var currency = Text(row, ImportFields.Currency, 3, issues)?.ToUpperInvariant();
        if (currency is not null)
        {
            try
            {
                currency = Guard.Currency(currency, "currency");
            }
            catch (DomainRuleException)
            {
                Error(row, _mapping.Fields[ImportFields.Currency], currency, "is not an ISO 4217 currency code such as CNY, USD or EUR", issues);
            }
        }
        var amount = Number(row, ImportFields.Amount, issues);
        if (amount < 0)
        {
            Error(row, _mapping.Fields[ImportFields.Amount], amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "an amount must not be negative", issues);
        }
        var listPrice = Number(row, ImportFields.ProductListPrice, issues);
        var created = Moment(row, _mapping.Fields.GetValueOrDefault(ImportFields.CreatedAt), issues);
        var expected = Moment(row, _mapping.Fields.GetValueOrDefault(ImportFields.ExpectedClose), issues);
        var tags = Text(row, ImportFields.Tags, 4000, issues) is { } tagText
            ? tagText.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList()
            : [];
        foreach (var tag in tags.Where(t => t.Length > 50))
        {
            Error(row, _mapping.Fields[ImportFields.Tags], tag, "a tag is longer than 50 characters", issues);
        }
        List<(string, string)>? custom = null;
        foreach (var (_, field, spec) in _custom)
        {
            if (field is null || Read(row, spec, issues) is not { } cell)
            {
                continue;
            }
            if (CustomCells.Read(field, cell, _dateFormat, _zone, out var problem) is { } value)
            {
                (custom ??= []).Add((field.Key, value));
            }
            else
            {
                Error(row, spec, cell, problem!, issues);
            }
        }
        var deal = new DealRow
        {
            Row = row.Number,
            ExternalId = externalId ?? "",
            Name = name,
            Account = Text(row, ImportFields.Account, MaxName, issues),
            AccountIndustry = Text(row, ImportFields.AccountIndustry, MaxShort, issues),
            AccountRegion = Text(row, ImportFields.AccountRegion, MaxShort, issues),
            AccountSizeBand = Text(row, ImportFields.AccountSizeBand, 50, issues),
            Channel = Text(row, ImportFields.Channel, MaxShort, issues),
            Owner = Text(row, ImportFields.Owner, MaxShort, issues),
            Team = Text(row, ImportFields.Team, MaxShort, issues),
            Amount = amount,
            Currency = currency ?? (amount is null ? null : _defaultCurrency),
            CreatedAt = created?.At,
            ExpectedClose = expected is { } e ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.At, _zone).DateTime) : null,
            Product = Text(row, ImportFields.Product, MaxShort, issues),
            ProductSeries = Text(row, ImportFields.ProductSeries, MaxShort, issues),
            ProductListPrice = listPrice,
            Tags = tags,
            Custom = custom ?? [],
            Steps = Steps(row, issues),
        };
        // A cell read for two fields (a created date that also dates the first stage) is reported once.
        foreach (var issue in issues.Distinct())
        {
            sink.Add(issue);
        }
        return issues.Exists(i => i.Severity == ImportSeverity.Error) ? null : deal;
    }

    private List<HistoryStep> Steps(ImportRow row, ICollection<ImportIssue> issues)
    {
        if (_mapping.Stage is not { } stage)
        {
            return [];
        }
        var value = Read(row, stage.Value, issues) ?? "";
        var path = value.Length == 0
            ? stage.Blank ?? stage.Other
            : stage.Values.TryGetValue(value, out var listed) ? listed : stage.Other;
        if (path is null)
        {
            var expected = stage.Values.Keys.Select(k => $"'{k}'").ToList();
            Error(row, stage.Value, value, value.Length == 0
                ? $"the stage is empty; expected {string.Join(", ", expected)}"
                : $"unknown stage; expected {string.Join(", ", expected)}", issues);
            return [];
        }
        var steps = new List<(StageDefinition Stage, DateTimeOffset? At, string Column, string? Reason)>();
        foreach (var spec in path)
        {
            var target = spec.Stage switch
            {
                StepSpec.FirstStage => _pipeline.Stages[0],
                StepSpec.ValueStage => FindStage(value),
                var key => _pipeline.Stages.First(s => s.Key == key),
            };
            if (target is null)
            {
                Error(row, stage.Value, value, $"unknown stage; pipeline '{_pipeline.Key}' has {string.Join(", ", _pipeline.Stages.Select(s => s.Key))}", issues);
                return [];
            }
            DateTimeOffset? at = null;
            var column = "";
            if (spec.At is { Column: StepSpec.End })
            {
                at = End;
            }
            else if (spec.At is { } atSpec)
            {
                at = Moment(row, atSpec, issues)?.At;
                column = atSpec.Describe();
            }
            string? reason = null;
            if (spec.LossReason is { } reasonSpec && Read(row, reasonSpec, issues) is { } reasonText)
            {
                if (target.Kind != StageKind.Lost)
                {
                    Warning(row, reasonSpec, reasonText, $"a loss reason is only kept on a lost stage, and '{target.Key}' is not one; it was left out", issues);
                }
                else if (FindLossReason(reasonText) is { } found)
                {
                    reason = found.Key;
                }
                else
                {
                    Error(row, reasonSpec, reasonText, $"unknown loss reason; there are {string.Join(", ", _lossReasons.Select(r => r.Key))}", issues);
                }
            }
            if (steps.Count > 0 && steps[^1].Stage.Key == target.Key)
            {
                // A path such as "first stage, then the row's stage" names one stage twice when the row is in the first.
                steps[^1] = (target, steps[^1].At ?? at, steps[^1].Column, reason ?? steps[^1].Reason);
                continue;
            }
            steps.Add((target, at, column, reason));
        }
        // A later step dated before an earlier one: the dates are kept as read for the later step and
        // the earlier steps are taken as entered at that moment, so the history still reads in funnel order.
        for (var k = 1; k < steps.Count; k++)
        {
            if (steps[k].At is not { } later)
            {
                continue;
            }
            for (var j = 0; j < k; j++)
            {
                if (steps[j].At is { } earlier && earlier > later)
                {
                    var (file, line, col) = row.Locate(steps[k].Column);
                    issues.Add(ImportIssue.Warning(file, line, col, row.Get(steps[k].Column),
                        $"'{steps[k].Stage.Key}' is dated before '{steps[j].Stage.Key}' ({steps[j].Column} {row.Get(steps[j].Column)}); '{steps[j].Stage.Key}' is taken as entered at the same moment"));
                    steps[j] = steps[j] with { At = later };
                }
            }
        }
        return [.. steps.Select(s => new HistoryStep(s.Stage.Key, s.At, s.Reason))];
    }

    private StageDefinition? FindStage(string value) =>
        _pipeline.Stages.FirstOrDefault(s => string.Equals(s.Key, value, StringComparison.OrdinalIgnoreCase))
        ?? _pipeline.Stages.FirstOrDefault(s => string.Equals(s.Name.ZhCn, value, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name.En, value, StringComparison.OrdinalIgnoreCase));

    private LossReasonSpec? FindLossReason(string value) =>
        _lossReasons.FirstOrDefault(r => string.Equals(r.Key, value, StringComparison.OrdinalIgnoreCase))
        ?? _lossReasons.FirstOrDefault(r => string.Equals(r.Name.ZhCn, value, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Name.En, value, StringComparison.OrdinalIgnoreCase));

    private string? Text(ImportRow row, string field, int maxLength, ICollection<ImportIssue> issues)
    {
        if (!_mapping.Fields.TryGetValue(field, out var spec) || Read(row, spec, issues) is not { } text)
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            Error(row, spec, text, $"{field} is longer than {maxLength:N0} characters ({text.Length:N0})", issues);
            return null;
        }
        return text;
    }

    private decimal? Number(ImportRow row, string field, ICollection<ImportIssue> issues)
    {
        if (!_mapping.Fields.TryGetValue(field, out var spec) || Read(row, spec, issues) is not { } text)
        {
            return null;
        }
        var number = ImportValues.ParseNumber(text, out var problem);
        if (number is null)
        {
            Error(row, spec, text, problem!, issues);
        }
        return number;
    }

    private (DateTimeOffset At, bool HasTime)? Moment(ImportRow row, ValueSpec? spec, ICollection<ImportIssue> issues)
    {
        if (spec is null || Read(row, spec, issues) is not { } text)
        {
            return null;
        }
        var moment = ImportValues.ParseMoment(text, _dateFormat, out var problem);
        if (moment is null)
        {
            Error(row, spec, text, problem!, issues);
            return null;
        }
        var at = moment.Value.In(_zone);
        if (Latest is null || at > Latest)
        {
            Latest = at;
        }
        return (at, moment.Value.HasTime);
    }

    private static string? Read(ImportRow row, ValueSpec spec, ICollection<ImportIssue> issues) => RowValues.Read(row, spec, issues);

    private static void Error(ImportRow row, ValueSpec spec, string value, string reason, ICollection<ImportIssue> issues) => RowValues.Error(row, spec, value, reason, issues);

    private static void Warning(ImportRow row, ValueSpec spec, string value, string reason, ICollection<ImportIssue> issues) => RowValues.Warning(row, spec, value, reason, issues);
}
