using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>Accumulates Recall@K, NDCG@K, HitRate@K over users and catalogue coverage of the recommended items.</summary>
internal sealed class RankingMetrics
{
    private readonly int _k;
    private readonly bool[] _recommended;
    private double _recall;
    private double _ndcg;
    private int _hits;

    public RankingMetrics(int k, int items)
    {
        _k = k;
        _recommended = new bool[items];
    }

    public int Users { get; private set; }

    public double Recall => Users == 0 ? double.NaN : _recall / Users;

    public double Ndcg => Users == 0 ? double.NaN : _ndcg / Users;

    public double HitRate => Users == 0 ? double.NaN : (double)_hits / Users;

    /// <summary>Share of catalogue items (items with training events) recommended to at least one user.</summary>
    public double Coverage(int catalogue) => catalogue == 0 ? double.NaN : (double)_recommended.Count(r => r) / catalogue;

    /// <summary>Adds one user: <paramref name="ranked"/> best-first, <paramref name="relevant"/> sorted ascending and non-empty.</summary>
    public void Add(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant)
    {
        var hits = 0;
        var dcg = 0.0;
        var n = Math.Min(_k, ranked.Length);
        for (var r = 0; r < n; r++)
        {
            _recommended[ranked[r]] = true;
            if (relevant.BinarySearch(ranked[r]) >= 0)
            {
                hits++;
                dcg += Metrics.Discount(r);
            }
        }

        _recall += (double)hits / relevant.Length;
        _ndcg += dcg / Metrics.IdealDcg(_k, relevant.Length);
        _hits += hits > 0 ? 1 : 0;
        Users++;
    }
}
