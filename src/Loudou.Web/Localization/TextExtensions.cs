using Microsoft.Extensions.Localization;

namespace Loudou.Web.Localization;

public static class TextExtensions
{
    /// <summary>The translation of a key built from data (an audit record type), or the data itself when no translation exists.</summary>
    public static string Or(this IStringLocalizer localizer, string key, string fallback) =>
        localizer[key] is { ResourceNotFound: false } text ? text.Value : fallback;
}
