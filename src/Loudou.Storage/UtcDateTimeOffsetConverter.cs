using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loudou.Storage;

/// <summary>Stores a <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/> and reads it back with offset zero.</summary>
/// <remarks>The original offset is not kept; display offsets come from the workspace time zone.</remarks>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
