using Microsoft.Extensions.Logging;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// The rank stage asked for CUDA on the CPU-only ONNX Runtime of CI: it must still score (on CPU), warn once, and
/// record the provider that really ran in model_metrics.
/// </summary>
[TestClass]
public sealed class RankStageGpuFallbackTests
{
    private static EventTable? _events;
    private static DateOnly _snapshot;

    [ClassInitialize]
    public static void LoadSynthetic(TestContext _)
    {
        using var folder = new TempFolder();
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 600, Items = 200, Categories = 8, Days = 30, Seed = 5 }, folder.Path);
        var ingested = IngestHarness.Run("canonical", Path.Combine(folder.Path, SyntheticGenerator.EventsFileName));
        _events = ingested.Data.RequireEvents();
        _snapshot = ingested.SnapshotDate;
    }

    [TestMethod]
    public void RunAsync_ProviderCudaOnCpuRuntime_ScoresOnCpuWithOneWarningAndRecordsCpu()
    {
        using var folder = new TempFolder();
        var logger = new WarningLogger();

        var context = Run(folder.Path, """{ "topN": 3, "maxEpochs": 3, "provider": "cuda", "deviceId": 0 }""", logger);

        Assert.IsTrue(context.Data.TryGetOutput(RankTables.Recommendations.Name, out var table));
        Assert.IsGreaterThan(0, table.RowCount);
        var fallback = logger.Warnings.Where(w => w.Contains("CUDA", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, fallback, string.Join(" | ", logger.Warnings));
        StringAssert.Contains(fallback[0], "CPU");
        var providers = context.Data.Metrics.Where(m => m.Stage == RankStage.StageName && m.Metric.StartsWith("provider_", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, providers);
        Assert.AreEqual("provider_cpu", providers[0].Metric);
        Assert.AreEqual(1, providers[0].Value);
        Assert.IsTrue(context.Data.Notes.Any(n => n.StartsWith("rank: ", StringComparison.Ordinal) && n.Contains(" on cpu;", StringComparison.Ordinal)));
    }

    private static StageContext Run(string artifacts, string rankOptions, WarningLogger logger) =>
        RankHarness.FactorizeThenRank(_events!, _snapshot, artifacts, rankOptions, logger);

    /// <summary>The rank stage's logger, keeping its warnings.</summary>
    private sealed class WarningLogger : ILogger<RankStage>
    {
        private readonly ListLogger _inner = new();

        public List<string> Warnings => _inner.Warnings;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
