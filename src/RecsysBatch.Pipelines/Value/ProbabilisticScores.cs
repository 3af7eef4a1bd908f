namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// BG/NBD and Gamma-Gamma fitted on the customers as of one anchor day, and their per-customer outputs.
/// clv = Σ_{m=1..M} spend · (E[Y(m months)] − E[Y(m − 1 months)]) / (1 + d)^m with the monthly rate
/// d = (1 + annual)^(1/12) − 1 (spend = 1 when the target is purchase days: discounted expected transactions).
/// </summary>
internal sealed class ProbabilisticScores
{
    private ProbabilisticScores(RfmSummary rfm, BgNbdFitter.Fit bgNbd, GammaGammaFitter.Fit? gammaGamma, double fallbackSpend)
    {
        Rfm = rfm;
        BgNbd = bgNbd;
        GammaGamma = gammaGamma;
        FallbackSpend = fallbackSpend;
        PAlive = new double[rfm.Count];
        ExpectedPurchases = new double[rfm.Count];
        ExpectedSpend = new double[rfm.Count];
        PredictedValue = new double[rfm.Count];
        Clv = new double[rfm.Count];
    }

    public RfmSummary Rfm { get; }

    public BgNbdFitter.Fit BgNbd { get; }

    /// <summary>Null when the target is purchase days, or too few repeat customers have a known spend.</summary>
    public GammaGammaFitter.Fit? GammaGamma { get; }

    /// <summary>Why Gamma-Gamma was not used (revenue target only); null when it was.</summary>
    public string? SpendNote { get; private set; }

    /// <summary>
    /// The spend of a customer without a known repeat amount when Gamma-Gamma is not used: a figure of all the fit's
    /// customers, so a shard of them is scored with the population's value.
    /// </summary>
    public double FallbackSpend { get; }

    public double[] PAlive { get; }

    /// <summary>Expected transactions (purchase days) in the horizon.</summary>
    public double[] ExpectedPurchases { get; }

    /// <summary>Expected spend per transaction; NaN when the target is purchase days.</summary>
    public double[] ExpectedSpend { get; }

    /// <summary>Expected target in the horizon: expected purchases times expected spend, or expected purchases.</summary>
    public double[] PredictedValue { get; }

    /// <summary>NaN per customer when the fit was made without clv (training anchors).</summary>
    public double[] Clv { get; }

    public bool HasClv { get; private set; }

    /// <summary>
    /// Fits both models as of <paramref name="anchorDay"/> and scores every customer without clv (it costs a series per
    /// month and customer; only the published rows need it: <see cref="Apply"/> with withClv).
    /// </summary>
    public static ProbabilisticScores Fit(PurchaseLog log, int anchorDay, ValueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rfm = RfmSummary.At(log, anchorDay, settings.UnitDays);
        var bgNbd = BgNbdFitter.Run(rfm.Frequency, rfm.Recency, rfm.Age, settings.Starts, settings.Seed);
        GammaGammaFitter.Fit? gammaGamma = null;
        string? note = null;
        if (settings.Revenue)
        {
            var spenders = rfm.MeanSpend.Count(m => m > 0);
            if (spenders >= ValueSettings.MinSpendCustomers)
            {
                gammaGamma = GammaGammaFitter.Run(rfm.SpendDays, rfm.MeanSpend, settings.Starts, settings.Seed);
                note = gammaGamma.Parameters.Q <= 1 ? $"Gamma-Gamma q = {gammaGamma.Parameters.Q:G4} <= 1 (no finite mean): observed mean spends used" : null;
            }
            else
            {
                note = $"{spenders} repeat customers with a known spend (Gamma-Gamma needs {ValueSettings.MinSpendCustomers}): observed mean spends used";
            }
        }

        return Apply(rfm, bgNbd, note is null ? gammaGamma : null, note, FallbackSpendOf(rfm), settings, withClv: false);
    }

    /// <summary>
    /// The per-customer outputs of fitted parameters for the customers of <paramref name="rfm"/> (all of the fit's, or
    /// a shard of them): each customer's figures depend only on its own summary, the parameters and the fallback spend.
    /// </summary>
    public static ProbabilisticScores Apply(RfmSummary rfm, BgNbdFitter.Fit bgNbd, GammaGammaFitter.Fit? gammaGamma, string? spendNote, double fallbackSpend, ValueSettings settings, bool withClv)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        ArgumentNullException.ThrowIfNull(settings);
        var scores = new ProbabilisticScores(rfm, bgNbd, gammaGamma, fallbackSpend) { SpendNote = spendNote };
        scores.Score(settings, withClv);
        scores.HasClv = withClv;
        return scores;
    }

    private void Score(ValueSettings settings, bool withClv)
    {
        var p = BgNbd.Parameters;
        var fallbackSpend = FallbackSpend;
        var discount = settings.MonthlyDiscount;
        for (var i = 0; i < Rfm.Count; i++)
        {
            double x = Rfm.Frequency[i], tx = Rfm.Recency[i], age = Rfm.Age[i];
            PAlive[i] = BgNbdModel.PAlive(p, x, tx, age);
            ExpectedPurchases[i] = BgNbdModel.ExpectedPurchases(p, x, tx, age, settings.HorizonUnits);
            var spend = 1.0;
            if (settings.Revenue)
            {
                spend = GammaGamma is null
                    ? (double.IsNaN(Rfm.MeanSpend[i]) ? fallbackSpend : Rfm.MeanSpend[i])
                    : GammaGammaModel.ExpectedSpend(GammaGamma.Parameters, Rfm.SpendDays[i], Rfm.MeanSpend[i]);
                ExpectedSpend[i] = spend;
            }
            else
            {
                ExpectedSpend[i] = double.NaN;
            }

            PredictedValue[i] = ExpectedPurchases[i] * spend;
            double clv = 0, previous = 0;
            for (var m = 1; withClv && m <= settings.ClvMonths; m++)
            {
                var cumulative = BgNbdModel.ExpectedPurchases(p, x, tx, age, m * settings.MonthUnits);
                clv += spend * (cumulative - previous) / Math.Pow(1 + discount, m);
                previous = cumulative;
            }

            Clv[i] = withClv ? clv : double.NaN;
        }
    }

    /// <summary>Mean day spend of all customers' known days (first days included): the spend of customers without repeat amounts.</summary>
    private static double FallbackSpendOf(RfmSummary rfm)
    {
        var known = rfm.MeanSpend.Where(m => m > 0).ToArray();
        if (known.Length > 0)
        {
            return known.Average();
        }

        var totals = rfm.TotalSpend.Where(t => t > 0).ToArray();
        return totals.Length > 0 ? totals.Average() : 0;
    }
}
