using RecsysBatch.Core;
using RecsysBatch.Core.Files;

namespace RecsysBatch.Pipelines.Tests.Files;

[TestClass]
public sealed class BoundedFileTests
{
    [TestMethod]
    public void ReadAllBytes_Device_IsBadInputNotAnEndlessRead()
    {
        var error = Assert.ThrowsExactly<RecsysException>(() => BoundedFile.ReadAllBytes("/dev/zero", 1 << 20, "model"));

        StringAssert.Contains(error.Message, "model /dev/zero is not a regular file");
    }

    [TestMethod]
    public void ReadAllBytes_DirectoryMissingOrTooLarge_NamesTheProblem()
    {
        using var temp = new TempFolder();
        var file = temp.File("m.onnx");
        File.WriteAllBytes(file, new byte[2048]);

        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => BoundedFile.ReadAllBytes(temp.Path, 4096, "model")).Message, "is a directory");
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => BoundedFile.ReadAllBytes(file + ".x", 4096, "model")).Message, "does not exist");
        StringAssert.Contains(Assert.ThrowsExactly<RecsysException>(() => BoundedFile.ReadAllBytes(file, 1024, "model")).Message, "2,048 bytes, more than the limit of 1,024");
    }

    [TestMethod]
    public void ReadAllText_RegularFileWithinLimit_ReturnsItWithoutBom()
    {
        using var temp = new TempFolder();
        var file = temp.File("p.json");
        File.WriteAllText(file, "{\"a\":1}", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.AreEqual("{\"a\":1}", BoundedFile.ReadAllText(file, 4096, "pipeline file"));
        File.WriteAllBytes(temp.File("empty"), []);
        Assert.IsEmpty(BoundedFile.ReadAllBytes(temp.File("empty"), 10, "empty file"));
    }
}
