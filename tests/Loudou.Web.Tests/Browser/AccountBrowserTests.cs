using System.Globalization;
using Loudou.Core.Demo;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The account and contact lists in real Chromium: counts in each caller's scope equal plain SQL over the host's
/// database, search and sort come from the address, an export writes exactly the rows the filter keeps, and the
/// account page lists the account's deals.
/// </summary>
public class AccountBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_sees_every_account_searches_sorts_by_won_amount_and_exports_what_the_filter_keeps()
    {
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, "/accounts");
        var total = page.Locator("#account-total");
        await total.WaitForAsync();
        Assert.Equal(await fixture.CountAsync("select count(*) from accounts"), long.Parse((await total.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture));

        // The account whose won deals add up to most, by plain SQL: first when sorted by won amount.
        var top = await fixture.TextAsync("""
            select a.name from accounts a join deals d on d.account_id = a.id join stages s on s.id = d.stage_id
            where s.kind = 'Won' group by a.id order by sum(cast(d.amount as real)) desc, a.id desc limit 1
            """);
        await fixture.GoToAsync(page, "/accounts?sort=won");
        await page.Locator("#accounts tbody tr").First.Locator("th a", new() { HasText = top }).WaitForAsync();

        var word = top.Split(' ', '#')[0];
        await fixture.GoToAsync(page, $"/accounts?q={Uri.EscapeDataString(word)}");
        var matching = await fixture.CountAsync($"select count(*) from accounts where lower(name) like '%{word.ToLowerInvariant()}%'");
        await page.Locator($"#account-total[data-total='{matching}']").WaitForAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#accounts-csv").ClickAsync());
        var lines = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.Equal(matching + 1, lines.Length);
        Assert.StartsWith("Account,Industry,Region", lines[0], StringComparison.Ordinal);

        await page.Locator("#accounts tbody tr").First.Locator("th a").ClickAsync();
        await page.Locator("#account-facts").WaitForAsync();
        var id = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);
        var deals = await fixture.CountAsync($"select count(*) from deals where account_id = {id}");
        Assert.Equal(deals, await page.Locator("#account-deals tbody tr").CountAsync());
    }

    [Fact]
    public async Task A_contact_with_a_bad_e_mail_is_refused_on_the_field_keeps_what_was_typed_then_is_added_and_corrected_and_so_is_the_account()
    {
        var account = await fixture.CountAsync("select min(id) from accounts");
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, $"/accounts/{account}");
        await page.Locator("#contact-add").ClickAsync();

        await page.Locator("#contact-name").FillAsync("Li Lei");
        await page.Locator("#contact-email").FillAsync("li.lei.example.com");
        await page.Locator("#contact-save").ClickAsync();
        await page.Locator("#contact-form .mud-input-error").First.WaitForAsync();
        Assert.Equal("Li Lei", await page.Locator("#contact-name").InputValueAsync());
        Assert.Equal(0, await fixture.CountAsync("select count(*) from contacts where name = 'Li Lei'"));

        await page.Locator("#contact-email").FillAsync("li.lei@example.com");
        await page.Locator("#contact-save").ClickAsync();
        var row = page.Locator("#contacts tbody tr", new() { HasText = "Li Lei" });
        await row.WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync($"select count(*) from contacts where name = 'Li Lei' and email = 'li.lei@example.com' and account_id = {account}"));

        await row.Locator(".contact-edit").ClickAsync();
        await page.Locator("#contact-title").FillAsync("Purchasing manager");
        await page.Locator("#contact-save").ClickAsync();
        await page.Locator("#contacts tbody tr", new() { HasText = "Purchasing manager" }).WaitForAsync();
        Assert.Equal("Purchasing manager", await fixture.TextAsync("select title from contacts where name = 'Li Lei'"));

        // The account's own details: an empty name is refused on the field, a new industry is kept.
        var name = await fixture.TextAsync($"select name from accounts where id = {account}");
        await page.Locator("#account-edit").ClickAsync();
        await page.Locator("#account-name").FillAsync("");
        await page.Locator("#account-industry").FillAsync("Robotics");
        await page.Locator("#account-save").ClickAsync();
        await page.Locator("#account-form .mud-input-error").First.WaitForAsync();
        Assert.Equal("Robotics", await page.Locator("#account-industry").InputValueAsync());
        await page.Locator("#account-name").FillAsync(name);
        await page.Locator("#account-save").ClickAsync();
        await page.Locator("#account-facts", new() { HasText = "Robotics" }).WaitForAsync();
        Assert.Equal("Robotics", await fixture.TextAsync($"select industry from accounts where id = {account}"));
    }

    [Fact]
    public async Task Saving_an_account_someone_changed_meanwhile_shows_both_changes_and_applying_mine_keeps_both()
    {
        var account = await fixture.CountAsync("select max(id) from accounts");
        var page = await fixture.NewSignedInPageAsync("admin", "en-US");
        await fixture.GoToAsync(page, $"/accounts/{account}");
        await page.Locator("#account-edit").ClickAsync();
        await page.Locator("#account-industry").FillAsync("Shipbuilding");

        // Another user's save lands while the form is open: their region, at the next version.
        await fixture.ScalarAsync($"update accounts set region = 'Hainan', version = version + 1 where id = {account}");
        await page.Locator("#account-save").ClickAsync();

        var changes = page.Locator("#conflict-changes");
        await changes.WaitForAsync();
        Assert.Contains("Hainan", await changes.Locator("tr[data-field='region']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Shipbuilding", await changes.Locator("tr[data-field='industry']").InnerTextAsync(), StringComparison.Ordinal);
        // Nothing of the user's edit is written until they choose.
        Assert.Equal(0, await fixture.CountAsync($"select count(*) from accounts where id = {account} and industry = 'Shipbuilding'"));

        await page.Locator("#conflict-apply").ClickAsync();
        await page.Locator("#account-facts", new() { HasText = "Shipbuilding" }).WaitForAsync();
        Assert.Equal(1, await fixture.CountAsync($"select count(*) from accounts where id = {account} and industry = 'Shipbuilding' and region = 'Hainan'"));
    }

    [Fact]
    public async Task A_rep_sees_the_accounts_and_contacts_of_the_reps_own_deals()
    {
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep);
        await fixture.GoToAsync(page, "/accounts");
        var own = await fixture.CountAsync($"""
            select count(distinct d.account_id) from deals d join users u on u.id = d.owner_id
            where u.login_name = '{DemoCast.StarRep}' and d.account_id is not null
            """);
        await page.Locator($"#account-total[data-total='{own}']").WaitForAsync();

        await fixture.GoToAsync(page, "/contacts");
        var contacts = await fixture.CountAsync($"""
            select count(*) from contacts c where c.account_id in
              (select d.account_id from deals d join users u on u.id = d.owner_id where u.login_name = '{DemoCast.StarRep}')
            """);
        await page.Locator($"#contact-total[data-total='{contacts}']").WaitForAsync();
    }
}
