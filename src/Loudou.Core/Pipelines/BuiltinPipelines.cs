using Loudou.Core.Deals;

namespace Loudou.Core.Pipelines;

/// <summary>The pipelines that ship inside Loudou, read from embedded files in the pipeline file format.</summary>
public static class BuiltinPipelines
{
    /// <summary>The default pipeline of PRODUCT.md: lead, nurturing, needs, proposal, closing, won, lost.</summary>
    public static PipelineDefinition Default { get; } = Load("default");

    /// <summary>The keys of the templates a team can start from, the default first.</summary>
    public static IReadOnlyList<string> TemplateKeys { get; } =
        ["default", "consumer-goods", "healthcare", "manufacturing", "education", "b2b-software"];

    /// <summary>A template by key, or null when there is none of that key.</summary>
    public static PipelineDefinition? Template(string key) => TemplateKeys.Contains(key) ? Load(key) : null;

    /// <summary>Reads an embedded pipeline file by name; an invalid built-in file is a build defect.</summary>
    private static PipelineDefinition Load(string name)
    {
        var resource = $"Loudou.Core.Pipelines.Builtin.{name}.json";
        using var stream = typeof(BuiltinPipelines).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Built-in pipeline '{name}' is not embedded.");
        using var reader = new StreamReader(stream);
        var result = PipelineFile.Parse(reader.ReadToEnd(), DealFields.BuiltIn);
        return result.Definition
            ?? throw new InvalidOperationException($"Built-in pipeline '{name}' is invalid: {string.Join("; ", result.Errors)}");
    }
}
