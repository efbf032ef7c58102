using Loudou.Core.Import;

namespace Loudou.Core.Tests.Import;

public class ImportValuesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("2024-05-03", "2024-05-03T00:00:00+08:00")]
    [InlineData("2024-5-3", "2024-05-03T00:00:00+08:00")]
    [InlineData("2024/5/3", "2024-05-03T00:00:00+08:00")]
    [InlineData("2024.05.03", "2024-05-03T00:00:00+08:00")]
    [InlineData("20240503", "2024-05-03T00:00:00+08:00")]
    [InlineData("2024年5月3日", "2024-05-03T00:00:00+08:00")]
    [InlineData("2024年5月3日 14:30", "2024-05-03T14:30:00+08:00")]
    [InlineData("2024年5月3日14时30分", "2024-05-03T14:30:00+08:00")]
    [InlineData("2024-05-03 14:30:15", "2024-05-03T14:30:15+08:00")]
    [InlineData("2024-05-03T14:30:15Z", "2024-05-03T14:30:15+00:00")]
    [InlineData("2024-05-03T14:30:15+02:00", "2024-05-03T14:30:15+02:00")]
    [InlineData("45415", "2024-05-03T00:00:00+08:00")]
    [InlineData("45415.5", "2024-05-03T12:00:00+08:00")]
    public void Common_date_forms_are_read_offset_less_ones_in_the_workspace_zone(string text, string expected)
    {
        var moment = ImportValues.ParseMoment(text, null, out var problem);

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), moment!.Value.In(Shanghai));
    }

    [Theory]
    [InlineData("5/3/2024", null, "ambiguous")]
    [InlineData("2024-02-30", null, "not a date")]
    [InlineData("2017", null, "not a date")]
    [InlineData("soon", null, "not a date")]
    [InlineData("3/5/2024", "yyyy-MM-dd", "format 'yyyy-MM-dd'")]
    public void Other_text_is_refused_saying_why(string text, string? format, string reason)
    {
        Assert.Null(ImportValues.ParseMoment(text, format, out var problem));
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("5/3/2024", "M/d/yyyy", 5, 3)]
    [InlineData("5/3/2024", "d/M/yyyy", 3, 5)]
    public void A_named_format_settles_the_day_month_order(string text, string format, int month, int day)
    {
        var moment = ImportValues.ParseMoment(text, format, out _)!.Value;

        Assert.Equal((2024, month, day), (moment.Local.Year, moment.Local.Month, moment.Local.Day));
    }

    [Theory]
    [InlineData("1234", "1234")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1.234,50", "1234.50")]
    [InlineData("¥1,200,000", "1200000")]
    [InlineData("￥ 12,000元", "12000")]
    [InlineData("$99.95", "99.95")]
    [InlineData("€ 1,000", "1000")]
    [InlineData("3.5万", "35000")]
    [InlineData("12.5 万元", "125000")]
    [InlineData("2亿", "200000000")]
    [InlineData("-42", "-42")]
    [InlineData("(42)", "-42")]
    [InlineData("USD 7", "7")]
    public void Numbers_are_read_with_separators_currency_signs_and_wan_yi(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImportValues.ParseNumber(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("1,5", "comma")]
    [InlineData("12abc", "not a number")]
    [InlineData("1,23,456", "comma")]
    [InlineData("", "not a number")]
    public void Other_numbers_are_refused_saying_why(string text, string reason)
    {
        Assert.Null(ImportValues.ParseNumber(text, out var problem));
        Assert.Contains(reason, problem);
    }
}
