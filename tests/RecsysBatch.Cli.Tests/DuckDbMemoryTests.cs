using DuckDB.NET.Data;
using RecsysBatch.Core.Options;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Cli.Tests;

/// <summary>The DuckDB share of Recsys:MemoryLimitGb, as the warehouse and checkpoint connections set it.</summary>
[TestClass]
public sealed class DuckDbMemoryTests
{
    [TestMethod]
    public void Limit_SetsMemoryLimitAndTempDirectory()
    {
        using var temp = new TempFolder();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();

        DuckDbMemory.Limit(connection, 512L << 20, temp.File("spill"));

        Assert.AreEqual("512.0 MiB", Setting(connection, "memory_limit"));
        Assert.AreEqual(temp.File("spill"), Setting(connection, "temp_directory"));
    }

    [TestMethod]
    public void DuckDbMemoryLimitBytes_IsAQuarterOfTheLimitBetween256And512Mb_NullWhenOff()
    {
        Assert.AreEqual(384L << 20, new RecsysOptions { MemoryLimitGb = 1.5 }.DuckDbMemoryLimitBytes(0));
        Assert.AreEqual(512L << 20, new RecsysOptions { MemoryLimitGb = 4 }.DuckDbMemoryLimitBytes(0));
        Assert.AreEqual(512L << 20, new RecsysOptions().DuckDbMemoryLimitBytes(24L << 30));
        Assert.AreEqual(256L << 20, new RecsysOptions { MemoryLimitGb = 0.5 }.DuckDbMemoryLimitBytes(0));
        Assert.IsNull(new RecsysOptions { MemoryLimitGb = 0 }.DuckDbMemoryLimitBytes(1L << 40));
    }

    private static string Setting(DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT current_setting('{name}')";
        return (string)command.ExecuteScalar()!;
    }
}
