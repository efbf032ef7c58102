using System.Globalization;

namespace Loudou.Web.Api;

/// <summary>A record's version as an HTTP entity tag: <c>"7"</c>, sent back in <c>If-Match</c> (or a deal body's <c>version</c>) on writes.</summary>
public static class VersionTags
{
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The version a write expects: If-Match wins over the body's field.</summary>
    /// <returns>Null when neither says; an error when If-Match is not one deal version.</returns>
    /// <param name="what">The record in the error: "deal", "account", "contact".</param>
    public static (int? Version, string? Error) Expected(HttpRequest request, int? bodyVersion, string what = "deal")
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (bodyVersion, null);
        }
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (null, $"If-Match must be one {what} version such as \"3\", as the {what}'s ETag gives it; was {header}.");
    }
}
