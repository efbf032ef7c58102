using System.Linq.Expressions;
using Loudou.Core;
using Loudou.Core.Pipelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loudou.Storage.Configurations;

/// <summary>Maps a <see cref="LocalizedText"/> to two columns, <c>x_zh</c> and <c>x_en</c>.</summary>
internal static class LocalizedTextExtensions
{
    public static EntityTypeBuilder<T> Texts<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, LocalizedText?>> property)
        where T : class
    {
        var name = ((MemberExpression)property.Body).Member.Name;
        var column = string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        builder.ComplexProperty(property, t =>
        {
            t.Property(x => x.ZhCn).HasColumnName(column + "_zh").HasMaxLength(PipelineFile.MaxTextLength);
            t.Property(x => x.En).HasColumnName(column + "_en").HasMaxLength(PipelineFile.MaxTextLength);
        });
        return builder;
    }
}
