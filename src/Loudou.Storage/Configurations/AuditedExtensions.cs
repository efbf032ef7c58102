using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

/// <summary>Adds the record-keeping columns that <see cref="AuditingInterceptor"/> fills.</summary>
internal static class AuditedExtensions
{
    /// <summary>When the row was first saved; a shadow property, so Core types stay free of it.</summary>
    public const string RecordedAt = "RecordedAt";

    /// <summary>When the row was last saved.</summary>
    public const string UpdatedAt = "UpdatedAt";

    public static EntityTypeBuilder<T> Audited<T>(this EntityTypeBuilder<T> builder)
        where T : class
    {
        builder.Property<DateTimeOffset>(RecordedAt);
        builder.Property<DateTimeOffset>(UpdatedAt);
        return builder;
    }
}
