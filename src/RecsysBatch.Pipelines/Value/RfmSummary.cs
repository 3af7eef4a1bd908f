namespace RecsysBatch.Pipelines.Value;

/// <summary>
/// Per customer (a user with a transaction before the anchor day), the summary of the lifetimes convention:
/// frequency = transaction days after the first; recency = first to last transaction day; T = first transaction day
/// to the last day of the calibration period (the day before the anchor); both in units of <c>unitDays</c>.
/// Spend: mean day spend over the repeat days with a known amount (the first day is excluded, as in lifetimes).
/// </summary>
internal sealed class RfmSummary
{
    private RfmSummary(int count)
    {
        UserKeys = new int[count];
        Frequency = new double[count];
        Recency = new double[count];
        Age = new double[count];
        SpendDays = new int[count];
        MeanSpend = new double[count];
        TotalSpend = new double[count];
    }

    public int Count => UserKeys.Length;

    public int[] UserKeys { get; }

    /// <summary>x: repeat transaction days.</summary>
    public double[] Frequency { get; }

    /// <summary>t_x: first to last transaction day, in units.</summary>
    public double[] Recency { get; }

    /// <summary>T: first transaction day to the last calibration day, in units.</summary>
    public double[] Age { get; }

    /// <summary>Repeat days with a known amount (the x of the Gamma-Gamma model).</summary>
    public int[] SpendDays { get; }

    /// <summary>Mean spend of those days; NaN when there are none.</summary>
    public double[] MeanSpend { get; }

    /// <summary>All known spend before the anchor, first day included.</summary>
    public double[] TotalSpend { get; }

    /// <param name="keep">Which user keys to summarise (a shard's); null: every customer.</param>
    public static RfmSummary At(PurchaseLog log, int anchorDay, int unitDays, Func<int, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var customers = new List<int>();
        for (var u = 0; u < log.Users; u++)
        {
            if (log.UserStart[u] < log.UserStart[u + 1] && log.Day[log.UserStart[u]] < anchorDay && (keep is null || keep(u)))
            {
                customers.Add(u);
            }
        }

        var summary = new RfmSummary(customers.Count);
        var lastDay = anchorDay - 1;
        for (var i = 0; i < customers.Count; i++)
        {
            var u = customers[i];
            var start = log.UserStart[u];
            var first = log.Day[start];
            var last = first;
            var days = 0;
            double repeatSpend = 0, total = 0;
            var spendDays = 0;
            for (var r = start; r < log.UserStart[u + 1] && log.Day[r] < anchorDay; r++)
            {
                days++;
                last = log.Day[r];
                total += log.Spend[r];
                if (r > start && log.HasAmount[r])
                {
                    spendDays++;
                    repeatSpend += log.Spend[r];
                }
            }

            summary.UserKeys[i] = u;
            summary.Frequency[i] = days - 1;
            summary.Recency[i] = (last - first) / (double)unitDays;
            summary.Age[i] = (lastDay - first) / (double)unitDays;
            summary.SpendDays[i] = spendDays;
            summary.MeanSpend[i] = spendDays > 0 ? repeatSpend / spendDays : double.NaN;
            summary.TotalSpend[i] = total;
        }

        return summary;
    }
}
