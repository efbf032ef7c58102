namespace Loudou.Web.Components.UI;

/// <summary>A page's or download's address with the query parameters that have a value, escaped; the ones without are left out.</summary>
public static class PageAddress
{
    public static string Of(string path, params (string Key, string? Value)[] parameters) =>
        path + string.Concat(parameters.Where(p => p.Value is not null).Select((p, i) => $"{(i == 0 ? "?" : "&")}{p.Key}={Uri.EscapeDataString(p.Value!)}"));
}
