using Loudou.Core.Import;

namespace Loudou.Core.Tests.Import;

public class FormulaTextTests
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+86 138 0000 0000", "'+86 138 0000 0000")]
    [InlineData("-Bob", "'-Bob")]
    [InlineData("@risk", "'@risk")]
    [InlineData("'=x", "''=x")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("+3", "+3")]
    [InlineData("1e5", "1e5")]
    [InlineData("'plain", "'plain")]
    [InlineData("", "")]
    [InlineData("'", "'")]
    public void Protected_text_is_never_a_formula_and_unprotects_to_itself(string value, string written)
    {
        Assert.Equal(written, FormulaText.Protect(value));
        Assert.Equal(value, FormulaText.Unprotect(written));
    }
}
