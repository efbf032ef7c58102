using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;

namespace Loudou.Web.Tests.Access;

/// <summary>The /tokens page (make and revoke one's own tokens; an admin everyone's) and the admin's /admin/audit page, through their forms.</summary>
public partial class TokenAndAuditPageTests
{
    [Fact]
    public async Task A_rep_makes_a_token_on_the_page_sees_it_once_uses_it_and_revokes_it()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = web.Anonymous();
        await SignInTests.SignInAsync(browser, "ann", AccessWorld.Password);

        var created = await SubmitAsync(browser, "/tokens", "create-token", [new("Draft.Name", "导出脚本 export script"), new("Draft.Expires", "7")]);
        var token = NewToken().Match(created).Groups[1].Value;
        using var api = web.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = await api.GetAsync("/api/v1/deals");
        var listed = await browser.GetStringAsync("/tokens");
        var id = Regex.Match(listed, "revoke-(\\d+)").Groups[1].Value;
        var revoked = await SubmitAsync(browser, "/tokens", $"revoke-{id}", []);
        var after = await api.GetAsync("/api/v1/deals");

        Assert.StartsWith("ldu_", token);
        Assert.Contains("导出脚本 export script", listed);
        Assert.DoesNotContain(token, listed);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("已吊销 Revoked", revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_rep_sees_only_own_tokens_and_an_admin_sees_and_revokes_everyones()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.Anonymous();
        await SignInTests.SignInAsync(ann, "ann", AccessWorld.Password);
        using var root = web.Anonymous();
        await SignInTests.SignInAsync(root, "root", AccessWorld.Password);

        var annPage = await ann.GetStringAsync("/tokens");
        var rootPage = await root.GetStringAsync("/tokens");
        var bobsRow = Regex.Match(rootPage, "<tr class=\"token-row\">\\s*<td>(\\d+)</td>\\s*<td class=\"token-name\">bob ").Groups[1].Value;
        var revoked = await SubmitAsync(root, "/tokens", $"revoke-{bobsRow}", []);
        using var bob = web.ClientFor("bob");

        Assert.Single(TokenRows().Matches(annPage));
        Assert.Equal(5, TokenRows().Matches(rootPage).Count);
        Assert.Contains("已吊销 Revoked", revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/v1/deals")).StatusCode);
    }

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

        var forbidden = await ann.GetAsync("/admin/audit");
        var all = await root.GetStringAsync("/admin/audit");
        var activities = await root.GetStringAsync("/admin/audit?type=activity&user=ann");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("audit-row", await forbidden.Content.ReadAsStringAsync());
        Assert.Contains("nav-audit", all);
        Assert.True(AuditRows().Matches(all).Count >= 6, all);
        var row = Assert.Single(AuditRows().Matches(activities));
        Assert.Contains("<td class=\"audit-user\">ann</td>", row.Value);
        Assert.Contains("<td class=\"audit-action\">Create</td>", row.Value);
    }

    /// <summary>Posts one of a page's Blazor forms as a browser would: its handler name, its antiforgery token and the fields.</summary>
    private static async Task<string> SubmitAsync(HttpClient client, string page, string formName, KeyValuePair<string, string>[] fields)
    {
        var html = await client.GetStringAsync(page);
        var form = Regex.Match(html, $"<form[^>]*>(?:(?!</form>).)*value=\"{Regex.Escape(formName)}\"(?:(?!</form>).)*</form>", RegexOptions.Singleline).Value;
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no form {formName} on {page}");
        var response = await client.PostAsync(page, new FormUrlEncodedContent([.. fields, new("_handler", formName), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<p class=\"token\" id=\"new-token-value\">(ldu_[^<]+)</p>")]
    private static partial Regex NewToken();

    [GeneratedRegex("<tr class=\"token-row\">")]
    private static partial Regex TokenRows();

    [GeneratedRegex("<tr class=\"audit-row\">(?:(?!</tr>).)*</tr>", RegexOptions.Singleline)]
    private static partial Regex AuditRows();
}
