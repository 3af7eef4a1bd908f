using System.Net.Sockets;
using Npgsql;
using RecsysBatch.Core;

namespace RecsysBatch.Host;

/// <summary>
/// Opens one connection to the Hangfire PostgreSQL storage before Hangfire starts: Hangfire itself would retry in the
/// background and log stack traces, while `recsys serve` must refuse to start with one line naming the server.
/// </summary>
internal static class PostgresStorageProbe
{
    public static async Task CheckAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Timeout is 0 or > 10)
        {
            builder.Timeout = 10;
        }

        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            var reason = (ex.InnerException is SocketException or IOException ? ex.InnerException.Message : ex.Message).ReplaceLineEndings(" ");
            throw new RecsysException($"Recsys:Serve:Storage: cannot connect to PostgreSQL at {builder.Host ?? "localhost"}:{builder.Port} (database {builder.Database ?? builder.Username}): {reason}");
        }
    }
}
