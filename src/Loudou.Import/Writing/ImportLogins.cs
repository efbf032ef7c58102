using Loudou.Core.Workspace;

namespace Loudou.Import.Writing;

/// <summary>Logins for the users an import creates from the owner names its rows give.</summary>
internal static class ImportLogins
{
    /// <summary>A free login made from a display name: lower case, spaces as dots.</summary>
    public static string Unique(string name, List<User> users)
    {
        var slug = new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsWhiteSpace(c) ? '.' : c).Where(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_')]);
        slug = slug.Length == 0 ? "user" : slug[..Math.Min(slug.Length, 60)];
        var login = slug;
        for (var n = 2; users.Exists(u => u.NormalizedLoginName == User.Normalize(login)); n++)
        {
            login = $"{slug}{n}";
        }
        return login;
    }
}
