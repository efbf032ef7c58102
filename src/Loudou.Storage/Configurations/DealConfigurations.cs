using Loudou.Core.Accounts;
using Loudou.Core.Catalog;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;
using Loudou.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> b)
    {
        b.Property(d => d.Source).HasMaxLength(50);
        b.Property(d => d.ExternalId).HasMaxLength(100);
        b.HasIndex(d => new { d.Source, d.ExternalId }).IsUnique();
        b.Property(d => d.Name).HasMaxLength(200);
        b.Property(d => d.Currency).HasMaxLength(3);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.Ignore(d => d.WeightedAmount);

        b.HasOne<Pipeline>().WithMany().HasForeignKey(d => d.PipelineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(d => d.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Contact>().WithMany().HasForeignKey(d => d.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Channel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<LossReason>().WithMany().HasForeignKey(d => d.LossReasonId).OnDelete(DeleteBehavior.Restrict);
        // Loss reasons are retired, never deleted, and no query looks deals up by their reason (docs/performance.md).
        b.WithoutForeignKeyIndex(nameof(Deal.LossReasonId));

        // The board and the funnel read deals by stage; reps and managers by owner and stage.
        b.HasIndex(d => new { d.PipelineId, d.StageId });
        b.HasIndex(d => new { d.OwnerId, d.StageId });
        b.HasIndex(d => new { d.TeamId, d.StageId });
        b.HasIndex(d => d.CreatedAt);

        b.HasMany(d => d.History).WithOne().HasForeignKey(t => t.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Products).WithOne().HasForeignKey(p => p.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.FieldValues).WithOne().HasForeignKey(v => v.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Completions).WithOne().HasForeignKey(c => c.DealId).OnDelete(DeleteBehavior.Cascade);
        b.Audited();
    }
}

internal sealed class StageTransitionConfiguration : IEntityTypeConfiguration<StageTransition>
{
    public void Configure(EntityTypeBuilder<StageTransition> b)
    {
        b.HasOne<Stage>().WithMany().HasForeignKey(t => t.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.ByUserId).OnDelete(DeleteBehavior.SetNull);
        // Users are deactivated, never deleted, and history is read by deal, never by who moved it (docs/performance.md).
        b.WithoutForeignKeyIndex(nameof(StageTransition.ByUserId));
        b.HasIndex(t => new { t.DealId, t.EnteredAt });
        b.HasIndex(t => new { t.StageId, t.EnteredAt });
    }
}

internal sealed class DealProductConfiguration : IEntityTypeConfiguration<DealProduct>
{
    public void Configure(EntityTypeBuilder<DealProduct> b)
    {
        b.HasKey(p => new { p.DealId, p.ProductId });
        b.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DealTagConfiguration : IEntityTypeConfiguration<DealTag>
{
    public void Configure(EntityTypeBuilder<DealTag> b)
    {
        b.HasKey(t => new { t.DealId, t.TagId });
        b.HasOne<Tag>().WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomFieldValueConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> b)
    {
        b.HasKey(v => new { v.DealId, v.CustomFieldId });
        b.Property(v => v.Value).HasMaxLength(1000);
        b.HasOne<CustomField>().WithMany().HasForeignKey(v => v.CustomFieldId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActionCompletionConfiguration : IEntityTypeConfiguration<ActionCompletion>
{
    public void Configure(EntityTypeBuilder<ActionCompletion> b)
    {
        b.HasIndex(c => new { c.DealId, c.StageActionId }).IsUnique();
        b.HasOne<StageAction>().WithMany().HasForeignKey(c => c.StageActionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(c => c.CompletedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
