using BenchmarkDotNet.Attributes;
using Loudou.Core.Deals;
using Loudou.Core.Pipelines;

namespace Loudou.Benchmarks.Pipelines;

/// <summary>Reading and validating a pipeline file (the built-in default, about 5 KB).</summary>
[MemoryDiagnoser]
public class PipelineFileBench
{
    private readonly string _json = PipelineFile.Write(BuiltinPipelines.Default);

    [Benchmark]
    public bool Parse() => PipelineFile.Parse(_json, DealFields.BuiltIn).IsValid;
}
