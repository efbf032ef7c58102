using Loudou.Core.Import;

namespace Loudou.Import;

/// <summary>The built-in mapping files, embedded in this assembly; each is an ordinary mapping file (docs/import.md).</summary>
/// <remarks>A preset for one entity is named <c>NAME.json</c> or, where a name serves several entities, <c>NAME.ENTITY.json</c>.</remarks>
public static class ImportPresets
{
    private const string Prefix = "Loudou.Import.Presets.";

    /// <summary>The preset names, such as maven-crm and generic.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(ImportPresets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length].Split('.')[0])
        .Distinct()
        .Order(StringComparer.Ordinal)];

    /// <summary>The text of a preset for an entity; null when there is none.</summary>
    public static string? Text(string name, ImportEntity entity)
    {
        var assembly = typeof(ImportPresets).Assembly;
        var stream = assembly.GetManifestResourceStream($"{Prefix}{name}.{entity.ToString().ToLowerInvariant()}.json")
            ?? assembly.GetManifestResourceStream($"{Prefix}{name}.json");
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads and checks a preset for an entity.</summary>
    /// <exception cref="ImportMappingException">No such preset, or it imports another entity.</exception>
    public static ImportMapping Load(string name, ImportEntity entity)
    {
        var text = Text(name, entity)
            ?? throw new ImportMappingException(Names.Contains(name)
                ? $"preset '{name}' does not import {entity.ToString().ToLowerInvariant()}; give a mapping file with --mapping (docs/import.md)."
                : $"--preset '{name}' is not a preset; there are: {string.Join(", ", Names)}.");
        var mapping = MappingFile.Parse(text, out var errors)
            ?? throw new ImportMappingException($"preset {name} is broken: {string.Join(" ", errors)}");
        if (mapping.Entity != entity)
        {
            var imports = mapping.Entity.ToString().ToLowerInvariant();
            throw new ImportMappingException($"preset '{name}' imports {imports}, not {entity.ToString().ToLowerInvariant()}; run `loudou import {imports} … --preset {name}`.");
        }
        return mapping;
    }
}

/// <summary>A mapping file or preset that cannot be used.</summary>
public sealed class ImportMappingException(string message) : Core.LoudouException(message);
