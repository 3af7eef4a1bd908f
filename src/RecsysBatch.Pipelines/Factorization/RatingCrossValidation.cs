using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace RecsysBatch.Pipelines.Factorization;

/// <summary>
/// The protocol of the public MovieLens tables: ratings split at random into k folds (seeded), each fold scored by
/// a model trained on the others. Predictions are clipped to the observed rating range, as rating tables do.
/// With a search, λ and/or the learning rate are chosen per fold on a random inner split of that fold's training
/// part (<see cref="InnerValidation.Random"/>), never on its test fold.
/// </summary>
internal static class RatingCrossValidation
{
    /// <param name="data">All ratings.</param>
    /// <param name="options">Trainer options.</param>
    /// <param name="folds">Number of folds.</param>
    /// <param name="seed">Seed of the fold split and of the inner splits.</param>
    /// <param name="search">Which of λ and the learning rate to choose per fold; false keeps the option's value.</param>
    public static List<FoldResult> KFold(RatingMatrix data, MatrixFactorizationOptions options, int folds, int seed, (bool Lambda, bool LearningRate) search = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var n = data.Count;
        var order = new int[n];
        for (var j = 0; j < n; j++)
        {
            order[j] = j;
        }

        new Random(seed).Shuffle(order);
        var fold = new int[n];
        for (var j = 0; j < n; j++)
        {
            fold[order[j]] = j % folds;
        }

        var min = data.Label.Min();
        var max = data.Label.Max();
        var results = new List<FoldResult>();
        for (var f = 0; f < folds; f++)
        {
            var train = Select(data, fold, f, keep: false);
            var test = Select(data, fold, f, keep: true);
            var choice = Choose(train, options, seed + f + 1, search);
            var estimator = new MLContext(options.Seed).Recommendation().Trainers.MatrixFactorization(SgdSearch.Copy(options, choice.Lambda, choice.LearningRate));
            var clock = Stopwatch.StartNew();
            var model = estimator.Fit(new RatingDataView(train)).Model;
            var trace = estimator.LastTrace!;
            var seconds = clock.Elapsed.TotalSeconds;
            double se = 0, ae = 0;
            for (var j = 0; j < test.Count; j++)
            {
                var e = Math.Clamp(model.Score(test.User[j], test.Item[j]), min, max) - test.Label[j];
                se += e * e;
                ae += Math.Abs(e);
            }

            results.Add(new FoldResult(f, train.Count, test.Count, Math.Sqrt(se / test.Count), ae / test.Count, seconds, trace.Seconds.Average(), choice));
        }

        return results;
    }

    private static SgdChoice Choose(RatingMatrix train, MatrixFactorizationOptions options, int seed, (bool Lambda, bool LearningRate) search)
    {
        if (!search.Lambda && !search.LearningRate)
        {
            return new SgdChoice(options.Lambda, options.LearningRate, [], 0);
        }

        var (inner, validation) = InnerValidation.Random(train, seed);
        return SgdSearch.Choose(inner, validation, options, search.Lambda ? null : options.Lambda, search.LearningRate ? null : options.LearningRate)
            with { InnerSplit = string.Create(CultureInfo.InvariantCulture, $"a random {InnerValidation.RandomShare * 100:0}% of the fold's training part") };
    }

    private static RatingMatrix Select(RatingMatrix data, int[] fold, int f, bool keep)
    {
        var count = fold.Count(x => (x == f) == keep);
        var user = new int[count];
        var item = new int[count];
        var label = new float[count];
        var w = 0;
        for (var j = 0; j < data.Count; j++)
        {
            if ((fold[j] == f) == keep)
            {
                user[w] = data.User[j];
                item[w] = data.Item[j];
                label[w++] = data.Label[j];
            }
        }

        return new RatingMatrix(data.Users, data.Items, user, item, label, keep ? $"fold {f + 1} test ratings" : $"fold {f + 1} training ratings");
    }
}
