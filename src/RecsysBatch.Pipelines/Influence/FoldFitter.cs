using Microsoft.ML;
using RecsysBatch.Core.Events;
using RecsysBatch.Core.Stages;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Fits the cross-fit folds one shard of the influence stage owns (fold k when k % shards == shard; all of them
/// unsplit), treatment by treatment, on the confounders of all units. The folds, the inner validation users and
/// the size rule are fixed hashes of the users, so every shard splits the units as one process does.
/// </summary>
internal sealed class FoldFitter
{
    private readonly StageContext _context;
    private readonly PairUnits _units;
    private readonly InfluenceOptions _options;
    private readonly NuisanceData _features;
    private readonly int[] _folds;
    private readonly bool[] _validation;
    private readonly MLContext _ml;
    private readonly NuisanceCap _cap;
    private readonly List<int> _mine;
    private int _fitted;

    public FoldFitter(StageContext context, PairUnits units, int shard, int shards)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(units);
        _context = context;
        _units = units;
        _options = context.GetOptions<InfluenceOptions>();
        var windows = InfluenceWindows.At(context.CutoffMs, context.HorizonDaysOr(_options.HorizonDays));
        _features = NuisanceData.Standardize(UnitFeatures.Build(context.Data.RequireEvents(), units, windows));
        _folds = CrossFit.UserFolds(units.User, _options.Folds, context.Seed);
        // A fifth of the users, drawn apart from the folds, is where the learners of each fold are compared.
        _validation = [.. CrossFit.UserFolds(units.User, InfluenceStage.InnerFolds, context.Seed + 1).Select(f => f == 0)];
        _ml = new MLContext(context.Seed);
        _cap = new NuisanceCap(units.User, _options.NuisanceRowsPerParameter, context.Seed + 2);
        _mine = [.. Enumerable.Range(0, _options.Folds).Where(k => k % shards == shard)];
    }

    /// <summary>The shard's folds of <paramref name="behavior"/> that have units, in fold order.</summary>
    public List<CrossFitFold> Fit(EventType behavior, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (_, population) = InfluenceStage.AtRisk(_units, behavior);
        var adjusting = InfluenceStage.Adjusting(_options, _units, behavior);
        var data = adjusting is null ? _features : _features.WithColumn([.. adjusting.Select(t => t ? 1f : 0f)]);
        var forced = InfluenceStage.Forced(_options.Nuisance);
        var total = _options.Behaviors.Count * _mine.Count;
        var parts = new List<CrossFitFold>();
        foreach (var k in _mine)
        {
            if (CrossFit.Fold(_ml, data, _units.Treated[(int)behavior], _units.Purchased, _folds, k, population, _validation, forced, _cap) is { } part)
            {
                parts.Add(part);
            }

            _context.ReportRows(0.1, 0.8, "cross-fit folds", Math.Min(++_fitted, total), total, "folds");
        }

        return parts;
    }
}
