namespace RecsysBatch.Pipelines.Onnx;

/// <summary>A node attribute: exactly one of an int, a float, a string, a list of ints or a tensor.</summary>
internal sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public long Int { get; private init; }

    public float Float { get; private init; }

    public string? String { get; private init; }

    public IReadOnlyList<long> Ints { get; private init; } = [];

    public OnnxTensor? Tensor { get; private init; }

    public static OnnxAttribute OfInt(string name, long value) => new(name, OnnxAttributeType.Int) { Int = value };

    public static OnnxAttribute OfFloat(string name, float value) => new(name, OnnxAttributeType.Float) { Float = value };

    public static OnnxAttribute OfString(string name, string value) => new(name, OnnxAttributeType.String) { String = value };

    public static OnnxAttribute OfInts(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { Ints = values };

    public static OnnxAttribute OfTensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor) { Tensor = value };
}
