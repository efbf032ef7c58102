using Loudou.Core.Pipelines;
using Loudou.Core.Targets;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

/// <remarks>
/// One target per (stage, team, month), where a null team is the whole workspace and a null month
/// every month. A unique index over the three columns cannot say so, because both databases treat
/// NULLs as distinct in one (SQLite has no NULLS NOT DISTINCT), so each shape of the key gets a
/// partial index of its own. The filters are plain SQL that SQLite and PostgreSQL both accept.
/// </remarks>
internal sealed class ConversionTargetConfiguration : IEntityTypeConfiguration<ConversionTarget>
{
    public void Configure(EntityTypeBuilder<ConversionTarget> b)
    {
        b.HasIndex(t => new { t.StageId, t.TeamId, t.Month }).IsUnique()
            .HasFilter("team_id IS NOT NULL AND month IS NOT NULL");
        b.HasIndex(t => new { t.StageId, t.TeamId }).IsUnique()
            .HasFilter("team_id IS NOT NULL AND month IS NULL");
        b.HasIndex(t => new { t.StageId, t.Month }).IsUnique()
            .HasFilter("team_id IS NULL AND month IS NOT NULL");
        b.HasIndex(t => t.StageId).IsUnique()
            .HasFilter("team_id IS NULL AND month IS NULL");
        b.HasOne<Pipeline>().WithMany().HasForeignKey(t => t.PipelineId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Stage>().WithMany().HasForeignKey(t => t.StageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <remarks>One target per (month, team, rep), by partial indexes for the same reason as conversion targets.</remarks>
internal sealed class SalesTargetConfiguration : IEntityTypeConfiguration<SalesTarget>
{
    public void Configure(EntityTypeBuilder<SalesTarget> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_sales_targets_team_or_user", "team_id IS NULL OR user_id IS NULL"));
        b.HasIndex(t => new { t.Month, t.TeamId }).IsUnique().HasFilter("team_id IS NOT NULL");
        b.HasIndex(t => new { t.Month, t.UserId }).IsUnique().HasFilter("user_id IS NOT NULL");
        b.HasIndex(t => t.Month).IsUnique().HasFilter("team_id IS NULL AND user_id IS NULL");
        b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
