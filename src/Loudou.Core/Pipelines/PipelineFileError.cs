namespace Loudou.Core.Pipelines;

/// <summary>One problem in a pipeline file, located by a JSON path such as <c>$.stages[2].probability</c>.</summary>
public sealed record PipelineFileError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
