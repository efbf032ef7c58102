using Loudou.Core.Catalog;
using Loudou.Import.Costs;
using Loudou.Storage;
using Loudou.Storage.Catalog;
using Loudou.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Import.Tests.Costs;

/// <summary>Channel-cost CSV files: every problem at its file, row and column; nothing stored on any; a re-import never duplicates.</summary>
public class ChannelCostImportTests
{
    [Fact]
    public void Every_bad_cell_is_reported_with_its_file_row_and_column()
    {
        var text = """
            channel,month,amount,currency
            Web,2026-11,1000,CNY
            ,2026-13,-5,XXX
            Web,2026-11,7,

            Fair,11/2026,"12,000",
            """;

        var read = ChannelCostCsv.Read(new StringReader(text), "costs.csv", "CNY");

        Assert.Empty(read.Lines);
        Assert.Equal(
            [(3L, "channel"), (3L, "month"), (3L, "amount"), (3L, "currency"), (4L, "month"), (6L, "month"), (6L, "amount")],
            read.Issues.Select(i => (i.Row, i.Column)));
        Assert.All(read.Issues, i => Assert.Equal("costs.csv", i.File));
        Assert.Equal("costs.csv: row 4: column month '2026-11': error: Web 2026-11 is already on row 2; a channel has one cost per month", read.Issues[4].ToString());
    }

    [Fact]
    public void A_missing_column_is_named_on_the_header_row()
    {
        var read = ChannelCostCsv.Read(new StringReader("channel,amount\nWeb,1\n"), "costs.csv", "CNY");

        Assert.Equal((1L, "month"), (Assert.Single(read.Issues).Row, read.Issues[0].Column));
    }

    [Fact]
    public void A_blank_currency_is_the_base_currency_and_a_byte_order_mark_and_column_order_do_not_matter()
    {
        var read = ChannelCostCsv.Read(new StringReader("\uFEFFMonth,Channel,Amount,Currency\n2026-11,Web,12000.50,\n2026-10,Web,0,usd\n"), "costs.csv", "CNY");

        Assert.Empty(read.Issues);
        Assert.Equal([new ChannelCostRow("Web", new(2026, 11, 1), 12000.50m, "CNY"), new ChannelCostRow("Web", new(2026, 10, 1), 0m, "USD")], read.Lines.Select(l => l.Cost));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_channel_is_refused_at_its_row_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        db.Channels.Add(Channel.Create("Web"));
        await db.SaveChangesAsync();

        var result = await ChannelCostImport.RunAsync(new ChannelCostStore(db), new StringReader("channel,month,amount,currency\nWeb,2026-11,1,CNY\nTV,2026-11,2,CNY\n"), "costs.csv", "CNY", dryRun: false);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((3L, "channel", "TV"), (issue.Row, issue.Column, issue.Value));
        Assert.Equal(0, await db.ChannelCosts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_a_file_twice_leaves_one_row_per_channel_and_month(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.NewContext();
        db.Channels.AddRange(Channel.Create("Web"), Channel.Create("展会 Trade fairs"));
        await db.SaveChangesAsync();
        const string File = "channel,month,amount,currency\nWeb,2026-10,1000,CNY\nWeb,2026-11,1100,CNY\n展会 Trade fairs,2026-11,50000,CNY\n";

        var first = await ChannelCostImport.RunAsync(new ChannelCostStore(db), new StringReader(File), "costs.csv", "CNY", dryRun: false);
        var second = await ChannelCostImport.RunAsync(new ChannelCostStore(db), new StringReader(File), "costs.csv", "CNY", dryRun: false);

        Assert.Equal((3, 0), (first.Created, first.Unchanged));
        Assert.Equal((0, 3), (second.Created, second.Unchanged));
        Assert.Equal(3, await db.ChannelCosts.CountAsync());
    }
}
