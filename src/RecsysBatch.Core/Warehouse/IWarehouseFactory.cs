namespace RecsysBatch.Core.Warehouse;

/// <summary>
/// Opens a warehouse from a location string: <c>duckdb:PATH</c> or <c>postgres:CONNSTRING</c>.
/// Each implementation registers one factory; the first whose <see cref="CanOpen"/> is true wins.
/// </summary>
public interface IWarehouseFactory
{
    bool CanOpen(string location);

    IWarehouse Open(string location);
}
