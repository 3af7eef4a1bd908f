using Microsoft.Extensions.Logging.Abstractions;
using RecsysBatch.Core.Faults;
using RecsysBatch.Core.Warehouse;
using RecsysBatch.Warehouse.Postgres;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>
/// The contract suite on the real PostgreSQL server of the test command, each test in a schema of its own
/// (the warehouse's Schema option), plus PostgreSQL-specific checks.
/// </summary>
[TestClass]
public sealed partial class PostgresWarehouseTests : WarehouseContractTests
{
    private string _schema = null!;

    [TestInitialize]
    public void ChooseSchema() => _schema = TestPostgres.NewSchema("wh");

    [TestCleanup]
    public async Task DropSchema() => await TestPostgres.DropSchemaAsync(_schema);

    private string Location => $"postgres:{TestPostgres.ConnectionString};Schema={_schema}";

    protected override Task<IWarehouse> CreateWarehouseAsync() =>
        Task.FromResult(new PostgresWarehouseFactory().Open(Location));

    protected override IWarehouse OpenWithFaults(IFaultHooks faults) =>
        new PostgresWarehouseFactory(NullLoggerFactory.Instance, TimeProvider.System, faults).Open(Location);

    protected override async Task<IQuerySession> OpenSessionAsync() =>
        await PostgresQuerySession.OpenAsync(TestPostgres.ConnectionString, _schema);
}
