using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Tests.Infrastructure;

/// <summary>Saved records that tests build on; each test owns what it creates.</summary>
public static class Builders
{
    public static Task<Pipeline> DefaultPipelineAsync(LoudouDbContext db) =>
        db.Pipelines.SingleAsync(p => p.Key == BuiltinPipelines.Default.Key);

    public static async Task<User> UserAsync(LoudouDbContext db, string login, UserRole role = UserRole.Rep, string team = "East")
    {
        var existing = await db.Teams.SingleOrDefaultAsync(t => t.Name == team);
        var savedTeam = existing ?? db.Teams.Add(Team.Create(team)).Entity;
        await db.SaveChangesAsync();
        var user = User.Create(login, login.ToUpperInvariant(), role, savedTeam);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A saved deal in the default pipeline's first stage, created at <paramref name="createdAt"/>.</summary>
    public static async Task<Deal> DealAsync(LoudouDbContext db, string name, DateTimeOffset? createdAt = null, User? owner = null)
    {
        var pipeline = await DefaultPipelineAsync(db);
        var deal = Deal.Create(name, pipeline, "CNY", createdAt ?? new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)), owner?.Id, TransitionSource.App);
        deal.AssignTo(owner);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    }

    /// <summary>Saves a deal through a context of its own and returns its id, for tests that then open several.</summary>
    public static async Task<long> SavedDealIdAsync(TestDatabase database, string name, TimeProvider? clock = null)
    {
        await using var db = database.NewContext(clock);
        return (await DealAsync(db, name)).Id;
    }

    public static async Task<Channel> ChannelAsync(LoudouDbContext db, string name)
    {
        var channel = Channel.Create(name);
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }
}
