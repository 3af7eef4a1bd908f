using Npgsql;

namespace RecsysBatch.Jobs.Scheduling;

/// <summary>Recsys:Serve:Storage parsed: Hangfire.InMemory, or Hangfire.PostgreSql with an Npgsql connection string.</summary>
public sealed record HangfireStorageSpec(string? PostgresConnectionString)
{
    public const string InMemory = "inmemory";
    private const string PostgresPrefix = "postgres:";

    public bool IsPostgres => PostgresConnectionString is not null;

    /// <summary>Returns the error of a bad value (one line, never echoing the connection string's password), else null.</summary>
    public static string? TryParse(string? text, out HangfireStorageSpec? spec)
    {
        spec = null;
        if (string.Equals(text, InMemory, StringComparison.OrdinalIgnoreCase))
        {
            spec = new HangfireStorageSpec((string?)null);
            return null;
        }

        if (text is null || !text.StartsWith(PostgresPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return "Recsys:Serve:Storage must be \"inmemory\" or \"postgres:CONNSTRING\".";
        }

        var connectionString = text[PostgresPrefix.Length..];
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"Recsys:Serve:Storage: the PostgreSQL connection string is invalid: {ex.Message}";
        }

        spec = new HangfireStorageSpec(connectionString);
        return null;
    }

    public static HangfireStorageSpec Parse(string text) =>
        TryParse(text, out var spec) is { } error ? throw new Core.RecsysException(error) : spec!;
}
