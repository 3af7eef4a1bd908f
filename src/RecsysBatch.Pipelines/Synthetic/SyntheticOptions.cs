using System.Text.Json.Serialization;
using RecsysBatch.Core;

namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// Size, seed and planted parameters of the synthetic data set (`recsys sample`).
/// The defaults give about 88k events (3.7 MB) for 2000 users over 30 days; every value is written to
/// ground_truth.json under `parameters` so later stages can be checked against it.
/// </summary>
public sealed class SyntheticOptions
{
    public int Users { get; set; } = 2000;
    public int Items { get; set; } = 1500;
    public int Categories { get; set; } = 40;
    public int Days { get; set; } = 30;
    public int Seed { get; set; } = 42;
    public DateOnly StartDate { get; set; } = new(2026, 10, 1);
    public int LatentDim { get; set; } = 8;

    /// <summary>Zipf exponents of category sizes and of item popularity.</summary>
    public double CategoryZipf { get; set; } = 0.8;
    public double ItemZipf { get; set; } = 1.0;

    /// <summary>Share of users whose interest moves from one category to another on their drift day.</summary>
    public double DriftShare { get; set; } = 0.3;

    /// <summary>Share of users who first appear after day 0.</summary>
    public double NewUserShare { get; set; } = 0.25;

    /// <summary>BG/NBD-style activity: sessions per day λ ~ Gamma(r, α) (α a rate), dropout p ~ Beta(a, b).</summary>
    public double ActivityShapeR { get; set; } = 2.0;
    public double ActivityRateAlpha { get; set; } = 5.5;
    public double DropoutA { get; set; } = 1.0;
    public double DropoutB { get; set; } = 14.0;

    /// <summary>
    /// Off by default: the dropout draw with probability p follows every active day (a day with a session), so a user
    /// also leaves after days of browsing without a purchase. That is not BG/NBD's process, where a customer drops out
    /// only right after a transaction (here a purchase day), and the value stage's BG/NBD fit on the default sample
    /// runs to the homogeneous-dropout limit (a, b → ∞) instead of recovering Beta(DropoutA, DropoutB). When true the
    /// draw follows only days with a purchase (BG/NBD's dropout, with a purchase day as the transaction); every other
    /// draw is unchanged. Not written under parameters.options (ground_truth.json of the defaults stays byte-identical).
    /// </summary>
    [JsonIgnore]
    public bool DropoutAfterPurchaseDayOnly { get; set; }

    /// <summary>Gamma-Gamma spend: ν ~ Gamma(q, γ), amount ~ Gamma(p, ν), so a user's mean order is p/ν.</summary>
    public double SpendShapeP { get; set; } = 6.0;
    public double SpendShapeQ { get; set; } = 3.5;
    public double SpendRateGamma { get; set; } = 15.0;

    /// <summary>Share of purchases that are very large orders (amount times 10–40).</summary>
    public double LargeOrderShare { get; set; } = 0.003;

    /// <summary>Planted causal effects on the purchase probability of a viewed item (risk difference).</summary>
    public double TauClick { get; set; } = 0.03;
    public double TauFav { get; set; } = 0.06;
    public double TauCart { get; set; } = 0.25;

    /// <summary>
    /// Carry-over (delayed) purchase, off by default: each click / fav / cart occurrence schedules, with this
    /// probability δ and from its own random stream, one extra purchase of the item a uniform
    /// U[0, <see cref="CarryOverDays"/>) days later (dropped past the period's end), whatever else happens (it does
    /// not depend on the in-session purchase or on dropout, and changes no other draw). This is the planted
    /// next-window effect the influence stage estimates; see <see cref="CarryOverEffect"/>. Not written under
    /// parameters.options (ground_truth.json of the defaults stays byte-identical); effects.carryOver records them.
    /// </summary>
    [JsonIgnore]
    public double CarryOverClick { get; set; }

    [JsonIgnore]
    public double CarryOverFav { get; set; }

    [JsonIgnore]
    public double CarryOverCart { get; set; }

    /// <summary>Delay span D in days. With D ≥ 2H a behaviour anywhere in [S − 2H, S − H) lands in [S − H, S) with probability H/D.</summary>
    [JsonIgnore]
    public int CarryOverDays { get; set; } = 14;

    /// <summary>Horizon H (days) of the next-window ground truth (the influence stage's windows; 7 in the nightly pipeline).</summary>
    [JsonIgnore]
    public int NextWindowHorizonDays { get; set; } = 7;

    internal bool CarryOverEnabled => CarryOverClick > 0 || CarryOverFav > 0 || CarryOverCart > 0;

    /// <summary>Validates every value; the message names the option so the CLI can show it as is.</summary>
    public void Validate()
    {
        Positive(Users, nameof(Users));
        Positive(Items, nameof(Items));
        Positive(Categories, nameof(Categories));
        Positive(Days, nameof(Days));
        Positive(LatentDim, nameof(LatentDim));
        if (Items < Categories)
        {
            throw new RecsysException($"synthetic options: Items ({Items}) must be at least Categories ({Categories}) so every category has an item");
        }

        if (Days > 3660 || StartDate.AddDays(Days) > new DateOnly(9999, 1, 1))
        {
            throw new RecsysException($"synthetic options: Days ({Days}) must be at most 3660 and end before year 9999");
        }

        Share(DriftShare, nameof(DriftShare));
        Share(NewUserShare, nameof(NewUserShare));
        Share(LargeOrderShare, nameof(LargeOrderShare));
        foreach (var (value, name) in new[]
        {
            (CategoryZipf, nameof(CategoryZipf)), (ItemZipf, nameof(ItemZipf)),
            (ActivityShapeR, nameof(ActivityShapeR)), (ActivityRateAlpha, nameof(ActivityRateAlpha)),
            (DropoutA, nameof(DropoutA)), (DropoutB, nameof(DropoutB)),
            (SpendShapeP, nameof(SpendShapeP)), (SpendShapeQ, nameof(SpendShapeQ)), (SpendRateGamma, nameof(SpendRateGamma)),
        })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new RecsysException($"synthetic options: {name} must be a positive number (got {value})");
            }
        }

        Share(TauClick, nameof(TauClick));
        Share(TauFav, nameof(TauFav));
        Share(TauCart, nameof(TauCart));
        // The additive purchase model needs room: base + Σ τ (with the segment boost) must stay ≤ 1.
        if ((TauClick + TauFav + TauCart) * FunnelModel.MaxSegmentFactor > 1 - FunnelModel.MaxBase)
        {
            throw new RecsysException(
                $"synthetic options: TauClick + TauFav + TauCart must be at most {(1 - FunnelModel.MaxBase) / FunnelModel.MaxSegmentFactor:0.###} so purchase probabilities stay in [0, 1]");
        }

        Share(CarryOverClick, nameof(CarryOverClick));
        Share(CarryOverFav, nameof(CarryOverFav));
        Share(CarryOverCart, nameof(CarryOverCart));
        Positive(NextWindowHorizonDays, nameof(NextWindowHorizonDays));
        if (CarryOverEnabled && (CarryOverDays < 2 * NextWindowHorizonDays || CarryOverDays > 3660 || 2 * NextWindowHorizonDays > Days))
        {
            throw new RecsysException(
                $"synthetic options: with a carry-over, CarryOverDays ({CarryOverDays}) must be in [2 × NextWindowHorizonDays, 3660] and 2 × NextWindowHorizonDays ({2 * NextWindowHorizonDays}) at most Days ({Days}), so the planted next-window effect is exact");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new RecsysException($"synthetic options: {name} must be positive (got {value})");
        }
    }

    private static void Share(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new RecsysException($"synthetic options: {name} must be in [0, 1] (got {value})");
        }
    }
}
