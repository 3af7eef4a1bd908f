using RecsysBatch.Core.Tables;

namespace RecsysBatch.Pipelines.Tests.Stages;

[TestClass]
public sealed class OutputColumnComputedTests
{
    private static readonly string[] ConcatStrings = ["a", "b", "c0", "c1", "c2"];
    private static readonly int[] ConcatInts = [1, 2, 10, 11, 12];
    private static readonly bool[] ConcatMask = [false, true, false, false, false];
    private static readonly int[] StoredInts = [1, 2, 3];

    [TestMethod]
    public void ComputedColumn_ReadsRowsThroughTheFunction_AndValuesMaterialisesThem()
    {
        var column = new OutputColumn<double>(4, r => r == 2 ? double.NaN : r * 1.5, [false, true, false, false]);

        Assert.IsTrue(column.IsComputed);
        Assert.AreEqual(4, column.Length);
        Assert.AreEqual(4.5, column[3]);
        Assert.IsTrue(column.IsNull(1), "masked");
        Assert.IsTrue(column.IsNull(2, out var nan) && double.IsNaN(nan), "NaN");
        Assert.IsFalse(column.IsNull(0));
        CollectionAssert.AreEqual(new[] { 0, 1.5, double.NaN, 4.5 }, column.Values);
        Assert.IsNull(column.GetValue(1));
    }

    [TestMethod]
    public void Concat_ComputedWithStoredAndEmptyParts_KeepsEveryRowAndMask()
    {
        // The shards of a split stage are concatenated; a computed part must not be copied into a stored array.
        var schema = new TableSchema("t", [new("run_id", ColumnType.String), new("snapshot_date", ColumnType.Date), new("s", ColumnType.String, Nullable: true), new("n", ColumnType.Int32, Nullable: true)]);
        var stored = new OutputTable(schema, [new OutputColumn<string>(["a", "b"]), new OutputColumn<int>([1, 2], [false, true])]);
        var empty = new OutputTable(schema, [new OutputColumn<string>(0, _ => "never"), new OutputColumn<int>([])]);
        var computed = new OutputTable(schema, [new OutputColumn<string>(3, r => "c" + r), new OutputColumn<int>(3, r => 10 + r)]);

        var all = OutputTable.Concat([stored, empty, computed, empty]);

        var s = (OutputColumn<string>)all.Columns[0];
        var n = (OutputColumn<int>)all.Columns[1];
        Assert.IsTrue(s.IsComputed);
        CollectionAssert.AreEqual(ConcatStrings, s.Values);
        CollectionAssert.AreEqual(ConcatInts, n.Values);
        CollectionAssert.AreEqual(ConcatMask, n.Nulls);
        Assert.AreEqual("c1", all.Columns[0].GetValue(3));
    }

    [TestMethod]
    public void Concat_StoredParts_StayStored()
    {
        var schema = new TableSchema("t", [new("run_id", ColumnType.String), new("snapshot_date", ColumnType.Date), new("n", ColumnType.Int32)]);
        var all = OutputTable.Concat([new OutputTable(schema, [new OutputColumn<int>([1])]), new OutputTable(schema, [new OutputColumn<int>([2, 3])])]);

        Assert.IsFalse(((OutputColumn<int>)all.Columns[0]).IsComputed);
        CollectionAssert.AreEqual(StoredInts, ((OutputColumn<int>)all.Columns[0]).Values);
    }
}
