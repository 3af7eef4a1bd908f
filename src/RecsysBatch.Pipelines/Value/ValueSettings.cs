namespace RecsysBatch.Pipelines.Value;

/// <summary>The resolved settings of one value run (options plus the pipeline's horizon and seed).</summary>
internal sealed record ValueSettings(int HorizonDays, int UnitDays, int ClvMonths, double AnnualDiscountRate, int Starts, int Trees, int TrainingAnchors, int MinCustomers, int Seed, bool Revenue)
{
    /// <summary>Minimum repeat customers with a known spend to fit Gamma-Gamma; fewer use observed mean spends.</summary>
    public const int MinSpendCustomers = 10;

    public double HorizonUnits => HorizonDays / (double)UnitDays;

    /// <summary>A month (365.25 / 12 days) in model units.</summary>
    public double MonthUnits => 365.25 / 12 / UnitDays;

    public double MonthlyDiscount => Math.Pow(1 + AnnualDiscountRate, 1.0 / 12) - 1;
}
