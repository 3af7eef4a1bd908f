using RecsysBatch.Core;
using RecsysBatch.Core.Tables;

namespace RecsysBatch.Warehouse.Tests;

/// <summary>Value mapping: NULLs, non-finite doubles and float arrays.</summary>
public abstract partial class WarehouseContractTests
{
    [TestMethod]
    public async Task PublishAsync_NullsNaNAndInfinity_WritesSqlNull()
    {
        var warehouse = await CreateWithSchemaAsync();
        var table = new OutputTable(TestData.Scores,
        [
            new OutputColumn<long>([1, 2, 3, 4]),
            new OutputColumn<string>([null!, "b", "c", "d"]),
            new OutputColumn<double>([double.NaN, double.PositiveInfinity, double.NegativeInfinity, 7.5]),
            new OutputColumn<int>([1, 2, 3, 4]),
            new OutputColumn<bool>([true, false, true, false], [false, true, false, false]),
            new OutputColumn<DateOnly>([TestData.Day1, TestData.Day1, TestData.Day1, TestData.Day1], [true, false, false, false]),
            new OutputColumn<DateTime>([DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch], [false, false, true, false]),
            new OutputColumn<float[]>([null!, [1f], [2f], [3f]]),
        ]);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), table), Token);

        var rows = await QueryAsync("SELECT user_id, label, score, flag, day, seen_at, embedding FROM test_scores ORDER BY user_id");
        CollectionAssert.AreEqual(new object?[] { 1L, null, null, true, null, DateTime.UnixEpoch, null }, rows[0]);
        CollectionAssert.AreEqual(new object?[] { 2L, "b", null, null, TestData.Day1, DateTime.UnixEpoch }, rows[1][..6]);
        CollectionAssert.AreEqual(new object?[] { 3L, "c", null, true, TestData.Day1, null }, rows[2][..6]);
        Assert.AreEqual(7.5, rows[3][2]);
    }

    [TestMethod]
    public async Task PublishAsync_ComputedColumns_WriteTheSameRowsAsStoredOnes()
    {
        // Big tables hold compact data and compute their rows when written: each row read once, nulls, NaN and masks as stored.
        var warehouse = await CreateWithSchemaAsync();
        var reads = 0;
        string?[] labels = [null, "b", "c", "d"];
        var table = new OutputTable(TestData.Scores,
        [
            new OutputColumn<long>(4, r => r + 1L),
            new OutputColumn<string>(4, r => { Interlocked.Increment(ref reads); return labels[r]!; }),
            new OutputColumn<double>(4, r => r == 3 ? 7.5 : double.NaN),
            new OutputColumn<int>(4, r => r * 10),
            new OutputColumn<bool>(4, r => r % 2 == 0, [false, true, false, false]),
            new OutputColumn<DateOnly>(4, _ => TestData.Day1, [true, false, false, false]),
            new OutputColumn<DateTime>(4, _ => DateTime.UnixEpoch),
            new OutputColumn<float[]>(4, r => r == 0 ? null! : [r, r + 0.5f]),
        ]);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), table), Token);

        var rows = await QueryAsync("SELECT user_id, label, score, rank, flag, day, seen_at, embedding FROM test_scores ORDER BY user_id");
        Assert.HasCount(4, rows);
        CollectionAssert.AreEqual(new object?[] { 1L, null, null, 0, true, null, DateTime.UnixEpoch, null }, rows[0]);
        CollectionAssert.AreEqual(new object?[] { 2L, "b", null, 10, null, TestData.Day1, DateTime.UnixEpoch }, rows[1][..7]);
        var embedding = (float[])rows[1][7]!;
        Assert.AreEqual(2, embedding.Length);
        Assert.AreEqual(1.5f, embedding[1]);
        CollectionAssert.AreEqual(new object?[] { 4L, "d", 7.5, 30, false }, rows[3][..5]);
        Assert.IsLessThanOrEqualTo(8, reads, "a computed row is read about once per write, not once per check");
    }

    [TestMethod]
    public async Task PublishAsync_FloatArrays_RoundTripExactly()
    {
        var warehouse = await CreateWithSchemaAsync();
        float[] long64 = [.. Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i))];
        var table = new OutputTable(TestData.Scores,
        [
            new OutputColumn<long>([1, 2, 3]),
            new OutputColumn<string>(["a", "b", "c"]),
            new OutputColumn<double>([0, 0, 0]),
            new OutputColumn<int>([1, 2, 3]),
            new OutputColumn<bool>([true, true, true]),
            new OutputColumn<DateOnly>([TestData.Day1, TestData.Day1, TestData.Day1]),
            new OutputColumn<DateTime>([DateTime.UnixEpoch, DateTime.UnixEpoch, DateTime.UnixEpoch]),
            new OutputColumn<float[]>([long64, [], [float.MaxValue, float.Epsilon, -0.5f]]),
        ]);

        await warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), table), Token);

        var rows = await QueryAsync("SELECT embedding FROM test_scores ORDER BY user_id");
        CollectionAssert.AreEqual(long64, (float[])rows[0][0]!);
        Assert.IsEmpty((float[])rows[1][0]!);
        CollectionAssert.AreEqual(new[] { float.MaxValue, float.Epsilon, -0.5f }, (float[])rows[2][0]!);
    }

    [TestMethod]
    public async Task PublishAsync_NullInNotNullColumn_ThrowsNamingColumnAndWritesNothing()
    {
        var warehouse = await CreateWithSchemaAsync();
        var table = new OutputTable(TestData.Counts, [new OutputColumn<string>(["a", null!]), new OutputColumn<long>([1, 2])]);

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(
            () => warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), table), Token));

        StringAssert.Contains(error.Message, "tag");
        StringAssert.Contains(error.Message, "test_counts");
        Assert.AreEqual(0L, await CountAsync("SELECT COUNT(*) FROM test_counts"));
    }

    [TestMethod]
    public async Task PublishAsync_ColumnValuesOfWrongType_ThrowsNamingColumn()
    {
        var warehouse = await CreateWithSchemaAsync();
        var table = new OutputTable(TestData.Counts, [new OutputColumn<string>(["a"]), new OutputColumn<int>([1])]);

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(
            () => warehouse.PublishAsync(TestData.Publication(TestData.Run("r1", TestData.Day1), table), Token));

        StringAssert.Contains(error.Message, "Column n of table test_counts");
    }

    [TestMethod]
    public async Task PublishAsync_TableWithoutSnapshotKeys_ThrowsNamingTable()
    {
        var warehouse = await CreateWithSchemaAsync();
        var plain = new TableSchema("test_plain", [new("x", ColumnType.Int64)]);
        var publication = TestData.Publication(TestData.Run("r1", TestData.Day1)) with { ReplacedTables = [TestData.Scores, plain] };

        var error = await Assert.ThrowsExactlyAsync<RecsysException>(() => warehouse.PublishAsync(publication, Token));

        StringAssert.Contains(error.Message, "test_plain");
        Assert.IsEmpty(await warehouse.GetRunsAsync(TestData.Pipeline, TestData.Day1, Token));
    }
}
