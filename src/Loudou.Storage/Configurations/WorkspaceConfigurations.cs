using Loudou.Core.Access;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class WorkspaceSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.TimeZoneId).HasMaxLength(64);
        b.Property(s => s.BaseCurrency).HasMaxLength(3);
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Language).HasMaxLength(16);
        b.Ignore(s => s.Calendar);
        b.Ignore(s => s.Layers);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.LoginName).HasMaxLength(64);
        b.Property(u => u.NormalizedLoginName).HasMaxLength(64);
        b.HasIndex(u => u.NormalizedLoginName).IsUnique();
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.Email).HasMaxLength(254);
        b.Property(u => u.Language).HasMaxLength(16);
        b.Property(u => u.NormalizedEmail).HasMaxLength(254);
        b.HasIndex(u => u.NormalizedEmail);
        b.Property(u => u.SecurityStamp).HasMaxLength(64);
        b.Property(u => u.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        b.HasOne(u => u.Team).WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.Audited();
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.TokenHash).HasMaxLength(128);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.Reason).HasMaxLength(1000);
        b.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
        b.HasIndex(a => a.At);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
