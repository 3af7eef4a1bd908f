using RecsysBatch.Pipelines.Evaluation;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>
/// Held-out (cross-fitted) log loss of one behaviour's propensity and outcome models next to a constant rate, over
/// the units the models were fitted for. Written to model_metrics and, when a model loses to the constant, turned
/// into the flag nuisance_worse_than_constant on the behaviour's rows: the adjustment then adds noise, not control.
/// </summary>
internal sealed record NuisanceQuality(double PropensityLogLoss, double PropensityBaseline, double OutcomeLogLoss, double OutcomeBaseline)
{
    public bool WorseThanConstant => PropensityLogLoss > PropensityBaseline || OutcomeLogLoss > OutcomeBaseline;

    public static NuisanceQuality Measure(IReadOnlyList<int> rows, bool[] treated, bool[] outcome, CrossFit fit)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(fit);
        // The outcome model of a unit is the one of its own arm: m1 for treated units, m0 for controls.
        var predicted = rows.Select(r => treated[r] ? fit.Mu1[r] : fit.Mu0[r]).ToArray();
        return new NuisanceQuality(
            LogLoss(rows.Select(r => treated[r]), rows.Select(r => fit.Propensity[r])),
            LogLoss(rows.Select(r => treated[r]), Constant(rows, treated)),
            LogLoss(rows.Select(r => outcome[r]), predicted),
            LogLoss(rows.Select(r => outcome[r]), Constant(rows, outcome)));
    }

    private static IEnumerable<double> Constant(IReadOnlyList<int> rows, bool[] label)
    {
        var rate = (rows.Count(r => label[r]) + 0.5) / (rows.Count + 1.0);
        return rows.Select(_ => rate);
    }

    private static double LogLoss(IEnumerable<bool> labels, IEnumerable<double> p) => Metrics.LogLoss(labels, p, Metrics.DoubleClip);
}
