using System.Numerics;

namespace RecsysBatch.Pipelines.Ranking;

/// <summary>
/// Forward and backward pass of the reference ranker (see <see cref="RankerArchitecture"/>) for one row, written by
/// hand. Generic so the same code runs in float (training, scoring) and double (the finite-difference check).
/// The masked means divide by max(Σ mask, 1), exactly as the exported ONNX graph does.
/// </summary>
internal sealed class RankerNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RankerArchitecture _a;

    public RankerNetwork(RankerArchitecture architecture, T[] parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNotEqual(parameters.Length, architecture.ParameterCount);
        _a = architecture;
        Parameters = parameters;
    }

    public RankerArchitecture Architecture => _a;

    public T[] Parameters { get; }

    /// <summary>P(positive) of row <paramref name="row"/>; fills <paramref name="act"/> for <see cref="Backward"/>.</summary>
    public T Forward(RankerBatch batch, int row, RankerActivations<T> act)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(act);
        var a = _a;
        var p = Parameters.AsSpan();
        var x = act.X.AsSpan();
        var at = 0;
        at = Load(batch.UserFeatures.AsSpan(row * a.UserFeatures, a.UserFeatures), x, at);
        Load(batch.ItemFeatures.AsSpan(row * a.ItemFeatures, a.ItemFeatures), x, at);
        var u = batch.UserFactors.AsSpan(row * a.Rank, a.Rank);
        var v = batch.ItemFactors.AsSpan(row * a.Rank, a.Rank);
        T dot = T.Zero, uu = T.Zero, vv = T.Zero;
        for (var k = 0; k < a.Rank; k++)
        {
            var uk = T.CreateTruncating(u[k]);
            var vk = T.CreateTruncating(v[k]);
            dot += uk * vk;
            uu += uk * uk;
            vv += vk * vk;
        }

        x[a.DotOffset] = dot;
        x[a.UserNormOffset] = T.Sqrt(uu);
        x[a.ItemNormOffset] = T.Sqrt(vv);

        var e = x.Slice(a.ItemEmbeddingOffset, a.Embedding);
        Embedding(a.CategoryEmbeddingAt, a.Categories, batch.ItemCategory[row]).CopyTo(e);
        var c = x.Slice(a.SequenceCategoryOffset, a.Embedding);
        var t = x.Slice(a.SequenceEventOffset, a.Embedding);
        c.Clear();
        t.Clear();
        var mass = T.Zero;
        var match = T.Zero;
        var itemCategory = batch.ItemCategory[row];
        var first = row * a.SequenceLength;
        for (var l = 0; l < a.SequenceLength; l++)
        {
            var m = T.CreateTruncating(batch.BehaviorMask[first + l]);
            mass += m;
            if (itemCategory != 0 && batch.BehaviorCategories[first + l] == itemCategory)
            {
                match += m;
            }

            VectorMath.Axpy(m, Embedding(a.CategoryEmbeddingAt, a.Categories, batch.BehaviorCategories[first + l]), c);
            VectorMath.Axpy(m, Embedding(a.EventEmbeddingAt, a.EventTypes, batch.BehaviorEventTypes[first + l]), t);
        }

        act.Denominator = T.Max(mass, T.One);
        var inverse = T.One / act.Denominator;
        var product = x.Slice(a.ProductOffset, a.Embedding);
        for (var k = 0; k < a.Embedding; k++)
        {
            c[k] *= inverse;
            t[k] *= inverse;
            product[k] = e[k] * c[k];
        }

        x[a.MatchOffset] = match * inverse;

        Dense(x, p.Slice(a.W1At, a.InputWidth * a.Hidden1), p.Slice(a.B1At, a.Hidden1), act.H1, relu: true);
        Dense(act.H1, p.Slice(a.W2At, a.Hidden1 * a.Hidden2), p.Slice(a.B2At, a.Hidden2), act.H2, relu: true);
        act.Logit = VectorMath.Dot<T>(act.H2, p.Slice(a.W3At, a.Hidden2)) + p[a.B3At];
        return Sigmoid(act.Logit);
    }

    /// <summary>Adds ∂L/∂θ to <paramref name="gradient"/> for the row last passed to <see cref="Forward"/>, given ∂L/∂logit.</summary>
    public void Backward(RankerBatch batch, int row, RankerActivations<T> act, T dLogit, T[] gradient)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(gradient);
        var a = _a;
        var p = Parameters.AsSpan();
        var g = gradient.AsSpan();
        g[a.B3At] += dLogit;
        VectorMath.Axpy<T>(dLogit, act.H2, g.Slice(a.W3At, a.Hidden2));
        var dh2 = act.DH2.AsSpan();
        for (var j = 0; j < a.Hidden2; j++)
        {
            dh2[j] = act.H2[j] > T.Zero ? dLogit * p[a.W3At + j] : T.Zero;
        }

        DenseBackward(act.H1, dh2, p.Slice(a.W2At, a.Hidden1 * a.Hidden2), g.Slice(a.W2At, a.Hidden1 * a.Hidden2), g.Slice(a.B2At, a.Hidden2), act.DH1);
        var dh1 = act.DH1.AsSpan();
        for (var j = 0; j < a.Hidden1; j++)
        {
            dh1[j] = act.H1[j] > T.Zero ? dh1[j] : T.Zero;
        }

        DenseBackward(act.X, dh1, p.Slice(a.W1At, a.InputWidth * a.Hidden1), g.Slice(a.W1At, a.InputWidth * a.Hidden1), g.Slice(a.B1At, a.Hidden1), act.DX);
        EmbeddingBackward(batch, row, act, g);
    }

    /// <summary>Binary cross-entropy of a logit against label y, computed without overflow.</summary>
    public static T Loss(T logit, T label) =>
        T.Max(logit, T.Zero) - (logit * label) + T.Log(T.One + T.Exp(-T.Abs(logit)));

    public static T Sigmoid(T z) => z >= T.Zero ? T.One / (T.One + T.Exp(-z)) : T.Exp(z) / (T.One + T.Exp(z));

    private void EmbeddingBackward(RankerBatch batch, int row, RankerActivations<T> act, Span<T> g)
    {
        var a = _a;
        var x = act.X.AsSpan();
        var dx = act.DX.AsSpan();
        var e = x.Slice(a.ItemEmbeddingOffset, a.Embedding);
        var c = x.Slice(a.SequenceCategoryOffset, a.Embedding);
        var dProduct = dx.Slice(a.ProductOffset, a.Embedding);
        var de = dx.Slice(a.ItemEmbeddingOffset, a.Embedding);
        var dc = dx.Slice(a.SequenceCategoryOffset, a.Embedding);
        for (var k = 0; k < a.Embedding; k++)
        {
            de[k] += dProduct[k] * c[k];
            dc[k] += dProduct[k] * e[k];
        }

        VectorMath.Axpy(T.One, de, Row(g, a.CategoryEmbeddingAt, a.Categories, batch.ItemCategory[row]));
        var dt = dx.Slice(a.SequenceEventOffset, a.Embedding);
        var first = row * a.SequenceLength;
        for (var l = 0; l < a.SequenceLength; l++)
        {
            var weight = T.CreateTruncating(batch.BehaviorMask[first + l]) / act.Denominator;
            VectorMath.Axpy(weight, dc, Row(g, a.CategoryEmbeddingAt, a.Categories, batch.BehaviorCategories[first + l]));
            VectorMath.Axpy(weight, dt, Row(g, a.EventEmbeddingAt, a.EventTypes, batch.BehaviorEventTypes[first + l]));
        }
    }

    private ReadOnlySpan<T> Embedding(int at, int rows, long index) => Row(Parameters, at, rows, index);

    private Span<T> Row(Span<T> block, int at, int rows, long index)
    {
        if ((ulong)index >= (ulong)rows)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"embedding index outside [0, {rows}).");
        }

        return block.Slice(at + ((int)index * _a.Embedding), _a.Embedding);
    }

    private static int Load(ReadOnlySpan<float> source, Span<T> x, int at)
    {
        for (var i = 0; i < source.Length; i++)
        {
            x[at + i] = T.CreateTruncating(source[i]);
        }

        return at + source.Length;
    }

    /// <summary>y = x·W + b (W row-major [|x|, |y|]), then ReLU when asked.</summary>
    private static void Dense(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> y, bool relu)
    {
        b.CopyTo(y);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != T.Zero)
            {
                VectorMath.Axpy(x[i], w.Slice(i * y.Length, y.Length), y);
            }
        }

        if (relu)
        {
            for (var j = 0; j < y.Length; j++)
            {
                y[j] = T.Max(y[j], T.Zero);
            }
        }
    }

    /// <summary>Given dy: dW += xᵀ·dy, db += dy, dx = W·dy.</summary>
    private static void DenseBackward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dw, Span<T> db, Span<T> dx)
    {
        VectorMath.Axpy(T.One, dy, db);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != T.Zero)
            {
                VectorMath.Axpy(x[i], dy, dw.Slice(i * dy.Length, dy.Length));
            }

            dx[i] = VectorMath.Dot(w.Slice(i * dy.Length, dy.Length), dy);
        }
    }
}
