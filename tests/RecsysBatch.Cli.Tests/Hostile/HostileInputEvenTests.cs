namespace RecsysBatch.Cli.Tests.Hostile;

[TestClass]
public sealed class HostileInputEvenTests
{
    public static IEnumerable<object[]> Cases => HostileInputCheck.Half(0);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Run_HostileInput_NoBugNoInventedIdEveryLineCounted(string name) => HostileInputCheck.Run(name);
}
