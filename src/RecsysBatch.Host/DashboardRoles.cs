namespace RecsysBatch.Host;

/// <summary>The two dashboard roles: viewers see everything read-only; admins also trigger, retry and delete jobs.</summary>
public static class DashboardRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
}
