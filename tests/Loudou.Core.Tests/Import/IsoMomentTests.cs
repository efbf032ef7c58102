using Loudou.Core.Import;

namespace Loudou.Core.Tests.Import;

/// <summary>The direct ISO reader against the general form search it stands in front of: same answer for every text.</summary>
public class IsoMomentTests
{
    [Theory]
    [InlineData("2024-05-03", "2024-05-03T00:00:00", null, false)]
    [InlineData("2024-05-03 14:30", "2024-05-03T14:30:00", null, true)]
    [InlineData("2024-05-03T14:30:15.25", "2024-05-03T14:30:15.25", null, true)]
    [InlineData("2024-05-03 14:30:15.1234567+08:00", "2024-05-03T14:30:15.1234567", "08:00", true)]
    [InlineData("2024-05-03T14:30-05:30", "2024-05-03T14:30:00", "-05:30", true)]
    public void Reads_the_iso_forms_exports_write(string text, string local, string? offset, bool hasTime)
    {
        Assert.True(IsoMoment.TryRead(text, out var moment));

        Assert.Equal(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), moment.Local);
        Assert.Equal(offset is null ? null : TimeSpan.Parse(offset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture), moment.Offset);
        Assert.Equal(hasTime, moment.HasTime);
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2024-5-3")]
    [InlineData("2024-05-03 24:00")]
    [InlineData("2024-05-03 14:30+08:00")]
    [InlineData("2024-05-03T14:30:15Z")]
    [InlineData("2024-05-03T14:30:15+15:00")]
    [InlineData("0999-05-03")]
    public void Leaves_everything_else_to_the_general_search(string text) => Assert.False(IsoMoment.TryRead(text, out _));

    [Fact]
    public void Agrees_with_the_general_search_on_random_near_iso_text()
    {
        var random = new Random(20261127);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var text = NearIso(random);
            var fast = IsoMoment.TryRead(text, out var moment) ? moment : (ImportedMoment?)null;
            var general = ImportValues.ParseMomentByForms(text, null, out _);
            if (fast is not null)
            {
                accepted++;
                Assert.True(general == fast, $"'{text}': direct {fast}, general {general?.ToString() ?? "refused"}");
            }
        }
        // The generator is tuned so most texts are valid: the comparison is not vacuous.
        Assert.InRange(accepted, 100_000, 200_000);
    }

    /// <summary>Text shaped like an ISO moment with random digits, separators, lengths and a bent character now and then.</summary>
    private static string NearIso(Random random)
    {
        string Two(int max) => random.Next(max).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var text = $"{random.Next(995, 9005):0000}-{Two(14)}-{Two(33)}";
        if (random.Next(4) > 0)
        {
            text += $"{(random.Next(2) == 0 ? ' ' : 'T')}{Two(25)}:{Two(61)}";
            if (random.Next(3) > 0)
            {
                text += $":{Two(61)}";
                if (random.Next(2) == 0)
                {
                    text += "." + random.Next(100_000_000).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture)[..random.Next(0, 9)];
                }
            }
            if (random.Next(2) == 0)
            {
                text += $"{(random.Next(2) == 0 ? '+' : '-')}{Two(16)}:{Two(61)}";
            }
        }
        if (random.Next(20) == 0)
        {
            var chars = text.ToCharArray();
            chars[random.Next(chars.Length)] = "0123456789-:T .+Zx"[random.Next(18)];
            text = new string(chars);
        }
        return text;
    }
}
