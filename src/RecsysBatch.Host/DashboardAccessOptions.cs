using System.ComponentModel.DataAnnotations;

namespace RecsysBatch.Host;

/// <summary>
/// "Recsys:Serve:Dashboard": who may see the dashboard and trigger runs. Local requests (loopback, not forwarded by a
/// proxy) are admins unless <see cref="AllowLocal"/> is false; everyone else needs Basic credentials of a user.
/// </summary>
public sealed class DashboardAccessOptions
{
    public bool AllowLocal { get; set; } = true;

    public IList<DashboardUser> Users { get; init; } = [];

    internal IEnumerable<ValidationResult> Validate()
    {
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
