namespace RecsysBatch.Cli.Tests.Hostile;

[TestClass]
public sealed class HostileInputOddTests
{
    public static IEnumerable<object[]> Cases => HostileInputCheck.Half(1);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Run_HostileInput_NoBugNoInventedIdEveryLineCounted(string name) => HostileInputCheck.Run(name);
}
