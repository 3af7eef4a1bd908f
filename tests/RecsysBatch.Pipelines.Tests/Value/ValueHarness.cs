using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;
using RecsysBatch.Core.Tables;
using RecsysBatch.Pipelines.Value;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>Runs the real value stage on a table as the runner would (CannotApplyReason, then RunAsync).</summary>
internal static class ValueHarness
{
    public static StageContext Context(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 14) =>
        StageHarness.Context(ValueStage.StageName, events, snapshot, artifactsDirectory, options, horizonDays);

    public static string? CannotApply(EventTable events, DateOnly snapshot, string folder, string? options = null, int horizonDays = 14) =>
        new ValueStage(NullLogger<ValueStage>.Instance).CannotApplyReason(Context(events, snapshot, folder, options, horizonDays));

    public static StageContext Run(EventTable events, DateOnly snapshot, string artifactsDirectory, string? options = null, int horizonDays = 14) =>
        StageHarness.Run(new ValueStage(NullLogger<ValueStage>.Instance), Context(events, snapshot, artifactsDirectory, options, horizonDays));

    /// <summary>A user_value_scores table with these users and tiers (other columns filler), as the value stage hands it on.</summary>
    public static OutputTable ScoresTable(string[] users, string[] tiers) =>
        new(ValueTables.UserValueScores, [.. ValueTables.UserValueScores.DataColumns.Select(c => c.Name switch
        {
            ValueTables.UserIdColumn => (OutputColumn)new OutputColumn<string>(users),
            ValueTables.ValueTierColumn => new OutputColumn<string>(tiers),
            _ when c.Type == ColumnType.Double => new OutputColumn<double>(new double[users.Length]),
            _ => new OutputColumn<string>([.. users.Select(_ => "x")]),
        })]);

    public static OutputTable Scores(StageContext context)
    {
        Assert.IsTrue(context.Data.TryGetOutput(ValueTables.UserValueScores.Name, out var table));
        return table;
    }

    public static T[] Column<T>(OutputTable table, string name)
    {
        var index = table.Schema.DataColumns.Select(c => c.Name).ToList().IndexOf(name);
        Assert.IsGreaterThanOrEqualTo(0, index, name);
        return ((OutputColumn<T>)table.Columns[index]).Values;
    }

    public static double Metric(StageContext context, string model, string metric) =>
        StageHarness.Metric(context, ValueStage.StageName, model, metric);
}
