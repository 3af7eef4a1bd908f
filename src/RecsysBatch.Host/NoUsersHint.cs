using Microsoft.Extensions.Logging;

namespace RecsysBatch.Host;

/// <summary>
/// What `recsys serve` says at start when no dashboard user is configured: since local requests no longer get in
/// without a password by default, a fresh install would otherwise answer 401 with no clue how to get in.
/// </summary>
internal static class NoUsersHint
{
    /// <summary>Logs the hint and writes it to stderr when no user is configured; nothing otherwise.</summary>
    public static async Task AnnounceAsync(ILogger logger, DashboardAccessOptions access)
    {
        if (access.Users.Count > 0)
        {
            return;
        }

        // On stderr too: the log may be filtered or collected elsewhere, and whoever starts serve by hand looks there.
        var hint = For(access);
        HostLog.NoDashboardUsers(logger, hint);
        await Console.Error.WriteLineAsync("recsys: warning: " + hint);
    }

    public static string For(DashboardAccessOptions access)
    {
        var who = access.AllowLocal
            ? "only requests from this machine get into the dashboard and /admin (Recsys:Serve:Dashboard:AllowLocal)"
            : "the dashboard and /admin answer 401 to every request";
        return $"no dashboard users (Recsys:Serve:Dashboard:Users is empty): {who}. To add one, run `recsys hash-password` "
            + "(in the repository: `dotnet run --project src/RecsysBatch.Cli -- hash-password`), type the password, and put "
            + "{ \"Name\": \"NAME\", \"PasswordHash\": \"THE PRINTED HASH\", \"Role\": \"admin\" } into Recsys:Serve:Dashboard:Users "
            + "in appsettings.json (or set Recsys__Serve__Dashboard__Users__0__Name, __PasswordHash and __Role). README \"Serve\".";
    }
}
