using RecsysBatch.Core.Tables;
using RecsysBatch.Core.Warehouse;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>Builders for the contract suite: a table with every column type, runs and publications.</summary>
internal static class TestData
{
    public const string Pipeline = "nightly";

    public static readonly DateOnly Day1 = new(2026, 3, 1);
    public static readonly DateOnly Day2 = new(2026, 3, 2);

    /// <summary>Every <see cref="ColumnType"/>, nullable and not, with the publish keys in the middle on purpose.</summary>
    public static readonly TableSchema Scores = new("test_scores",
    [
        new("user_id", ColumnType.Int64),
        new("run_id", ColumnType.String),
        new("label", ColumnType.String, Nullable: true),
        new("snapshot_date", ColumnType.Date),
        new("score", ColumnType.Double, Nullable: true),
        new("rank", ColumnType.Int32),
        new("flag", ColumnType.Boolean, Nullable: true),
        new("day", ColumnType.Date, Nullable: true),
        new("seen_at", ColumnType.Timestamp, Nullable: true),
        new("embedding", ColumnType.FloatArray, Nullable: true),
    ]);

    /// <summary>A second stage's table, to check that a publish replaces several tables together.</summary>
    public static readonly TableSchema Counts = new("test_counts",
    [
        new("run_id", ColumnType.String),
        new("snapshot_date", ColumnType.Date),
        new("tag", ColumnType.String),
        new("n", ColumnType.Int64),
    ]);

    /// <summary>A table as an earlier version laid it out: items was n_items, share and remark did not exist.</summary>
    public static readonly TableSchema TalliesBefore = new("test_tallies",
    [
        new("run_id", ColumnType.String),
        new("snapshot_date", ColumnType.Date),
        new("tag", ColumnType.String),
        new("n_items", ColumnType.Int64),
    ]);

    /// <summary><see cref="TalliesBefore"/> as this version writes it: a declared rename and two new nullable columns.</summary>
    public static readonly TableSchema Tallies = new("test_tallies",
    [
        new("run_id", ColumnType.String),
        new("snapshot_date", ColumnType.Date),
        new("tag", ColumnType.String),
        new("items", ColumnType.Int64, FormerName: "n_items"),
        new("share", ColumnType.Double, Nullable: true),
        new("remark", ColumnType.String, Nullable: true),
    ]);

    public static OutputTable TallyRows(string tag, long items, double share) =>
        new(Tallies, [new OutputColumn<string>([tag]), new OutputColumn<long>([items]), new OutputColumn<double>([share]), new OutputColumn<string?>([null])]);

    /// <summary><paramref name="rows"/> rows whose label is <paramref name="tag"/>; user ids 0..rows-1.</summary>
    public static OutputTable ScoreRows(int rows, string tag)
    {
        var baseTime = new DateTime(2026, 2, 28, 12, 0, 0, DateTimeKind.Utc);
        return new OutputTable(Scores,
        [
            new OutputColumn<long>([.. Enumerable.Range(0, rows).Select(i => (long)i)]),
            new OutputColumn<string>([.. Enumerable.Repeat(tag, rows)]),
            new OutputColumn<double>([.. Enumerable.Range(0, rows).Select(i => i * 0.5)]),
            new OutputColumn<int>([.. Enumerable.Range(0, rows).Select(i => i + 1)]),
            new OutputColumn<bool>([.. Enumerable.Range(0, rows).Select(i => i % 2 == 0)]),
            new OutputColumn<DateOnly>([.. Enumerable.Range(0, rows).Select(i => Day1.AddDays(-(i % 30)))]),
            new OutputColumn<DateTime>([.. Enumerable.Range(0, rows).Select(i => baseTime.AddSeconds(i))]),
            new OutputColumn<float[]>([.. Enumerable.Range(0, rows).Select(i => new[] { i, 0.25f, -1f })]),
        ]);
    }

    public static OutputTable CountRows(string tag, long n) =>
        new(Counts, [new OutputColumn<string>([tag]), new OutputColumn<long>([n])]);

    public static OutputTable Metrics(string stage, double value) =>
        new(CoreTables.ModelMetrics,
        [
            new OutputColumn<string>([stage]),
            new OutputColumn<string>(["mf"]),
            new OutputColumn<string>(["rmse"]),
            new OutputColumn<double>([value]),
        ]);

    public static OutputTable Rejected(string source, long line) =>
        new(CoreTables.RejectedEvents,
        [
            new OutputColumn<string>([source]),
            new OutputColumn<long>([line]),
            new OutputColumn<string>(["bad,line"]),
            new OutputColumn<string>(["unknown event type"]),
        ]);

    public static JobRun Run(string runId, DateOnly snapshot, int startedMinute = 0, string pipeline = Pipeline) => new()
    {
        RunId = runId,
        Pipeline = pipeline,
        SnapshotDate = snapshot,
        Status = RunStatus.Running,
        StartedAt = new DateTime(2026, 3, 5, 2, startedMinute, 0, DateTimeKind.Utc),
        AppVersion = "0.1.0-test",
    };

    public static SnapshotPublication Publication(JobRun run, params OutputTable[] tables) =>
        new(run with { Status = RunStatus.Succeeded, FinishedAt = run.StartedAt.AddMinutes(5) }, [Scores, Counts], tables);
}
