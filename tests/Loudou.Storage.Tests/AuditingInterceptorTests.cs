using Loudou.Storage.Configurations;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loudou.Storage.Tests;

public class AuditingInterceptorTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Records_are_stamped_from_the_clock_when_created_and_when_changed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var dealId = await Builders.SavedDealIdAsync(database, "Acme", clock);
        clock.Advance(TimeSpan.FromHours(5));
        await using (var db = database.NewContext(clock))
        {
            (await db.Deals.SingleAsync(d => d.Id == dealId)).Rename("Acme Ltd");
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext(clock))
        {
            var entry = db.Entry(await db.Deals.SingleAsync(d => d.Id == dealId));
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), entry.Property<DateTimeOffset>(AuditedExtensions.RecordedAt).CurrentValue);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 8, 4, 5, TimeSpan.Zero), entry.Property<DateTimeOffset>(AuditedExtensions.UpdatedAt).CurrentValue);
            Assert.Equal(1, entry.Entity.Version);
        }
    }
}
