using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>The ONNX reader: file-level errors, encodings, folding, layouts and the handler registry.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class OnnxReaderTests
{
    private static string Fixture(string file) => OnnxFixtureTests.Fixture(file);
    private static HlsPipeline Pipeline() => HlsPipeline.CreateDefault(TestPaths.Templates);

    private static HlsException ConvertFails(string path, string code)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline().Convert(path));
        Assert.AreEqual(code, e.Diagnostic.Descriptor.Code, e.Message);
        return e;
    }

    /// <summary>x [batch, 4] → Gemm(W [3, 4] transB) → Relu → y.</summary>
    private static OnnxModelBuilder SmallGemm(bool raw = true, bool unpacked = false)
    {
        var w = Enumerable.Range(0, 12).Select(i => (i - 6) * 0.125f).ToArray();
        return new OnnxModelBuilder { Unpacked = unpacked }
            .Input("x", "batch", 4)
            .Initializer("W", new[] { 3, 4 }, w, raw)
            .Initializer("b", new[] { 3 }, new[] { 0.5f, -0.25f, 1f }, raw)
            .Node("Gemm", new[] { "x", "W", "b" }, new[] { "h" }, "fc", attributes: ("transB", 1L))
            .Node("Relu", new[] { "h" }, new[] { "y" }, "relu")
            .Output("y");
    }

    [TestMethod]
    public void UnsupportedOpIsNamedWithNodeOpTypeAndOpset()
    {
        var e = ConvertFails(Fixture("unsupported_op.onnx"), "HLS0109");
        StringAssert.Contains(e.Message, "'sine'");
        StringAssert.Contains(e.Message, "'Sin'");
        StringAssert.Contains(e.Message, "opset 13");
        StringAssert.Contains(e.Message, "Gemm"); // the supported list
        Assert.AreEqual("sine", e.Diagnostic.Layer);
    }

    [TestMethod]
    [DataRow(5)]
    [DataRow(22)]
    public void OpsetOutsideTheSupportedRangeIsRejected(int opset)
    {
        var b = SmallGemm();
        b.Opsets[0] = ("", opset);
        var e = ConvertFails(b.Save(TestPaths.NewTempDir("onnx")), "HLS0111");
        StringAssert.Contains(e.Message, $"opset {opset}");
    }

    [TestMethod]
    public void NotAnOnnxFileIsHls0114()
    {
        var dir = TestPaths.NewTempDir("onnx");
        var garbage = Path.Combine(dir, "garbage.onnx");
        File.WriteAllBytes(garbage, new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x01, 0x02 });
        ConvertFails(garbage, "HLS0114");
        var empty = Path.Combine(dir, "empty.onnx");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        ConvertFails(empty, "HLS0114");
    }

    [TestMethod]
    public void MissingModelFileIsHls0101() =>
        ConvertFails(Path.Combine(TestPaths.NewTempDir("onnx"), "nothing.onnx"), "HLS0101");

    [TestMethod]
    public void WeightsFileIsRejectedForOnnx()
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline().Convert(Fixture("mlp_gemm.onnx"), "weights.h5"));
        Assert.AreEqual("HLS0106", e.Diagnostic.Descriptor.Code);
    }

    [TestMethod]
    public void SymbolicFeatureAxisIsHls0113()
    {
        var b = new OnnxModelBuilder().Input("x", "batch", "features").Node("Relu", new[] { "x" }, new[] { "y" }).Output("y");
        var e = ConvertFails(b.Save(TestPaths.NewTempDir("onnx")), "HLS0113");
        StringAssert.Contains(e.Message, "'features'");
        var shapeless = new OnnxModelBuilder().InputWithoutShape("x").Node("Relu", new[] { "x" }, new[] { "y" }).Output("y");
        ConvertFails(shapeless.Save(TestPaths.NewTempDir("onnx")), "HLS0113");
    }

    [TestMethod]
    public void ExternalDataIsReadAndItsAbsenceIsHls0112()
    {
        var graph = Pipeline().Convert(Fixture("mlp_external.onnx"));
        Assert.AreEqual(2, graph.Layers.Count(l => l.Type == "Dense"));
        Assert.IsTrue(graph.Layers.First(l => l.Type == "Dense").Weights["weight"].Data.Any(v => v != 0));

        var dir = TestPaths.NewTempDir("onnx");
        File.Copy(Fixture("mlp_external.onnx"), Path.Combine(dir, "mlp_external.onnx"));
        var e = ConvertFails(Path.Combine(dir, "mlp_external.onnx"), "HLS0112");
        StringAssert.Contains(e.Message, "mlp_external.weights.bin");
    }

    [TestMethod]
    public void RawPackedAndUnpackedEncodingsReadAlike()
    {
        float[] Weights(OnnxModelBuilder b) => Pipeline().Convert(b.Save(TestPaths.NewTempDir("onnx"))).Layers.Single(l => l.Type == "Dense").Weights["weight"].Data;
        var raw = Weights(SmallGemm(raw: true));
        CollectionAssert.AreEqual(raw, Weights(SmallGemm(raw: false)));
        CollectionAssert.AreEqual(raw, Weights(SmallGemm(raw: false, unpacked: true)));
        // transB: IR weight [n_in, n_out] = W^T.
        Assert.AreEqual(-0.75f, raw[0]);   // W[0,0]
        Assert.AreEqual(-0.25f, raw[1]);   // W[1,0]
    }

    [TestMethod]
    public void GemmRelu()
    {
        var graph = Pipeline().Convert(SmallGemm().Save(TestPaths.NewTempDir("onnx")));
        CollectionAssert.AreEqual(new[] { "Input", "Dense", "Activation" }, graph.Layers.Select(l => l.Type).ToArray());
        CollectionAssert.AreEqual(new[] { "x", "fc", "relu" }, graph.Layers.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 3 }, graph.Tensor(graph.Outputs[0]).Shape);
    }

    [TestMethod]
    public void LayerNamesComeFromTheNodeNames()
    {
        var mlp = Pipeline().Convert(Fixture("mlp_gemm.onnx"));
        CollectionAssert.IsSubsetOf(new[] { "input", "_0_Gemm", "_1_Relu", "_5_Softmax" }, mlp.Layers.Select(l => l.Name).ToList(),
            string.Join(", ", mlp.Layers.Select(l => l.Name)));
        var sample = Pipeline().Convert(Path.Combine(TestPaths.RepoRoot, "samples", "pytorch_mlp", "model.onnx"));
        CollectionAssert.IsSubsetOf(new[] { "features", "fc1_Gemm", "bn1_BatchNormalization", "fc3_Gemm", "Softmax" }, sample.Layers.Select(l => l.Name).ToList(),
            string.Join(", ", sample.Layers.Select(l => l.Name)));
    }

    /// <summary>A constant Add folds into the Dense before it only when nothing else reads the Dense's output.</summary>
    [TestMethod]
    public void BiasIsNotFoldedIntoADenseWhoseOutputIsSharedThroughAnAlias()
    {
        var model = new OnnxModelBuilder().Input("x", "N", 2)
            .Initializer("W", new[] { 2, 2 }, new[] { 1f, 0f, 0f, 1f })
            .Initializer("c", new[] { 2 }, new[] { 10f, 20f })
            .Node("MatMul", new[] { "x", "W" }, new[] { "h" }, "mm")
            .Node("Identity", new[] { "h" }, new[] { "h2" }, "id")
            .Node("Add", new[] { "h2", "c" }, new[] { "a" }, "add")
            .Node("Relu", new[] { "h" }, new[] { "r" }, "relu")
            .Node("Concat", new[] { "a", "r" }, new[] { "y" }, "cat", attributes: ("axis", 1L))
            .Output("y");
        var graph = Pipeline().Convert(model.Save(TestPaths.NewTempDir("onnx")));
        Assert.IsTrue(graph.Layers.Single(l => l.Type == "Dense").Weights["bias"].Data.All(v => v == 0));
        Assert.AreEqual(1, graph.Layers.Count(l => l.Type == "BatchNormalization"));
        var reference = new Hls4ml.Simulation.FloatReference(graph, Pipeline().Registry).Predict(new[] { 1.0, -2.0 });
        CollectionAssert.AreEqual(new[] { 11.0, 18.0, 1.0, 0.0 }, reference);
    }

    [TestMethod]
    public void MatMulAddBecomesOneDenseWithBias()
    {
        var graph = Pipeline().Convert(Fixture("matmul_add.onnx"));
        CollectionAssert.AreEqual(new[] { "Input", "Dense", "Activation", "Dense" }, graph.Layers.Select(l => l.Type).ToArray());
        Assert.IsTrue(graph.Layers.Where(l => l.Type == "Dense").All(d => d.Weights["bias"].Data.Any(v => v != 0)));
    }

    [TestMethod]
    public void ShapeArithmeticAndIdentityLeaveNoLayers()
    {
        // conv2d_bn computes its Reshape target with Shape → Gather → Unsqueeze → Concat (x.view(x.size(0), -1)).
        var graph = Pipeline().Convert(Fixture("conv2d_bn.onnx"));
        var types = graph.Layers.Select(l => l.Type).Distinct().Order().ToArray();
        CollectionAssert.AreEquivalent(new[] { "Activation", "BatchNormalization", "Conv2D", "Dense", "Flatten", "Input", "Pooling2D", "Transpose" }, types,
            string.Join(", ", types));
    }

    [TestMethod]
    [DataRow("batchnorm_mlp", "Dense")]
    [DataRow("conv2d_bn", "Conv2D")]
    public void BatchNormalizationIsFoldedIntoTheLayerBefore(string name, string into)
    {
        var pipeline = Pipeline();
        var graph = pipeline.Convert(Fixture($"{name}.onnx"));
        Assert.AreEqual(1, graph.Layers.Count(l => l.Type == "BatchNormalization"));
        // Folding is opt-in (HlsFoldBatchNorm); by default the normalization stays a layer, as in hls4ml.
        Assert.AreEqual(1, pipeline.Generate(pipeline.Convert(Fixture($"{name}.onnx")), new HlsConfig(), TestPaths.NewTempDir("onnx-bn"))
            .Graph.Layers.Count(l => l.Type == "BatchNormalization"));
        var result = pipeline.Generate(graph, new HlsConfig { FoldBatchNorm = true }, TestPaths.NewTempDir("onnx-bn"));
        Assert.AreEqual(0, result.Graph.Layers.Count(l => l.Type == "BatchNormalization"),
            string.Join("; ", result.Diagnostics.Select(d => d.Message)));
        Assert.IsTrue(result.Graph.Layers.Any(l => l.Type == into));
    }

    /// <summary>
    /// Channels-first handling: one Transpose at the input of a torch CNN, none before the Dense (its weight rows are
    /// permuted instead); one more at the output when the output is a feature map.
    /// </summary>
    [TestMethod]
    [DataRow("conv1d", 1)]
    [DataRow("conv2d_fused", 1)]
    [DataRow("depthwise", 1)]
    [DataRow("pad_upsample", 1)]
    [DataRow("softmax_channels", 2)]
    [DataRow("mlp_gemm", 0)]
    [DataRow("select", 1)]
    [DataRow("misc_opset11", 2)]
    public void TransposesOnlyWhereTheLayoutChanges(string name, int transposes)
    {
        var graph = Pipeline().Convert(Fixture($"{name}.onnx"));
        Assert.AreEqual(transposes, graph.Layers.Count(l => l.Type == "Transpose"), string.Join(", ", graph.Layers));
        foreach (var dense in graph.Layers.Where(l => l.Type == "Dense"))
            Assert.AreNotEqual("Transpose", graph.Producer(dense.Inputs[0])?.Type, $"{dense} reads a Transpose");
    }

    [TestMethod]
    public void KerasExportedChannelsLastModelNeedsNoTranspose()
    {
        // keras2onnx wraps the convolutions in Transposes from and back to NHWC: they cancel out.
        var path = TestPaths.RequireShared("models", "example-models", "onnx", "conv2d_small_keras.onnx");
        var graph = Pipeline().Convert(path);
        Assert.AreEqual(0, graph.Layers.Count(l => l.Type == "Transpose"), string.Join(", ", graph.Layers));
    }

    [TestMethod]
    public void UnsupportedAttributesAreHls0110()
    {
        var dir = TestPaths.NewTempDir("onnx");
        var dilated = new OnnxModelBuilder()
            .Input("x", 1, 1, 6, 6)
            .Initializer("W", new[] { 1, 1, 3, 3 }, Enumerable.Repeat(0.1f, 9).ToArray())
            .Node("Conv", new[] { "x", "W" }, new[] { "y" }, "conv", attributes: ("dilations", new long[] { 2, 2 }))
            .Output("y");
        var e = ConvertFails(dilated.Save(dir, "dilated.onnx"), "HLS0110");
        StringAssert.Contains(e.Message, "dilation");
        StringAssert.Contains(e.Message, "'conv' (Conv, opset 13)");

        var clip = new OnnxModelBuilder().Input("x", 1, 4)
            .Node("Clip", new[] { "x" }, new[] { "y" }, "clip", attributes: new (string, object)[] { ("min", 2f), ("max", 1f) }).Output("y");
        clip.Opsets[0] = ("", 9);
        StringAssert.Contains(ConvertFails(clip.Save(dir, "clip.onnx"), "HLS0110").Message, "min above max");

        var reduce = new OnnxModelBuilder().Input("x", 1, 2, 3, 3)
            .Node("ReduceMean", new[] { "x" }, new[] { "y" }, "mean", attributes: ("axes", new long[] { 1 })).Output("y");
        StringAssert.Contains(ConvertFails(reduce.Save(dir, "reduce.onnx"), "HLS0110").Message, "spatial axes");

        var transA = SmallGemm();
        var b = new OnnxModelBuilder().Input("x", 1, 4)
            .Initializer("W", new[] { 4, 3 }, new float[12])
            .Node("Gemm", new[] { "x", "W" }, new[] { "y" }, "g", attributes: ("transA", 1L)).Output("y");
        StringAssert.Contains(ConvertFails(b.Save(dir, "transa.onnx"), "HLS0110").Message, "transA");

        var runtimeDiv = new OnnxModelBuilder().Input("x", 1, 4)
            .Node("Div", new[] { "x", "x" }, new[] { "y" }, "div").Output("y");
        StringAssert.Contains(ConvertFails(runtimeDiv.Save(dir, "div.onnx"), "HLS0110").Message, "division");
    }

    [TestMethod]
    public void DeadNodesAreIgnoredEvenWhenUnsupported()
    {
        var b = SmallGemm().Node("Sin", new[] { "h" }, new[] { "unused" }, "dead_sine");
        var graph = Pipeline().Convert(b.Save(TestPaths.NewTempDir("onnx")));
        CollectionAssert.AreEqual(new[] { "Input", "Dense", "Activation" }, graph.Layers.Select(l => l.Type).ToArray());
    }

    [TestMethod]
    public void OldStyleInitializersListedAsInputsAreConstants()
    {
        // IR version 3 files list every initializer among the graph inputs too.
        var b = SmallGemm();
        b.IrVersion = 3;
        b.Input("W", 3, 4).Input("b", 3);
        var graph = Pipeline().Convert(b.Save(TestPaths.NewTempDir("onnx")));
        CollectionAssert.AreEqual(new[] { "x" }, graph.Inputs);
    }

    private sealed class SinAsLinear : IOnnxOpHandler
    {
        public IReadOnlyList<string> OpTypes { get; } = new[] { "Sin", "test.domain:Twice" };

        public void Convert(OnnxNodeContext context)
        {
            var (x, _) = context.HeldInput(0);
            var y = context.OpType == "Sin"
                ? context.AddLayer("Activation", context.LayerName, new[] { x }, new Dictionary<string, object?> { ["activation"] = "linear" })
                : context.AddLayer("Merge", context.LayerName, new[] { x, x }, new Dictionary<string, object?> { ["op"] = "add" });
            context.SetOutputLike(0, y, x);
        }
    }

    [TestMethod]
    public void ExtensionsRegisterOnnxHandlersLikeKerasOnes()
    {
        var registry = HlsRegistry.CreateDefault();
        registry.AddOnnxHandler(new SinAsLinear());
        CollectionAssert.Contains(registry.OnnxOpTypes.ToList(), "Sin");
        var pipeline = new HlsPipeline(registry, TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("unsupported_op.onnx"));
        Assert.AreEqual("Activation", graph.Layers.Last().Type);

        var custom = new OnnxModelBuilder().Input("x", 1, 3)
            .Node("Twice", new[] { "x" }, new[] { "y" }, "twice", domain: "test.domain").Output("y");
        custom.Opsets.Add(("test.domain", 1));
        var path = custom.Save(TestPaths.NewTempDir("onnx"));
        Assert.AreEqual("Merge", pipeline.Convert(path).Layers.Last().Type);
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline().Convert(path));
        StringAssert.Contains(e.Message, "domain 'test.domain'");

        var conflict = Assert.ThrowsExactly<HlsException>(() => registry.AddOnnxHandler(new SinAsLinear()));
        Assert.AreEqual("HLS0602", conflict.Diagnostic.Descriptor.Code);
        registry.AddOnnxHandler(new SinAsLinear(), overrideExisting: true);
    }

    [TestMethod]
    public void EveryOpOfTheIssueHasAHandler()
    {
        var registry = HlsRegistry.CreateDefault();
        foreach (var op in new[] { "Gemm", "MatMul", "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
                     "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "HardSigmoid", "Tanh", "Softmax", "Softplus", "Softsign", "Clip",
                     "Add", "Sub", "Mul", "Div", "Flatten", "Reshape", "Transpose", "Concat", "Pad", "Resize", "Upsample", "Identity", "Dropout",
                     "Squeeze", "Unsqueeze", "ReduceMean", "ReduceMax", "Slice", "Split", "Gather" })
            Assert.IsNotNull(registry.OnnxHandler(op), op);
    }

    /// <summary>The MSBuild flow passes the IR through JSON between Convert and Generate: ONNX graphs survive it.</summary>
    [TestMethod]
    [DataRow("activations")]
    [DataRow("arithmetic")]
    [DataRow("conv2d_bn")]
    [DataRow("pooling")]
    [DataRow("shapes")]
    [DataRow("pad_upsample")]
    [DataRow("softmax_channels")]
    [DataRow("select")]
    public void IrJsonRoundTripGeneratesTheSameProject(string name)
    {
        var pipeline = Pipeline();
        var dir = TestPaths.NewTempDir("onnx-ir");
        var direct = pipeline.Convert(Fixture($"{name}.onnx"));
        IrSerializer.Save(pipeline.Convert(Fixture($"{name}.onnx")), Path.Combine(dir, "ir.json"));
        var loaded = IrSerializer.Load(Path.Combine(dir, "ir.json"));
        pipeline.Generate(direct, new HlsConfig(), Path.Combine(dir, "a"));
        pipeline.Generate(loaded, new HlsConfig(), Path.Combine(dir, "b"));
        Assert.AreEqual(HlsWriter.HashTree(Path.Combine(dir, "a")), HlsWriter.HashTree(Path.Combine(dir, "b")));
    }

    [TestMethod]
    [DataRow("mlp_gemm", 0.05)]
    [DataRow("conv1d", 0.05)]
    [DataRow("conv2d_bn", 0.25)]
    [DataRow("depthwise", 0.05)]
    [DataRow("pad_upsample", 0.25)]
    public void DefaultPrecisionStaysClose(string name, double bound)
    {
        var run = CSimHarness.Simulate(Fixture($"{name}.onnx"), null, Fixture($"{name}.input.dat"));
        var err = CSimHarness.MaxAbsError(run.Predictions, CSimHarness.ReadRows(Fixture($"{name}.expected.dat")));
        Console.WriteLine($"{name} at ap_fixed<16,6>: max |error| {err:g3}");
        Assert.IsLessThan(bound, err, $"{name} at ap_fixed<16,6>: max |error| {err}");
    }
}
