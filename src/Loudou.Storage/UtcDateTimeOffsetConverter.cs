using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loudou.Storage;

/// <summary>Stores a <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/> to the microsecond, and reads it back with offset zero.</summary>
/// <remarks>
/// PostgreSQL keeps microseconds and SQLite would keep .NET's 100 ns ticks; truncating to the
/// microsecond on both makes the same moment compare equal whichever database holds it. The
/// original offset is not kept; display offsets come from the workspace time zone.
/// </remarks>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => ToStored(v),
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)))
{
    /// <summary>The UTC <see cref="DateTime"/>, truncated to the microsecond, that a moment is stored as.</summary>
    public static DateTime ToStored(DateTimeOffset moment) =>
        new(moment.UtcTicks - moment.UtcTicks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
}
