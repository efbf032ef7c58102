using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class ScoringModelConfiguration : IEntityTypeConfiguration<ScoringModel>
{
    public void Configure(EntityTypeBuilder<ScoringModel> b)
    {
        b.Property(m => m.Algorithm).HasMaxLength(50);
        b.HasIndex(m => new { m.PipelineId, m.IsActive });
        b.HasOne<Pipeline>().WithMany().HasForeignKey(m => m.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DealScoreConfiguration : IEntityTypeConfiguration<DealScore>
{
    public void Configure(EntityTypeBuilder<DealScore> b)
    {
        b.HasKey(s => new { s.DealId, s.ScoringModelId });
        b.Property(s => s.Factors).HasMaxLength(8000);
        b.Property(s => s.Layer).HasMaxLength(1);
        b.HasOne<Deal>().WithMany().HasForeignKey(s => s.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ScoringModel>().WithMany().HasForeignKey(s => s.ScoringModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
