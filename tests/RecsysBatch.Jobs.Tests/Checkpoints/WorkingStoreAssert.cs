using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Jobs.Tests.Checkpoints;

/// <summary>Value-by-value comparisons of working-store contents; doubles and floats compare by their bits.</summary>
internal static class WorkingStoreAssert
{
    public static void TablesEqual(OutputTable expected, OutputTable actual)
    {
        Assert.AreEqual(expected.Name, actual.Name);
        // FormerName is not checkpointed: only the warehouse's migration of the declared schemas reads it, never a publish.
        CollectionAssert.AreEqual(
            expected.Schema.Columns.Select(c => c with { FormerName = null }).ToList(), actual.Schema.Columns.ToList(), $"schema of {expected.Name}");
        Assert.AreEqual(expected.RowCount, actual.RowCount, $"rows of {expected.Name}");
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var where = $"{expected.Name}.{expected.Schema.DataColumns[c].Name}";
            ColumnsEqual(expected.Columns[c], actual.Columns[c], where);
        }
    }

    /// <summary>
    /// Same CLR type and length, a null mask where the original had one, the same rows null (SQL NULL: masked, null,
    /// NaN), and the same value in every other row. What a masked row holds beneath its mask is not compared: nothing
    /// reads it, and a checkpoint stores the row as NULL.
    /// </summary>
    public static void ColumnsEqual(OutputColumn expected, OutputColumn actual, string where)
    {
        Assert.AreEqual(expected.GetType(), actual.GetType(), where);
        Assert.AreEqual(expected.Length, actual.Length, where);
        var expectedNulls = (bool[]?)expected.GetType().GetProperty(nameof(OutputColumn<int>.Nulls))!.GetValue(expected);
        var actualNulls = (bool[]?)actual.GetType().GetProperty(nameof(OutputColumn<int>.Nulls))!.GetValue(actual);
        Assert.AreEqual(expectedNulls is null, actualNulls is null, $"{where}: null mask presence");
        var expectedValues = (System.Collections.IList)expected.GetType().GetProperty(nameof(OutputColumn<int>.Values))!.GetValue(expected)!;
        var actualValues = (System.Collections.IList)actual.GetType().GetProperty(nameof(OutputColumn<int>.Values))!.GetValue(actual)!;
        for (var row = 0; row < expected.Length; row++)
        {
            var masked = expectedNulls is not null && expectedNulls[row];
            Assert.AreEqual(expected.IsNull(row), actual.IsNull(row), $"{where} row {row}: null");
            if (!masked && !ValuesEqual(expectedValues[row], actualValues[row]))
            {
                Assert.Fail($"{where} row {row}: expected {expectedValues[row]}, got {actualValues[row]}");
            }
        }
    }

    public static bool ValuesEqual(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a),
        (float e, float a) => BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a),
        (float[] e, float[] a) => e.Length == a.Length && e.Zip(a).All(p => ValuesEqual(p.First, p.Second)),
        (DateTime e, DateTime a) => e.Ticks == a.Ticks && e.Kind == a.Kind,
        _ => Equals(expected, actual),
    };

    public static void EventsEqual(EventTable expected, EventTable actual)
    {
        CollectionAssert.AreEqual(expected.Users.Ids.ToList(), actual.Users.Ids.ToList(), "users");
        CollectionAssert.AreEqual(expected.Items.Ids.ToList(), actual.Items.Ids.ToList(), "items");
        CollectionAssert.AreEqual(expected.Categories.Ids.ToList(), actual.Categories.Ids.ToList(), "categories");
        Assert.AreEqual(expected.Count, actual.Count, "events");
        Assert.IsTrue(expected.UserKey.SequenceEqual(actual.UserKey), "user keys");
        Assert.IsTrue(expected.ItemKey.SequenceEqual(actual.ItemKey), "item keys");
        Assert.IsTrue(expected.CategoryKey.SequenceEqual(actual.CategoryKey), "category keys");
        Assert.IsTrue(expected.Type.SequenceEqual(actual.Type), "types");
        Assert.IsTrue(expected.TimestampMs.SequenceEqual(actual.TimestampMs), "timestamps");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.IsTrue(ValuesEqual(expected.Value[i], actual.Value[i]), $"value of event {i}");
        }
    }

    /// <summary>
    /// Everything publish reads: outputs (in order), metrics, notes, rejected lines, ingest figures. Metrics named
    /// seconds or *_seconds are wall-clock timings (train_seconds, score_seconds): only their presence is compared.
    /// </summary>
    public static void PublishedEqual(RunData expected, RunData actual)
    {
        CollectionAssert.AreEqual(expected.Outputs.Select(t => t.Name).ToList(), actual.Outputs.Select(t => t.Name).ToList(), "output tables");
        foreach (var (e, a) in expected.Outputs.Zip(actual.Outputs))
        {
            TablesEqual(e, a);
        }

        Assert.AreEqual(expected.Metrics.Count, actual.Metrics.Count, "metrics");
        foreach (var (e, a) in expected.Metrics.Zip(actual.Metrics))
        {
            var timing = e.Metric == "seconds" || e.Metric.EndsWith("_seconds", StringComparison.Ordinal);
            Assert.IsTrue(e.Stage == a.Stage && e.Model == a.Model && e.Metric == a.Metric && (timing || ValuesEqual(e.Value, a.Value)), $"metric {e} vs {a}");
        }

        CollectionAssert.AreEqual(expected.Notes, actual.Notes, "notes");
        CollectionAssert.AreEqual(expected.Rejected, actual.Rejected, "rejected lines");
        Assert.AreEqual(expected.Ingest?.InputRows, actual.Ingest?.InputRows, "ingest input rows");
        Assert.AreEqual(expected.Ingest?.RejectedRows, actual.Ingest?.RejectedRows, "ingest rejected rows");
        Assert.AreEqual(expected.Ingest?.DuplicatesDropped, actual.Ingest?.DuplicatesDropped, "ingest duplicates dropped");
        Assert.AreEqual(expected.Ingest?.Events, actual.Ingest?.Events, "ingest events");
        Assert.AreEqual(expected.Ingest?.AfterSnapshot, actual.Ingest?.AfterSnapshot, "ingest after snapshot");
        Assert.AreEqual(expected.Ingest?.NewestEventMs, actual.Ingest?.NewestEventMs, "ingest newest event");
    }
}
