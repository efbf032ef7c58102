using Loudou.Core.Targets;

namespace Loudou.Core.Tests.Targets;

public class TargetsFileTests
{
    private const string Valid = """
        {
          "pipeline": "default",
          "conversion": [
            { "stage": "lead", "rate": 0.4 },
            { "stage": "needs", "team": "华南团队 South", "month": "2026-11", "rate": 0.65 },
            { "stage": "proposal", "team": "华南团队 South", "rate": null }
          ],
          "sales": [
            { "month": "2026-11", "wonAmount": 9000000 },
            { "month": "2026-11", "team": "华南团队 South", "wonAmount": 3000000, "wonCount": 20 },
            { "month": "2026-11", "rep": "zhang.wei", "wonCount": 6 },
            { "month": "2026-10", "rep": "zhang.wei", "remove": true }
          ]
        }
        """;

    [Fact]
    public void A_valid_file_reads_into_entries_that_remember_their_paths()
    {
        var result = TargetsFile.Parse(Valid);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var document = result.Document!;
        Assert.Equal("default", document.Pipeline);
        Assert.Equal(new ConversionTargetEntry("lead", null, null, 0.4, "$.conversion[0]"), document.Conversion[0]);
        Assert.Equal(new ConversionTargetEntry("needs", "华南团队 South", new DateOnly(2026, 11, 1), 0.65, "$.conversion[1]"), document.Conversion[1]);
        Assert.Null(document.Conversion[2].Rate);
        Assert.Equal(new SalesTargetEntry(new DateOnly(2026, 11, 1), "华南团队 South", null, 3_000_000m, 20, false, "$.sales[1]"), document.Sales[1]);
        Assert.Equal(("zhang.wei", (decimal?)null, (int?)6), (document.Sales[2].Rep, document.Sales[2].WonAmount, document.Sales[2].WonCount));
        Assert.True(document.Sales[3].Remove);
    }

    [Fact]
    public void The_pipeline_and_both_lists_may_be_left_out()
    {
        var result = TargetsFile.Parse("""{ "sales": [ { "month": "2026-01", "wonCount": 3 } ] }""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Null(result.Document!.Pipeline);
        Assert.Empty(result.Document.Conversion);
    }

    [Theory]
    [InlineData("""{ "conversion": [ { "stage": "lead", "rate": 0.4 }, ] ,""", "line 1, position 55")]
    [InlineData("""[]""", "$")]
    [InlineData("""{ "convertion": [] }""", "$.convertion")]
    [InlineData("""{ "pipeline": "Default Pipeline" }""", "$.pipeline")]
    [InlineData("""{ "conversion": {} }""", "$.conversion")]
    [InlineData("""{ "conversion": [ 3 ] }""", "$.conversion[0]")]
    [InlineData("""{ "conversion": [ { "stage": "lead", "rate": 0.4, "teams": "A" } ] }""", "$.conversion[0].teams")]
    [InlineData("""{ "conversion": [ { "rate": 0.4 } ] }""", "$.conversion[0].stage")]
    [InlineData("""{ "conversion": [ { "stage": "lead" } ] }""", "$.conversion[0].rate")]
    [InlineData("""{ "conversion": [ { "stage": "lead", "rate": 1.2 } ] }""", "$.conversion[0].rate")]
    [InlineData("""{ "conversion": [ { "stage": "lead", "rate": "40%" } ] }""", "$.conversion[0].rate")]
    [InlineData("""{ "conversion": [ { "stage": "lead", "month": "2026-13", "rate": 0.4 } ] }""", "$.conversion[0].month")]
    [InlineData("""{ "conversion": [ { "stage": "lead", "team": "", "rate": 0.4 } ] }""", "$.conversion[0].team")]
    [InlineData("""{ "sales": [ { "wonCount": 3 } ] }""", "$.sales[0].month")]
    [InlineData("""{ "sales": [ { "month": "2026-11-01", "wonCount": 3 } ] }""", "$.sales[0].month")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "team": "A", "rep": "b", "wonCount": 3 } ] }""", "$.sales[0].rep")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "team": "A" } ] }""", "$.sales[0]")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "wonAmount": -5 } ] }""", "$.sales[0].wonAmount")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "wonCount": 2.5 } ] }""", "$.sales[0].wonCount")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "wonCount": 2, "remove": true } ] }""", "$.sales[0].remove")]
    [InlineData("""{ "sales": [ { "month": "2026-11", "remove": "yes" } ] }""", "$.sales[0].remove")]
    public void Each_problem_is_reported_at_its_path(string json, string path)
    {
        var result = TargetsFile.Parse(json);

        Assert.Null(result.Document);
        Assert.Equal([path], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var result = TargetsFile.Parse("""
            {
              "conversion": [ { "stage": "lead", "rate": 2 }, { "stage": "needs", "month": "Nov", "rate": 0.5 } ],
              "sales": [ { "month": "2026-11", "wonAmount": "lots", "extra": 1 } ]
            }
            """);

        Assert.Equal(
            ["$.conversion[0].rate", "$.conversion[1].month", "$.sales[0].extra", "$.sales[0].wonAmount"],
            result.Errors.Select(e => e.Path));
        Assert.Equal("$.conversion[0].rate: must be between 0 and 1, was 2.", result.Errors[0].ToString());
    }

    [Fact]
    public void A_combination_given_twice_is_an_error_at_the_second_entry()
    {
        var result = TargetsFile.Parse("""
            {
              "conversion": [
                { "stage": "needs", "rate": 0.5 },
                { "stage": "needs", "team": "华南团队 South", "rate": 0.5 },
                { "stage": "needs", "rate": 0.6 }
              ],
              "sales": [
                { "month": "2026-11", "rep": "zhang.wei", "wonCount": 3 },
                { "month": "2026-12", "rep": "zhang.wei", "wonCount": 3 },
                { "month": "2026-11", "rep": "zhang.wei", "remove": true }
              ]
            }
            """);

        Assert.Equal(["$.conversion[2]", "$.sales[2]"], result.Errors.Select(e => e.Path));
        Assert.Contains("$.conversion[0]", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("$.sales[0]", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_then_reading_gives_the_same_document()
    {
        var document = TargetsFile.Parse(Valid).Document!;

        var written = TargetsFile.Write(document);

        Assert.Contains("华南团队 South", written, StringComparison.Ordinal);
        Assert.Contains("\"wonAmount\": 3000000,", written, StringComparison.Ordinal);
        Assert.Equal(document.Conversion, TargetsFile.Parse(written).Document!.Conversion);
        Assert.Equal(document.Sales, TargetsFile.Parse(written).Document!.Sales);
    }

    [Fact]
    public void Stored_amounts_are_written_without_trailing_zeros()
    {
        var document = new TargetsDocument("default", [], [new SalesTargetEntry(new DateOnly(2026, 11, 1), null, null, 1_500_000.0000m, null, false, "$.sales[0]")]);

        Assert.Contains("\"wonAmount\": 1500000", TargetsFile.Write(document), StringComparison.Ordinal);
        Assert.DoesNotContain("1500000.0", TargetsFile.Write(document), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sales_target_needs_a_figure_and_is_for_a_team_or_a_rep_not_both()
    {
        var month = new DateOnly(2026, 11, 1);

        Assert.Equal("wonAmount", Assert.Throws<DomainRuleException>(() => SalesTarget.Create(month, 1, null, null, null)).Field);
        Assert.Equal("team", Assert.Throws<DomainRuleException>(() => SalesTarget.Create(month, 1, 2, 5m, null)).Field);
        Assert.Equal("month", Assert.Throws<DomainRuleException>(() => SalesTarget.Create(month.AddDays(1), null, null, 5m, null)).Field);
        Assert.Equal("wonCount", Assert.Throws<DomainRuleException>(() => SalesTarget.Create(month, null, null, null, -1)).Field);
        var target = SalesTarget.Create(month, null, 2, 5m, null);
        target.Change(null, 4);
        Assert.Equal(((decimal?)null, (int?)4), (target.WonAmount, target.WonCount));
    }
}
