using Microsoft.Extensions.Localization;

namespace Loudou.Web.Localization;

public static class TextExtensions
{
    /// <summary>The translation of a key built from data (an audit record type), or the data itself when no translation exists.</summary>
    public static string Or(this IStringLocalizer localizer, string key, string fallback) =>
        localizer[key] is { ResourceNotFound: false } text ? text.Value : fallback;

    /// <summary>
    /// The text for a count: <c>KEY.One</c> when the count is 1 and the language has a singular of its own ("1 day"),
    /// else <c>KEY</c> ("3 days"); Chinese gives both keys the same words.
    /// </summary>
    public static string Plural(this IStringLocalizer localizer, string key, long count, params object[] arguments) =>
        count == 1 && localizer[key + ".One", arguments] is { ResourceNotFound: false } one ? one.Value : localizer[key, arguments].Value;
}
