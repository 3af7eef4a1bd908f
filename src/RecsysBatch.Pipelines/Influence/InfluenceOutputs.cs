using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Influence;

/// <summary>Builds influence_coefficients and behavior_funnel from the estimates and the funnel rows.</summary>
internal static class InfluenceOutputs
{
    public const string Outcome = "purchase";

    /// <summary>Default (option nuisance logistic): every nuisance model the ML.NET L-BFGS logistic.</summary>
    public const string Method = "aipw-crossfit-lbfgs";

    /// <summary>fav adjusted for the pair's cart in the exposure window, cart for its fav (option adjustForOtherBehaviors).</summary>
    public const string AdjustedMethod = Method + "-adjusted";

    /// <summary>The method of the rows: aipw-crossfit-selected, -lbfgs or -fasttree (option nuisance), -adjusted appended when adjusted.</summary>
    public static string MethodOf(NuisanceLearner? forced, bool adjusted)
    {
        var learner = forced switch
        {
            NuisanceLearner.Logistic => "lbfgs",
            NuisanceLearner.FastTree => TreeModel.Name,
            _ => "selected",
        };
        return "aipw-crossfit-" + learner + (adjusted ? "-adjusted" : "");
    }

    public static OutputTable Coefficients(IReadOnlyList<InfluenceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new OutputTable(InfluenceTables.Coefficients,
        [
            new OutputColumn<string>([.. rows.Select(r => r.Behavior)]),
            new OutputColumn<string>([.. rows.Select(_ => Outcome)]),
            new OutputColumn<string>([.. rows.Select(r => r.Segment)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.Estimate)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.CiLow)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.CiHigh)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.Naive)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.Regression)]),
            new OutputColumn<long>([.. rows.Select(r => r.Result.Treated)]),
            new OutputColumn<long>([.. rows.Select(r => r.Result.Control)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.TrimmedShare)]),
            new OutputColumn<string>([.. rows.Select(r => r.Method)]),
            new OutputColumn<string?>([.. rows.Select(r => r.Result.Note)]),
            new OutputColumn<long>([.. rows.Select(r => r.Result.Support.TreatedOutcomes)]),
            new OutputColumn<long>([.. rows.Select(r => r.Result.Support.ControlOutcomes)]),
            new OutputColumn<string?>([.. rows.Select(r => InfluenceFlags.Join(r.Result.Flags))]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.EValue)]),
            new OutputColumn<double>([.. rows.Select(r => r.Result.EValueCi)]),
        ]);
    }

    public static OutputTable Funnel(IReadOnlyList<FunnelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new OutputTable(InfluenceTables.Funnel,
        [
            new OutputColumn<string>([.. rows.Select(r => r.Segment)]),
            new OutputColumn<string>([.. rows.Select(r => r.From)]),
            new OutputColumn<string>([.. rows.Select(r => r.To)]),
            new OutputColumn<double>([.. rows.Select(r => r.Rate)]),
            new OutputColumn<double>([.. rows.Select(r => r.MedianHours)]),
            new OutputColumn<long>([.. rows.Select(r => r.N)]),
            new OutputColumn<string>([.. rows.Select(r => r.Chain)]),
            new OutputColumn<long>([.. rows.Select(r => r.ChainFromPairs)]),
            new OutputColumn<long>([.. rows.Select(r => r.ChainToPairs)]),
        ]);
    }
}
