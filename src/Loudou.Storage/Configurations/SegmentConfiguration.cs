using Loudou.Core.Catalog;
using Loudou.Core.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.Property(s => s.Key).HasMaxLength(Segment.MaxKeyLength);
        b.HasIndex(s => s.Key).IsUnique();
        b.Property(s => s.Name).HasMaxLength(Tag.MaxNameLength);
        b.Property(s => s.Rule).HasMaxLength(4000);
        // A tag removed in the picklists takes its segment with it: a segment without its tag filters nothing.
        b.HasOne<Tag>().WithMany().HasForeignKey(s => s.TagId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.TagId).IsUnique();
    }
}
