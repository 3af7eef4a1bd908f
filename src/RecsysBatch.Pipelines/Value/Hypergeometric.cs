namespace RecsysBatch.Pipelines.Value;

/// <summary>The Gauss hypergeometric function 2F1(a, b; c; z) for 0 &lt;= z &lt; 1 by its power series.</summary>
internal static class Hypergeometric
{
    private const int MaxTerms = 2_000_000;

    public static double F21(double a, double b, double c, double z)
    {
        if (z is < 0 or >= 1 || double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is evaluated for 0 <= z < 1 only.");
        }

        // term_{n+1} = term_n (a + n)(b + n) / ((c + n)(n + 1)) z; for z near 1 the tail decays slowly,
        // so the loop runs until a term is negligible against the sum, not for a fixed count.
        double sum = 1, term = 1;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.Abs(term) <= 1e-15 * Math.Abs(sum) && n > 2)
            {
                return sum;
            }
        }

        throw new InvalidOperationException($"2F1({a}, {b}; {c}; {z}) did not converge in {MaxTerms} terms.");
    }
}
