using System.Diagnostics;
using RecsysBatch.Core;
using RecsysBatch.Pipelines.Synthetic;

namespace RecsysBatch.Pipelines.Tests.Synthetic;

[TestClass]
public sealed class SyntheticGeneratorTests
{
    private static SyntheticOptions Small(int seed = 7) => new() { Users = 300, Items = 200, Categories = 12, Days = 10, Seed = seed };

    [TestMethod]
    public void Generate_SameOptions_ByteIdenticalFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        SyntheticGenerator.Generate(Small(), first.Path);
        SyntheticGenerator.Generate(Small(), second.Path);

        foreach (var name in new[] { SyntheticGenerator.EventsFileName, GroundTruth.FileName })
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(first.File(name)), File.ReadAllBytes(second.File(name)), name);
        }
    }

    [TestMethod]
    public void Generate_DifferentSeed_DifferentEvents()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        SyntheticGenerator.Generate(Small(seed: 1), first.Path);
        SyntheticGenerator.Generate(Small(seed: 2), second.Path);

        CollectionAssert.AreNotEqual(
            File.ReadAllBytes(first.File(SyntheticGenerator.EventsFileName)),
            File.ReadAllBytes(second.File(SyntheticGenerator.EventsFileName)));
    }

    [TestMethod]
    public void WriteEvents_SameOptions_SameBytesAsGeneratedFile()
    {
        using var folder = new TempFolder();
        var summary = SyntheticGenerator.Generate(Small(), folder.Path);
        using var stream = new MemoryStream();

        var written = SyntheticGenerator.WriteEvents(Small(), stream);

        Assert.AreEqual(summary.Events, written);
        CollectionAssert.AreEqual(File.ReadAllBytes(folder.File(SyntheticGenerator.EventsFileName)), stream.ToArray());
    }

    [TestMethod]
    public void WriteEvents_TwoHundredThousandEvents_WellWithinSeconds()
    {
        // Throughput is measured by the benchmark; this only guards against an accidental quadratic path.
        var options = new SyntheticOptions { Users = 5000, Items = 20_000, Categories = 200 };
        var watch = Stopwatch.StartNew();

        var written = SyntheticGenerator.WriteEvents(options, Stream.Null);

        watch.Stop();
        Assert.IsGreaterThan(200_000L, written);
        Assert.IsLessThan(10.0, watch.Elapsed.TotalSeconds, $"{written} events in {watch.Elapsed}");
    }

    [TestMethod]
    [DataRow(nameof(SyntheticOptions.Users))]
    [DataRow(nameof(SyntheticOptions.Items))]
    [DataRow(nameof(SyntheticOptions.Days))]
    [DataRow(nameof(SyntheticOptions.Categories))]
    public void WriteEvents_NonPositiveCount_ThrowsNamingTheOption(string option)
    {
        var options = new SyntheticOptions();
        typeof(SyntheticOptions).GetProperty(option)!.SetValue(options, 0);

        var error = Assert.ThrowsExactly<RecsysException>(() => SyntheticGenerator.WriteEvents(options, Stream.Null));

        StringAssert.Contains(error.Message, option);
    }

    [TestMethod]
    public void Validate_EffectsTooLargeForProbabilities_Throws()
    {
        var options = new SyntheticOptions { TauClick = 0.3, TauFav = 0.3, TauCart = 0.3 };

        var error = Assert.ThrowsExactly<RecsysException>(options.Validate);

        StringAssert.Contains(error.Message, "TauCart");
    }

    [TestMethod]
    public void Validate_FewerItemsThanCategories_Throws()
    {
        var options = new SyntheticOptions { Items = 10, Categories = 20 };

        Assert.ThrowsExactly<RecsysException>(options.Validate);
    }

    [TestMethod]
    public void Load_MissingOrMalformedFile_ThrowsNamingTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.File(GroundTruth.FileName);

        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => GroundTruth.Load(path)).Message, path);
        File.WriteAllText(path, "{\n  \"users\": [ oops ]\n}");
        var error = Assert.ThrowsExactly<RecsysException>(() => GroundTruth.Load(path));
        StringAssert.Contains(error.Message, $"{path}: line 2");
    }
}
