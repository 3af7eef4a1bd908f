namespace RecsysBatch.Pipelines.Interest;

/// <summary>Drift of one user: Jensen-Shannon divergence of recent vs long-term shares, most emerging and fading category.</summary>
internal readonly record struct InterestDrift(double DriftJs, int Emerging, int Fading)
{
    public const int None = -1;

    /// <summary>The user's drift; NaN and no categories when the user had no recent event.</summary>
    public static InterestDrift Of(InterestProfiles profiles, int user)
    {
        if (profiles.RecentSum[user] <= 0)
        {
            return new(double.NaN, None, None);
        }

        var js = 0.0;
        var emerging = None;
        var fading = None;
        double rise = 0, fall = 0;
        for (var k = profiles.UserStart[user]; k < profiles.UserStart[user + 1]; k++)
        {
            var p = profiles.ShareRecent(k, user);
            var q = profiles.ShareLong(k, user);
            var m = (p + q) / 2;
            js += (Half(p, m) + Half(q, m));
            var change = p - q;
            // Strictly greater: ties keep the category that appeared first in the window.
            if (change > rise)
            {
                rise = change;
                emerging = profiles.Category[k];
            }

            if (change < fall)
            {
                fall = change;
                fading = profiles.Category[k];
            }
        }

        // Rounding can leave a hair below 0 or above 1 for identical or disjoint distributions.
        return new(Math.Clamp(js, 0, 1), emerging, fading);
    }

    private static double Half(double x, double m) => x > 0 ? 0.5 * x * Math.Log2(x / m) : 0;
}
