using System.Net;
using System.Text.RegularExpressions;
using Loudou.Storage;
using Loudou.Storage.Access;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Access;

/// <summary>Sign-in through the form, as a browser without JavaScript would do it.</summary>
public partial class SignInTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rep_signs_in_sees_only_own_deals_and_signs_out(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var client = web.Anonymous();

        var signIn = await SignInAsync(client, "bob", AccessWorld.Password);
        var home = await client.GetStringAsync("/deals");
        // The sign-out form sits in the user menu, which renders when opened; any page's token serves.
        var signOut = await PostFormAsync(client, "/signin", "/account/signout", []);
        var afterwards = await client.GetAsync("/");

        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Contains("Bob South-Rep", home);
        Assert.Equal(["S2", "S1"], DealNames().Matches(home).Select(m => m.Groups[1].Value));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("/signin", afterwards.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_and_the_password_is_never_echoed()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();

        var response = await SignInAsync(client, "ann", AccessWorld.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("loudou.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AccessWorld.Password, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task With_secure_cookies_only_the_session_cookie_is_marked_secure()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite, ("Loudou:SignIn:SecureCookiesOnly", "true"));
        using var client = web.Anonymous();
        client.BaseAddress = new Uri("https://localhost");

        var response = await SignInAsync(client, "ann", AccessWorld.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("loudou.session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_reverse_proxys_basic_authorization_header_does_not_get_in_the_way_of_pages()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic cHJveHk6c2VjcmV0");

        await SignInAsync(client, "ann", AccessWorld.Password);
        var home = await client.GetAsync("/deals");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_forms_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();

        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent([new("login", "ann"), new("password", AccessWorld.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("loudou.session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Repeated_wrong_passwords_lock_the_user_out_even_for_the_right_password(DatabaseProvider provider)
    {
        await using var web = await WebWorld.CreateAsync(provider);
        using var client = web.Anonymous();

        var outcomes = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            outcomes.Add((await SignInAsync(client, "ann", "wrong-password")).Headers.Location!.OriginalString);
        }
        var right = await SignInAsync(client, "ann", AccessWorld.Password);

        Assert.All(outcomes.Take(4), location => Assert.Equal("/signin?error=failed", location));
        Assert.Equal("/signin?error=locked", outcomes[4]);
        Assert.Equal("/signin?error=locked", right.Headers.Location!.OriginalString);
        await using var db = web.Database.NewContext();
        var ann = await db.Users.SingleAsync(u => u.LoginName == "ann");
        Assert.True(ann.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Too_many_sign_in_posts_from_one_address_are_refused_with_429_whatever_the_login()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite, ("Loudou:SignIn:AttemptsPerMinute", "3"));
        using var client = web.Anonymous();

        var statuses = new List<HttpStatusCode>();
        foreach (var login in new[] { "ann", "bob", "max", "sue" })
        {
            statuses.Add((await SignInAsync(client, login, "wrong-password")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_an_open_session_ends_at_the_next_request()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var ann = web.Anonymous();
        using var bob = web.Anonymous();
        await SignInAsync(ann, "ann", AccessWorld.Password);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/deals")).StatusCode);

        await using (var db = web.Database.NewContext())
        {
            await new UserAdmin(db).DisableAsync("ann");
            await new UserAdmin(db).DisableAsync("bob");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await ann.GetAsync("/deals")).StatusCode);
        Assert.Equal("/signin?error=failed", (await SignInAsync(bob, "bob", AccessWorld.Password)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_role_change_applies_to_an_open_session_at_the_next_request()
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();
        await SignInAsync(client, "ann", AccessWorld.Password);
        Assert.Equal(3, DealNames().Matches(await client.GetStringAsync("/deals")).Count);

        await using (var db = web.Database.NewContext())
        {
            (await db.Users.SingleAsync(u => u.LoginName == "ann")).ChangeRole(Core.Workspace.UserRole.Manager);
            await db.SaveChangesAsync();
        }

        Assert.Equal(4, DealNames().Matches(await client.GetStringAsync("/deals")).Count);
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\r\nSet-Cookie: x=1", "/")]
    [InlineData("/报表", "/")]
    [InlineData("/?page=2", "/?page=2")]
    public async Task After_sign_in_only_a_path_on_this_site_is_followed(string returnUrl, string expected)
    {
        await using var web = await WebWorld.CreateAsync(DatabaseProvider.Sqlite);
        using var client = web.Anonymous();

        var response = await SignInAsync(client, "ann", AccessWorld.Password, returnUrl);

        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    internal static Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password, string returnUrl = "/") =>
        PostFormAsync(client, "/signin", "/account/signin", [new("login", login), new("password", password), new("returnUrl", returnUrl)]);

    /// <summary>Loads the page that holds the form, then posts the form with that page's antiforgery token, as a browser does.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, KeyValuePair<string, string>[] fields)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A deal's name in the list's table (the phone cards repeat it in a span).</summary>
    [GeneratedRegex("<div class=\"deal-name\"[^>]*><a[^>]*>([^<]+)</a></div>")]
    private static partial Regex DealNames();
}
