using Microsoft.ML;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Fits the next-window model on stacked anchors T = latest, latest - stride, latest - 2 stride, ... (features
/// before T, labels [T, T + W), so the newest label ends at latest + W); an anchor needs W days of history before it.
/// Above <see cref="InterestOptions.MaxTrainingRows"/> rows the model trains on whole users drawn by a seeded hash
/// of the user key (<see cref="TrainingSample"/>), and only the users the draw scans get rows built: <see cref="Rows"/>
/// used of <see cref="AvailableRows"/> (every user's rows, or with <see cref="AvailableEstimated"/> the scanned
/// users' rows scaled to all users).
/// </summary>
internal sealed record NextWindowTraining(ITransformer? Model, int Rows, long AvailableRows, bool AvailableEstimated, IReadOnlyList<DateOnly> Anchors)
{
    /// <summary>Below this many training rows no model is fitted and every user gets population predictions.</summary>
    public const int MinRows = 100;

    public static NextWindowTraining Fit(MLContext ml, UserEventIndex index, InterestOptions options, int nextDays, long latestAnchorMs, int seed, Action<int, long, long>? progress = null)
    {
        var windowMs = nextDays * Timestamps.MillisPerDay;
        var strideMs = Math.Max(1, options.AnchorStrideDays) * Timestamps.MillisPerDay;
        var firstMs = index.FirstMs ?? long.MaxValue;
        var times = new List<long>();
        for (var i = 0; i < options.TrainingAnchors; i++)
        {
            var anchorMs = latestAnchorMs - (i * strideMs);
            if (anchorMs - windowMs < firstMs)
            {
                break;
            }

            times.Add(anchorMs);
        }

        var dates = times.Select(Timestamps.DayOf).ToList();
        if (options.MaxTrainingRows <= 0)
        {
            var all = Build(null, null);
            var count = NextWindowModel.RowCount(all);
            return new NextWindowTraining(count < MinRows ? null : NextWindowModel.Train(ml, all, options.Trees), count, count, false, dates);
        }

        // Every user's statistics at each anchor: a user's rows depend on them, not on which users are built.
        var populations = times.Select(t => CategoryPopulation.Build(index, InterestWindows.For(t, options, nextDays))).ToArray();
        var sample = TrainingSample.Draw(index.Users, options.MaxTrainingRows, seed, mask =>
        {
            var perUser = new int[index.Users];
            foreach (var anchor in Build(mask, populations))
            {
                for (var i = 0; i < anchor.Users.Count; i++)
                {
                    perUser[anchor.Users[i]] += anchor.UserRowStart[i + 1] - anchor.UserRowStart[i];
                }
            }

            return perUser;
        });
        var kept = Build(sample.Keep, populations);
        var model = sample.Rows < MinRows ? null : NextWindowModel.Train(ml, kept, options.Trees);
        return new NextWindowTraining(model, sample.Rows, sample.AvailableRows, !sample.Complete, dates);

        // The anchors' rows of the users marked true (null: all), in anchor order.
        List<CandidateRows> Build(bool[]? users, CategoryPopulation[]? population) =>
        [
            .. times.Select((anchorMs, k) => InterestAnchor.Build(index, options, nextDays, anchorMs, labelled: true, historyOnly: true,
                progress is null ? null : (done, total) => progress(k, done, total), population?[k], users is null ? null : u => users[u]).Rows),
        ];
    }
}
