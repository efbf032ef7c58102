using System.Net;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Loudou.Web.Startup;

namespace Loudou.Web.Tests.Startup;

/// <summary>Every answer, page, API, asset, redirect or error, carries the policy and the hardening headers; plain HTTP keeps working.</summary>
public class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_the_api_assets_redirects_and_errors_all_carry_the_headers()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = web.Anonymous();
        await Access.SignInTests.SignInAsync(browser, "root", AccessWorld.Password);
        using var api = web.ClientFor("ann");
        using var anonymous = web.Anonymous();

        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("sign-in page", await anonymous.GetAsync("/signin")),
            ("redirect to sign-in", await anonymous.GetAsync("/deals")),
            ("health", await anonymous.GetAsync("/healthz")),
            ("deal list", await browser.GetAsync("/deals")),
            ("tokens page", await browser.GetAsync("/tokens")),
            ("audit page", await browser.GetAsync("/admin/audit")),
            ("stylesheet", await anonymous.GetAsync("/app.css")),
            ("API list", await api.GetAsync("/api/v1/deals")),
            ("API error", await api.GetAsync("/api/v1/deals?page=abc")),
            ("API not found", await api.GetAsync("/api/v1/deals/999999")),
        };

        Assert.All(answers, answer =>
        {
            var headers = answer.Response.Headers;
            Assert.True(headers.TryGetValues("Content-Security-Policy", out var csp), answer.What);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(csp));
            Assert.Contains("script-src 'self';", csp.Single());
            Assert.Contains("frame-ancestors 'none'", csp.Single());
            Assert.DoesNotContain("unsafe-eval", csp.Single());
            Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", Assert.Single(headers.GetValues("Referrer-Policy")));
            Assert.False(headers.Contains("Strict-Transport-Security"), answer.What);
            // Errors too name their request, for finding its log lines.
            Assert.False(string.IsNullOrWhiteSpace(Assert.Single(headers.GetValues("X-Request-Id"))), answer.What);
        });
        Assert.Equal(HttpStatusCode.OK, answers.Single(a => a.What == "health").Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers.Single(a => a.What == "stylesheet").Response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_page_is_the_apps_not_found_page_and_an_unknown_api_route_stays_problem_details()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = web.Anonymous();
        await Access.SignInTests.SignInAsync(browser, "ann", AccessWorld.Password);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var api = web.ClientFor("ann");

        var page = await browser.GetAsync("/no/such/page");
        var route = await api.GetAsync("/api/v1/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_host_set_to_https_only_redirects_plain_http()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var factory = new LoudouWebFactory(database.Target, ("Loudou:Web:HttpsOnly", "true"), ("HTTPS_PORT", "443"));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith("https://", response.Headers.Location!.OriginalString);
    }
}
