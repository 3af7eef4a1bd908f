namespace RecsysBatch.Pipelines.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxGraph"/> as an ONNX ModelProto (onnx.proto field numbers: ModelProto, GraphProto,
/// NodeProto, AttributeProto, TensorProto, ValueInfoProto/TypeProto/TensorShapeProto, OperatorSetIdProto),
/// importing one version of the default operator set. The bytes load directly into ONNX Runtime.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>IR version 8 (ONNX 1.10+), enough for opset 17 and read by every current runtime.</summary>
    public const long IrVersion = 8;

    public const long DefaultOpset = 17;

    public static byte[] Write(OnnxGraph graph, long opset = DefaultOpset, string producer = "RecsysBatch")
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, producer);
        model.Message(7, g => WriteGraph(g, graph));
        model.Message(8, set =>
        {
            set.String(1, ""); // default domain
            set.Int64(2, opset);
        });
        return model.ToArray();
    }

    public static void Write(OnnxGraph graph, string path, long opset = DefaultOpset) => File.WriteAllBytes(path, Write(graph, opset));

    private static void WriteGraph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            w.Message(1, n => WriteNode(n, node));
        }

        w.String(2, graph.Name);
        foreach (var tensor in graph.Initializers)
        {
            w.Message(5, t => WriteTensor(t, tensor));
        }

        foreach (var input in graph.Inputs)
        {
            w.Message(11, v => WriteValueInfo(v, input));
        }

        foreach (var output in graph.Outputs)
        {
            w.Message(12, v => WriteValueInfo(v, output));
        }
    }

    private static void WriteNode(ProtoWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            w.RepeatedString(1, input);
        }

        foreach (var output in node.Outputs)
        {
            w.RepeatedString(2, output);
        }

        w.String(3, node.Name);
        w.String(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            w.Message(5, a => WriteAttribute(a, attribute));
        }

        w.String(7, node.Domain);
    }

    private static void WriteAttribute(ProtoWriter w, OnnxAttribute attribute)
    {
        w.String(1, attribute.Name);
        w.Int32(20, (int)attribute.Type);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                w.Float(2, attribute.Float);
                break;
            case OnnxAttributeType.Int:
                w.Int64(3, attribute.Int);
                break;
            case OnnxAttributeType.String:
                w.Bytes(4, System.Text.Encoding.UTF8.GetBytes(attribute.String ?? ""));
                break;
            case OnnxAttributeType.Tensor:
                w.Message(5, t => WriteTensor(t, attribute.Tensor!));
                break;
            case OnnxAttributeType.Ints:
                w.PackedInt64(8, attribute.Ints);
                break;
            default:
                throw new InvalidOperationException($"attribute {attribute.Name}: unsupported type {attribute.Type}.");
        }
    }

    private static void WriteTensor(ProtoWriter w, OnnxTensor tensor)
    {
        w.PackedInt64(1, tensor.Dims);
        w.Int32(2, (int)tensor.Type);
        w.String(8, tensor.Name);
        w.Bytes(9, tensor.Raw);
    }

    private static void WriteValueInfo(ProtoWriter w, OnnxValueInfo value)
    {
        w.String(1, value.Name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int32(1, (int)value.ElementType);
            tensor.Message(2, shape =>
            {
                foreach (var dim in value.Shape)
                {
                    shape.Message(1, d =>
                    {
                        if (dim.Param is null)
                        {
                            d.Int64(1, dim.Value);
                        }
                        else
                        {
                            d.String(2, dim.Param);
                        }
                    });
                }
            });
        }));
    }
}
