namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The coordinate search of <see cref="AlsSearch"/> over the λ × α grid (a searched value walks its grid, an explicit
/// one is a grid of one): the middle point from the seeded initial factors, then lines through the best point, α
/// first, alternating while a line moves the best. Holds at most three sets of factors: the line's start, the
/// best point's and the one being trained.
/// </summary>
internal sealed class AlsGridWalk
{
    private readonly Interactions _train;
    private readonly int[] _users;
    private readonly IReadOnlyList<int[]> _relevant;
    private readonly FactorizeOptions _options;
    private readonly MatrixFactorizationOptions _trainer;
    private readonly Action<int, int>? _progress;
    private readonly double[] _lambdas;
    private readonly double[] _alphas;
    private readonly SparseRows _byUser;
    private readonly SparseRows _byItem;
    private readonly Dictionary<(int L, int A), double> _recall = [];
    private (int L, int A) _best;
    private float[] _bestX = [];
    private float[] _bestY = [];

    public AlsGridWalk(Interactions train, int[] users, IReadOnlyList<int[]> relevant, FactorizeOptions options, int seed, Action<int, int>? progress)
    {
        _train = train;
        _users = users;
        _relevant = relevant;
        _options = options;
        _progress = progress;
        _lambdas = options.Lambda is { } lambda ? [lambda] : AlsSearch.Lambdas;
        _alphas = options.Alpha is { } alpha ? [alpha] : AlsSearch.Alphas;
        _trainer = options.ToTrainerOptions(seed);
        var matrix = train.ToMatrix("factorize inner training events");
        matrix.Validate(_trainer);
        _byUser = SparseRows.Build(matrix.Users, matrix.User, matrix.Item, matrix.Label);
        _byItem = _byUser.Transpose(matrix.Items);
    }

    /// <summary>Every point scored, in grid order (α outer, λ inner).</summary>
    public List<AlsGridPoint> Points =>
        [.. _recall.OrderBy(p => Order(p.Key)).Select(p => new AlsGridPoint(_lambdas[p.Key.L], _alphas[p.Key.A], p.Value))];

    /// <summary>Walks the grid; returns the best point's λ and α.</summary>
    public (double Lambda, double Alpha) Run()
    {
        _best = (_lambdas.Length / 2, _alphas.Length / 2);
        (_bestX, _bestY) = AlsTrainer.InitialFactors(_train.Users, _train.Items, _trainer);
        _recall[_best] = Train(_best, _bestX, _bestY, Math.Min(AlsSearch.MaxSweeps, _options.Iterations));
        var alongAlpha = true;
        for (var line = 1; ; line++, alongAlpha = !alongAlpha)
        {
            // The second line always runs (the first may not move the middle point); after that a line that keeps
            // the best point ends the walk, since the line before it, along the other value, went through it too.
            if (!Line(alongAlpha) && line >= 2)
            {
                return (_lambdas[_best.L], _alphas[_best.A]);
            }
        }
    }

    /// <summary>
    /// Scores the line through the best point along α or λ; true when the best point moved. An α point starts from
    /// the seed (a few sweeps on from another α's factors stay biased towards it); a λ point continues from its
    /// neighbour's factors towards the best point, a regularisation path outwards from it.
    /// </summary>
    private bool Line(bool alongAlpha)
    {
        var start = _best;
        var (startX, startY) = (_bestX, _bestY);
        var count = alongAlpha ? _alphas.Length : _lambdas.Length;
        var at = alongAlpha ? start.A : start.L;
        foreach (var step in (ReadOnlySpan<int>)[1, -1])
        {
            float[] x = [], y = [];
            if (!alongAlpha)
            {
                (x, y) = ((float[])startX.Clone(), (float[])startY.Clone());
            }

            for (var i = at + step; i >= 0 && i < count; i += step)
            {
                var point = alongAlpha ? (start.L, i) : (i, start.A);
                if (_recall.ContainsKey(point))
                {
                    // Scored on an earlier line: a λ path goes on from the factors it has, one more point away.
                    continue;
                }

                if (alongAlpha)
                {
                    (x, y) = AlsTrainer.InitialFactors(_train.Users, _train.Items, _trainer);
                }

                var sweeps = Math.Min(alongAlpha ? AlsSearch.MaxSweeps : AlsSearch.WarmSweeps, _options.Iterations);
                var recall = _recall[point] = Train(point, x, y, sweeps);
                if (recall > _recall[_best] || (recall == _recall[_best] && Order(point) < Order(_best)))
                {
                    (_best, _bestX, _bestY) = (point, (float[])x.Clone(), (float[])y.Clone());
                }
            }
        }

        return _best != start;
    }

    /// <summary>Continues the factors <paramref name="x"/>, <paramref name="y"/> for <paramref name="sweeps"/> sweeps at the point's λ and α; returns its recall.</summary>
    private double Train((int L, int A) point, float[] x, float[] y, int sweeps)
    {
        _trainer.Lambda = _lambdas[point.L];
        _trainer.Alpha = _alphas[point.A];
        _trainer.NumberOfIterations = sweeps;
        AlsTrainer.Continue(_byUser, _byItem, x, y, _trainer);
        var k = _options.EvaluationK;
        var top = TopKScorer.Score(x, _users, y, _train.Items, FactorMath.StrideFor(_trainer.ApproximationRank), k, _train.ByUser, _options.Threads);
        var metrics = new RankingMetrics(k, _train.Items);
        for (var r = 0; r < _users.Length; r++)
        {
            metrics.Add(top.Columns(r), _relevant[r]);
        }

        _progress?.Invoke(_recall.Count + 1, _lambdas.Length * _alphas.Length);
        return metrics.Recall;
    }

    private int Order((int L, int A) point) => (point.A * _lambdas.Length) + point.L;
}
