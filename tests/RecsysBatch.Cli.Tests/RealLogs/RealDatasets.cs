using System.Globalization;
using System.Text;

namespace RecsysBatch.Cli.Tests.RealLogs;

/// <summary>
/// The real public logs in ../shared/datasets beside the clone (never committed: their licences forbid it). CI has
/// that folder; a checkout without it gets an inconclusive result saying where the data was looked for.
/// </summary>
internal static class RealDatasets
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "datasets"));

    public static string Taobao => Path.Combine(Folder, "taobao-userbehavior", "UserBehavior_head_814users.csv");

    public static string MovieLens => Path.Combine(Folder, "movielens-latest-small", "ratings.csv");

    public static string OnlineRetail => Path.Combine(Folder, "uci-online-retail-sample", "online_retail_sample.csv");

    public static string Require(string path)
    {
        if (!File.Exists(path))
        {
            Assert.Inconclusive($"real data set not found at {path}: ../shared/datasets sits beside the clone on the project's machines and in CI");
        }

        return path;
    }

    /// <summary>
    /// UCI Online Retail as canonical purchases: one line per invoice line with a customer, value = quantity × unit
    /// price, the stock code's first two characters as a coarse category. Lines without a customer (NA) and returns
    /// (cancelled 'C' invoices, negative quantities) are left out here: they are not purchases of a known user, and
    /// the canonical format has no return event.
    /// </summary>
    public static string OnlineRetailAsCanonical(string folder)
    {
        var output = Path.Combine(folder, "online_retail.csv");
        var text = new StringBuilder("user_id,item_id,category_id,event_type,ts,value\n");
        foreach (var line in File.ReadLines(Require(OnlineRetail)).Skip(1))
        {
            var f = SplitQuoted(line);
            if (f.Count != 8 || f[6] == "NA" || f[0].StartsWith('C') || !double.TryParse(f[3], CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
            {
                continue;
            }

            var price = double.Parse(f[5], CultureInfo.InvariantCulture);
            var ts = DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var item = f[1].Replace(",", "", StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"c{f[6]},{item},{item[..Math.Min(2, item.Length)]},purchase,{ts:yyyy-MM-dd'T'HH:mm:ss'Z'},{quantity * price:0.##}\n");
        }

        File.WriteAllText(output, text.ToString());
        return output;
    }

    private static List<string> SplitQuoted(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
