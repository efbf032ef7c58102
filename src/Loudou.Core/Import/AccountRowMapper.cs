namespace Loudou.Core.Import;

/// <summary>An account as one row describes it, checked and ready to write; null fields leave the account's value as it is.</summary>
public sealed record AccountRow(long Row, string ExternalId, string? Name, string? Industry, string? Region, string? SizeBand, string? CreditCode);

/// <summary>Turns rows into <see cref="AccountRow"/>s as a mapping says; pure, like <see cref="DealRowMapper"/>.</summary>
public sealed class AccountRowMapper(ImportMapping mapping)
{
    /// <summary>Maps one row; null when it has an error, which is added to <paramref name="sink"/> with every other problem.</summary>
    public AccountRow? Map(ImportRow row, ICollection<ImportIssue> sink)
    {
        var issues = new List<ImportIssue>();
        var externalId = RowValues.Text(row, mapping, ImportFields.ExternalId, 100, issues);
        if (externalId is null && issues.Count == 0)
        {
            RowValues.Error(row, mapping.Fields[ImportFields.ExternalId], "", "the external id is empty; every row needs one so a re-import can find it", issues);
        }
        var reported = issues.Count;
        var name = RowValues.Text(row, mapping, ImportFields.Name, 200, issues);
        if (name is null && issues.Count == reported)
        {
            RowValues.Error(row, mapping.Fields[ImportFields.Name], "", "the name is empty", issues);
        }
        var code = RowValues.Text(row, mapping, ImportFields.CreditCode, 18, issues)?.ToUpperInvariant();
        if (code is not null && (code.Length != 18 || !code.All(c => char.IsAsciiDigit(c) || (char.IsAsciiLetterUpper(c) && c is not ('I' or 'O' or 'Z' or 'S' or 'V')))))
        {
            RowValues.Error(row, mapping.Fields[ImportFields.CreditCode], code, "is not an 18-character unified social credit code (统一社会信用代码)", issues);
        }
        var account = new AccountRow(row.Number, externalId ?? "", name,
            RowValues.Text(row, mapping, ImportFields.Industry, 100, issues), RowValues.Text(row, mapping, ImportFields.Region, 100, issues), RowValues.Text(row, mapping, ImportFields.SizeBand, 50, issues), code);
        foreach (var issue in issues.Distinct())
        {
            sink.Add(issue);
        }
        return issues.Exists(i => i.Severity == ImportSeverity.Error) ? null : account;
    }
}
