namespace RecsysBatch.Host;

/// <summary>
/// Checks Basic credentials of the configured dashboard users, in the order that keeps PBKDF2 (deliberately slow)
/// off the hot path: credentials verified in the last minutes pass from the cache; a client address that failed too
/// often is refused without trying; only then is the password hashed. Cache hits come before the limit so that,
/// behind a proxy whose address everybody shares, someone guessing does not lock out the users already logged in.
/// </summary>
internal sealed class DashboardLogins
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    // Unknown names cost the same PBKDF2 work as known ones, so timing does not tell which names exist.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    private readonly DashboardAccessOptions access;
    private readonly TimeProvider time;
    private readonly Func<string, string, bool> verify;

    /// <param name="verify">PasswordHash.Verify; tests count its calls.</param>
    public DashboardLogins(DashboardAccessOptions access, TimeProvider time, Func<string, string, bool> verify)
    {
        this.access = access;
        this.time = time;
        this.verify = verify;
        Cache = new VerifiedLoginCache(CacheLifetime);
        Limiter = new FailedLoginLimiter(access.MaxFailedLogins, TimeSpan.FromSeconds(access.FailedLoginWindowSeconds));
    }

    public VerifiedLoginCache Cache { get; }

    public FailedLoginLimiter Limiter { get; }

    /// <param name="client">The client's key (<see cref="FailedLoginLimiter.ClientKey"/>).</param>
    public LoginOutcome Check(string name, string password, string client)
    {
        var now = time.GetUtcNow();
        var user = access.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        if (user is not null && Cache.Contains(name, password, user.PasswordHash, now))
        {
            return new LoginOutcome(LoginStatus.Succeeded, user);
        }

        if (Limiter.RetryAfter(client, now) is { } wait)
        {
            return new LoginOutcome(LoginStatus.Limited, RetryAfter: wait);
        }

        var matches = verify(password, user?.PasswordHash ?? DecoyHash.Value);
        if (user is not null && matches)
        {
            Cache.Add(name, password, user.PasswordHash, time.GetUtcNow());
            return new LoginOutcome(LoginStatus.Succeeded, user);
        }

        return new LoginOutcome(LoginStatus.Failed, ReachedLimit: Limiter.RecordFailure(client, now));
    }
}
