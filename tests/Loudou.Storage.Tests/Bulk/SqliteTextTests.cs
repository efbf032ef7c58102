using System.Globalization;
using Loudou.Storage.Bulk;

namespace Loudou.Storage.Tests.Bulk;

/// <summary>The bulk writer's direct formatting against the format strings Microsoft.Data.Sqlite binds with.</summary>
public class SqliteTextTests
{
    private const string MomentFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DecimalFormat = "0.0###########################";

    [Fact]
    public void Moments_read_as_the_library_writes_them()
    {
        var random = new Random(11);
        var buffer = new char[64];
        for (var i = 0; i < 100_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            // Whole seconds and whole microseconds are the common cases; cover them often.
            ticks -= (i % 3) switch { 0 => ticks % TimeSpan.TicksPerSecond, 1 => ticks % TimeSpan.TicksPerMicrosecond, _ => 0 };
            var value = new DateTime(ticks, DateTimeKind.Utc);

            Assert.Equal(value.ToString(MomentFormat, CultureInfo.InvariantCulture), new string(buffer, 0, SqliteText.Moment(value, buffer)));
        }
    }

    [Fact]
    public void Dates_read_as_the_library_writes_them()
    {
        var buffer = new char[16];
        for (var day = DateOnly.MinValue; day < DateOnly.MaxValue.AddDays(-400); day = day.AddDays(397))
        {
            Assert.Equal(day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture), new string(buffer, 0, SqliteText.Date(day, buffer)));
        }
    }

    [Fact]
    public void Decimals_read_as_the_library_writes_them()
    {
        var random = new Random(12);
        var buffer = new char[64];
        decimal[] edges = [0m, 0.00m, -0.5m, 5m, 5.00m, 1234567.8900m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m];
        var values = edges.Concat(Enumerable.Range(0, 100_000).Select(_ =>
            new decimal(random.Next(), random.Next(), random.Next(4) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29))));
        foreach (var value in values)
        {
            Assert.Equal(value.ToString(DecimalFormat, CultureInfo.InvariantCulture), new string(buffer, 0, SqliteText.Decimal(value, buffer)));
        }
    }
}
