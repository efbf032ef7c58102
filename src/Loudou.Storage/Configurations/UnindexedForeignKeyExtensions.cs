using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Loudou.Storage.Configurations;

/// <summary>Leaves a foreign key without the index EF's conventions give every foreign key.</summary>
/// <remarks>
/// Each index is paid for by every insert (0.3–1 s per million imported rows). A foreign key whose
/// column no query filters or joins on, and whose parent row is never deleted, gains nothing from
/// one; docs/performance.md ("Indexes on foreign keys") says which keys were judged so and why.
/// </remarks>
internal static class UnindexedForeignKeyExtensions
{
    /// <summary>Marks a property whose foreign key gets no index of its own.</summary>
    public const string Annotation = "Loudou:NoForeignKeyIndex";

    public static EntityTypeBuilder<T> WithoutForeignKeyIndex<T>(this EntityTypeBuilder<T> b, string property)
        where T : class
    {
        b.Property(property).HasAnnotation(Annotation, true);
        // Removing it is not enough by itself: the convention makes the index again unless the property says not to.
        if (b.Metadata.FindIndex(b.Metadata.FindProperty(property)!) is { } index)
        {
            b.Metadata.RemoveIndex(index);
        }
        return b;
    }
}

/// <summary>EF's convention of an index per foreign key, except on properties marked by <see cref="UnindexedForeignKeyExtensions.WithoutForeignKeyIndex"/>.</summary>
internal sealed class SelectiveForeignKeyIndexConvention(ProviderConventionSetBuilderDependencies dependencies) : ForeignKeyIndexConvention(dependencies)
{
    protected override IConventionIndex? CreateIndex(IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder) =>
        properties is [{ } only] && only.FindAnnotation(UnindexedForeignKeyExtensions.Annotation)?.Value is true
            ? null
            : base.CreateIndex(properties, unique, entityTypeBuilder);
}
