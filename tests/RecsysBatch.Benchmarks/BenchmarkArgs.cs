using System.Globalization;

namespace RecsysBatch.Benchmarks;

/// <summary>--name value pairs of a benchmark command line.</summary>
internal sealed class BenchmarkArgs(string[] args)
{
    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public long GetLong(string name, long fallback) => long.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
