namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Platt scaling of one scorer's score: q = σ(slope · (x − center) / scale + intercept), with x the score on a scale
/// where a logistic fit is sensible (<see cref="Feature"/>). Fitted on held-out rows weighted by their inverse sampling
/// rate (<see cref="RankLabelledRows.Weight"/>), q estimates P(the user does the label event on this candidate | the
/// user does it on one of their candidates): the rows only hold users with such a positive. The slope is kept ≥ 0,
/// so q never reverses the scorer's order.
/// </summary>
public sealed class ScorerCalibration(string scorer, double center, double scale, double slope, double intercept)
{
    private const int Iterations = 50;
    private const double Ridge = 1e-6;

    public string Scorer { get; } = scorer;

    public double Center { get; } = center;

    public double Scale { get; } = scale;

    public double Slope { get; } = slope;

    public double Intercept { get; } = intercept;

    /// <summary>q for one score of <see cref="Scorer"/>, in (0, 1).</summary>
    public double Probability(double score)
    {
        var z = (Slope * (Feature(Scorer, score) - Center) / Scale) + Intercept;
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>
    /// The fitted input: the ranker's output as a logit (it is a sigmoid already), popularity (a summed event weight,
    /// heavy-tailed) as log(1 + p), the MF score as it is.
    /// </summary>
    public static double Feature(string scorer, double score) => scorer switch
    {
        RankChampion.Ranker => Math.Log(Math.Clamp(score, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(score, 1e-6, 1 - 1e-6))),
        RankChampion.Popularity => Math.Log(1 + Math.Max(0, score)),
        _ => score,
    };

    /// <summary>Weighted logistic regression on the standardised feature by Newton's method (a tiny ridge keeps it defined when the classes separate).</summary>
    public static ScorerCalibration Fit(string scorer, float[] scores, float[] labels, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        var x = scores.Select(s => Feature(scorer, s)).ToArray();
        var total = weights.Sum(w => (double)w);
        var center = total > 0 ? x.Select((v, r) => v * weights[r]).Sum() / total : 0;
        var variance = total > 0 ? x.Select((v, r) => (v - center) * (v - center) * weights[r]).Sum() / total : 0;
        var scale = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        var (slope, intercept) = Newton(x.Select(v => (v - center) / scale).ToArray(), labels, weights, fitSlope: true);
        if (slope < 0)
        {
            // A scorer worse than chance on these rows: no order information, only the base rate.
            (slope, intercept) = Newton(new double[x.Length], labels, weights, fitSlope: false);
        }

        return new ScorerCalibration(scorer, center, scale, slope, intercept);
    }

    private static (double Slope, double Intercept) Newton(double[] x, float[] labels, float[] weights, bool fitSlope)
    {
        double a = 0, b = 0;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            double ga = Ridge * a, gb = Ridge * b, haa = Ridge, hab = 0, hbb = Ridge;
            for (var r = 0; r < x.Length; r++)
            {
                var p = 1 / (1 + Math.Exp(-((a * x[r]) + b)));
                var e = weights[r] * (p - (labels[r] > 0 ? 1 : 0));
                var h = weights[r] * p * (1 - p);
                ga += e * x[r];
                gb += e;
                haa += h * x[r] * x[r];
                hab += h * x[r];
                hbb += h;
            }

            double da, db;
            if (fitSlope)
            {
                var det = (haa * hbb) - (hab * hab);
                da = ((hbb * ga) - (hab * gb)) / det;
                db = ((haa * gb) - (hab * ga)) / det;
            }
            else
            {
                da = 0;
                db = gb / hbb;
            }

            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10)
            {
                break;
            }
        }

        return (a, b);
    }
}
