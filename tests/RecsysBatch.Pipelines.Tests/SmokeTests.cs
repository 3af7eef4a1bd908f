using RecsysBatch.Core.Events;

namespace RecsysBatch.Pipelines.Tests;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void EventTypes_ParseName_RoundTrips()
    {
        Assert.IsTrue(EventTypes.TryParse(" Purchase ", out var type));
        Assert.AreEqual("purchase", type.ToName());
    }
}
