using System.Globalization;
using Loudou.Core;
using Loudou.Core.Analytics;
using Loudou.Core.Catalog;
using Loudou.Core.Import;
using nietras.SeparatedValues;

namespace Loudou.Import.Costs;

/// <summary>A channel-cost row read from a file, with the spreadsheet row it came from.</summary>
/// <param name="Row">1-based as a spreadsheet shows it: the header is row 1.</param>
public sealed record ChannelCostLine(long Row, ChannelCostRow Cost);

/// <summary>What <see cref="ChannelCostCsv.Read"/> found: the rows, or every problem with its file, row and column.</summary>
public sealed record ChannelCostFile(IReadOnlyList<ChannelCostLine> Lines, IReadOnlyList<ImportIssue> Issues);

/// <summary>Reads a channel-cost CSV: columns <c>channel,month,amount,currency</c>, month as <c>YYYY-MM</c> (docs/channel-costs.md).</summary>
/// <remarks>
/// Checked whole: every problem is reported, and a file with any is not applied. Channel names are only checked for shape
/// here; the store refuses unknown ones at their rows. A blank currency is the workspace's base currency.
/// </remarks>
public static class ChannelCostCsv
{
    public static readonly string[] Columns = ["channel", "month", "amount", "currency"];

    public static ChannelCostFile Read(TextReader text, string file, string baseCurrency)
    {
        var issues = new List<ImportIssue>();
        var lines = new List<ChannelCostLine>();
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, Sep = new Sep(',') }).From(text);
            var header = reader.Header.ColNames.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
            var index = Columns.ToDictionary(c => c, c => header.IndexOf(c), StringComparer.Ordinal);
            foreach (var missing in Columns.Where(c => index[c] < 0 && c != "currency"))
            {
                issues.Add(ImportIssue.Error(file, 1, missing, "", $"the header has no '{missing}' column; it needs {string.Join(",", Columns)}"));
            }
            if (issues.Count > 0)
            {
                return new ChannelCostFile([], issues);
            }
            var seen = new Dictionary<(string, DateOnly), long>();
            var number = 1L;
            foreach (var record in reader)
            {
                number++;
                var cells = new string[record.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = FormulaText.Unprotect(record[i].ToString()).Trim();
                }
                if (cells.All(c => c.Length == 0))
                {
                    continue;
                }
                string Cell(string column) => index[column] is var i && i >= 0 && i < cells.Length ? cells[i] : "";
                var row = Line(file, number, Cell("channel"), Cell("month"), Cell("amount"), Cell("currency"), baseCurrency, issues);
                if (row is null)
                {
                    continue;
                }
                if (seen.TryGetValue((row.Channel, row.Month), out var first))
                {
                    issues.Add(ImportIssue.Error(file, number, "month", Cell("month"), $"{row.Channel} {row.Month:yyyy-MM} is already on row {first}; a channel has one cost per month"));
                    continue;
                }
                seen[(row.Channel, row.Month)] = number;
                lines.Add(new ChannelCostLine(number, row));
            }
        }
        catch (FormatException e)
        {
            issues.Add(ImportIssue.Error(file, 0, "", "", $"is not CSV text Loudou can read: {e.Message}"));
        }
        if (issues.Count == 0 && lines.Count == 0)
        {
            issues.Add(ImportIssue.Error(file, 0, "", "", "holds no cost rows"));
        }
        return issues.Count > 0 ? new ChannelCostFile([], issues) : new ChannelCostFile(lines, []);
    }

    /// <summary>Checks one row's cells; each problem goes to <paramref name="issues"/> with its column, and the row is then null.</summary>
    public static ChannelCostRow? Line(string file, long number, string channel, string month, string amount, string currency, string baseCurrency, List<ImportIssue> issues)
    {
        var before = issues.Count;
        if (channel.Length == 0)
        {
            issues.Add(ImportIssue.Error(file, number, "channel", "", "is empty; name the channel as on the channels list"));
        }
        else if (channel.Length > 100)
        {
            issues.Add(ImportIssue.Error(file, number, "channel", channel, "is longer than 100 characters"));
        }
        DateOnly? parsedMonth = null;
        try
        {
            parsedMonth = AnalysisText.Month(month);
        }
        catch (DomainRuleException)
        {
            issues.Add(ImportIssue.Error(file, number, "month", month, "is not a month written YYYY-MM, such as 2026-11"));
        }
        if (!decimal.TryParse(amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsedAmount))
        {
            issues.Add(ImportIssue.Error(file, number, "amount", amount, "is not a number such as 12000 or 12000.50 (no thousands separators)"));
        }
        else if (parsedAmount < 0)
        {
            issues.Add(ImportIssue.Error(file, number, "amount", amount, "must not be negative"));
        }
        string? code = null;
        try
        {
            code = Guard.Currency(currency.Length == 0 ? baseCurrency : currency, "currency");
        }
        catch (DomainRuleException e)
        {
            issues.Add(ImportIssue.Error(file, number, "currency", currency, e.Message));
        }
        return issues.Count > before ? null : new ChannelCostRow(channel, parsedMonth!.Value, parsedAmount, code!);
    }
}

/// <summary>What an import of a channel-cost file did: every problem (nothing was stored then), else the counts.</summary>
public sealed record ChannelCostImportResult(IReadOnlyList<ImportIssue> Issues, int Created, int Changed, int Unchanged);

/// <summary>Reads a channel-cost CSV and applies it through the store, all or nothing, every problem at its file, row and column.</summary>
public static class ChannelCostImport
{
    public static async Task<ChannelCostImportResult> RunAsync(Storage.Catalog.ChannelCostStore store, TextReader text, string file, string baseCurrency, bool dryRun, CancellationToken cancellationToken = default)
    {
        var read = ChannelCostCsv.Read(text, file, baseCurrency);
        if (read.Issues.Count > 0)
        {
            return new ChannelCostImportResult(read.Issues, 0, 0, 0);
        }
        var applied = await store.ApplyAsync([.. read.Lines.Select(l => l.Cost)], dryRun, cancellationToken);
        if (applied.Errors.Count > 0)
        {
            return new ChannelCostImportResult([.. applied.Errors.Select(e => e.Index < 0
                ? ImportIssue.Error(file, 0, "", "", e.Message)
                : ImportIssue.Error(file, read.Lines[e.Index].Row, e.Field, Cell(read.Lines[e.Index].Cost, e.Field), e.Message))], 0, 0, 0);
        }
        return new ChannelCostImportResult([], applied.Created, applied.Changed, applied.Unchanged);
    }

    private static string Cell(ChannelCostRow row, string field) => field switch
    {
        "channel" => row.Channel,
        "month" => row.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        "amount" => row.Amount.ToString(CultureInfo.InvariantCulture),
        _ => row.Currency,
    };
}
