using Npgsql;
using RecsysBatch.Core;

namespace RecsysBatch.Warehouse.Postgres;

/// <summary>Opens pooled connections; a server that cannot be reached or refuses the login is a one-line user error.</summary>
internal sealed class PostgresConnector(PostgresLocation location)
{
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(location.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new RecsysException($"Warehouse {location.Description} is unreachable: {FirstLine(ex.Message)}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
