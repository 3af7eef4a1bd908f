namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Trains the reference ranker: binary cross-entropy, Adam, shuffled mini-batches (seeded), and early stopping on
/// the validation rows' log-loss; the parameters of the best epoch are returned. Single-threaded, so the result
/// depends only on the inputs and the seed.
/// </summary>
internal static class RankerTrainer
{
    public static (RankerModel Model, RankerTrainingReport Report) Train(
        RankerContract contract, RankerBatch train, ReadOnlySpan<float> trainLabels, RankerBatch validation, ReadOnlySpan<float> validationLabels, RankerTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(train.Count);
        ArgumentOutOfRangeException.ThrowIfZero(validation.Count);
        var architecture = new RankerArchitecture(contract, options.Embedding, options.Hidden1, options.Hidden2);
        var parameters = RankerInitializer.Initialize<float>(architecture, options.Seed);
        var network = new RankerNetwork<float>(architecture, parameters);
        var best = (float[])parameters.Clone();
        var gradient = new float[parameters.Length];
        var adam = new AdamOptimizer(parameters.Length, options.LearningRate);
        var act = new RankerActivations<float>(architecture);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var random = new Random(options.Seed);
        var trainLoss = new List<double>();
        var validationLoss = new List<double>();
        var bestEpoch = 0;
        for (var epoch = 0; epoch < options.MaxEpochs && epoch - bestEpoch <= options.Patience; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            for (var first = 0; first < order.Length; first += options.BatchSize)
            {
                var n = Math.Min(options.BatchSize, order.Length - first);
                Array.Clear(gradient);
                for (var i = first; i < first + n; i++)
                {
                    var row = order[i];
                    var p = network.Forward(train, row, act);
                    sum += RankerNetwork<float>.Loss(act.Logit, trainLabels[row]);
                    network.Backward(train, row, act, (p - trainLabels[row]) / n, gradient);
                }

                adam.Step(parameters, gradient);
            }

            trainLoss.Add(sum / order.Length);
            validationLoss.Add(LogLoss(network, validation, validationLabels, act));
            if (epoch == 0 || validationLoss[epoch] < validationLoss[bestEpoch])
            {
                bestEpoch = epoch;
                Array.Copy(parameters, best, parameters.Length);
            }
        }

        return (new RankerModel(architecture, best), new RankerTrainingReport(trainLoss, validationLoss, bestEpoch));
    }

    public static double LogLoss(RankerNetwork<float> network, RankerBatch rows, ReadOnlySpan<float> labels, RankerActivations<float> act)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rows);
        double sum = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            network.Forward(rows, row, act);
            sum += RankerNetwork<float>.Loss(act.Logit, labels[row]);
        }

        return sum / rows.Count;
    }
}
