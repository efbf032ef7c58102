using Loudou.Core.Access;
using Loudou.Core.Catalog;
using Loudou.Core.Demo;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Microsoft.Playwright;

namespace Loudou.Web.Tests.Browser;

/// <summary>
/// Custom values in the deal forms, in real Chromium: a rep creates a deal with a number and a choice, edits it with the date
/// picker, the multiple choice and the yes/no select, clears a text, and the API then reads every value back.
/// </summary>
public class DealCustomValuesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Fields = """
        { "fields": [
          { "key": "budget", "name": { "zh-CN": "预算", "en": "Budget" }, "type": "number" },
          { "key": "segment", "name": { "zh-CN": "客户类型", "en": "Segment" }, "type": "choice", "options": ["smb", "mid-market", "enterprise"] },
          { "key": "competitors", "name": { "zh-CN": "竞争对手", "en": "Competitors" }, "type": "multiChoice", "options": ["none", "local", "multinational"] },
          { "key": "decision_date", "name": { "zh-CN": "决策日期", "en": "Decision date" }, "type": "date" },
          { "key": "tender", "name": { "zh-CN": "需要招标", "en": "Tender required" }, "type": "boolean" },
          { "key": "pain_point", "name": { "zh-CN": "客户痛点", "en": "Pain point" }, "type": "text" }
        ] }
        """;

    [Fact]
    public async Task Custom_values_set_through_the_deal_forms_read_back_through_the_api()
    {
        await using (var db = LoudouDatabase.CreateContext(fixture.Target, AccessScope.Everything))
        {
            Assert.Empty((await new CustomFieldStore(db).ApplyAsync(CustomFieldsFile.Parse(Fields).Document!)).Errors);
        }
        var page = await fixture.NewSignedInPageAsync(DemoCast.StarRep, "en-US");
        await fixture.GoToAsync(page, "/deals/new");
        await page.Locator("#form-custom-budget").WaitForAsync();

        await page.Locator("#form-name").FillAsync("Custom values deal");
        await page.Locator("#form-custom-budget").FillAsync("1500000.50");
        await FieldsBrowserTests.ChooseAsync(page, "#form-custom-segment", "enterprise");
        await page.Locator("#form-custom-pain_point").FillAsync("slow quotes");
        await page.Locator("#form-save").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/deals/\d+$"));
        var id = page.Url.Split('/')[^1];
        await Assertions.Expect(page.Locator("#deal-parts dd[data-value='enterprise']")).ToBeVisibleAsync();

        await page.Locator("#deal-edit").ClickAsync();
        await page.Locator("#form-custom-decision_date").FillAsync("12/31/2026");
        await page.Locator("#form-custom-competitors").Locator("xpath=..").ClickAsync();
        var options = page.Locator(".mud-popover-open");
        await options.GetByRole(AriaRole.Option, new() { Name = "multinational" }).ClickAsync();
        await options.GetByRole(AriaRole.Option, new() { Name = "local" }).ClickAsync();
        // A multiple choice stays open after each pick; it must be shut before the next field is opened.
        await page.Keyboard.PressAsync("Escape");
        if (!await WaitClosedAsync(page, 5_000))
        {
            await page.Keyboard.PressAsync("Escape");
            await WaitClosedAsync(page, 30_000);
        }
        await FieldsBrowserTests.ChooseAsync(page, "#form-custom-tender", "Yes");
        await page.Locator("#form-custom-pain_point").FillAsync("");
        await BrowserFixture.ScreenshotAsync(page, "deal-form.custom-fields");
        await page.Locator("#form-save").ClickAsync();
        await page.Locator("#deal-facts").WaitForAsync();

        var custom = (await fixture.ApiAsync(page, $"/api/v1/deals/{id}"))["custom"]!.AsObject();
        Assert.Equal(["budget", "competitors", "decision_date", "segment", "tender"], custom.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(1_500_000.5m, (decimal)custom["budget"]!);
        Assert.Equal("enterprise", (string)custom["segment"]!);
        Assert.Equal(["local", "multinational"], custom["competitors"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("2026-12-31", (string)custom["decision_date"]!);
        Assert.True((bool)custom["tender"]!);
        await Assertions.Expect(page.Locator("#deal-parts dd[data-value='local, multinational']")).ToHaveTextAsync("local, multinational");
        await BrowserFixture.ScreenshotAsync(page, "deal-page.custom-values");
    }

    private static async Task<bool> WaitClosedAsync(IPage page, float timeout)
    {
        try
        {
            await page.Locator(".mud-popover-open [role=option]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = timeout });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
