namespace RecsysBatch.Pipelines.Value;

/// <summary>Customers grouped by identical (x, t_x, T): the likelihood is evaluated once per group.</summary>
internal sealed class RfmGroups
{
    private RfmGroups(double[] x, double[] tx, double[] age, double[] weight)
    {
        X = x;
        Tx = tx;
        Age = age;
        Weight = weight;
        DistinctX = [.. x.Distinct().Order()];
        XIndex = [.. x.Select(v => Array.BinarySearch(DistinctX, v))];
    }

    public int Count => X.Length;

    public double[] X { get; }

    public double[] Tx { get; }

    public double[] Age { get; }

    public double[] Weight { get; }

    /// <summary>The distinct frequencies, ascending.</summary>
    public double[] DistinctX { get; }

    /// <summary>Index of each group's x in <see cref="DistinctX"/>.</summary>
    public int[] XIndex { get; }

    public double Customers => Weight.Sum();

    public static RfmGroups From(IReadOnlyList<double> x, IReadOnlyList<double> tx, IReadOnlyList<double> age)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(age);
        var counts = new SortedDictionary<(double X, double Tx, double Age), int>();
        for (var i = 0; i < x.Count; i++)
        {
            var key = (x[i], tx[i], age[i]);
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }

        return new RfmGroups(
            [.. counts.Keys.Select(k => k.X)],
            [.. counts.Keys.Select(k => k.Tx)],
            [.. counts.Keys.Select(k => k.Age)],
            [.. counts.Values.Select(n => (double)n)]);
    }
}
