using RecsysBatch.Core.Events;
using RecsysBatch.Jobs.Checkpoints;

namespace RecsysBatch.Cli.Tests;

/// <summary>An event table checkpointed by the version before item titles (codec event-table) still reads back, untitled.</summary>
[TestClass]
public sealed class EventTableCheckpointV1Tests
{
    [TestMethod]
    public void ReadV1_FileWithoutTitles_ReadsTheEventsWithNoTitles()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.bin");
        (long Length, ulong Checksum) written;
        using (var writer = CheckpointFileWriter.Create(path, EventTableCodec.V1Id))
        {
            // The v1 layout: three id maps, the count, the six columns, nothing after.
            writer.WriteStrings(["u1", "u2"]);
            writer.WriteStrings(["i1"]);
            writer.WriteStrings([]);
            writer.WriteInt32(2);
            writer.WriteArray<int>([0, 1]);
            writer.WriteArray<int>([0, 0]);
            writer.WriteArray<int>([EventTable.NoKey, EventTable.NoKey]);
            writer.WriteArray<EventType>([EventType.Rating, EventType.Rating]);
            writer.WriteArray<long>([1_000, 2_000]);
            writer.WriteArray<double>([4, 5]);
            written = writer.Complete();
        }

        EventTable events;
        using (var reader = new CheckpointFileReader(path, EventTableCodec.V1Id, written.Length))
        {
            events = EventTableCodec.ReadV1(reader);
            reader.Verify(written.Checksum);
        }

        Assert.AreEqual(2, events.Count);
        Assert.AreEqual("u2", events.Users[events.UserKey[1]]);
        Assert.AreEqual(5.0, events.Value[1]);
        Assert.IsFalse(events.HasItemTitles);
        Assert.IsNull(events.ItemTitle(0));
    }
}
