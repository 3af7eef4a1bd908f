using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.DuckDb;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>The contract suite on a real DuckDB file in a temp folder, plus DuckDB-specific checks.</summary>
[TestClass]
public sealed partial class DuckDbWarehouseTests : WarehouseContractTests
{
    private string _folder = null!;
    private string _path = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "recsys-wh-tests", Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_folder, "warehouse.duckdb");
    }

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    protected override Task<IWarehouse> CreateWarehouseAsync() =>
        Task.FromResult(new DuckDbWarehouseFactory().Open("duckdb:" + _path));

    protected override IWarehouse OpenWithFaults(IFaultHooks faults) =>
        new DuckDbWarehouseFactory(NullLoggerFactory.Instance, DuckDbWarehouseFactory.DefaultLockTimeout, TimeProvider.System, faults).Open("duckdb:" + _path);

    protected override Task<IQuerySession> OpenSessionAsync() => Task.FromResult<IQuerySession>(new DuckDbQuerySession(_path));
}
