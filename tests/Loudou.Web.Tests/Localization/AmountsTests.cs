using System.Globalization;
using Loudou.Web.Localization;

namespace Loudou.Web.Tests.Localization;

public class AmountsTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Theory]
    [InlineData("0", "0", "0")]
    [InlineData("9999", "9,999", "9,999")]
    [InlineData("10000", "1.0万", "10.0K")]
    [InlineData("12345", "1.2万", "12.3K")]
    [InlineData("1234567", "123.5万", "1.2M")]
    [InlineData("99999999", "1.0亿", "100.0M")]
    [InlineData("123456789", "1.2亿", "123.5M")]
    [InlineData("999999", "100.0万", "1.0M")]
    [InlineData("2500000000", "25.0亿", "2.5B")]
    [InlineData("-56789", "-5.7万", "-56.8K")]
    public void Large_amounts_are_shortened_to_wan_and_yi_in_Chinese_and_K_M_B_in_English(string value, string chinese, string english)
    {
        var amount = decimal.Parse(value, CultureInfo.InvariantCulture);

        Assert.Equal(chinese, Amounts.Short(amount, Chinese));
        Assert.Equal(english, Amounts.Short(amount, English));
    }

    [Fact]
    public void The_exact_amount_keeps_every_digit_and_the_currency()
    {
        Assert.Equal("1,234,567 CNY", Amounts.Exact(1_234_567m, "CNY", English));
        Assert.Equal("1,234,567.50 USD", Amounts.Exact(1_234_567.5m, "USD", Chinese));
    }
}
