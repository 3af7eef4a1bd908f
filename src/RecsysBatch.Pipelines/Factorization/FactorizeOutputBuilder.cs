using RecsysBatch.Core.Events;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Turns a trained implicit model into the four output tables (original ids, rank-length factor arrays).</summary>
internal sealed class FactorizeOutputBuilder
{
    private readonly EventTable _events;
    private readonly Interactions _data;
    private readonly FactorModel _model;
    private readonly FactorizeOptions _options;
    private readonly CategoryProfile? _categories;

    private readonly int _shard;
    private readonly int _shards;

    /// <param name="categories">When set, MF candidates are re-ranked by <see cref="CategoryBoostRanker"/> (source 'mf_category').</param>
    /// <param name="shard">With <paramref name="shards"/>: candidates and similar users only of the users whose key k has k % shards == shard.</param>
    public FactorizeOutputBuilder(EventTable events, Interactions data, FactorModel model, FactorizeOptions options, CategoryProfile? categories = null, int shard = 0, int shards = 1)
    {
        _events = events;
        _data = data;
        _model = model;
        _options = options;
        _categories = categories;
        _shard = shard;
        _shards = shards;
        MfUsers = [.. Enumerable.Range(0, data.Users).Where(u => data.ItemCount(u) >= options.MinUserItems)];
        ShardMfUsers = shards == 1 ? MfUsers : [.. MfUsers.Where(Mine)];
    }

    /// <summary>Called with (users scored, of how many) every few percent of the candidate and similar-user scoring.</summary>
    public Action<string, long, long>? Progress { get; init; }

    /// <summary>Seen items named per MF candidate (candidates.because_items).</summary>
    public const int BecauseItems = 3;

    /// <summary>Users with enough history for model candidates, ascending key.</summary>
    public int[] MfUsers { get; }

    /// <summary>The shard's part of <see cref="MfUsers"/> (all of them unsplit).</summary>
    public int[] ShardMfUsers { get; }

    public OutputTable UserFactors()
    {
        var users = Enumerable.Range(0, _data.Users).Where(u => _data.ItemCount(u) > 0).ToArray();
        return new OutputTable(FactorizeTables.UserFactors,
        [
            new OutputColumn<string>([.. users.Select(u => _events.Users[u])]),
            new OutputColumn<float[]>([.. users.Select(u => _model.Copy(_model.UserRow(u)))]),
        ]);
    }

    public OutputTable ItemFactors()
    {
        var items = Enumerable.Range(0, _data.Items).Where(i => _data.Popularity[i] > 0).ToArray();
        return new OutputTable(FactorizeTables.ItemFactors,
        [
            new OutputColumn<string>([.. items.Select(i => _events.Items[i])]),
            new OutputColumn<float[]>([.. items.Select(i => _model.Copy(_model.ItemRow(i)))]),
        ]);
    }

    /// <summary>
    /// Top-K unseen items per user: MF (or MF re-ranked by category, 'mf_category') for <see cref="MfUsers"/>, popularity
    /// for the rest. MF rows also carry the plain MF score and the seen items that contribute most to it (<see cref="AlsExplainer"/>).
    /// </summary>
    public OutputTable Candidates()
    {
        var k = _options.TopK;
        var pool = _categories is null ? k : Math.Max(k, _options.CategoryPool);
        var mine = ShardMfUsers;
        var popularity = new PopularityRanker(_data.Popularity);
        var shardUsers = _data.Users <= _shard ? 0 : ((_data.Users - _shard + _shards - 1) / _shards);
        var rows = new CompactCandidates(_events, _model, shardUsers * Math.Min(k, Math.Max(1, _data.Items)), BecauseItems);
        var firstRow = new int[mine.Length];
        var rowCount = new int[mine.Length];
        var buffer = new int[k];
        var boosted = new double[k];

        // The MF pools are scored a slice of users at a time and dropped once their rows are added: a pool of 500
        // items per user for every user at once would be the stage's largest allocation.
        var chunk = Math.Max(ChunkedTopK.MinChunk, (mine.Length + ChunkedTopK.Chunks - 1) / ChunkedTopK.Chunks);
        TopKResult? top = null;
        var chunkStart = 0;
        var next = 0;
        for (var u = _shard; u < _data.Users; u += _shards)
        {
            if (next < mine.Length && mine[next] == u)
            {
                if (top is null || next >= chunkStart + chunk)
                {
                    chunkStart = next;
                    var slice = mine[next..Math.Min(mine.Length, next + chunk)];
                    top = TopKScorer.Score(_model.UserFactors, slice, _model.ItemFactors, _model.Items, _model.Stride, pool, _data.ByUser, _options.Threads);
                    Progress?.Invoke("scoring candidates", next + slice.Length, mine.Length);
                }

                firstRow[next] = rows.Count;
                var columns = top.Columns(next - chunkStart);
                var scores = top.Scores(next - chunkStart);
                if (_categories is not null)
                {
                    var m = CategoryBoostRanker.Top(columns, scores, u, _categories, _options.CategoryBoost, k, buffer, boosted);
                    for (var r = 0; r < m; r++)
                    {
                        rows.Add(u, r + 1, buffer[r], boosted[r], CompactCandidates.MfCategory);
                    }
                }
                else
                {
                    for (var r = 0; r < columns.Length; r++)
                    {
                        rows.Add(u, r + 1, columns[r], scores[r], CompactCandidates.Mf);
                    }
                }

                rowCount[next] = rows.Count - firstRow[next];
                next++;
                continue;
            }

            var n = popularity.Top(_data, u, k, buffer);
            for (var r = 0; r < n; r++)
            {
                rows.Add(u, r + 1, buffer[r], popularity.Score(buffer[r]), CompactCandidates.Popular);
            }
        }

        // The rows of MF user mine[m] are firstRow[m] .. firstRow[m] + rowCount[m] − 1; popular rows have no explanation.
        top = null;
        rows.StartExplanations();
        var trainer = _options.ToTrainerOptions(0);
        var explainer = new AlsExplainer(_model, _data.ByUser, trainer.Lambda, trainer.Alpha, trainer.C);
        Parallel.For(0, mine.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.Threads }, m =>
        {
            var from = firstRow[m];
            var keys = new int[rowCount[m]];
            for (var r = 0; r < keys.Length; r++)
            {
                keys[r] = rows.ItemKey(from + r);
            }

            var explanations = explainer.Explain(mine[m], keys, BecauseItems);
            for (var r = 0; r < keys.Length; r++)
            {
                rows.SetExplanation(from + r, explanations?[r]);
            }
        });

        return rows.ToTable();
    }

    /// <summary>
    /// Cosine neighbours among the MF users: the same blocked top-K on unit-length user rows, self excluded; with the
    /// count of distinct items both users have cells with before the snapshot (often 0: factors generalise past overlap).
    /// An exact search costs users × users; with <see cref="FactorizeOptions.SimilarUsersPool"/> N > 0 and more MF
    /// users, the neighbours are searched among the N with the most cells (the best-known factors), so the cost is
    /// linear in the users, and <see cref="SimilarCheck"/> says how many of the exact neighbours of a sample of the
    /// users the pool found.
    /// </summary>
    public OutputTable SimilarUsers()
    {
        var stride = _model.Stride;
        var unit = new float[_data.Users * stride];
        foreach (var u in MfUsers)
        {
            var row = _model.UserRow(u);
            var norm = MathF.Sqrt(FactorMath.Dot(row, row));
            FactorMath.Axpy(norm > 0 ? 1 / norm : 0, row, unit.AsSpan(u * stride, stride));
        }

        var pool = SimilarPool();
        var mine = ShardMfUsers;
        var among = Among(unit, pool);
        var top = new ChunkedTopK(mine, among, (done, total) => Progress?.Invoke("similar users", done, total));
        if (pool.Length < MfUsers.Length)
        {
            SimilarCheck = CheckAgainstExact(unit, mine, pool, top);
        }

        var user = new List<string>();
        var rank = new List<int>();
        var other = new List<string>();
        var similarity = new List<double>();
        var common = new List<int>();
        for (var r = 0; r < mine.Length; r++)
        {
            var columns = top.Columns(r);
            var scores = top.Scores(r);
            for (var j = 0; j < columns.Length; j++)
            {
                user.Add(_events.Users[mine[r]]);
                rank.Add(j + 1);
                other.Add(_events.Users[pool[columns[j]]]);
                similarity.Add(scores[j]);
                common.Add(CommonItems(_data.ItemsOf(mine[r]), _data.ItemsOf(pool[columns[j]])));
            }
        }

        return new OutputTable(FactorizeTables.SimilarUsers,
        [
            new OutputColumn<string>([.. user]),
            new OutputColumn<int>([.. rank]),
            new OutputColumn<string>([.. other]),
            new OutputColumn<double>([.. similarity]),
            new OutputColumn<int>([.. common]),
        ]);
    }

    /// <summary>Set by <see cref="SimilarUsers"/> when the pool was smaller than the MF users: how it compares with the exact search.</summary>
    public SimilarPoolCheck? SimilarCheck { get; private set; }

    /// <summary>
    /// The MF users similar users are searched among: all of them, or the <see cref="FactorizeOptions.SimilarUsersPool"/>
    /// with the most cells (ties: smaller key), ascending key; the same in every shard.
    /// </summary>
    public int[] SimilarPool()
    {
        var size = _options.SimilarUsersPool;
        if (size <= 0 || MfUsers.Length <= size)
        {
            return MfUsers;
        }

        return [.. MfUsers.OrderByDescending(_data.ItemCount).ThenBy(u => u).Take(size).Order()];
    }

    /// <summary>
    /// The search for the top similarUsers of some rows among <paramref name="pool"/> (columns index the pool), self
    /// excluded: the pool's unit rows and the exclusions are gathered once, then each call scores its rows.
    /// </summary>
    private Func<int[], TopKResult> Among(float[] unit, int[] pool)
    {
        var stride = _model.Stride;
        var right = new float[pool.Length * stride];
        for (var r = 0; r < pool.Length; r++)
        {
            unit.AsSpan(pool[r] * stride, stride).CopyTo(right.AsSpan(r * stride, stride));
        }

        var self = SparseRows.Build(_data.Users, pool, [.. Enumerable.Range(0, pool.Length)], new float[pool.Length]);
        return rows => TopKScorer.Score(unit, rows, right, pool.Length, stride, _options.SimilarUsers, self, _options.Threads);
    }

    /// <summary>
    /// The exact neighbours (among all MF users) of every ⌈n / checked⌉-th user of the shard, and how many of them the
    /// pooled search found (a pair found counts when the same user is among both lists).
    /// </summary>
    private SimilarPoolCheck CheckAgainstExact(float[] unit, int[] mine, int[] pool, ChunkedTopK pooled)
    {
        var every = Math.Max(1, (mine.Length + SimilarPoolCheck.CheckedUsers - 1) / SimilarPoolCheck.CheckedUsers);
        var sample = Enumerable.Range(0, mine.Length).Where(r => r % every == 0).ToArray();
        var exact = Among(unit, MfUsers)([.. sample.Select(r => mine[r])]);
        long pairs = 0, hits = 0;
        for (var s = 0; s < sample.Length; s++)
        {
            var found = new HashSet<int>();
            foreach (var c in pooled.Columns(sample[s]))
            {
                found.Add(pool[c]);
            }

            foreach (var c in exact.Columns(s))
            {
                pairs++;
                hits += found.Contains(MfUsers[c]) ? 1 : 0;
            }
        }

        return new SimilarPoolCheck(pool.Length, MfUsers.Length, sample.Length, pairs, hits);
    }

    private bool Mine(int user) => user % _shards == _shard;

    /// <summary>How many keys two ascending key lists share (a merge).</summary>
    public static int CommonItems(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                n++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return n;
    }
}
