namespace RecsysBatch.Warehouse.Tests;

/// <summary>An analyst's connection to the warehouse, kept open across queries (see <see cref="WarehouseContractTests"/>).</summary>
public interface IQuerySession : IAsyncDisposable
{
    /// <summary>Rows in the portable shapes the contract suite expects.</summary>
    Task<List<object?[]>> QueryAsync(string sql);
}
