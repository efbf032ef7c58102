using Loudou.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => c.Name).IsUnique();
    }
}

/// <remarks>One row per channel and month, so a re-import changes a month's cost instead of adding a second.</remarks>
internal sealed class ChannelCostConfiguration : IEntityTypeConfiguration<ChannelCost>
{
    public void Configure(EntityTypeBuilder<ChannelCost> b)
    {
        b.Property(c => c.Currency).HasMaxLength(3);
        b.HasIndex(c => new { c.ChannelId, c.Month }).IsUnique();
        b.HasOne<Channel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Name).HasMaxLength(100);
        b.HasIndex(p => p.Name).IsUnique();
        b.Property(p => p.Series).HasMaxLength(100);
        b.Property(p => p.Currency).HasMaxLength(3);
    }
}

internal sealed class LossReasonConfiguration : IEntityTypeConfiguration<LossReason>
{
    public void Configure(EntityTypeBuilder<LossReason> b)
    {
        b.Property(r => r.Key).HasMaxLength(64);
        b.HasIndex(r => r.Key).IsUnique();
        b.Texts(r => r.Name);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.Property(t => t.Name).HasMaxLength(50);
        b.HasIndex(t => t.Name).IsUnique();
        b.Property(t => t.Color).HasMaxLength(7);
    }
}

internal sealed class CustomFieldConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> b)
    {
        b.Property(f => f.Key).HasMaxLength(64);
        b.HasIndex(f => f.Key).IsUnique();
        b.Texts(f => f.Name);
        b.PrimitiveCollection(f => f.Options);
    }
}

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> b)
    {
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.RateToBase).HasPrecision(19, 8);
        b.HasIndex(r => new { r.Currency, r.ValidFrom }).IsUnique();
    }
}
