using Hangfire.Annotations;
using Hangfire.Dashboard;

namespace RecsysBatch.Host;

/// <summary>
/// The dashboard's own gate (Hangfire would otherwise fall back to local-only): any authenticated admin or viewer
/// may look; whether they may act is <see cref="IsReadOnly"/>. The endpoint's authorization policy challenges first.
/// </summary>
internal sealed class DashboardRoleFilter : IDashboardAuthorizationFilter
{
    public bool Authorize([NotNull] DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.IsInRole(DashboardRoles.Admin) || user.IsInRole(DashboardRoles.Viewer);
    }

    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(DashboardRoles.Admin);
}
