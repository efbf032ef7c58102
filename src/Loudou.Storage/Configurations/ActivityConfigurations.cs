using Loudou.Core.Accounts;
using Loudou.Core.Activities;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(a => a.Outcome).HasMaxLength(200);
        b.Property(a => a.Note).HasMaxLength(4000);
        b.Property(a => a.Source).HasMaxLength(50);
        b.Property(a => a.ExternalId).HasMaxLength(100);
        b.HasIndex(a => new { a.Source, a.ExternalId }).IsUnique();
        b.HasIndex(a => new { a.DealId, a.At });
        b.HasIndex(a => new { a.ByUserId, a.At });
        b.HasOne<Deal>().WithMany().HasForeignKey(a => a.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.ByUserId).OnDelete(DeleteBehavior.SetNull);
        b.Audited();
    }
}

internal sealed class DealTaskConfiguration : IEntityTypeConfiguration<DealTask>
{
    public void Configure(EntityTypeBuilder<DealTask> b)
    {
        b.Property(t => t.Title).HasMaxLength(200);
        b.Ignore(t => t.IsDone);
        b.HasIndex(t => new { t.AssigneeId, t.DoneAt, t.Due });
        b.HasIndex(t => t.DealId);
        b.HasOne<Deal>().WithMany().HasForeignKey(t => t.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.DoneByUserId).OnDelete(DeleteBehavior.SetNull);
        b.Audited();
    }
}
