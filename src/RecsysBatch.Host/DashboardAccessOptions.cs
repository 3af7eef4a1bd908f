using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Host;

/// <summary>
/// "Recsys:Serve:Dashboard": who may see the dashboard and trigger runs: users with Basic credentials, and failed
/// logins' limits. Local requests get in without a password only when <see cref="AllowLocal"/> is set.
/// </summary>
public sealed class DashboardAccessOptions
{
    /// <summary>
    /// Off by default: a plain TCP forwarder on this machine (ssh -L, kubectl port-forward, stunnel, HAProxy in tcp
    /// mode) delivers remote requests from loopback without any forwarding header, so they would look local.
    /// </summary>
    public bool AllowLocal { get; set; }

    public IList<DashboardUser> Users { get; init; } = [];

    /// <summary>Failed logins from one client address after which its logins answer 429 until the window ends.</summary>
    public int MaxFailedLogins { get; set; } = 10;

    /// <summary>The window, in seconds, that <see cref="MaxFailedLogins"/> counts in.</summary>
    public int FailedLoginWindowSeconds { get; set; } = 300;

    internal IEnumerable<ValidationResult> Validate()
    {
        if (MaxFailedLogins is < 1 or > 10_000)
        {
            yield return new ValidationResult("Recsys:Serve:Dashboard:MaxFailedLogins must be between 1 and 10000.");
        }

        if (FailedLoginWindowSeconds is < 1 or > 86_400)
        {
            yield return new ValidationResult("Recsys:Serve:Dashboard:FailedLoginWindowSeconds must be between 1 and 86400.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var where = $"Recsys:Serve:Dashboard:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"{where}:Name must be a non-empty name without ':'.");
            }
            else if (!seen.Add(user.Name))
            {
                yield return new ValidationResult($"{where}:Name '{user.Name}' appears twice.");
            }

            if (!PasswordHash.IsWellFormed(user.PasswordHash))
            {
                yield return new ValidationResult($"{where}:PasswordHash is not a hash from `recsys hash-password` (pbkdf2-sha256$ITERATIONS$SALT$HASH, at least {PasswordHash.MinIterations} iterations).");
            }

            if (user.Role is not (DashboardRoles.Admin or DashboardRoles.Viewer))
            {
                yield return new ValidationResult($"{where}:Role '{user.Role}' must be \"{DashboardRoles.Admin}\" or \"{DashboardRoles.Viewer}\".");
            }
        }
    }
}
