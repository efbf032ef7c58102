using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Storage.Privacy;

/// <summary>One table's rows about a person, each row by column.</summary>
public sealed record PersonalDataSection(string Name, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>Everything the workspace holds about one contact or user (PIPL/GDPR access), by table.</summary>
/// <param name="Subject">"contact" or "user".</param>
/// <param name="Id">The contact's id or the user's login.</param>
public sealed record PersonalData(string Subject, string Id, DateTimeOffset ExportedAt, IReadOnlyList<PersonalDataSection> Sections)
{
    /// <summary>Columns never exported, though stored: credentials and the secrets that sign requests.</summary>
    public static IReadOnlySet<string> Secret { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "TokenHash", "Secret",
    };

    /// <summary>The JSON form: subject, id, exportedAt, then each section as an array of rows.</summary>
    public string ToJson()
    {
        var document = new Dictionary<string, object?>
        {
            ["subject"] = Subject,
            ["id"] = Id,
            ["exportedAt"] = ExportedAt,
        };
        foreach (var section in Sections)
        {
            document[section.Name] = section.Rows;
        }
        return JsonSerializer.Serialize(document, Options);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A tracked row's every stored column (shadow columns such as recorded_at too), secrets left out; enums by name.</summary>
    internal static IReadOnlyDictionary<string, object?> Row(DbContext db, object entity)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in db.Entry(entity).Properties.Where(p => !Secret.Contains(p.Metadata.Name)))
        {
            var value = property.CurrentValue;
            row[JsonNamingPolicy.CamelCase.ConvertName(property.Metadata.Name)] = value is Enum ? value.ToString() : value;
        }
        return row;
    }
}
