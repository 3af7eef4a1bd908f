using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>
/// The wait for a file locked by another process. A second process cannot be started from a unit test, so the
/// opener is replaced by one that fails with DuckDB's lock message (checked against a real one below).
/// </summary>
[TestClass]
public sealed class DuckDbConnectorTests
{
    private const string LockMessage =
        "DuckDBOpen failed: IO Error: Could not set lock on file \"/data/w.duckdb\": Conflicting lock is held in /usr/share/dotnet/dotnet (PID 10052).";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OpenAsync_LockedTwiceThenFree_RetriesAndOpens()
    {
        var attempts = 0;
        var connector = new DuckDbConnector("w.duckdb", TimeSpan.FromSeconds(10), NullLogger.Instance, () =>
        {
            attempts++;
            return attempts < 3 ? throw new IOException(LockMessage) : new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        });

        using var connection = await connector.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual(3, attempts);
        Assert.IsNotNull(connection);
    }

    [TestMethod]
    public async Task OpenAsync_LockedLongerThanTimeout_ThrowsRecsysExceptionNamingFile()
    {
        var attempts = 0;
        var connector = new DuckDbConnector("/data/w.duckdb", TimeSpan.FromMilliseconds(300), NullLogger.Instance, () =>
        {
            attempts++;
            throw new IOException(LockMessage);
        });

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => connector.OpenAsync(TestContext.CancellationToken));

        StringAssert.StartsWith(error.Message, "Warehouse file /data/w.duckdb is locked by another process");
        Assert.IsGreaterThan(1, attempts);
    }

    [TestMethod]
    public async Task OpenAsync_OtherError_FailsWithoutRetry()
    {
        var attempts = 0;
        var connector = new DuckDbConnector("w.duckdb", TimeSpan.FromSeconds(10), NullLogger.Instance, () =>
        {
            attempts++;
            throw new IOException("IO Error: file is not a valid DuckDB database");
        });

        await Assert.ThrowsExactlyAsync<IOException>(() => connector.OpenAsync(TestContext.CancellationToken));

        Assert.AreEqual(1, attempts);
    }
}
