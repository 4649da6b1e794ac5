using System.Globalization;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>
/// Op forms torch does not write (variadic Sum/Mean, ThresholdedRelu, Squeeze without axes, opset-11 softmax over
/// several axes, MatMul of a 4-D tensor, Clip with a maximum, Resize with sizes): small models written with
/// <see cref="OnnxModelBuilder"/>, C-simulated and compared with the op definitions computed here.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class OnnxOpTests
{
    private static readonly double[][] Rows =
    {
        new[] { -1.5, -0.25, 0.0, 0.75, 1.25, 2.0 },
        new[] { 0.5, -2.0, 1.75, -0.5, 0.25, -1.0 },
    };

    /// <summary>Converts, generates and simulates at a wide precision; returns CSim and float-reference outputs.</summary>
    private static CSimHarness.Run Simulate(OnnxModelBuilder model, double[][] rows)
    {
        var dir = TestPaths.NewTempDir("onnx-op");
        var path = model.Save(dir);
        var input = Path.Combine(dir, "input.dat");
        File.WriteAllLines(input, rows.Select(r => string.Join(" ", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        return CSimHarness.Simulate(path, null, input, "ap_fixed<32,16>", OnnxFixtureTests.Wide);
    }

    private static void AssertClose(double[][] expected, CSimHarness.Run run, double tolerance = 2e-3)
    {
        Assert.IsLessThan(1e-9, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference");
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(tolerance, err, $"CSim max |error| {err}");
    }

    [TestMethod]
    public void VariadicMergesThresholdedReluAndClip()
    {
        var model = new OnnxModelBuilder().Input("x", "N", 6)
            .Node("ThresholdedRelu", new[] { "x" }, new[] { "t" }, "thr", attributes: ("alpha", 0.5f))
            .Node("Sum", new[] { "x", "t", "x" }, new[] { "s" }, "sum")
            .Node("Mean", new[] { "x", "t" }, new[] { "m" }, "mean")
            .Node("Max", new[] { "s", "m" }, new[] { "a" }, "max")
            .Initializer("lo", Array.Empty<int>(), new[] { 0f })
            .Initializer("hi", Array.Empty<int>(), new[] { 2.5f })
            .Node("Clip", new[] { "a", "lo", "hi" }, new[] { "c" }, "clip")
            .Node("Min", new[] { "c", "m" }, new[] { "y" }, "min")
            .Output("y");
        var expected = Rows.Select(r => r.Select(x =>
        {
            double t = x > 0.5 ? x : 0, s = 2 * x + t, m = (x + t) / 2;
            return Math.Min(Math.Clamp(Math.Max(s, m), 0, 2.5), m);
        }).ToArray()).ToArray();
        var run = Simulate(model, Rows);
        AssertClose(expected, run);
    }

    [TestMethod]
    public void CoercedSoftmaxOfOpset11SpansTrailingAxes()
    {
        // x [N, 2, 3] with Softmax(axis=1) at opset 11: one softmax over all 6 values.
        var model = new OnnxModelBuilder().Input("x", "N", 2, 3)
            .Node("Softmax", new[] { "x" }, new[] { "y" }, "softmax", attributes: ("axis", 1L))
            .Output("y");
        model.Opsets[0] = ("", 11);
        var expected = Rows.Select(r =>
        {
            var e = r.Select(v => Math.Exp(v - r.Max())).ToArray();
            return e.Select(v => v / e.Sum()).ToArray();
        }).ToArray();
        AssertClose(expected, Simulate(model, Rows));

        // The same at opset 13: per row of 3.
        var per = new OnnxModelBuilder().Input("x", "N", 2, 3)
            .Node("Softmax", new[] { "x" }, new[] { "y" }, "softmax", attributes: ("axis", -1L))
            .Output("y");
        var expected13 = Rows.Select(r => r.Chunk(3).SelectMany(c =>
        {
            var e = c.Select(v => Math.Exp(v - c.Max())).ToArray();
            return e.Select(v => v / e.Sum());
        }).ToArray()).ToArray();
        AssertClose(expected13, Simulate(per, Rows));
    }

    [TestMethod]
    public void MatMulOfAFeatureMapIsAPointwiseConvolution()
    {
        // x [N, 1, 2, 3] @ W [3, 2] → [N, 1, 2, 2]; Squeeze without axes keeps the batch axis → [N, 2, 2].
        var w = new[] { 0.5f, -1f, 0.25f, 2f, -0.75f, 1f };
        var model = new OnnxModelBuilder().Input("x", "N", 1, 2, 3)
            .Initializer("W", new[] { 3, 2 }, w)
            .Node("MatMul", new[] { "x", "W" }, new[] { "h" }, "mm")
            .Node("Squeeze", new[] { "h" }, new[] { "y" }, "squeeze")
            .Output("y");
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(model.Save(TestPaths.NewTempDir("onnx-op")));
        CollectionAssert.Contains(graph.Layers.Select(l => l.Type).ToList(), "Conv2D");
        var expected = Rows.Select(r => Enumerable.Range(0, 2).SelectMany(p => Enumerable.Range(0, 2)
            .Select(n => Enumerable.Range(0, 3).Sum(k => r[p * 3 + k] * w[k * 2 + n]))).ToArray()).ToArray();
        AssertClose(expected, Simulate(model, Rows));
    }

    [TestMethod]
    public void ResizeToSizesAndCropping()
    {
        // x [N, 1, 2, 3] → Resize(sizes [1, 1, 4, 6], asymmetric/floor) → Pad(-1 on the last axis at both ends) → [N, 1, 4, 4].
        var model = new OnnxModelBuilder().Input("x", "N", 1, 2, 3)
            .Initializer("sizes", new[] { 4 }, new[] { 1f, 1f, 4f, 6f })
            .Node("Resize", new[] { "x", "", "", "sizes_i" }, new[] { "u" }, "resize",
                attributes: new (string, object)[] { ("mode", "nearest"), ("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor") })
            .Node("Cast", new[] { "sizes" }, new[] { "sizes_i" }, "cast", attributes: ("to", 7L))
            .Initializer("pads", new[] { 8 }, new[] { 0f, 0f, 0f, -1f, 0f, 0f, 0f, -1f })
            .Node("Cast", new[] { "pads" }, new[] { "pads_i" }, "cast_pads", attributes: ("to", 7L))
            .Node("Pad", new[] { "u", "pads_i" }, new[] { "y" }, "crop")
            .Output("y");
        var expected = Rows.Select(r => Enumerable.Range(0, 4).SelectMany(h => Enumerable.Range(1, 4).Select(w => r[(h / 2) * 3 + w / 2])).ToArray()).ToArray();
        AssertClose(expected, Simulate(model, Rows), 1e-9);
    }
}
