using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Frontends.Keras.QKeras;
using Hls4ml.Types;

namespace Hls4ml.Tests.Frontends;

/// <summary>
/// QKeras models convert bit-exactly with every type taken from the quantizers. Oracles: tests/fixtures/qkeras/generate.py
/// (numpy implementation of the QKeras quantizers, exact float64 evaluation); the shared example models' expected
/// logits are derived outputs of the same script.
/// </summary>
[TestClass]
public sealed class QKerasTests
{
    private static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "qkeras", file);

    private static void AssertBitExact(IReadOnlyList<double[]> expected, IReadOnlyList<double[]> actual, string what)
    {
        Assert.HasCount(expected.Count, actual, $"{what}: rows");
        for (int i = 0; i < expected.Count; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"{what}: row {i + 1} differs from the QKeras oracle");
    }

    [TestMethod]
    [DataRow("qmlp.json", "qmlp_weights.h5", "qmlp")]
    [DataRow("qmlp_v3.keras", null, "qmlp")]
    [DataRow("qcnn.json", "qcnn_weights.h5", "qcnn")]
    [DataRow("qbinary.json", "qbinary_weights.h5", "qbinary")]
    public void QuantizedModelSimulatesBitExactly(string model, string? weights, string data)
    {
        // io_parallel/Latency, then io_stream + Resource on every multiplying layer: all bit-identical to the oracle.
        var run = CSimHarness.Simulate(Fixture(model), weights is null ? null : Fixture(weights), Fixture($"{data}.input.dat"));
        AssertBitExact(CSimHarness.ReadRows(Fixture($"{data}.expected.dat")), run.Predictions, model);
    }

    [TestMethod]
    public void TypesComeFromTheQuantizers()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("qmlp.json"), Fixture("qmlp_weights.h5"));
        pipeline.Generate(graph, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        string T(string layer, string slot) => graph.FindLayer(layer)!.Types[slot].ToHls4mlString();
        Assert.AreEqual("fixed<6,1,RND_CONV,SAT,0>", T("fc1", "weight"));
        Assert.AreEqual("fixed<6,1,RND_CONV,SAT,0>", T("fc1", "bias"));
        // 16 inputs of fixed<16,6> times fixed<6,1> weights: 22 bits, 4 more for 16 terms, 1 more for the bias.
        Assert.AreEqual("fixed<27,12>", T("fc1", "accum"));
        Assert.AreEqual(T("fc1", "accum"), T("fc1", "result"));
        Assert.AreEqual("ufixed<6,0,RND_CONV,SAT,0>", T("relu1", "result"));
        Assert.AreEqual("ufixed<4,2,RND_CONV,SAT,0>", T("fc2_quantized_relu", "result"));
        Assert.AreEqual("fixed<5,2,RND_CONV,SAT,0>", T("fc2", "weight"));
        // quantized_po2(4, max_value=1): ±2^-8 .. ±1.
        Assert.AreEqual("fixed<10,2,RND_CONV,SAT,0>", T("fc3", "weight"));
        Assert.AreEqual("fixed<6,1,RND_CONV,SAT_SYM,0>", T("tanh3", "result"));
        Assert.AreEqual("fixed<8,3,RND_CONV,SAT_SYM,0>", T("out_q", "result"));
    }

    [TestMethod]
    public void ExplicitSettingWinsAndWarnsAboutLostBits()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("qmlp.json"), Fixture("qmlp_weights.h5"));
        var config = new HlsConfig();
        config.LayerNames["fc1"] = LayerSettings.Of(("WeightPrecision", "fixed(4,1)"), ("AccumPrecision", "auto"));
        config.LayerNames["relu1"] = LayerSettings.Of(("ResultPrecision", "ufixed(8,1)"));
        var result = pipeline.Generate(graph, config, Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        Assert.AreEqual("fixed<4,1>", graph.FindLayer("fc1")!.Types["weight"].ToHls4mlString());
        var lost = result.Diagnostics.Where(d => d.Code == "HLS0210").ToList();
        Assert.HasCount(1, lost, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        Assert.AreEqual("fc1", lost[0].Layer);
        StringAssert.Contains(lost[0].Message, "2 fractional bit(s)");
        StringAssert.Contains(lost[0].Message, "quantized_bits(6,0,0");
        // The accumulator follows the (narrower) explicit weight type: 16 + 4 bits, 4 more for 16 terms, 1 for the bias.
        Assert.AreEqual("fixed<25,12>", graph.FindLayer("fc1")!.Types["accum"].ToHls4mlString());
    }

    [TestMethod]
    public void AutoThatCannotBeInferredIsACodedError()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("qmlp.json"), Fixture("qmlp_weights.h5"));
        var config = new HlsConfig { DefaultPrecision = Precision.Parse("auto") };
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, config, Path.Combine(TestPaths.NewTempDir("qkeras"), "prj")));
        Assert.AreEqual("HLS0211", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "input");

        // With the input type given, auto resolves every other slot of this model.
        graph = pipeline.Convert(Fixture("qmlp.json"), Fixture("qmlp_weights.h5"));
        config.LayerNames["x"] = LayerSettings.Of(("ResultPrecision", "fixed(16,6)"));
        pipeline.Generate(graph, config, Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        Assert.AreEqual("fixed<27,12>", graph.FindLayer("fc1")!.Types["accum"].ToHls4mlString());
    }

    /// <summary>In a model without quantizers, auto still infers accumulators, but a weight needs a quantizer.</summary>
    [TestMethod]
    public void AutoOnAnUnquantizedModel()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(TestPaths.Fixtures, "keras", "dense_relu_softmax.json"), Path.Combine(TestPaths.Fixtures, "keras", "dense_relu_softmax_weights.h5"));
        var dense = graph.Layers.First(l => l.Type == "Dense").Name;
        var config = new HlsConfig();
        config.LayerNames[dense] = LayerSettings.Of(("AccumPrecision", "auto"), ("ResultPrecision", "auto"));
        pipeline.Generate(graph, config, Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        var layer = graph.FindLayer(dense)!;
        int nIn = layer.Get<int>("n_in");
        // fixed<16,6> inputs and weights, n_in terms, a bias: 32 bits + ceil(log2 n_in) + 1.
        int extra = (int)Math.Ceiling(Math.Log2(nIn));
        Assert.AreEqual(new FixedPrecision(33 + extra, 13 + extra), layer.Types["accum"]);
        Assert.AreEqual(layer.Types["accum"], layer.Types["result"]);

        graph = pipeline.Convert(Path.Combine(TestPaths.Fixtures, "keras", "dense_relu_softmax.json"), Path.Combine(TestPaths.Fixtures, "keras", "dense_relu_softmax_weights.h5"));
        config.LayerNames[dense] = LayerSettings.Of(("WeightPrecision", "auto"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, config, Path.Combine(TestPaths.NewTempDir("qkeras"), "prj")));
        Assert.AreEqual("HLS0211", e.Diagnostic.Code);
        Assert.AreEqual(dense, e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "quantizer");
    }

    [TestMethod]
    [DataRow("quantized_bits(6,0,alpha=1)", "fixed<6,1,RND_CONV,SAT,0>")]
    [DataRow("quantized_bits(8,3,1)", "fixed<8,4,RND_CONV,SAT_SYM,0>")]
    [DataRow("quantized_bits(4,2,keep_negative=False)", "ufixed<4,2,RND_CONV,SAT,0>")]
    [DataRow("quantized_bits(1,0)", "int<2>")]
    [DataRow("quantized_relu(3,1)", "ufixed<3,1,RND_CONV,SAT,0>")]
    [DataRow("quantized_relu(2)", "ufixed<2,0,RND_CONV,SAT,0>")]
    [DataRow("quantized_tanh(8)", "fixed<8,1,RND_CONV,SAT_SYM,0>")]
    [DataRow("quantized_sigmoid(6)", "ufixed<6,0,RND_CONV,SAT,0>")]
    [DataRow("quantized_po2(4,1)", "fixed<10,2,RND_CONV,SAT,0>")]
    [DataRow("quantized_relu_po2(4)", "ufixed<16,8,RND_CONV,SAT,0>")]
    [DataRow("binary", "int<2>")]
    [DataRow("binary(use_01=True)", "uint<1>")]
    [DataRow("ternary(alpha=1, threshold=0.5)", "int<2>")]
    public void QuantizerStringsMapToApTypes(string quantizer, string type) =>
        Assert.AreEqual(type, QKerasQuantizerParser.Parse(quantizer).ResultType.ToHls4mlString());

    [TestMethod]
    public void DictAndStringFormsAgree()
    {
        var fromDict = QKerasQuantizerParser.Parse(Newtonsoft.Json.Linq.JObject.Parse(
            """{"class_name": "quantized_bits", "config": {"bits": 6, "integer": 0, "symmetric": 0, "alpha": 1, "keep_negative": true}}"""));
        var fromKeras3 = QKerasQuantizerParser.Parse(Newtonsoft.Json.Linq.JObject.Parse(
            """{"module": "qkeras.quantizers", "class_name": "quantized_bits", "config": {"bits": 6, "integer": 0}, "registered_name": "qkeras>quantized_bits"}"""));
        var fromString = QKerasQuantizerParser.Parse("quantized_bits(6,0,alpha=1)");
        Assert.AreEqual(fromString.ResultType, fromDict.ResultType);
        Assert.AreEqual(fromString.ResultType, fromKeras3.ResultType);
        // QKeras' function: round half to even, clip to the grid.
        Assert.AreEqual(0.0, fromString.Apply(1.0 / 64));        // 0.5 LSB rounds to even (0)
        Assert.AreEqual(2.0 / 32, fromString.Apply(3.0 / 64));   // 1.5 LSB rounds to 2
        Assert.AreEqual(31.0 / 32, fromString.Apply(5.0));
        Assert.AreEqual(-1.0, fromString.Apply(-5.0));
    }

    [TestMethod]
    public void UnsupportedQuantizerNamesTheLayerAndTheSupportedList()
    {
        var dir = TestPaths.NewTempDir("qkeras");
        var json = File.ReadAllText(Fixture("qmlp.json")).Replace("\"quantized_tanh(6)\"", "\"quantized_ulaw(6)\"");
        File.WriteAllText(Path.Combine(dir, "m.json"), json);
        File.Copy(Fixture("qmlp_weights.h5"), Path.Combine(dir, "m_weights.h5"));
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(dir, "m.json"), Path.Combine(dir, "m_weights.h5")));
        Assert.AreEqual("HLS0130", e.Diagnostic.Code);
        Assert.AreEqual("tanh3", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "quantized_ulaw");
        StringAssert.Contains(e.Message, "quantized_bits, quantized_relu");

        json = File.ReadAllText(Fixture("qmlp.json")).Replace("\"quantized_tanh(6)\"", "\"quantized_bits(6,0,alpha='auto_po2')\"");
        File.WriteAllText(Path.Combine(dir, "m.json"), json);
        e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(dir, "m.json"), Path.Combine(dir, "m_weights.h5")));
        Assert.AreEqual("HLS0130", e.Diagnostic.Code, e.Message);
    }

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// The shared hls4ml example models (weights read from ../shared): the quantized logits (the final softmax is a
    /// lookup-table approximation and is removed for the comparison) match the QKeras oracle bit for bit, and the
    /// predicted classes are compared with the unquantized float model's. Settings follow the example configs' io
    /// type and strategies; their precisions are not applied (the types come from the quantizers).
    /// </summary>
    [TestMethod]
    [DataRow("qkeras_3layer.json", "qkeras_3layer_weights.h5", "qkeras_3layer", "io_parallel")]
    [DataRow("qkeras-v3_3layer.keras", null, "qkeras-v3_3layer", "io_parallel")]
    [DataRow("qkeras_mnist_dense.json", "qkeras_mnist_dense_weights.h5", "qkeras_mnist_dense", "io_parallel")]
    [DataRow("qkeras_mnist_cnn.json", "qkeras_mnist_cnn_weights.h5", "qkeras_mnist_cnn", "io_stream")]
    public void SharedExampleModelIsBitExact(string model, string? weights, string name, string ioType)
    {
        var modelPath = TestPaths.RequireShared("models", "example-models", "keras", model);
        var weightsPath = weights is null ? null : TestPaths.RequireShared("models", "example-models", "keras", weights);
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(modelPath, weightsPath);
        var softmax = graph.Layers.Single(l => l.Type == "Softmax");
        graph.Bypass(softmax);
        var config = new HlsConfig { ProjectName = "myproject", IOType = ioType };
        if (name == "qkeras_mnist_dense")
        {
            config.Strategy = "Resource";
            config.LayerNames["q_dense_2"] = LayerSettings.Of(("ReuseFactor", "112"));
            config.LayerNames["q_dense_3"] = LayerSettings.Of(("Strategy", "Latency"));
        }
        var work = TestPaths.NewTempDir("qkeras-shared");
        var project = Path.Combine(work, "prj");
        pipeline.Generate(graph, config, project);
        var input = Fixture($"shared_{name}.input.dat");
        var sim = pipeline.Simulate(graph, project, "myproject", input, Path.Combine(work, "results.dat"),
            Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache"));
        var expected = CSimHarness.ReadRows(Fixture($"shared_{name}.expected.dat"));
        var floatClass = File.ReadAllLines(Fixture($"shared_{name}.float_argmax.dat")).Where(l => l.Trim().Length > 0)
            .Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).ToList();
        int exact = 0, agree = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i].SequenceEqual(sim.Predictions[i])) exact++;
            if (ArgMax(sim.Predictions[i]) == floatClass[i]) agree++;
        }
        double maxError = CSimHarness.MaxAbsError(sim.Predictions, expected);
        TestContext.WriteLine($"{name}: exact rows {exact}/{expected.Count}, max error {maxError}, argmax agreement with the float model {agree}/{expected.Count}");
        AssertBitExact(expected, sim.Predictions, name);
    }

    /// <summary>
    /// The shared binary/ternary example networks: ±1/0 weights (selects, no multipliers), batch normalization merged
    /// with binary_tanh/ternary_tanh into exact thresholds. The last layer is a real-valued batch normalization in the
    /// model default ap_fixed&lt;16,6&gt;, so the outputs are compared with a tolerance and the hidden layers' decisions
    /// through the predicted class.
    /// </summary>
    [TestMethod]
    [DataRow("KERAS_3layer_binary_smaller", "io_parallel")]
    [DataRow("KERAS_3layer_binarydense_relu_max", "io_stream")]
    [DataRow("KERAS_3layer_ternary_small", "io_parallel")]
    public void SharedBinaryNetworkMatchesTheOracle(string name, string ioType)
    {
        var modelPath = TestPaths.RequireShared("models", "example-models", "keras", name + ".json");
        var weightsPath = TestPaths.RequireShared("models", "example-models", "keras", name + "_weights.h5");
        var run = CSimHarness.Simulate(modelPath, weightsPath, Fixture($"shared_{name}.input.dat"), ioType: ioType,
            configure: c => c.ProjectName = "myproject");
        var expected = CSimHarness.ReadRows(Fixture($"shared_{name}.expected.dat"));
        int exact = 0, agree = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i].SequenceEqual(run.Predictions[i])) exact++;
            if (ArgMax(run.Predictions[i]) == ArgMax(expected[i])) agree++;
        }
        double maxError = CSimHarness.MaxAbsError(run.Predictions, expected);
        Console.WriteLine($"{name}: exact rows {exact}/{expected.Count}, max error {maxError}, argmax agreement {agree}/{expected.Count}");
        Assert.IsLessThan(0.05, maxError, $"{name}: max error");
        Assert.AreEqual(expected.Count, agree, $"{name}: predicted classes");
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(modelPath, weightsPath);
        Assert.IsTrue(graph.Layers.Where(l => l.Type == "Dense").All(l => l.Weights["weight"].Data.All(w => w is 1 or -1 or 0)), "weights are ±1/0");
    }

    /// <summary>
    /// Binary networks: BatchNormalization + binary_tanh becomes one threshold layer, ±1 weights need no multiplier,
    /// and a quantized model's zero weights are absent multiplications in the estimates.
    /// </summary>
    [TestMethod]
    public void BinaryLayersSelectAndQuantizedZerosAreNotMultiplied()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var modelPath = TestPaths.RequireShared("models", "example-models", "keras", "KERAS_3layer_binary_smaller.json");
        var graph = pipeline.Convert(modelPath, TestPaths.RequireShared("models", "example-models", "keras", "KERAS_3layer_binary_smaller_weights.h5"));
        var result = pipeline.Generate(graph, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        CollectionAssert.AreEqual(new[] { "bn1", "bn2", "bn3" }, graph.Layers.Where(l => l.Type == "BatchNormThreshold").Select(l => l.Name).ToList());
        Assert.IsNull(graph.FindLayer("act1"), "the activation is merged into the threshold layer");
        Assert.AreEqual(new IntegerPrecision(2), graph.FindLayer("bn1")!.Types["result"]);
        Assert.AreEqual(0, result.Estimate.Layers.Where(l => l.Type == "Dense").Sum(l => l.Multipliers));

        graph = pipeline.Convert(Fixture("qmlp.json"), Fixture("qmlp_weights.h5"));
        result = pipeline.Generate(graph, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("qkeras"), "prj"));
        var fc1 = graph.FindLayer("fc1")!;
        int zeros = fc1.Weights["weight"].Data.Count(w => w == 0);
        Assert.IsGreaterThan(0, zeros, "quantized_bits(6,0) rounds the smallest trained weights to zero");
        Assert.AreEqual(16 * 24 - zeros, result.Estimate.Layers.Single(l => l.Layer == "fc1").Multipliers);
    }

    [TestMethod]
    public void AveragePoolingQuantizerMustHoldTheAverageFactor()
    {
        var dir = TestPaths.NewTempDir("qkeras");
        File.Copy(Fixture("qcnn_weights.h5"), Path.Combine(dir, "m_weights.h5"));
        HlsException? Convert(string quantizer)
        {
            var root = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Fixture("qcnn.json")));
            var pool = root.SelectTokens("$..layers[?(@.class_name == 'MaxPooling2D')]").Cast<Newtonsoft.Json.Linq.JObject>().Single();
            pool["class_name"] = "QAveragePooling2D";
            ((Newtonsoft.Json.Linq.JObject)pool["config"]!)["average_quantizer"] = quantizer;
            File.WriteAllText(Path.Combine(dir, "m.json"), root.ToString());
            try { HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(dir, "m.json"), Path.Combine(dir, "m_weights.h5")); return null; }
            catch (HlsException e) { return e; }
        }
        Assert.IsNull(Convert("quantized_bits(4,0,alpha=1)"), "1/4 is on the 2^-3 grid");
        var e = Convert("quantized_bits(2,0)");
        Assert.IsNotNull(e);
        Assert.AreEqual("HLS0130", e.Diagnostic.Code);
        Assert.AreEqual("p1", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "1/4");
    }

    private static int ArgMax(double[] row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}
