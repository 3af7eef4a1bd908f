using System.Diagnostics;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// Explicit-feedback trainer: SGD on squared error with user/item biases and L2, parallel over a B×B grid of
/// blocks of the rating matrix (as LIBMF does; B = NumberOfBlocks, default 4 × threads). Sub-epoch s runs the B
/// blocks (r, (r + s) mod B) in parallel: they share no user and no item, so there are no races, and each block
/// is processed sequentially in an order fixed by the seed, so the result depends on the seed and B only.
/// </summary>
internal static class SgdTrainer
{
    /// <param name="data">Training ratings.</param>
    /// <param name="options">Trainer options.</param>
    /// <param name="trace">Receives the loss and seconds of each epoch.</param>
    /// <param name="afterEpoch">
    /// Sees the model after each epoch (its arrays are the live ones, valid until the next epoch) and returns false
    /// to stop early: the hyper-parameter search stops a grid point whose validation error is no longer finite.
    /// </param>
    /// <param name="reorderCells">
    /// Build the block grid in the arrays of <paramref name="data"/> (<see cref="SgdGrid.BuildInPlace"/>): the same
    /// model with less memory, but the cells are left in another order, so the caller must not need theirs.
    /// </param>
    public static FactorModel Train(
        RatingMatrix data, MatrixFactorizationOptions options, TrainingTrace? trace = null, Func<FactorModel, bool>? afterEpoch = null, bool reorderCells = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        data.Validate(options);
        var t = options.ResolvedThreads;
        var b = options.ResolvedBlocks;
        var rank = options.ApproximationRank;
        var stride = FactorMath.StrideFor(rank);
        var random = new Random(options.Seed);
        // Before the grid, which may reorder the cells: the sum runs in their order.
        var mean = (float)data.Label.Average(v => (double)v);
        var grid = reorderCells ? SgdGrid.BuildInPlace(data, b, random) : SgdGrid.Build(data, b, random);

        var p = new float[data.Users * stride];
        var q = new float[data.Items * stride];
        FactorMath.Initialize(p, data.Users, rank, stride, options.InitialScale, random);
        FactorMath.Initialize(q, data.Items, rank, stride, options.InitialScale, random);
        var bu = new float[data.Users];
        var bi = new float[data.Items];
        var blockLoss = new double[b * b];
        var order = Enumerable.Range(0, b).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = t };
        var lr = options.LearningRate;
        var lambda = (float)options.Lambda;
        var nonNegative = options.NonNegative;

        for (var epoch = 0; epoch < options.NumberOfIterations; epoch++)
        {
            var clock = Stopwatch.StartNew();
            random.Shuffle(order);
            var rate = (float)lr;
            foreach (var s in order)
            {
                Parallel.For(0, b, parallel, rowBlock =>
                {
                    var block = (rowBlock * b) + ((rowBlock + s) % b);
                    blockLoss[block] = RunBlock(grid, block, p, q, bu, bi, stride, mean, rate, lambda, nonNegative);
                });
            }

            lr *= options.LearningRateDecay;
            var loss = 0.0;
            foreach (var part in blockLoss)
            {
                loss += part;
            }

            trace?.Add(Math.Sqrt(loss / data.Count), clock.Elapsed.TotalSeconds);
            if (afterEpoch is not null && !afterEpoch(new FactorModel(data.Users, data.Items, rank, p, q, mean, bu, bi)))
            {
                break;
            }
        }

        return new FactorModel(data.Users, data.Items, rank, p, q, mean, bu, bi);
    }

    /// <summary>One pass over a block; returns the sum of squared errors seen before each update.</summary>
    private static double RunBlock(SgdGrid grid, int block, float[] p, float[] q, float[] bu, float[] bi, int stride, float mean, float rate, float lambda, bool nonNegative)
    {
        var users = grid.User;
        var items = grid.Item;
        var labels = grid.Label;
        var shrink = 1f - (rate * lambda);
        var loss = 0.0;
        for (var j = grid.Start[block]; j < grid.Start[block + 1]; j++)
        {
            var u = users[j];
            var i = items[j];
            var pu = p.AsSpan(u * stride, stride);
            var qi = q.AsSpan(i * stride, stride);
            var err = labels[j] - (mean + bu[u] + bi[i] + FactorMath.Dot(pu, qi));
            loss += err * err;
            bu[u] += rate * (err - (lambda * bu[u]));
            bi[i] += rate * (err - (lambda * bi[i]));
            FactorMath.SgdStep(pu, qi, shrink, rate * err);
            if (nonNegative)
            {
                FactorMath.ClampNonNegative(pu);
                FactorMath.ClampNonNegative(qi);
            }
        }

        return loss;
    }
}
