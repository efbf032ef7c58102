using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// The custom fields page in real Chromium: an admin adds fields of each type, a bad key is refused on its field, a type change
/// that a stored value would not fit is refused with the count, a field is removed after the confirmation; the API reads what
/// the page wrote. Saves docs/screenshots/admin-fields.en.desktop.png and admin-fields.zh-CN.phone.png.
/// </summary>
public class FieldsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_adds_edits_and_removes_fields_and_a_change_that_would_break_values_is_refused()
    {
        var problems = new List<string>();
        var page = await fixture.NewSignedInPageAsync("admin", "en-US", BrowserFixture.Desktop);
        await fixture.GoToAsync(page, "/admin/fields");
        await page.Locator("#fields-none").WaitForAsync();

        await AddAsync(page, "budget", "预算", "Budget", "Number");
        await AddAsync(page, "segment", "客户类型", "Segment", "Choice", "smb\nmid-market\nenterprise");
        await AddAsync(page, "competitors", "竞争对手", "Competitors", "Multiple choice", "none\nlocal\nmultinational");
        await AddAsync(page, "decision_date", "决策日期", "Decision date", "Date");
        await AddAsync(page, "tender", "需要招标", "Tender required", "Yes/no");
        await AddAsync(page, "pain_point", "客户痛点", "Pain point", "Text");
        await page.Locator("#field-add").ClickAsync();
        await page.Locator("#field-key").FillAsync("Bad Key");
        await page.Locator("#field-name-en").FillAsync("Bad");
        await page.Locator("#field-save").ClickAsync();
        await page.Locator("#field-form .mud-input-control.mud-input-error", new() { Has = page.Locator("#field-key") }).WaitForAsync();
        await page.Locator("#field-cancel").ClickAsync();

        // A deal holds a segment; making the segment a number would break it, and the page says so on the type.
        var deal = (await fixture.ApiAsync(page, "/api/v1/deals?pageSize=1"))["items"]!.AsArray()[0]!;
        var patch = await page.Context.APIRequest.PatchAsync($"{fixture.Address}/api/v1/deals/{deal["id"]}",
            new() { DataObject = new { custom = new { segment = "enterprise" }, version = (int)deal["version"]! } });
        Assert.True(patch.Ok, await patch.TextAsync());
        await fixture.GoToAsync(page, "/admin/fields");
        await Assertions.Expect(page.Locator("#fields td[data-values]").Nth(1)).ToHaveAttributeAsync("data-values", "1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit segment" }).ClickAsync();
        await ChooseAsync(page, "#field-type", "Number");
        await page.Locator("#field-save").ClickAsync();
        await Assertions.Expect(page.Locator("#field-form")).ToContainTextAsync("changing 'segment' from choice to number would break 1 of its 1 values");
        await page.Locator("#field-options").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await ChooseAsync(page, "#field-type", "Choice");
        await page.Locator("#field-options").FillAsync("smb\nmid-market\nenterprise\npublic");
        await page.Locator("#field-name-zh").FillAsync("客户分类");
        await page.Locator("#field-save").ClickAsync();
        await page.Locator("#field-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator(".mud-snackbar").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await ShellBrowserTests.CheckAsync(page, "admin-fields", "en", "desktop", problems);

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit tender" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove tender" }).ClickAsync();
        await Assertions.Expect(page.Locator("#field-remove-text")).ToContainTextAsync("0 deals hold a value of it");
        await page.Locator("#field-remove-confirm").ClickAsync();
        await page.Locator("#fields td[data-field='tender']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var fields = (await fixture.ApiAsync(page, "/api/v1/fields"))["fields"]!.AsArray();
        Assert.Equal(["budget", "segment", "competitors", "decision_date", "pain_point"], fields.Select(f => (string)f!["key"]!));
        var segment = fields[1]!;
        Assert.Equal(("客户分类", "choice"), ((string)segment["name"]!["zh-CN"]!, (string)segment["type"]!));
        Assert.Equal(["smb", "mid-market", "enterprise", "public"], segment["options"]!.AsArray().Select(o => (string)o!));
        await page.Context.CloseAsync();

        var phone = await fixture.NewSignedInPageAsync("admin", "zh-CN", BrowserFixture.Phone);
        await fixture.GoToAsync(phone, "/admin/fields");
        await Assertions.Expect(phone.Locator("#fields td[data-field='segment'] div").First).ToHaveTextAsync("客户分类");
        // The form as a phone shows it: one column, the options one per line, save within reach.
        await phone.GetByRole(AriaRole.Button, new() { Name = "编辑 segment" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#field-options")).ToHaveValueAsync("smb\nmid-market\nenterprise\npublic");
        await ShellBrowserTests.CheckAsync(phone, "admin-fields", "zh-CN", "phone", problems);
        await phone.Context.CloseAsync();
        Assert.Empty(problems);
    }

    /// <summary>Adds a field through the page's form and waits for its row.</summary>
    private static async Task AddAsync(IPage page, string key, string zh, string en, string type, string? options = null)
    {
        await page.Locator("#field-add").ClickAsync();
        await page.Locator("#field-key").FillAsync(key);
        await page.Locator("#field-name-zh").FillAsync(zh);
        await page.Locator("#field-name-en").FillAsync(en);
        await ChooseAsync(page, "#field-type", type);
        if (options is not null)
        {
            await page.Locator("#field-options").FillAsync(options);
        }
        await page.Locator("#field-save").ClickAsync();
        await page.Locator($"#fields td[data-field='{key}']").WaitForAsync();
        await page.Locator("#field-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Picks an option of a MudSelect, which puts its id on a hidden input: the box around it opens the list.</summary>
    internal static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator(select).Locator("xpath=..").ClickAsync();
        await page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }
}
