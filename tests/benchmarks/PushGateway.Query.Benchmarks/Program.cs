using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PushGateway.Query.Benchmarks;

// "--cpu-time": the filter evaluations in thread CPU time, a quick figure that a busy machine disturbs less.
if (args.Contains("--cpu-time"))
{
    CpuTimeProbe.Run();
    return;
}

// "--noisy-neighbor": what the most expensive accepted filters of one tenant add to another tenant's latency.
if (args.Contains("--noisy-neighbor"))
{
    NoisyNeighborProbe.Run();
    return;
}

// In-process short runs: no generated project is built next to the sources (other builds run in
// parallel in this tree), and the whole suite finishes in a few minutes on two cores.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    // Min is reported next to Mean: on a shared machine it is the figure least disturbed by other load.
    .AddColumn(StatisticColumn.Min)
    .WithOptions(ConfigOptions.JoinSummary);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
