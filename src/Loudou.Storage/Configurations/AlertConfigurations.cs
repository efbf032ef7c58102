using Loudou.Core.Activities;
using Loudou.Core.Alerts;
using Loudou.Core.Deals;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> b)
    {
        b.Property(r => r.Key).HasMaxLength(64);
        b.HasIndex(r => r.Key).IsUnique();
        b.Texts(r => r.Name);
        b.Property(r => r.Condition).HasMaxLength(8000);
        b.Property(r => r.Schedule).HasMaxLength(100);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.Audited();
    }
}

internal sealed class AlertEpisodeConfiguration : IEntityTypeConfiguration<AlertEpisode>
{
    public void Configure(EntityTypeBuilder<AlertEpisode> b)
    {
        b.Property(e => e.Metric).HasMaxLength(32);
        b.HasOne<AlertRule>().WithMany().HasForeignKey(e => e.AlertRuleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.SetNull);
        // At most one open episode per rule, whoever runs the evaluation at the same time: the fire-once rule in the schema.
        b.HasIndex(e => e.AlertRuleId).IsUnique().HasFilter("cleared_at IS NULL");
        b.HasIndex(e => new { e.AlertRuleId, e.OpenedAt });
        b.Ignore(e => e.IsOpen);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(4000);
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.At });
        b.Property(n => n.Key).HasMaxLength(200);
        // NULL keys (alerts and other one-off messages) are distinct on both providers; reminders' keys are not.
        b.HasIndex(n => n.Key).IsUnique();
        b.HasOne<DealTask>().WithMany().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Deal>().WithMany().HasForeignKey(n => n.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AlertRule>().WithMany().HasForeignKey(n => n.AlertRuleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class NotificationTargetConfiguration : IEntityTypeConfiguration<NotificationTarget>
{
    public void Configure(EntityTypeBuilder<NotificationTarget> b)
    {
        b.Property(t => t.Key).HasMaxLength(64);
        b.HasIndex(t => t.Key).IsUnique();
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Url).HasMaxLength(1000);
        b.Property(t => t.Secret).HasMaxLength(200);
        b.Property(t => t.Account).HasMaxLength(200);
        b.Property(t => t.From).HasMaxLength(254);
        b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.Audited();
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(1000);
        // One copy of a notification per target: enqueued twice, it is still sent once.
        b.HasIndex(d => new { d.NotificationId, d.TargetId }).IsUnique();
        b.HasIndex(d => d.Status);
        b.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<NotificationTarget>().WithMany().HasForeignKey(d => d.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}
