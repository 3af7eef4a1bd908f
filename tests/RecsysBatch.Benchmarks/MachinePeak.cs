using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// FP32 peak of the machine, two ways. Nominal: cores × lanes × 2 (an FMA is two flops) × FMA units × clock, with the
/// lanes of the widest vector the CPU has (16 with AVX-512F, else 8 with AVX, else Vector&lt;float&gt;.Count);
/// 2 FMA units per core is assumed (Intel cores since Haswell, Zen 3/4; Zen 4 runs a 512-bit FMA as two 256-bit
/// halves, so there the nominal figure is twice what it can do). Clock: the first "cpu MHz" line of /proc/cpuinfo
/// (nominal under a hypervisor; turbo is not counted). Measured: 12 independent FMA chains at that width on
/// `threads` threads at once for about half a second; it shows what the cores really deliver now (turbo, vCPUs that
/// are hyperthread siblings, other processes' load).
/// </summary>
internal static class MachinePeak
{
    public const int FmaUnits = 2;

    private const int Chains = 12;

    private static float _sink;

    /// <summary>fp32 lanes of the widest vector the CPU has.</summary>
    public static int Lanes => Avx512F.IsSupported ? 16 : Avx.IsSupported ? 8 : Vector<float>.Count;

    public static double GigaHertz()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("cpu MHz", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture) / 1000;
    }

    public static double GigaFlops(int cores) => cores * Lanes * 2.0 * FmaUnits * GigaHertz();

    /// <summary>GFLOP/s of <see cref="Chains"/> independent FMA chains per thread on <paramref name="threads"/> threads run together.</summary>
    public static double MeasuredGigaFlops(int threads, double seconds = 0.5)
    {
        const long chunk = 1 << 20;
        var rates = new double[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            long iterations = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                _sink += Chain(chunk);
                iterations += chunk;
            }

            rates[t] = iterations * Chains * Lanes * 2.0 / clock.Elapsed.TotalSeconds;
        })).ToArray();
        Array.ForEach(workers, w => w.Start());
        Array.ForEach(workers, w => w.Join());
        return rates.Sum() / 1e9;
    }

    public static string Describe(int cores, double measured) =>
        $"nominal peak = {cores} cores × {Lanes} fp32 lanes (widest vector: AVX-512F {Avx512F.IsSupported}, AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}) × 2 × {FmaUnits} FMA units × {GigaHertz():F2} GHz = {GigaFlops(cores):F0} GFLOP/s; " +
        $"measured peak = {measured:F0} GFLOP/s ({Chains} independent {Lanes * 32}-bit FMA chains on {cores} threads for 0.5 s, under the machine's load now); " +
        $"scorer tiles: Vector512 accelerated {Vector512.IsHardwareAccelerated}, Vector<float> {Vector<float>.Count} lanes";

    /// <summary>The FMA loop at the widest width; returns a value that depends on every chain.</summary>
    private static float Chain(long iterations) =>
        Avx512F.IsSupported ? Chain512(iterations) : Fma.IsSupported ? Chain256(iterations) : ChainVector(iterations);

    private static float Chain512(long iterations)
    {
        var m = Vector512.Create(0.9999999f);
        var d = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, d);
            a1 = Avx512F.FusedMultiplyAdd(a1, m, d);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, d);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, d);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, d);
            a5 = Avx512F.FusedMultiplyAdd(a5, m, d);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, d);
            a7 = Avx512F.FusedMultiplyAdd(a7, m, d);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, d);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, d);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, d);
            a11 = Avx512F.FusedMultiplyAdd(a11, m, d);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Chain256(long iterations)
    {
        var m = Vector256.Create(0.9999999f);
        var d = Vector256.Create(1e-7f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, d);
            a1 = Fma.MultiplyAdd(a1, m, d);
            a2 = Fma.MultiplyAdd(a2, m, d);
            a3 = Fma.MultiplyAdd(a3, m, d);
            a4 = Fma.MultiplyAdd(a4, m, d);
            a5 = Fma.MultiplyAdd(a5, m, d);
            a6 = Fma.MultiplyAdd(a6, m, d);
            a7 = Fma.MultiplyAdd(a7, m, d);
            a8 = Fma.MultiplyAdd(a8, m, d);
            a9 = Fma.MultiplyAdd(a9, m, d);
            a10 = Fma.MultiplyAdd(a10, m, d);
            a11 = Fma.MultiplyAdd(a11, m, d);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float ChainVector(long iterations)
    {
        var m = new Vector<float>(0.9999999f);
        var d = new Vector<float>(1e-7f);
        Vector<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, d);
            a1 = Vector.FusedMultiplyAdd(a1, m, d);
            a2 = Vector.FusedMultiplyAdd(a2, m, d);
            a3 = Vector.FusedMultiplyAdd(a3, m, d);
            a4 = Vector.FusedMultiplyAdd(a4, m, d);
            a5 = Vector.FusedMultiplyAdd(a5, m, d);
            a6 = Vector.FusedMultiplyAdd(a6, m, d);
            a7 = Vector.FusedMultiplyAdd(a7, m, d);
            a8 = Vector.FusedMultiplyAdd(a8, m, d);
            a9 = Vector.FusedMultiplyAdd(a9, m, d);
            a10 = Vector.FusedMultiplyAdd(a10, m, d);
            a11 = Vector.FusedMultiplyAdd(a11, m, d);
        }

        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
