using System.Runtime.CompilerServices;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Factorization;
using RecsysBatch.Pipelines.Ranking;
using RecsysBatch.Pipelines.Synthetic;
using RecsysBatch.Pipelines.Tests.Ingest;

namespace RecsysBatch.Pipelines.Tests.Ranking;

/// <summary>
/// The publish drops the event table first (RunData.ReleaseEvents) to give its memory back: the candidates and
/// recommendations tables, whose ids and titles are made when they are written, must then hold the id maps and titles
/// only, so the events are collected and every row still reads the same.
/// </summary>
[TestClass]
public sealed class ReleasedEventsTests
{
    [TestMethod]
    public void ReleaseEvents_EventTableIsCollected_TablesReadTheSameRows()
    {
        using var folder = new TempFolder();
        var (data, events, before) = RunAndRelease(folder.Path);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.IsFalse(events.IsAlive, "an output table or artifact still holds the event table");
        Assert.IsNull(data.Events);
        Assert.IsTrue(data.IngestFinished, "ingest's counts still count as known");
        foreach (var (name, rows) in before)
        {
            Assert.IsTrue(data.TryGetOutput(name, out var table), name);
            CollectionAssert.AreEqual(rows, Rows(table), name);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (RunData Data, WeakReference Events, List<(string Name, List<string> Rows)> Before) RunAndRelease(string path)
    {
        SyntheticGenerator.Generate(new SyntheticOptions { Users = 200, Items = 80, Categories = 5, Days = 30, Seed = 9 }, path);
        var ingested = IngestHarness.Run("canonical", Path.Combine(path, SyntheticGenerator.EventsFileName));
        var events = ingested.Data.RequireEvents();
        events.SetItemTitles([.. Enumerable.Range(0, events.Items.Count).Select(i => i % 3 == 0 ? null : $"title {i}")]);
        var context = RankHarness.FactorizeThenRank(events, ingested.SnapshotDate, path, """{ "topN": 4 }""");
        List<(string, List<string>)> before = [];
        foreach (var schema in new[] { FactorizeTables.Candidates, RankTables.Recommendations })
        {
            var table = context.Data.RequireOutput(schema);
            Assert.IsGreaterThan(100, table.RowCount, schema.Name);
            Assert.IsTrue(Rows(table).Any(r => r.Contains("title ", StringComparison.Ordinal)), $"{schema.Name} shows titles");
            before.Add((schema.Name, Rows(table)));
        }

        context.Data.ReleaseEvents();
        return (context.Data, new WeakReference(events), before);
    }

    private static List<string> Rows(OutputTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => string.Join('|', table.Columns.Select(c => c.GetValue(r)?.ToString() ?? "∅")))];
}
