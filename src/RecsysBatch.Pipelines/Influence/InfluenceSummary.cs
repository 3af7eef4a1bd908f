using System.Globalization;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// The stage's lines in the run summary (job_runs.notes): the headline of the overall estimates, and one warning per
/// behaviour whose overall row has no estimate or carries a flag, so nobody quotes a flagged figure from the headline
/// without seeing why it is flagged.
/// </summary>
internal static class InfluenceSummary
{
    public static string Headline(DateOnly snapshot, int horizon, int units, IEnumerable<InfluenceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var overall = rows.Where(r => r.Segment == InfluenceSegments.Overall).Select(r => r.Result.Note is null
            ? Invariant($"{r.Behavior} {Figure(r.Result)} (naive {r.Result.Naive:+0.0000;-0.0000}){Marker(r.Result)}")
            : Invariant($"{r.Behavior} no estimate{Marker(r.Result)}"));
        return Invariant(
            $"influence: {units} (user, item) pairs viewed in [{snapshot.AddDays(-2 * horizon):yyyy-MM-dd}, {snapshot.AddDays(-horizon):yyyy-MM-dd}); effect on purchase in the next {horizon} days: {string.Join("; ", overall)}");
    }

    /// <summary>One line per overall row without an estimate or with flags.</summary>
    public static IEnumerable<string> Warnings(IEnumerable<InfluenceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows.Where(r => r.Segment == InfluenceSegments.Overall && (r.Result.Note is not null || r.Result.Flags.Count > 0)))
        {
            var r = row.Result;
            var what = r.Note is null ? Invariant($"estimate {Figure(r)} is flagged") : $"has no estimate: {r.Note}";
            var flags = r.Flags.Count == 0 ? "" : $"; flags {InfluenceFlags.Join(r.Flags)}";
            yield return Invariant(
                $"influence: {row.Behavior} -> {InfluenceOutputs.Outcome} ({row.Segment}) {what}{flags} (purchases: {r.Support.TreatedOutcomes} of {r.Support.TreatedUnits} treated, {r.Support.ControlOutcomes} of {r.Support.ControlUnits} control units; {r.TrimmedShare * 100:0}% of propensities clipped)");
        }
    }

    private static string Figure(AipwResult r) => Invariant($"{r.Estimate:+0.0000;-0.0000} [{r.CiLow:+0.0000;-0.0000}, {r.CiHigh:+0.0000;-0.0000}]");

    private static string Marker(AipwResult r) => r.Flags.Count == 0 ? "" : $" [flagged: {InfluenceFlags.Join(r.Flags)}]";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
