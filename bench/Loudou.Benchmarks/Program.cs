using BenchmarkDotNet.Running;
using Loudou.Benchmarks.Deals;

BenchmarkSwitcher.FromAssembly(typeof(StageHistoryBench).Assembly).Run(args);
