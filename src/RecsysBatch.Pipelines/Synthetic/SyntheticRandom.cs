namespace RecsysBatch.Pipelines.Synthetic;

/// <summary>
/// xoshiro256** seeded through splitmix64, with the few distributions the generator needs.
/// Own PRNG rather than System.Random so the stream is fixed by this code, not by a runtime version.
/// </summary>
internal sealed class SyntheticRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SyntheticRandom(long seed, ulong stream)
    {
        // Distinct streams for the world and the simulation, so adding a draw to one never shifts the other.
        var x = unchecked((ulong)seed ^ (stream * 0xD1B54A32D192ED03UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by multiply-shift (bias below 2^-32 for the n used here).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal by the Marsaglia polar method (no trigonometry).</summary>
    public double NextNormal()
    {
        while (true)
        {
            var u = (2 * NextDouble()) - 1;
            var v = (2 * NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>Gamma(shape, rate) by Marsaglia–Tsang; shape below 1 uses the U^(1/shape) boost.</summary>
    public double NextGamma(double shape, double rate)
    {
        if (shape < 1)
        {
            var boost = Math.Pow(1 - NextDouble(), 1 / shape);
            return NextGamma(shape + 1, rate) * boost;
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v / rate;
            }
        }
    }

    public double NextBeta(double a, double b)
    {
        var x = NextGamma(a, 1);
        var y = NextGamma(b, 1);
        return x / (x + y);
    }

    /// <summary>Poisson by Knuth's product method: fine for the small means used here (sessions, views).</summary>
    public int NextPoisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = NextDouble();
        while (product > limit)
        {
            k++;
            product *= NextDouble();
        }

        return k;
    }

    /// <summary>Index drawn from a cumulative weight table (last entry = total) by binary search.</summary>
    public int NextFromCumulative(ReadOnlySpan<double> cumulative)
    {
        var target = NextDouble() * cumulative[^1];
        var index = cumulative.BinarySearch(target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
