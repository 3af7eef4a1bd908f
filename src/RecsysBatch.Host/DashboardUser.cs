namespace RecsysBatch.Host;

/// <summary>One dashboard account: only the PBKDF2 hash of its password is configured, never the password.</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = DashboardRoles.Viewer;
}
