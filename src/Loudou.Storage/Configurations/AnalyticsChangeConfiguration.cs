using Loudou.Storage.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class AnalyticsChangeConfiguration : IEntityTypeConfiguration<AnalyticsChange>
{
    public void Configure(EntityTypeBuilder<AnalyticsChange> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Deals).HasMaxLength(AnalyticsChange.MaxDeals * 21);
    }
}
