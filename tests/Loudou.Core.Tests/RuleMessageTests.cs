using System.Globalization;

namespace Loudou.Core.Tests;

public class RuleMessageTests
{
    [Fact]
    public void Only_the_marked_names_are_respelt_never_a_value_or_prose_that_looks_like_a_field()
    {
        var value = "to";
        RuleMessage message = $"{new FieldName("where")} channel={value}: from here to there, no deal has that value; see {new FieldName("to")}.";

        Assert.Equal("where channel=to: from here to there, no deal has that value; see to.", message.ToString());
        Assert.Equal("--where channel=to: from here to there, no deal has that value; see --to.", message.Format(name => "--" + name));
    }

    [Fact]
    public void Values_are_formatted_as_a_plain_interpolated_string_formats_them()
    {
        var day = new DateOnly(2026, 3, 1);
        int? none = null;
        var (deals, alpha) = (5_000_000, 0.05);

        RuleMessage message = $"{day:yyyy-MM-dd} {deals:N0} {alpha} [{none}] {'x'}";

        Assert.Equal(string.Create(CultureInfo.CurrentCulture, $"{day:yyyy-MM-dd} {deals:N0} {alpha} [{none}] {'x'}"), message.ToString());
    }

    [Fact]
    public void A_rule_gives_the_api_its_field_names_and_a_host_its_own()
    {
        var from = new DateOnly(2026, 3, 1);
        var to = new DateOnly(2026, 2, 1);

        var error = Assert.Throws<DomainRuleException>(() => Guard.Throw("from", $"{new FieldName("from")} {from:yyyy-MM-dd} is after {new FieldName("to")} {to:yyyy-MM-dd}."));
        var plain = new DomainRuleException("name", "name is required.");

        Assert.Equal(("from", "from 2026-03-01 is after to 2026-02-01."), (error.Field, error.Message));
        Assert.Equal("--from 2026-03-01 is after --to 2026-02-01.", error.FormatMessage(name => "--" + name));
        Assert.Equal("name is required.", plain.FormatMessage(name => "--" + name));
    }
}
