using Microsoft.Win32.SafeHandles;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Pipelines;
using RecsysBatch.Pipelines.Ingest;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The training and test ratings of `evaluate mf --protocol time` read straight from MovieLens files into the arrays
/// of their two <see cref="RatingMatrix"/>es: no event table, no per-line objects, no growing lists for the training
/// part. Each file is read twice: first for the newest time and the ratings per day (which size the training arrays
/// exactly), then for the ids and ratings. Lines of the usual shape (digits) are parsed in one scan
/// (<see cref="MovieLensFormat.TryParseSimple"/>, which gives the fields ingest's parser gives), the others by the
/// same code as ingest (<see cref="MovieLensFormat.TryParseFields"/>); events are checked as ingest checks them
/// (<see cref="EventBatch.Problem"/>) and keys are given in order of first appearance, so the matrices are those
/// <see cref="RatingSources.Ratings"/> builds from the event table.
/// Returns null whenever ingest would do more than keep every line (a rejected line, a duplicate, a source
/// of another format, no training or no test rating): the caller then reads through ingest, which reports those.
/// </summary>
internal static class TimeSplitReader
{
    public static TimeSplit? TryRead(IReadOnlyList<SourceSpec> sources, DateOnly? asOf, int horizonDays, CancellationToken cancellationToken)
    {
        if (sources.Count == 0 || sources.Any(s => s.Format != "movielens"))
        {
            return null;
        }

        var files = sources.Select(s => IngestSource.Resolve(s).File).ToList();
        var limits = RatingSources.Limits(asOf is { } day ? Timestamps.ToUnixMs(day) : long.MaxValue);
        // Times in order (files written in time order) need no duplicate buckets; at the first time out of order the
        // first reading starts again with them.
        var duplicates = new DuplicateCandidates(0, ordered: true);
        var days = new Days(limits, duplicates);
        if (!files.All(file => Read(file, days, cancellationToken)))
        {
            if (!duplicates.OutOfOrder)
            {
                return null;
            }

            duplicates = new DuplicateCandidates(files.Sum(EstimatedLines), ordered: false);
            days = new Days(limits, duplicates);
            if (!files.All(file => Read(file, days, cancellationToken)))
            {
                return null;
            }
        }

        if (days.Newest == long.MinValue)
        {
            return null;
        }

        duplicates.Seal();
        var end = asOf ?? Timestamps.DayOf(days.Newest).AddDays(1);
        var split = end.AddDays(-horizonDays);
        var cells = new Cells(limits, duplicates, days.CountBefore(Timestamps.ToUnixMs(split)), Timestamps.ToUnixMs(split));
        if (!files.All(file => Read(file, cells, cancellationToken)))
        {
            return null;
        }

        if (cells.TrainCount != cells.TrainUser.Length || cells.TrainCount == 0 || cells.TestLabel.Count == 0)
        {
            return null;
        }

        var (users, items) = (cells.Users.Count, Math.Max(1, cells.Items.Count));
        var train = new RatingMatrix(users, items, cells.TrainUser, cells.TrainItem, cells.TrainLabel, $"evaluate mf: ratings before {split:yyyy-MM-dd}");
        var test = new RatingMatrix(users, items, [.. cells.TestUser], [.. cells.TestItem], [.. cells.TestLabel], $"evaluate mf: ratings in [{split:yyyy-MM-dd}, {end:yyyy-MM-dd})");
        return new TimeSplit(train, test, split, end);
    }

    private static long EstimatedLines(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        return (long)(length * TextSourceReader.SampleLinesPerByte(file, 0, length)) + 1;
    }

    /// <summary>Feeds the lines of one MovieLens file (layout and header as ingest reads them) to <paramref name="pass"/>; false when it gave up.</summary>
    private static bool Read(string path, Pass pass, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        var start = BlockLineReader.DataStart(file);
        var first = BlockLineReader.ReadLineAt(file, start, length, out _);
        var format = (MovieLensFormat)MovieLensFormat.ForFile(path, first)();
        if (format.HasHeader)
        {
            format.ReadHeader(BlockLineReader.ReadLineAt(file, start, length, out start), path);
        }

        pass.Format = format;
        BlockLineReader.ReadLines(file, start, length, pass, null, cancellationToken);
        return !pass.GaveUp;
    }

    /// <summary>A reading of the files; <see cref="GaveUp"/> once a line needs ingest's handling (the rest is skipped).</summary>
    private abstract class Pass(IngestLimits limits, DuplicateCandidates duplicates) : ILineHandler
    {
        public MovieLensFormat Format { get; set; } = null!;

        public bool GaveUp { get; private set; }

        protected IngestLimits Limits { get; } = limits;

        protected DuplicateCandidates Duplicates { get; } = duplicates;

        /// <summary>Whether each event gets ingest's checks (ids, time bounds, value); the reading that keeps cells does, in <see cref="Keep"/>.</summary>
        protected abstract bool ChecksEvents { get; }

        public void OnLine(ReadOnlySpan<byte> line, long lineNumber, long offset)
        {
            if (GaveUp)
            {
                return;
            }

            // Most lines take the one-scan parser; the others the general one, which also finds the reject reason.
            var simple = Format.TryParseSimple(line, out var user, out var item, out var ts, out var rating);
            if (TimeOnly)
            {
                GaveUp = !(simple || Format.TryParseTime(line, out ts)) || (ts < Limits.CutoffMs && !Keep([], [], ts, double.NaN, 0));
                return;
            }

            if (!simple && Format.TryParseFields(line, out user, out item, out ts, out rating) is not null)
            {
                GaveUp = true;
            }
            else if (ts < Limits.CutoffMs)
            {
                var value = rating + 0.0;
                GaveUp = !Keep(user, item, ts, value, Duplicates.Ordered ? 0 : Duplicates.Bucket(user, item, ts, value));
            }
            else
            {
                // At or after a known snapshot: ingest still checks the event, but keeps nothing of it, not even its ids.
                GaveUp = ChecksEvents && EventBatch.Problem(Limits, true, user, item, default, EventType.Rating, ts, rating) is not null;
            }
        }

        /// <summary>Whether only the time of each line is needed (the value and ids are then not read).</summary>
        protected virtual bool TimeOnly => false;

        /// <summary>Takes a kept event (-0.0 made 0.0, as ingest stores it) and its <see cref="DuplicateCandidates.Bucket"/>; false to give up.</summary>
        protected abstract bool Keep(ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, long ts, double value, ulong bucket);
    }

    /// <summary>First reading: the newest time, the number of events per UTC day and the duplicate candidates.</summary>
    private sealed class Days(IngestLimits limits, DuplicateCandidates duplicates) : Pass(limits, duplicates)
    {
        private readonly long[] _perDay = new long[((limits.ValidToMs - limits.ValidFromMs) / Timestamps.MillisPerDay) + 1];

        public long Newest { get; private set; } = long.MinValue;

        /// <summary>Only the time bounds are checked here (<see cref="Keep"/>); the second reading checks all.</summary>
        protected override bool ChecksEvents => false;

        /// <summary>Times in order need no duplicate buckets, so no ids or values either.</summary>
        protected override bool TimeOnly => Duplicates.Ordered;

        /// <summary>Events before <paramref name="ms"/>, a UTC midnight.</summary>
        public int CountBefore(long ms)
        {
            var days = Math.Clamp((ms - Limits.ValidFromMs) / Timestamps.MillisPerDay, 0, _perDay.Length);
            var count = 0L;
            for (var d = 0; d < days; d++)
            {
                count += _perDay[d];
            }

            // More than one array holds: ingest could not keep them either; the reading gives up on the size.
            return (int)Math.Min(count, Array.MaxLength);
        }

        protected override bool Keep(ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, long ts, double value, ulong bucket)
        {
            if (ts < Limits.ValidFromMs || ts >= Limits.ValidToMs || ts > Limits.FutureMs || !Duplicates.Mark(bucket, ts))
            {
                return false;
            }

            Newest = Math.Max(Newest, ts);
            _perDay[(ts - Limits.ValidFromMs) / Timestamps.MillisPerDay]++;
            return true;
        }
    }

    /// <summary>
    /// Second reading: keys in order of first appearance, the training cells into exact arrays, the test cells into
    /// lists; gives up at the first duplicate (ingest drops and counts it).
    /// </summary>
    private sealed class Cells(IngestLimits limits, DuplicateCandidates duplicates, int trainCount, long splitMs) : Pass(limits, duplicates)
    {
        public NumericIdKeys Users { get; } = new(1 << 16);

        public NumericIdKeys Items { get; } = new(1 << 14);

        public int[] TrainUser { get; } = GC.AllocateUninitializedArray<int>(trainCount);

        public int[] TrainItem { get; } = GC.AllocateUninitializedArray<int>(trainCount);

        public float[] TrainLabel { get; } = GC.AllocateUninitializedArray<float>(trainCount);

        public int TrainCount { get; private set; }

        protected override bool ChecksEvents => true;

        public List<int> TestUser { get; } = [];

        public List<int> TestItem { get; } = [];

        public List<float> TestLabel { get; } = [];

        protected override bool Keep(ReadOnlySpan<byte> user, ReadOnlySpan<byte> item, long ts, double value, ulong bucket)
        {
            // Ingest's checks: the ids' only when one is new (an id seen before passed them).
            if (EventBatch.EventProblem(Limits, EventType.Rating, ts, value) is not null)
            {
                return false;
            }

            var u = Users.GetOrAdd(user, out var newUser);
            var i = Items.GetOrAdd(item, out var newItem);
            if (((newUser || newItem) && EventBatch.IdProblem(Limits, true, user, item, default) is not null)
                || !Duplicates.IsFirst(bucket, u, i, ts, value))
            {
                return false;
            }

            if (ts >= splitMs)
            {
                TestUser.Add(u);
                TestItem.Add(i);
                TestLabel.Add((float)value);
                return true;
            }

            if (TrainCount == TrainUser.Length)
            {
                return false;
            }

            (TrainUser[TrainCount], TrainItem[TrainCount], TrainLabel[TrainCount]) = (u, i, (float)value);
            TrainCount++;
            return true;
        }
    }
}

/// <summary>The cells of the time protocol: training before <paramref name="Split"/>, test in [Split, End).</summary>
internal sealed record TimeSplit(RatingMatrix Train, RatingMatrix Test, DateOnly Split, DateOnly End);
