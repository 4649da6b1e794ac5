using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Simulation;

namespace Hls4ml.Tests.Simulation;

[TestClass]
public sealed class FloatReferenceTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    /// <summary>input → d1 → relu → d2 → softmax computed with plain loops from the raw weights.</summary>
    private static double[] Direct(ModelGraph g, double[] x)
    {
        static double[] Dense(Layer l, double[] input)
        {
            var w = l.Weights["weight"];
            var b = l.Weights["bias"].Data;
            int nIn = w.Shape[0], nOut = w.Shape[1];
            Assert.AreEqual(nIn, input.Length);
            var y = new double[nOut];
            for (int j = 0; j < nOut; j++)
            {
                double acc = b[j];
                for (int i = 0; i < nIn; i++) acc += input[i] * w.Data[i * nOut + j];
                y[j] = acc;
            }
            return y;
        }

        var h = Dense(g.FindLayer("d1")!, x).Select(v => Math.Max(0.0, v)).ToArray();
        var z = Dense(g.FindLayer("d2")!, h);
        var e = z.Select(Math.Exp).ToArray();
        var s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    private static double[] RandomInput(Random r, int n) =>
        Enumerable.Range(0, n).Select(_ => r.NextDouble() * 4 - 2).ToArray();

    [TestMethod]
    public void MatchesDirectComputation()
    {
        var g = TestGraphs.Mlp(Registry);
        var reference = new FloatReference(g, Registry);
        var r = new Random(7);
        for (int row = 0; row < 50; row++)
        {
            var x = RandomInput(r, 8);
            var expected = Direct(g, x);
            var actual = reference.Predict(x);
            Assert.AreEqual(3, actual.Length);
            for (int i = 0; i < 3; i++)
                Assert.AreEqual(expected[i], actual[i], 1e-12, $"row {row} output {i}");
        }
    }

    [TestMethod]
    public void SoftmaxRowsSumToOne()
    {
        var g = TestGraphs.Mlp(Registry, seed: 99);
        var reference = new FloatReference(g, Registry);
        var r = new Random(3);
        var rows = Enumerable.Range(0, 25).Select(_ => RandomInput(r, 8)).ToList();
        var outputs = reference.Predict(rows);
        Assert.AreEqual(25, outputs.Count);
        foreach (var y in outputs)
        {
            Assert.AreEqual(1.0, y.Sum(), 1e-12);
            Assert.IsTrue(y.All(v => v > 0 && v < 1), string.Join(" ", y));
        }
    }

    [TestMethod]
    public void SoftmaxIsStableForLargeInputs()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 4);
        x = b.Softmax("sm", x);
        var g = b.Output(x);
        var y = new FloatReference(g, Registry).Predict(new[] { 1000.0, 1001.0, 999.0, -1000.0 });
        Assert.IsTrue(y.All(double.IsFinite), string.Join(" ", y));
        Assert.AreEqual(1.0, y.Sum(), 1e-12);
        var e = new[] { Math.Exp(-1), 1.0, Math.Exp(-2), 0.0 };
        for (int i = 0; i < 4; i++) Assert.AreEqual(e[i] / e.Sum(), y[i], 1e-12);
    }

    [TestMethod]
    public void SoftmaxOverTheLastAxisOfA2dTensor()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 2, 3);
        x = b.Softmax("sm", x);
        var g = b.Output(x);
        var y = new FloatReference(g, Registry).Predict(new[] { 0.0, 1.0, 2.0, 5.0, 5.0, 5.0 });
        Assert.AreEqual(1.0, y[0] + y[1] + y[2], 1e-12);
        Assert.AreEqual(1.0, y[3] + y[4] + y[5], 1e-12);
        Assert.AreEqual(1.0 / 3, y[4], 1e-12);
        Assert.IsTrue(y[2] > y[1] && y[1] > y[0]);
    }

    [TestMethod]
    public void ArgmaxSoftmaxIsOneHot()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 4);
        x = b.Add("Softmax", "sm", new[] { x }, new Dictionary<string, object?> { ["implementation"] = "argmax" });
        var g = b.Output(x);
        CollectionAssert.AreEqual(new[] { 0.0, 0.0, 1.0, 0.0 }, new FloatReference(g, Registry).Predict(new[] { 0.1, -3.0, 0.7, 0.69 }));
    }

    [TestMethod]
    [DataRow("relu", -1.5, 0.0)]
    [DataRow("relu", 2.25, 2.25)]
    [DataRow("linear", -1.5, -1.5)]
    [DataRow("sigmoid", 0.0, 0.5)]
    [DataRow("sigmoid", 2.0, 0.8807970779778823)]
    [DataRow("tanh", 0.5, 0.46211715726000974)]
    public void Activations(string activation, double input, double expected)
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 1);
        x = b.Activation("act", x, activation);
        var g = b.Output(x);
        Assert.AreEqual(expected, new FloatReference(g, Registry).Predict(new[] { input })[0], 1e-15);
    }

    [TestMethod]
    public void DropoutAndFlattenAreIdentity()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 2, 2);
        x = b.Flatten("flat", x);
        x = b.Dropout("drop", x);
        var g = b.Output(x);
        var input = new[] { 1.0, -2.0, 3.5, 0.25 };
        CollectionAssert.AreEqual(input, new FloatReference(g, Registry).Predict(input));
    }

    [TestMethod]
    public void UsesWeightsVerbatimNotQuantized()
    {
        // 0.1 is not representable in ap_fixed<16,6>; the float reference must not quantize it.
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 1);
        x = b.Dense("fc", x, new[] { 0.1f }, new[] { 0.0f }, 1, 1);
        var g = b.Output(x);
        Assert.AreEqual((double)0.1f * 3, new FloatReference(g, Registry).Predict(new[] { 3.0 })[0], 0);
    }

    private static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "keras", file);

    [TestMethod]
    public void KerasFixtureMatchesPyTorchOracle()
    {
        var json = Fixture("dense_relu_softmax.json");
        if (!File.Exists(json)) Assert.Inconclusive($"{json} is not present; skipping.");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(json, Fixture("dense_relu_softmax_weights.h5"));
        int inWidth = graph.Inputs.Sum(i => graph.Tensor(i).Size), outWidth = graph.Outputs.Sum(o => graph.Tensor(o).Size);
        Assert.AreEqual(10, inWidth);
        Assert.AreEqual(5, outWidth);

        var inputs = TestData.Read(Fixture("dense_relu_softmax.input.dat"), inWidth);
        var expected = TestData.Read(Fixture("dense_relu_softmax.expected.dat"), outWidth);
        Assert.AreEqual(20, inputs.Count);
        Assert.AreEqual(inputs.Count, expected.Count);

        var predicted = new FloatReference(graph, pipeline.Registry).Predict(inputs);
        double worst = 0;
        for (int r = 0; r < inputs.Count; r++)
            for (int i = 0; i < outWidth; i++)
            {
                worst = Math.Max(worst, Math.Abs(predicted[r][i] - expected[r][i]));
                Assert.AreEqual(expected[r][i], predicted[r][i], 1e-6, $"row {r} output {i}");
            }
        var cmp = Comparison.Compute("expected", predicted, expected);
        Assert.AreEqual(1.0, cmp.ArgmaxAgreement);
        Assert.AreEqual(worst, cmp.MaxAbsError);
    }

    [TestMethod]
    public void ComparisonReportsErrorsAndArgmaxAgreement()
    {
        var predicted = new List<double[]> { new[] { 0.1, 0.9 }, new[] { 0.6, 0.4 }, new[] { 0.2, 0.8 } };
        var reference = new List<double[]> { new[] { 0.1, 0.9 }, new[] { 0.3, 0.7 }, new[] { 0.25, 0.75 } };
        var c = Comparison.Compute("expected", predicted, reference);
        Assert.AreEqual(3, c.Rows);
        Assert.AreEqual(0.3, c.MaxAbsError, 1e-12);
        Assert.AreEqual(1, c.WorstRow);
        Assert.AreEqual((0 + 0 + 0.3 + 0.3 + 0.05 + 0.05) / 6, c.MeanAbsError, 1e-12);
        Assert.AreEqual(2.0 / 3, c.ArgmaxAgreement, 1e-12);
    }
}
