using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Loudou.Testing;
using Loudou.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loudou.Web.Tests.Localization;

/// <summary>Every text of the pages exists in both languages, and each language is written in its own script.</summary>
public partial class TextResourceTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "src", "Loudou.Web", "Resources", "Localization");

    [Fact]
    public void Every_key_has_an_English_and_a_Chinese_text_and_neither_is_blank()
    {
        var english = Read("Text.resx");
        var chinese = Read("Text.zh-CN.resx");

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.All(english.Concat(chinese), pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    [Fact]
    public void English_texts_hold_no_Chinese_and_both_languages_use_the_same_placeholders()
    {
        var english = Read("Text.resx");
        var chinese = Read("Text.zh-CN.resx");

        // The app's own name is the one word both languages share.
        Assert.Empty(english.Where(p => p.Key != "App.Name" && Cjk().IsMatch(p.Value)).Select(p => p.Key));
        Assert.All(english, pair => Assert.Equal(Placeholders(pair.Value), Placeholders(chinese[pair.Key])));
    }

    [Fact]
    public void The_host_reads_the_resources_in_both_cultures()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var text = factory.Create(typeof(Text));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var english = text["Nav.Deals"];
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var chinese = text["Nav.Deals"];

            Assert.False(english.ResourceNotFound);
            Assert.Equal("Deals", english.Value);
            Assert.Equal("商机", chinese.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_count_of_one_reads_in_the_singular_in_English_and_the_same_in_Chinese()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        var text = factory.Create(typeof(Text));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal(("1 day", "3 days", "0 days"), (text.Plural("Deal.Days", 1, "1"), text.Plural("Deal.Days", 3, "3"), text.Plural("Deal.Days", 0, "0")));
            // A key without a singular of its own keeps its one text.
            Assert.Equal("Deals", text.Plural("Nav.Deals", 1));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal(("1 天", "3 天"), (text.Plural("Deal.Days", 1, "1"), text.Plural("Deal.Days", 3, "3")));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
