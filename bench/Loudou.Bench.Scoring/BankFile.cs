using System.Globalization;
using System.IO.Compression;
using Loudou.Core;
using Loudou.Core.Scoring;

namespace Loudou.Bench.Scoring;

/// <summary>
/// Reads the UCI bank marketing file (bank-additional-full.csv, plain or gzipped) straight into the form scoring trains on, as
/// the bank-marketing import preset stores it: each row a lead, <c>contact</c> its channel, <c>job</c> a tag, every column but
/// <c>duration</c> and <c>y</c> a custom field named as the preset names it (dots as underscores, contact as contact_type;
/// numbers numeric, the rest choices with "unknown" a value), no creation date, the outcome from y.
/// </summary>
/// <remarks>
/// For measuring the model before, or without, a database; <c>loudou score train</c> on an imported workspace reads the same
/// through the custom_field_values table. The deal id is the row number, which is also the import order.
/// </remarks>
public static class BankFile
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "age", "campaign", "pdays", "previous", "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed", "balance", "day",
    };

    private static readonly HashSet<string> NotFields = new(StringComparer.Ordinal) { "duration", "y" };

    public static (ScoringShape Shape, IReadOnlyList<ScoringDeal> Deals) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var text = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        var header = Split(text.ReadLine() ?? throw new InvalidDataException($"{path}: empty file."));
        var y = Array.IndexOf(header, "y");
        var contact = Array.IndexOf(header, "contact");
        var job = Array.IndexOf(header, "job");
        var fields = header.Select((h, i) => (h, i)).Where(x => !NotFields.Contains(x.h)).ToList();
        var shape = new ScoringShape(
            [new("lead", new("线索", "Lead"), true), new("subscribed", new("已认购", "Subscribed"), false), new("declined", new("未认购", "Declined"), false)],
            [],
            [.. fields.Select(f => new ScoringField(Key(f.h), new LocalizedText(f.h, f.h), Numeric.Contains(f.h)))]);
        var deals = new List<ScoringDeal>();
        string? line;
        var row = 1;
        while ((line = text.ReadLine()) is not null)
        {
            row++;
            var cells = Split(line);
            var won = cells[y] == "yes";
            deals.Add(new ScoringDeal
            {
                Id = row,
                Outcome = won ? DealOutcome.Won : DealOutcome.Lost,
                Channel = Known(cells[contact]),
                Tags = Known(cells[job]) is { } tag ? [tag] : [],
                Fields = [.. fields.Select(f => Numeric.Contains(f.h) ? Number(cells[f.i]) : cells[f.i])],
                Stages = [new StageVisit(0, null), new StageVisit(won ? 1 : 2, null)],
            });
        }
        return (shape, deals);
    }

    private static string Key(string column) => column == "contact" ? "contact_type" : column.Replace('.', '_');

    private static string? Known(string value) => value == "unknown" ? null : value;

    private static string Number(string value) => decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static string[] Split(string line) => [.. line.TrimEnd('\r').Split(';').Select(c => c.Trim('"'))];
}
