using Loudou.Core.Alerts.Preferences;
using Loudou.Core.Reminders;
using Loudou.Core.Workspace;
using Loudou.Storage.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class ReminderSettingConfiguration : IEntityTypeConfiguration<ReminderSetting>
{
    public void Configure(EntityTypeBuilder<ReminderSetting> b)
    {
        b.HasIndex(s => s.Rule).IsUnique();
        b.Audited();
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.Property(r => r.Job).HasMaxLength(64);
        b.Property(r => r.Instance).HasMaxLength(200);
        b.Property(r => r.Outcome).HasMaxLength(400);
        b.Property(r => r.Error).HasMaxLength(2000);
        b.HasIndex(r => new { r.Job, r.StartedAt });
        b.HasIndex(r => new { r.Job, r.ScheduledFor });
    }
}

internal sealed class ReminderChoiceConfiguration : IEntityTypeConfiguration<ReminderChoice>
{
    public void Configure(EntityTypeBuilder<ReminderChoice> b)
    {
        b.HasIndex(c => new { c.UserId, c.Rule }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasIndex(p => p.UserId).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
