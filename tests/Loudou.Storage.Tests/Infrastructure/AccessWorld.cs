using Loudou.Core.Access;
using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;

namespace Loudou.Storage.Tests.Infrastructure;

/// <summary>
/// Two teams, a rep and a manager in each, an admin, and deals whose visibility is known by
/// construction: what each caller may see is listed here, next to the rows that make it so.
/// </summary>
/// <remarks>
/// North: rep "ann" owns deals N1–N3, manager "max" owns N4. South: rep "bob" owns S1–S2, manager
/// "sue" owns S3. One deal (X1) has no owner, so only the admin sees it. Account "Shared" has deals
/// of ann (N1) and bob (S1); account "NorthOnly" only N2; "Orphan" has no deal. Every deal has one
/// activity, one contact on its account, and one task; bob's S2 task is assigned to ann. Tag "vip"
/// is on N1, S1 and X1. The rep and team ids are the saved ones.
/// </remarks>
public sealed record AccessWorld(
    IReadOnlyDictionary<string, User> Users,
    IReadOnlyDictionary<string, long> Deals,
    IReadOnlyDictionary<string, int> Accounts,
    IReadOnlyDictionary<string, int> Teams)
{
    public const string Password = "Access-world-2026";

    /// <summary>Deal names each login may see.</summary>
    public static IReadOnlyDictionary<string, string[]> VisibleDeals { get; } = new Dictionary<string, string[]>
    {
        ["ann"] = ["N1", "N2", "N3"],
        ["max"] = ["N1", "N2", "N3", "N4"],
        ["bob"] = ["S1", "S2"],
        ["sue"] = ["S1", "S2", "S3"],
        ["root"] = ["N1", "N2", "N3", "N4", "S1", "S2", "S3", "X1"],
    };

    public static IReadOnlyList<string> Logins { get; } = ["ann", "max", "bob", "sue", "root"];

    public AccessScope ScopeOf(string login) => AccessScope.For(Users[login]);

    public static async Task<AccessWorld> CreateAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<User>();
        var north = db.Teams.Add(Team.Create("North")).Entity;
        var south = db.Teams.Add(Team.Create("South")).Entity;
        await db.SaveChangesAsync();
        var users = new Dictionary<string, User>
        {
            ["ann"] = User.Create("ann", "Ann North-Rep", UserRole.Rep, north),
            ["max"] = User.Create("max", "Max North-Manager", UserRole.Manager, north),
            ["bob"] = User.Create("bob", "Bob South-Rep", UserRole.Rep, south),
            ["sue"] = User.Create("sue", "Sue South-Manager", UserRole.Manager, south),
            ["root"] = User.Create("root", "Root Admin", UserRole.Admin, null),
        };
        foreach (var user in users.Values)
        {
            user.SetPasswordHash(hasher.HashPassword(user, Password));
            db.Users.Add(user);
        }
        var accounts = new Dictionary<string, Account>
        {
            ["Shared"] = Account.Create("Shared"),
            ["NorthOnly"] = Account.Create("NorthOnly"),
            ["SouthOnly"] = Account.Create("SouthOnly"),
            ["Orphan"] = Account.Create("Orphan"),
        };
        db.Accounts.AddRange(accounts.Values);
        var vip = db.Tags.Add(Tag.Create("vip")).Entity;
        var web = db.Channels.Add(Channel.Create("Web")).Entity;
        await db.SaveChangesAsync();
        db.Contacts.Add(Contact.Create("Orphan contact", accounts["Orphan"]));

        var pipeline = await Builders.DefaultPipelineAsync(db);
        var plan = new (string Name, string? Owner, string Account, bool Vip)[]
        {
            ("N1", "ann", "Shared", true), ("N2", "ann", "NorthOnly", false), ("N3", "ann", "NorthOnly", false), ("N4", "max", "NorthOnly", false),
            ("S1", "bob", "Shared", true), ("S2", "bob", "SouthOnly", false), ("S3", "sue", "SouthOnly", false),
            ("X1", null, "SouthOnly", true),
        };
        var deals = new Dictionary<string, Deal>();
        var created = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
        foreach (var (name, owner, account, isVip) in plan)
        {
            var contact = db.Contacts.Add(Contact.Create("Contact of " + name, accounts[account])).Entity;
            await db.SaveChangesAsync();
            var deal = Deal.Create(name, pipeline, "CNY", created, owner is null ? null : users[owner].Id, TransitionSource.App);
            deal.AssignTo(owner is null ? null : users[owner]);
            deal.LinkAccount(accounts[account].Id, contact.Id);
            deal.SetAmount(10_000m, "CNY");
            deal.SetChannel(web);
            if (isVip)
            {
                deal.AddTag(vip);
            }
            db.Deals.Add(deal);
            deals[name] = deal;
            created = created.AddDays(1);
        }
        await db.SaveChangesAsync();
        foreach (var (name, deal) in deals)
        {
            db.Activities.Add(Activity.Record(deal.Id, ActivityKind.Call, created, deal.OwnerId, note: "call on " + name));
            var assignee = name == "S2" ? users["ann"].Id : deal.OwnerId;
            db.DealTasks.Add(DealTask.Create(deal.Id, "Task of " + name, created.AddDays(3), assignee));
        }
        await db.SaveChangesAsync();
        return new AccessWorld(
            users,
            deals.ToDictionary(d => d.Key, d => d.Value.Id),
            accounts.ToDictionary(a => a.Key, a => a.Value.Id),
            new Dictionary<string, int> { ["North"] = north.Id, ["South"] = south.Id });
    }
}
