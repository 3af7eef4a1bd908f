using MathNet.Numerics.Distributions;
using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests.Value;

/// <summary>
/// Draws customers from the BG/NBD process (λ ~ Gamma(r, rate α), p ~ Beta(a, b); after each repeat purchase the
/// customer drops out with probability p) and spends from Gamma-Gamma (ν ~ Gamma(q, rate γ), spend ~ Gamma(p, rate ν)).
/// </summary>
internal static class BtydSimulator
{
    public sealed record Customer(double X, double Tx, double T, double[] PurchaseTimes, double[] Spends, double Lambda, double DropP, bool AliveAtEnd);

    /// <summary>One customer observed for T time units after the first purchase at 0 (times beyond T are simulated to <paramref name="extra"/> more).</summary>
    public static Customer Draw(Random random, double r, double alpha, double a, double b, double t, double extra = 0,
        double spendP = 6, double spendQ = 4, double spendGamma = 15)
    {
        ArgumentNullException.ThrowIfNull(random);
        var lambda = Gamma.Sample(random, r, alpha);
        var drop = Beta.Sample(random, a, b);
        var nu = Gamma.Sample(random, spendQ, spendGamma);
        var times = new List<double> { 0 };
        var now = 0.0;
        var alive = true;
        while (alive)
        {
            now += Exponential.Sample(random, lambda);
            if (now > t + extra)
            {
                break;
            }

            times.Add(now);
            alive = random.NextDouble() >= drop;
        }

        var inCalibration = times.Where(s => s <= t).ToArray();
        var spends = times.Select(_ => Gamma.Sample(random, spendP, nu)).ToArray();
        return new Customer(inCalibration.Length - 1, inCalibration[^1], t, [.. times], spends, lambda, drop, alive);
    }

    /// <summary>
    /// Purchase events of <paramref name="customers"/> customers with first purchases spread over the first
    /// <paramref name="cohortDays"/> days of a <paramref name="days"/>-day history ending at the snapshot; rates per day.
    /// Purchases are simulated <paramref name="afterDays"/> days past the snapshot too (tests of the time discipline).
    /// </summary>
    public static EventTable Events(int customers, int days, int cohortDays, int seed, double r = 0.5, double alpha = 10, double a = 0.8, double b = 2.5,
        bool amounts = true, int afterDays = 0)
    {
        var random = new Random(seed);
        var table = new EventTable();
        var cutoff = Features.EventTableBuilder.CutoffMs;
        var start = cutoff - (days * Timestamps.MillisPerDay);
        for (var c = 0; c < customers; c++)
        {
            var firstDay = random.Next(cohortDays);
            var firstMs = start + (firstDay * Timestamps.MillisPerDay) + random.NextInt64(Timestamps.MillisPerDay);
            var observed = (cutoff - firstMs) / (double)Timestamps.MillisPerDay;
            var customer = Draw(random, r, alpha, a, b, observed, afterDays);
            var user = table.Users.GetOrAdd($"c{c}");
            for (var k = 0; k < customer.PurchaseTimes.Length; k++)
            {
                var ts = firstMs + (long)(customer.PurchaseTimes[k] * Timestamps.MillisPerDay);
                table.Add(user, EventTable.NoKey, EventTable.NoKey, EventType.Purchase, ts, amounts ? Math.Round(customer.Spends[k], 2) : double.NaN);
            }
        }

        return table;
    }
}
