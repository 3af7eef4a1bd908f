using Microsoft.ML;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Interest;

/// <summary>
/// Fits the next-window model on stacked anchors T = latest, latest - stride, latest - 2 stride, ... (features
/// before T, labels [T, T + W), so the newest label ends at latest + W); an anchor needs W days of history before it.
/// Above <see cref="InterestOptions.MaxTrainingRows"/> rows the model trains on whole users drawn by a seeded hash
/// of the user key (<see cref="TrainingSample"/>): <see cref="Rows"/> used of <see cref="AvailableRows"/>.
/// </summary>
internal sealed record NextWindowTraining(ITransformer? Model, int Rows, int AvailableRows, IReadOnlyList<DateOnly> Anchors)
{
    /// <summary>Below this many training rows no model is fitted and every user gets population predictions.</summary>
    public const int MinRows = 100;

    public static NextWindowTraining Fit(MLContext ml, UserEventIndex index, InterestOptions options, int nextDays, long latestAnchorMs, int seed, Action<int, long, long>? progress = null)
    {
        var windowMs = nextDays * Timestamps.MillisPerDay;
        var strideMs = Math.Max(1, options.AnchorStrideDays) * Timestamps.MillisPerDay;
        var firstMs = index.FirstMs ?? long.MaxValue;
        var anchors = new List<CandidateRows>();
        var dates = new List<DateOnly>();
        for (var i = 0; i < options.TrainingAnchors; i++)
        {
            var anchorMs = latestAnchorMs - (i * strideMs);
            if (anchorMs - windowMs < firstMs)
            {
                break;
            }

            var anchor = InterestAnchor.Build(index, options, nextDays, anchorMs, labelled: true, historyOnly: true,
                progress is null ? null : (done, total) => progress(anchors.Count, done, total));
            anchors.Add(anchor.Rows);
            dates.Add(Timestamps.DayOf(anchorMs));
        }

        var available = NextWindowModel.RowCount(anchors);
        var sample = TrainingSample.Draw(anchors, index.Users, options.MaxTrainingRows, seed);
        var rows = sample?.Rows ?? available;
        var model = rows < MinRows ? null : NextWindowModel.Train(ml, anchors, options.Trees, sample is null ? null : u => sample.Keep[u]);
        return new NextWindowTraining(model, rows, available, dates);
    }
}
