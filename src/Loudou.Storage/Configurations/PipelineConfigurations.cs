using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> b)
    {
        b.Property(p => p.Key).HasMaxLength(64);
        b.HasIndex(p => p.Key).IsUnique();
        b.Texts(p => p.Name);
        b.HasMany(p => p.Stages).WithOne().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Stages).AutoInclude();
        b.Ignore(p => p.FirstStage);
        b.Audited();
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> b)
    {
        b.Property(s => s.Key).HasMaxLength(64);
        b.HasIndex(s => new { s.PipelineId, s.Key }).IsUnique();
        b.Texts(s => s.Name);
        b.Texts(s => s.Goal);
        b.Property(s => s.Color).HasMaxLength(7);
        b.PrimitiveCollection(s => s.RequiredFields);
        b.HasMany(s => s.Actions).WithOne().HasForeignKey(a => a.StageId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Actions).AutoInclude();
        b.Ignore(s => s.IsOpen);
    }
}

internal sealed class StageActionConfiguration : IEntityTypeConfiguration<StageAction>
{
    public void Configure(EntityTypeBuilder<StageAction> b)
    {
        b.Property(a => a.Key).HasMaxLength(64);
        b.HasIndex(a => new { a.StageId, a.Key }).IsUnique();
        b.Texts(a => a.Text);
    }
}
