namespace Loudou.Core.Import;

/// <summary>A contact as one row describes it, checked and ready to write; null fields leave the contact's value as it is.</summary>
/// <param name="Account">The external id of the contact's account, from the same source.</param>
public sealed record ContactRow(long Row, string ExternalId, string? Name, string? Account, string? Title, string? Phone, string? Email, string? WeChat);

/// <summary>Turns rows into <see cref="ContactRow"/>s as a mapping says; pure, like <see cref="AccountRowMapper"/>.</summary>
/// <remarks>Whether the account exists is the writer's question: it needs the database.</remarks>
public sealed class ContactRowMapper(ImportMapping mapping)
{
    /// <summary>Maps one row; null when it has an error, which is added to <paramref name="sink"/> with every other problem.</summary>
    public ContactRow? Map(ImportRow row, ICollection<ImportIssue> sink)
    {
        var issues = new List<ImportIssue>();
        var externalId = RowValues.Text(row, mapping, ImportFields.ExternalId, 100, issues);
        if (externalId is null && issues.Count == 0)
        {
            RowValues.Error(row, mapping.Fields[ImportFields.ExternalId], "", "the external id is empty; every row needs one so a re-import can find it", issues);
        }
        var reported = issues.Count;
        var name = RowValues.Text(row, mapping, ImportFields.Name, 100, issues);
        if (name is null && issues.Count == reported)
        {
            RowValues.Error(row, mapping.Fields[ImportFields.Name], "", "the name is empty", issues);
        }
        var email = RowValues.Text(row, mapping, ImportFields.Email, 254, issues);
        if (email is not null && !Guard.IsEmail(email))
        {
            RowValues.Error(row, mapping.Fields[ImportFields.Email], email, "is not an e-mail address", issues);
        }
        var contact = new ContactRow(row.Number, externalId ?? "", name, RowValues.Text(row, mapping, ImportFields.Account, 100, issues),
            RowValues.Text(row, mapping, ImportFields.Title, 100, issues), RowValues.Text(row, mapping, ImportFields.Phone, 50, issues), email, RowValues.Text(row, mapping, ImportFields.WeChat, 100, issues));
        foreach (var issue in issues.Distinct())
        {
            sink.Add(issue);
        }
        return issues.Exists(i => i.Severity == ImportSeverity.Error) ? null : contact;
    }
}
