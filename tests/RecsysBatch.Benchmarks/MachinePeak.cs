using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace RecsysBatch.Benchmarks;

/// <summary>
/// Peak FP32 GFLOP/s estimate: cores × lanes × 2 (an FMA is two flops) × FMA units × clock. Lanes = the width
/// of Vector&lt;float&gt; the SIMD scorer runs with; 2 FMA units per core is assumed (true of Zen 3/4 and of
/// Intel cores since Haswell; Zen 4 runs 512-bit FMAs as two 256-bit halves, so AVX-512 does not raise its peak).
/// Clock: the first "cpu MHz" line of /proc/cpuinfo (nominal under a hypervisor; turbo is not counted).
/// </summary>
internal static class MachinePeak
{
    public const int FmaUnits = 2;

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

    public static double GigaFlops(int cores) => cores * Vector<float>.Count * 2.0 * FmaUnits * GigaHertz();

    public static string Describe(int cores) =>
        $"peak ≈ {cores} cores × {Vector<float>.Count} fp32 lanes × 2 × {FmaUnits} FMA units × {GigaHertz():F2} GHz = {GigaFlops(cores):F0} GFLOP/s " +
        $"(AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}, AVX-512F {Avx512F.IsSupported})";
}
