using System.Net;
using System.Text.RegularExpressions;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests.Access;

/// <summary>The admin's /admin/audit page as the server first renders it (the token page's clicks are in Browser/TokenPageBrowserTests).</summary>
public partial class TokenAndAuditPageTests
{
    [Fact]
    public async Task The_audit_page_is_for_admins_and_filters_by_record_type_and_user()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var annApi = web.ClientFor("ann");
        await annApi.PostAsync($"/api/v1/deals/{web.World.Deals["N1"]}/activities", System.Net.Http.Json.JsonContent.Create(new { kind = "call" }));
        using var ann = web.Anonymous();
        await SignInTests.SignInAsync(ann, "ann", AccessWorld.Password);
        using var root = web.Anonymous();
        await SignInTests.SignInAsync(root, "root", AccessWorld.Password);
        ann.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        root.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var forbidden = await ann.GetAsync("/admin/audit");
        var all = await root.GetStringAsync("/admin/audit");
        var activities = await root.GetStringAsync("/admin/audit?type=activity&user=ann");

        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Equal("/forbidden", forbidden.Headers.Location!.OriginalString);
        Assert.Contains("href=\"/admin/audit\"", all);
        Assert.True(AuditRows().Matches(all).Count >= 6, all);
        var row = Assert.Single(AuditRows().Matches(activities));
        Assert.Matches("audit-user\"[^>]*>ann</td>", row.Value);
        Assert.Matches("data-action=\"Create\"[^>]*>Create</td>", row.Value);
    }

    [GeneratedRegex("<tr[^>]*mud-table-row[^>]*>(?:(?!</tr>).)*audit-user(?:(?!</tr>).)*</tr>", RegexOptions.Singleline)]
    private static partial Regex AuditRows();
}
