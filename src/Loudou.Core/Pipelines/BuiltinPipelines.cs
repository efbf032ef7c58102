using Loudou.Core.Deals;

namespace Loudou.Core.Pipelines;

/// <summary>The pipelines that ship inside Loudou, read from embedded files in the pipeline file format.</summary>
public static class BuiltinPipelines
{
    /// <summary>The default pipeline of PRODUCT.md: lead, nurturing, needs, proposal, closing, won, lost.</summary>
    public static PipelineDefinition Default { get; } = Load("default");

    /// <summary>Reads an embedded pipeline file by name; an invalid built-in file is a build defect.</summary>
    public static PipelineDefinition Load(string name)
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
