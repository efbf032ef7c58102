using Loudou.Core.Pipelines;
using Loudou.Core.Targets;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class ConversionTargetConfiguration : IEntityTypeConfiguration<ConversionTarget>
{
    public void Configure(EntityTypeBuilder<ConversionTarget> b)
    {
        b.HasIndex(t => new { t.StageId, t.TeamId, t.Month }).IsUnique();
        b.HasOne<Pipeline>().WithMany().HasForeignKey(t => t.PipelineId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Stage>().WithMany().HasForeignKey(t => t.StageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
