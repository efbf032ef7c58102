using System.Net;
using Loudou.Storage;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Tests.Operations;

/// <summary>The keys that sign the session cookie live in the database: a cookie from one host process is good at another, and after a restart.</summary>
public class SharedKeysTests
{
    [Fact]
    public async Task A_session_started_on_one_host_is_signed_in_on_a_second_host_of_the_same_database()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await AccessWorld.CreateAsync(database);
        // One browser: its cookies go to both hosts (a cookie is kept by host name, not port).
        var cookies = new CookieContainer();
        var first = Start(database);
        try
        {
            using var client = Browser(await HostProcess.WaitForAddressAsync(first), cookies);
            var signIn = await Access.SignInTests.SignInAsync(client, "ann", AccessWorld.Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/", signIn.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await PageAsync(client)).StatusCode);
        }
        finally
        {
            await HostProcess.StopAsync(first);
        }

        var second = Start(database);
        try
        {
            var address = await HostProcess.WaitForAddressAsync(second);
            using var client = Browser(address, cookies);
            using var stranger = Browser(address, new CookieContainer());

            var signedIn = await PageAsync(client);
            var anonymous = await PageAsync(stranger);

            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        }
        finally
        {
            await HostProcess.StopAsync(second);
        }
        await using var db = database.NewContext();
        // One key ring for both hosts: the second found the first's key rather than making its own.
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private static System.Diagnostics.Process Start(TestDatabase database) =>
        HostProcess.Start(database.Target, "--urls", "http://127.0.0.1:0", "--Loudou:Scheduler:Enabled=false");

    private static HttpClient Browser(string address, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

    private static Task<HttpResponseMessage> PageAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/deals");
        request.Headers.Accept.ParseAdd("text/html");
        return client.SendAsync(request);
    }
}
