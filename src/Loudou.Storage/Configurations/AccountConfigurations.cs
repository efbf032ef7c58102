using Loudou.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(a => a.Name).HasMaxLength(200);
        b.HasIndex(a => a.Name);
        b.Property(a => a.Industry).HasMaxLength(100);
        b.Property(a => a.SizeBand).HasMaxLength(50);
        b.Property(a => a.Region).HasMaxLength(100);
        b.Property(a => a.CreditCode).HasMaxLength(18);
        b.HasIndex(a => a.CreditCode);
        b.Property(a => a.Source).HasMaxLength(50);
        b.Property(a => a.ExternalId).HasMaxLength(100);
        // NULLs are distinct in unique indexes on both providers, so accounts made here never collide.
        b.HasIndex(a => new { a.Source, a.ExternalId }).IsUnique();
        // The default lets bulk imports, which name their columns, leave the version out.
        b.Property(a => a.Version).IsConcurrencyToken().HasDefaultValue(0);
        b.Audited();
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.Phone).HasMaxLength(50);
        b.HasIndex(c => c.Phone);
        b.Property(c => c.Email).HasMaxLength(254);
        b.HasIndex(c => c.Email);
        b.Property(c => c.WeChat).HasMaxLength(100);
        b.Property(c => c.Source).HasMaxLength(50);
        b.Property(c => c.ExternalId).HasMaxLength(100);
        b.HasIndex(c => new { c.Source, c.ExternalId }).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken().HasDefaultValue(0);
        b.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.Audited();
    }
}
