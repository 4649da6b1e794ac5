using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends.Keras;
using Hls4ml.Ir;
using Hls4ml.Tests;
using Newtonsoft.Json.Linq;
using PureHDF;

namespace Hls4ml.Tests.Frontends;

[TestClass]
public sealed class KerasReaderTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static string ExampleKeras(string file) => TestPaths.RequireShared("models", "example-models", "keras", file);

    private static string Fixture(string file)
    {
        var p = Path.Combine(TestPaths.Fixtures, "keras", file);
        Assert.IsTrue(File.Exists(p), $"fixture {p} is missing");
        return p;
    }

    private static ModelGraph Read(string model, string? weights = null) => KerasModelReader.Read(model, weights, Registry);

    private static HlsException ReadFails(string model, string? weights, DiagnosticDescriptor expected)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Read(model, weights));
        Assert.AreEqual(expected.Code, e.Diagnostic.Code, e.Message);
        Assert.IsFalse(string.IsNullOrWhiteSpace(e.Diagnostic.Message));
        return e;
    }

    private static void AssertContains(string haystack, string needle) =>
        Assert.IsTrue(haystack.Contains(needle, StringComparison.Ordinal), $"expected \"{needle}\" in: {haystack}");

    /// <summary>name:Type:shape for every layer, e.g. "fc1_relu:Dense:64".</summary>
    private static string[] Summary(ModelGraph g) =>
        g.Layers.Select(l => $"{l.Name}:{l.Type}:{string.Join("x", g.Tensor(l.Outputs[0]).Shape)}").ToArray();

    private static void AssertChain(ModelGraph g)
    {
        // Single-path models: each layer reads the previous one, indices are 1..N, every tensor exists.
        for (int i = 0; i < g.Layers.Count; i++)
        {
            var l = g.Layers[i];
            Assert.AreEqual(i + 1, l.Index);
            Assert.AreEqual(1, l.Outputs.Count);
            Assert.IsTrue(g.Tensors.ContainsKey(l.Outputs[0]));
            if (i == 0) Assert.AreEqual(0, l.Inputs.Count);
            else CollectionAssert.AreEqual(new[] { g.Layers[i - 1].Outputs[0] }, l.Inputs, $"inputs of {l.Name}");
        }
        CollectionAssert.AreEqual(new[] { g.Layers[0].Outputs[0] }, g.Inputs);
        CollectionAssert.AreEqual(new[] { g.Layers[^1].Outputs[0] }, g.Outputs);
        Assert.AreEqual(g.Layers.Count, g.Layers.Select(l => l.Name).Distinct().Count(), "layer names must be unique");
    }

    /// <summary>Compares every IR Dense layer's weights with the datasets read directly from the HDF5 file.</summary>
    private static void AssertWeightsMatchFile(ModelGraph g, string h5, string root = "")
    {
        using var f = H5File.OpenRead(h5);
        int checkedLayers = 0;
        foreach (var dense in g.Layers.Where(l => l.Type == "Dense"))
        {
            var prefix = $"{root}{dense.Name}/{dense.Name}/";
            var kernel = f.Dataset(prefix + "kernel:0").Read<float[,]>();
            var bias = f.Dataset(prefix + "bias:0").Read<float[]>();
            var w = dense.Weights["weight"];
            int nIn = kernel.GetLength(0), nOut = kernel.GetLength(1);
            CollectionAssert.AreEqual(new[] { nIn, nOut }, w.Shape);
            Assert.AreEqual(nIn * nOut, w.Data.Length);
            for (int i = 0; i < nIn; i++)
                for (int j = 0; j < nOut; j++)
                    if (w.Data[i * nOut + j] != kernel[i, j])
                        Assert.Fail($"{dense.Name} kernel[{i},{j}] = {w.Data[i * nOut + j]}, file has {kernel[i, j]}");
            CollectionAssert.AreEqual(bias, dense.Weights["bias"].Data);
            CollectionAssert.AreEqual(new[] { nOut }, dense.Weights["bias"].Shape);
            Assert.AreEqual(nIn, dense.Get<int>("n_in"));
            Assert.AreEqual(nOut, dense.Get<int>("n_out"));
            checkedLayers++;
        }
        Assert.IsTrue(checkedLayers > 0);
    }

    // ---------------------------------------------------------------- example models (../shared)

    [TestMethod]
    public void Keras3Layer_LayersTypesAndShapes()
    {
        var g = Read(ExampleKeras("KERAS_3layer.json"), ExampleKeras("KERAS_3layer_weights.h5"));
        CollectionAssert.AreEqual(new[]
        {
            "input_1:Input:16",
            "fc1_relu:Dense:64", "fc1_relu_relu:Activation:64",
            "fc2_relu:Dense:32", "fc2_relu_relu:Activation:32",
            "fc3_relu:Dense:32", "fc3_relu_relu:Activation:32",
            "output_softmax:Dense:5", "output_softmax_softmax:Softmax:5",
        }, Summary(g), string.Join(" ", Summary(g)));
        AssertChain(g);
        CollectionAssert.AreEqual(new[] { "input_1" }, g.Inputs);
        CollectionAssert.AreEqual(new[] { "output_softmax_softmax" }, g.Outputs);
        Assert.IsTrue(g.SourceFile!.EndsWith("KERAS_3layer.json"));
        Assert.IsFalse(string.IsNullOrEmpty(g.Name));

        CollectionAssert.AreEqual(new[] { 16 }, g.FindLayer("input_1")!.Get<int[]>("shape"));
        var fc1 = g.FindLayer("fc1_relu")!;
        Assert.AreEqual("Dense", fc1.SourceClass);
        Assert.AreEqual(16, fc1.Get<int>("n_in"));
        Assert.AreEqual(64, fc1.Get<int>("n_out"));
        var relu = g.FindLayer("fc1_relu_relu")!;
        Assert.AreEqual("relu", relu.Get<string>("activation"));
        Assert.AreEqual("Dense", relu.SourceClass);
        var softmax = g.FindLayer("output_softmax_softmax")!;
        Assert.AreEqual(-1, softmax.Get<int>("axis"));
        Assert.AreEqual(32, g.FindLayer("output_softmax")!.Get<int>("n_in"));
        Assert.AreEqual(5, g.FindLayer("output_softmax")!.Get<int>("n_out"));
    }

    [TestMethod]
    public void Keras3Layer_WeightValuesMatchHdf5()
    {
        var h5 = ExampleKeras("KERAS_3layer_weights.h5");
        var g = Read(ExampleKeras("KERAS_3layer.json"), h5);
        AssertWeightsMatchFile(g, h5);

        // Spot checks read independently, including the row-major layout of kernel [16,64].
        using var f = H5File.OpenRead(h5);
        var flat = f.Dataset("fc1_relu/fc1_relu/kernel:0").Read<float[]>();
        var w = g.FindLayer("fc1_relu")!.Weights["weight"].Data;
        foreach (var (i, j) in new[] { (0, 0), (0, 63), (1, 0), (7, 33), (15, 63) })
            Assert.AreEqual(flat[i * 64 + j], w[i * 64 + j], $"kernel[{i},{j}]");
        var b = f.Dataset("output_softmax/output_softmax/bias:0").Read<float[]>();
        Assert.AreEqual(5, b.Length);
        Assert.AreEqual(b[4], g.FindLayer("output_softmax")!.Weights["bias"].Data[4]);
    }

    [TestMethod]
    public void Keras1Layer_Converts()
    {
        var h5 = ExampleKeras("KERAS_1layer_weights.h5");
        var g = Read(ExampleKeras("KERAS_1layer.json"), h5);
        CollectionAssert.AreEqual(new[]
        {
            "input_1:Input:10", "fc1_relu:Dense:32", "fc1_relu_relu:Activation:32",
            "output_sigmoid:Dense:1", "output_sigmoid_sigmoid:Activation:1",
        }, Summary(g), string.Join(" ", Summary(g)));
        Assert.AreEqual("sigmoid", g.FindLayer("output_sigmoid_sigmoid")!.Get<string>("activation"));
        AssertChain(g);
        AssertWeightsMatchFile(g, h5);
    }

    [TestMethod]
    public void Keras3Layer_PrunedWeightsConvert()
    {
        var h5 = ExampleKeras("KERAS_3layer_70pruned_retrained_weights.h5");
        var g = Read(ExampleKeras("KERAS_3layer.json"), h5);
        AssertWeightsMatchFile(g, h5);
    }

    [TestMethod]
    public void ExampleModels_SupportedConvertAndUnsupportedReportHls0103()
    {
        var dir = TestPaths.RequireShared("models", "example-models", "keras");
        var supportedClasses = Registry.KerasClassNames.ToHashSet();
        var converted = new List<string>();
        var rejected = new List<string>();
        foreach (var json in Directory.GetFiles(dir, "*.json").Order())
        {
            var weights = Path.Combine(dir, Path.GetFileNameWithoutExtension(json) + "_weights.h5");
            if (!File.Exists(weights)) continue;
            var name = Path.GetFileName(json);
            var root = JObject.Parse(File.ReadAllText(json));
            var layers = (root["config"] as JArray ?? (JArray)root["config"]!["layers"]!).Cast<JObject>().ToList();
            var unsupported = layers.Select(l => (string)l["class_name"]!).Where(c => !supportedClasses.Contains(c)).ToList();
            if (unsupported.Count == 0)
            {
                var g = Read(json, weights);
                Assert.IsTrue(g.Layers.Count >= 3, name);
                Assert.AreEqual("Input", g.Layers[0].Type, name);
                // Single-input models are chains; GarNet models also read a vertex count.
                if (g.Inputs.Count == 1) AssertChain(g);
                converted.Add(name);
            }
            else
            {
                var e = ReadFails(json, weights, DiagnosticCodes.UnsupportedLayer);
                AssertContains(e.Diagnostic.Message, $"'{unsupported[0]}'");
                Assert.IsNotNull(e.Diagnostic.Layer, name);
                Assert.AreEqual(json, e.Diagnostic.File);
                rejected.Add($"{name}:{unsupported[0]}");
            }
        }
        foreach (var expected in new[] { "KERAS_1layer.json", "KERAS_3layer.json", "KERAS_dense_16x100x100x100x100x100x5.json",
                     "KERAS_dense_16x200x200x200x200x200x5.json", "KERAS_dense_16x500x500x500x500x500x5.json",
                     "KERAS_3layer_batch_norm.json", "KERAS_conv1d_small.json", "KERAS_conv2d_model.json",
                     "KERAS_3layer_binary_smaller.json", "keras_bnn.json", "qkeras_3layer.json", "qkeras_mnist_cnn.json",
                     "garnet_1layer.json", "garnet_3layer.json" })
            CollectionAssert.Contains(converted, expected, string.Join(", ", converted));
    }

    [TestMethod]
    public void DenseWithDropout_KeepsDropoutLayers()
    {
        var g = Read(ExampleKeras("KERAS_dense_16x100x100x100x100x100x5.json"), ExampleKeras("KERAS_dense_16x100x100x100x100x100x5_weights.h5"));
        var dropouts = g.Layers.Where(l => l.Type == "Dropout").ToList();
        Assert.AreEqual(4, dropouts.Count);
        Assert.AreEqual("Dropout", dropouts[0].SourceClass);
        CollectionAssert.AreEqual(new[] { 100 }, g.Tensor(dropouts[0].Outputs[0]).Shape);
        Assert.AreEqual("fc1_relu_relu", dropouts[0].Inputs[0]);
    }

    [TestMethod]
    public void WeightsOfAnotherModel_Hls0108()
    {
        // Same layer names (fc1_relu, ...) but KERAS_3layer's kernel is [16,64] where KERAS_1layer has units=32.
        var e = ReadFails(ExampleKeras("KERAS_1layer.json"), ExampleKeras("KERAS_3layer_weights.h5"), DiagnosticCodes.WeightShapeMismatch);
        Assert.AreEqual("fc1_relu", e.Diagnostic.Layer);
        AssertContains(e.Diagnostic.Message, "[16,64]");
    }

    [TestMethod]
    public void TwoOutputs_AreModelOutputsInOrder()
    {
        var root = JObject.Parse(File.ReadAllText(ExampleKeras("KERAS_3layer.json")));
        root["config"]!["output_layers"] = JArray.Parse("""[["fc3_relu", 0, 0], ["output_softmax", 0, 0]]""");
        var dir = TestPaths.NewTempDir("keras");
        var json = Path.Combine(dir, "two_outputs.json");
        File.WriteAllText(json, root.ToString());
        var g = Read(json, ExampleKeras("KERAS_3layer_weights.h5"));
        CollectionAssert.AreEqual(new[] { "fc3_relu_relu", "output_softmax_softmax" }, g.Outputs);
    }

    // ---------------------------------------------------------------- repository fixtures

    [TestMethod]
    public void Fixture_DenseReluSoftmax_SequentialWithoutInputLayer_FixedLengthStrings()
    {
        var h5 = Fixture("dense_relu_softmax_weights.h5");
        var g = Read(Fixture("dense_relu_softmax.json"), h5);
        CollectionAssert.AreEqual(new[]
        {
            "dense_1_input:Input:10",
            "dense_1:Dense:16", "dense_1_relu:Activation:16",
            "dense_2:Dense:8", "dense_2_relu:Activation:8",
            "dense_3:Dense:5", "dense_3_softmax:Softmax:5",
        }, Summary(g), string.Join(" ", Summary(g)));
        AssertChain(g);
        AssertWeightsMatchFile(g, h5);
        Assert.AreEqual("sequential_1", g.Name);
    }

    [TestMethod]
    public void Fixture_DenseActLayers_ActivationAndReLULayers()
    {
        var h5 = Fixture("dense_act_layers_weights.h5");
        var g = Read(Fixture("dense_act_layers.json"), h5);
        CollectionAssert.AreEqual(new[]
        {
            "dense_input:Input:6",
            "dense:Dense:12", "dense_linear:Activation:12", "activation:Activation:12",
        }, Summary(g).Take(4).ToArray(), string.Join(" ", Summary(g)));
        AssertChain(g);
        AssertWeightsMatchFile(g, h5);
        Assert.AreEqual("linear", g.FindLayer("dense_linear")!.Get<string>("activation"));
        Assert.AreEqual("relu", g.FindLayer("activation")!.Get<string>("activation"));
        Assert.AreEqual("sigmoid", g.FindLayer("activation_1")!.Get<string>("activation"));
        Assert.AreEqual("tanh", g.FindLayer("activation_2")!.Get<string>("activation"));
        Assert.AreEqual("linear", g.FindLayer("activation_3")!.Get<string>("activation"));
        var relu = g.FindLayer("re_lu")!;
        Assert.AreEqual("Activation", relu.Type);
        Assert.AreEqual("ReLU", relu.SourceClass);
        Assert.AreEqual("relu", relu.Get<string>("activation"));
        var last = g.Layers[^1];
        Assert.AreEqual("activation_4", last.Name);
        Assert.AreEqual("Softmax", last.Type);
        CollectionAssert.AreEqual(new[] { 4 }, g.Tensor(last.Outputs[0]).Shape);
    }

    [TestMethod]
    public void Fixture_FunctionalMlp_FullModelH5()
    {
        var h5 = Fixture("functional_mlp.h5");
        var g = Read(h5);
        CollectionAssert.AreEqual(new[]
        {
            "input_1:Input:16", "flatten:Flatten:16",
            "dense:Dense:32", "dense_relu:Activation:32", "dropout:Dropout:32",
            "dense_1:Dense:16", "dense_1_relu:Activation:16",
            "dense_2:Dense:3", "dense_2_softmax:Softmax:3",
        }, Summary(g), string.Join(" ", Summary(g)));
        AssertChain(g);
        AssertWeightsMatchFile(g, h5, "model_weights/");
        Assert.AreEqual("model", g.Name);
        Assert.AreEqual(0.2, g.FindLayer("dropout")!.Get<double>("rate"), 1e-12);
    }

    [TestMethod]
    public void Fixture_ModelClassMlp_FullModelH5_FixedLengthStrings()
    {
        var h5 = Fixture("model_class_mlp.h5");
        var g = Read(h5);
        CollectionAssert.AreEqual(new[]
        {
            "input_1:Input:10",
            "fc1_relu:Dense:20", "fc1_relu_relu:Activation:20",
            "fc2_tanh:Dense:10", "fc2_tanh_tanh:Activation:10",
            "output_sigmoid:Dense:1", "output_sigmoid_sigmoid:Activation:1",
        }, Summary(g), string.Join(" ", Summary(g)));
        AssertChain(g);
        AssertWeightsMatchFile(g, h5, "model_weights/");
        Assert.AreEqual("model_1", g.Name);
    }

    [TestMethod]
    public void Fixture_UnsupportedLambda_Hls0103()
    {
        var json = Fixture("unsupported_layer.json");
        var e = ReadFails(json, Fixture("unsupported_layer_weights.h5"), DiagnosticCodes.UnsupportedLayer);
        Assert.AreEqual("lambda", e.Diagnostic.Layer);
        Assert.AreEqual(json, e.Diagnostic.File);
        AssertContains(e.Diagnostic.Message, "'Lambda'");
        AssertContains(e.Diagnostic.Message, "'lambda'");
        AssertContains(e.Diagnostic.Message, "Supported Keras classes: ");
        foreach (var cls in new[] { "Activation", "Dense", "Dropout", "Flatten", "InputLayer", "ReLU", "Concatenate" })
            AssertContains(e.Diagnostic.Message, cls);
        AssertContains(e.Diagnostic.Message, "extension");
        AssertContains(e.ToString(), "HLS0103");
    }

    // ---------------------------------------------------------------- edited fixtures (options and naming)

    private static string WriteEdited(string fixtureJson, Action<JObject> edit)
    {
        var root = JObject.Parse(File.ReadAllText(Fixture(fixtureJson)));
        edit(root);
        var path = Path.Combine(TestPaths.NewTempDir("keras"), fixtureJson);
        File.WriteAllText(path, root.ToString());
        return path;
    }

    private static JObject LayerConfig(JObject root, string name) =>
        (JObject)((JArray)root["config"]!["layers"]!).Cast<JObject>().Single(l => (string?)l["config"]!["name"] == name)["config"]!;

    [TestMethod]
    public void SequentialListConfig_Keras20Style()
    {
        // Keras 2.0-2.2.2 write the Sequential config as a bare list of layers, with no model name.
        var json = WriteEdited("dense_relu_softmax.json", r => r["config"] = r["config"]!["layers"]!.DeepClone());
        var g = Read(json, Fixture("dense_relu_softmax_weights.h5"));
        Assert.AreEqual("dense_relu_softmax", g.Name);
        CollectionAssert.AreEqual(new[] { "dense_1_input:Input:10", "dense_1:Dense:16", "dense_1_relu:Activation:16" }, Summary(g).Take(3).ToArray());
        AssertChain(g);
    }

    [TestMethod]
    public void FunctionalLayersOutOfOrder_AreSortedTopologically()
    {
        var root = JObject.Parse(File.ReadAllText(ExampleKeras("KERAS_3layer.json")));
        var layers = (JArray)root["config"]!["layers"]!;
        root["config"]!["layers"] = new JArray(layers.Reverse().Select(l => l.DeepClone()));
        var json = Path.Combine(TestPaths.NewTempDir("keras"), "reversed.json");
        File.WriteAllText(json, root.ToString());
        var g = Read(json, ExampleKeras("KERAS_3layer_weights.h5"));
        Assert.AreEqual("input_1", g.Layers[0].Name);
        Assert.AreEqual("output_softmax_softmax", g.Layers[^1].Name);
        AssertChain(g);
    }

    [TestMethod]
    public void UnsupportedDenseActivation_Hls0105ListsSupported()
    {
        var json = WriteEdited("dense_relu_softmax.json", r => LayerConfig(r, "dense_2")["activation"] = "gelu");
        var e = ReadFails(json, Fixture("dense_relu_softmax_weights.h5"), DiagnosticCodes.UnsupportedActivation);
        Assert.AreEqual("dense_2", e.Diagnostic.Layer);
        AssertContains(e.Diagnostic.Message, "'gelu'");
        foreach (var name in new[] { "linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu" })
            AssertContains(e.Diagnostic.Message, name);
    }

    [TestMethod]
    public void UnsupportedActivationLayer_Hls0105()
    {
        var json = WriteEdited("dense_act_layers.json", r => LayerConfig(r, "activation_1")["activation"] = "gelu");
        var e = ReadFails(json, Fixture("dense_act_layers_weights.h5"), DiagnosticCodes.UnsupportedActivation);
        Assert.AreEqual("activation_1", e.Diagnostic.Layer);
        AssertContains(e.Diagnostic.Message, "'gelu'");
    }

    [TestMethod]
    [DataRow("max_value", 6.0)]
    [DataRow("negative_slope", 0.1)]
    [DataRow("threshold", 0.5)]
    public void ReLUOptions_AreKeptNeverIgnored(string option, double value)
    {
        // hls4ml silently drops these; here they reach the IR layer (its numerics are tested with the activations).
        var json = WriteEdited("dense_act_layers.json", r => LayerConfig(r, "re_lu")[option] = value);
        var g = Read(json, Fixture("dense_act_layers_weights.h5"));
        var relu = g.FindLayer("re_lu");
        Assert.IsNotNull(relu);
        Assert.AreNotEqual("relu", relu.Get("activation", ""), $"a ReLU with {option}={value} must not become a plain relu");
    }

    [TestMethod]
    public void DenseWithoutBias_GetsZeroBias()
    {
        // The weights file still holds a bias, but use_bias=false means Keras ignores it; so do we.
        var json = WriteEdited("dense_relu_softmax.json", r => LayerConfig(r, "dense_2")["use_bias"] = false);
        var g = Read(json, Fixture("dense_relu_softmax_weights.h5"));
        var bias = g.FindLayer("dense_2")!.Weights["bias"];
        CollectionAssert.AreEqual(new[] { 8 }, bias.Shape);
        Assert.IsTrue(bias.Data.All(v => v == 0));
    }

    [TestMethod]
    public void DerivedActivationName_NeverTakesAKerasLayerName()
    {
        // The Activation layer after 'dense' is renamed to 'dense_linear', the name the split of dense's linear
        // activation would get; the Keras layer keeps its name and the derived one moves aside.
        var json = WriteEdited("dense_act_layers.json", r => LayerConfig(r, "activation")["name"] = "dense_linear");
        var g = Read(json, Fixture("dense_act_layers_weights.h5"));
        CollectionAssert.AreEqual(new[] { "dense_input:Input:6", "dense:Dense:12", "dense_linear_1:Activation:12", "dense_linear:Activation:12" },
            Summary(g).Take(4).ToArray());
        Assert.AreEqual("relu", g.FindLayer("dense_linear")!.Get<string>("activation"));
        AssertChain(g);
    }

    [TestMethod]
    public void WeightsMissingForLayer_Hls0104()
    {
        var json = WriteEdited("dense_relu_softmax.json", r => LayerConfig(r, "dense_2")["name"] = "renamed");
        var e = ReadFails(json, Fixture("dense_relu_softmax_weights.h5"), DiagnosticCodes.MissingWeights);
        Assert.AreEqual("renamed", e.Diagnostic.Layer);
        AssertContains(e.Diagnostic.Message, "dense_1, dense_2, dense_3");
    }

    // ---------------------------------------------------------------- file errors

    [TestMethod]
    public void MissingModelFile_Hls0101()
    {
        var dir = TestPaths.NewTempDir("keras");
        var e = ReadFails(Path.Combine(dir, "nope.json"), Path.Combine(dir, "nope_weights.h5"), DiagnosticCodes.ModelFileNotFound);
        AssertContains(e.Diagnostic.Message, "nope.json");
        ReadFails(Path.Combine(dir, "nope.h5"), null, DiagnosticCodes.ModelFileNotFound);
    }

    [TestMethod]
    public void MissingWeightsFile_Hls0101()
    {
        var e = ReadFails(Fixture("dense_relu_softmax.json"), Path.Combine(TestPaths.NewTempDir("keras"), "gone.h5"), DiagnosticCodes.ModelFileNotFound);
        AssertContains(e.Diagnostic.Message, "gone.h5");
    }

    [TestMethod]
    public void JsonWithoutWeights_Hls0104()
    {
        var e = ReadFails(Fixture("dense_relu_softmax.json"), null, DiagnosticCodes.MissingWeights);
        AssertContains(e.Diagnostic.Message, "save_weights");
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("empty")]
    [DataRow("signature-then-garbage")]
    [DataRow("truncated")]
    public void CorruptH5_Hls0102(string kind)
    {
        var dir = TestPaths.NewTempDir("keras");
        var path = Path.Combine(dir, "model.h5");
        var signature = new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };
        var random = new Random(42);
        byte[] Garbage(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        var bytes = kind switch
        {
            "garbage" => Garbage(4096),
            "empty" => Array.Empty<byte>(),
            "signature-then-garbage" => signature.Concat(Garbage(4096)).ToArray(),
            _ => File.ReadAllBytes(Fixture("functional_mlp.h5")).Take(3000).ToArray(),
        };
        File.WriteAllBytes(path, bytes);
        var e = ReadFails(path, null, DiagnosticCodes.UnreadableModelFile);
        AssertContains(e.Diagnostic.Message, path);
        Assert.AreEqual(path, e.Diagnostic.File);
    }

    [TestMethod]
    public void CorruptWeightsFile_Hls0102()
    {
        var weights = Path.Combine(TestPaths.NewTempDir("keras"), "w.h5");
        File.WriteAllText(weights, "this is not HDF5");
        var e = ReadFails(Fixture("dense_relu_softmax.json"), weights, DiagnosticCodes.UnreadableModelFile);
        AssertContains(e.Diagnostic.Message, "not an HDF5 file");
    }

    [TestMethod]
    public void WeightsOnlyH5AsModel_Hls0102()
    {
        var e = ReadFails(Fixture("dense_relu_softmax_weights.h5"), null, DiagnosticCodes.UnreadableModelFile);
        AssertContains(e.Diagnostic.Message, "save_weights");
    }

    [TestMethod]
    [DataRow("{ not json")]
    [DataRow("[1, 2, 3]")]
    [DataRow("{\"class_name\": \"Dense\", \"config\": {}}")]
    [DataRow("{\"class_name\": \"Model\", \"config\": {\"layers\": 5}}")]
    public void GarbledJson_Hls0102(string text)
    {
        var json = Path.Combine(TestPaths.NewTempDir("keras"), "bad.json");
        File.WriteAllText(json, text);
        ReadFails(json, Fixture("dense_relu_softmax_weights.h5"), DiagnosticCodes.UnreadableModelFile);
    }

    [TestMethod]
    [DataRow("model.onnx")]
    [DataRow("model.txt")]
    [DataRow("model")]
    public void UnknownExtension_Hls0106(string name)
    {
        var path = Path.Combine(TestPaths.NewTempDir("keras"), name);
        File.WriteAllText(path, "x");
        var e = ReadFails(path, null, DiagnosticCodes.UnsupportedModelFormat);
        AssertContains(e.Diagnostic.Message, name);
    }

    [TestMethod]
    public void Keras3Json_Hls0106()
    {
        var json = WriteEdited("dense_relu_softmax.json", r => r["keras_version"] = "3.4.1");
        ReadFails(json, Fixture("dense_relu_softmax_weights.h5"), DiagnosticCodes.UnsupportedModelFormat);
    }

    [TestMethod]
    public void ShortWeightNames()
    {
        Assert.AreEqual("kernel", KerasWeightsFile.ShortName("fc1", "fc1/kernel:0"));
        Assert.AreEqual("bias", KerasWeightsFile.ShortName("fc1", "fc1/bias:0"));
        Assert.AreEqual("keep_negative", KerasWeightsFile.ShortName("q", "keep_negative:0"));
        Assert.AreEqual("lstm_cell/kernel", KerasWeightsFile.ShortName("lstm", "lstm/lstm_cell/kernel:0"));
        Assert.AreEqual("other/kernel", KerasWeightsFile.ShortName("fc1", "other/kernel:0"));
    }
}
