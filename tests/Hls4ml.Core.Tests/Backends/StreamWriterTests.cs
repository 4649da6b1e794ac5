using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Backends;

/// <summary>What io_stream and BramFactor put into the generated project, and how CSim explains a broken dataflow.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class StreamWriterTests
{
    private static string Fixture(string folder, string file) => Path.Combine(TestPaths.Fixtures, "layers", folder, file);

    private static (string Dir, Hls4ml.Ir.ModelGraph Graph) Generate(HlsConfig config, string? model = null, string? weights = null)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = model is null ? TestGraphs.Mlp(pipeline.Registry) : pipeline.Convert(model, weights);
        var dir = Path.Combine(TestPaths.NewTempDir("stream"), "prj");
        pipeline.Generate(graph, config, dir);
        return (dir, graph);
    }

    private static string Read(string dir, string relative) => File.ReadAllText(Path.Combine(dir, relative));

    [TestMethod]
    public void TopFunctionTakesStreamsRunsAsDataflowAndSizesEveryFifo()
    {
        var (dir, _) = Generate(new HlsConfig { IOType = "io_stream" });
        var top = Read(dir, "firmware/myproject.cpp");
        StringAssert.Contains(top, "hls::stream<input_t> &in1_input1");
        StringAssert.Contains(top, "hls::stream<result_t> &layer5_out");
        StringAssert.Contains(top, "#pragma HLS INTERFACE axis port=in1_input1,layer5_out");
        StringAssert.Contains(top, "#pragma HLS DATAFLOW");
        // 1-D tensors are one word each: FIFO depth 1 by default (the word count).
        StringAssert.Contains(top, "hls::stream<layer2_t> layer2_out(\"layer2_out\");\n    #pragma HLS STREAM variable=layer2_out depth=1");
        StringAssert.Contains(top, "nnet::dense<input_t, layer2_t, config2>(in1_input1, layer2_out, w2, b2);");
        var defines = Read(dir, "firmware/defines.h");
        StringAssert.Contains(defines, "typedef nnet::array<ap_fixed<16,6>, 8> input_t;");
        StringAssert.Contains(defines, "typedef nnet::array<ap_fixed<16,6>, 4> layer2_t;");
        StringAssert.Contains(Read(dir, "firmware/parameters.h"), "#include \"nnet_utils/nnet_dense_stream.h\"");
    }

    [TestMethod]
    public void FifoDepthSettingOverridesTheDefault()
    {
        var config = new HlsConfig { IOType = "io_stream" };
        config.LayerNames["d1"] = LayerSettings.Of(("FifoDepth", "7"));
        var (dir, _) = Generate(config);
        StringAssert.Contains(Read(dir, "firmware/myproject.cpp"), "#pragma HLS STREAM variable=layer2_out depth=7");

        config.LayerNames["d1"] = LayerSettings.Of(("FifoDepth", "0"));
        var e = Assert.ThrowsExactly<HlsException>(() => Generate(config));
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        Assert.AreEqual("d1", e.Diagnostic.Layer);
    }

    [TestMethod]
    public void ImageFifosHoldOneWordPerPixel()
    {
        var (dir, graph) = Generate(new HlsConfig { IOType = "io_stream" }, Fixture("cnn", "cnn_mixed.json"), Fixture("cnn", "cnn_mixed_weights.h5"));
        var conv = graph.Layers.First(l => l.Type == "Conv2D");
        var output = graph.Tensor(conv.Outputs[0]);
        int pixels = output.Shape[0] * output.Shape[1];
        StringAssert.Contains(Read(dir, "firmware/myproject.cpp"), $"#pragma HLS STREAM variable=layer{conv.Index}_out depth={pixels}");
        StringAssert.Contains(Read(dir, "firmware/defines.h"), $"typedef nnet::array<ap_fixed<16,6>, {output.Shape[^1]}> layer{conv.Index}_t;");
    }

    [TestMethod]
    public void FlattenBeforeDenseIsAnAliasOfItsInputStream()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "cnn_classifier");
        var (dir, graph) = Generate(new HlsConfig { IOType = "io_stream" }, Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5"));
        Assert.IsFalse(graph.Layers.Any(l => l.Type == "Flatten"));
        var dense = graph.Layers.Single(l => l.Type == "Dense");
        Assert.AreEqual("Pooling2D", graph.Producer(dense.Inputs[0])!.Type, "Dense reads the pooled pixels directly");
        var top = Read(dir, "firmware/myproject.cpp");
        Assert.DoesNotContain("repack_stream", top);
        var run = CSimHarness.Simulate(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5"), Path.Combine(sample, "input.dat"));
        Assert.IsNotEmpty(run.Predictions);   // and io_stream stays bit-identical (asserted by CSimHarness)
    }

    [TestMethod]
    public void SettingsTheIoTypeDoesNotUseAreWarnedNotIgnored()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "cnn_classifier");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        // The sample computes conv2 four pixels at a time in io_parallel (ParallelizationFactor 4).
        var stream = new HlsConfig { IOType = "io_stream" };
        stream.LayerNames["conv2"] = LayerSettings.Of(("ParallelizationFactor", "4"));
        var result = pipeline.Generate(pipeline.Convert(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5")),
            stream, Path.Combine(TestPaths.NewTempDir("ignored"), "prj"));
        var warning = result.Diagnostics.Single(d => d.Code == "HLS0310");
        Assert.AreEqual("conv2", warning.Layer);
        StringAssert.Contains(warning.Message, "ParallelizationFactor 4");

        var config = new HlsConfig();
        config.LayerTypes["Conv2D"] = LayerSettings.Of(("ConvImplementation", "Encoded"));
        result = pipeline.Generate(pipeline.Convert(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5")), config,
            Path.Combine(TestPaths.NewTempDir("ignored"), "prj"));
        Assert.AreEqual(2, result.Diagnostics.Count(d => d.Code == "HLS0310"), "both convolutions");
        Assert.IsFalse(pipeline.Generate(pipeline.Convert(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5")), new HlsConfig(),
            Path.Combine(TestPaths.NewTempDir("ignored"), "prj")).Diagnostics.Any(d => d.Code == "HLS0310"));
    }

    [TestMethod]
    public void SamePaddedConvolutionGetsAZeroPaddingLayerInFront()
    {
        var (dir, graph) = Generate(new HlsConfig { IOType = "io_stream" }, Fixture("cnn", "conv2d_same_stride.json"), Fixture("cnn", "conv2d_same_stride_weights.h5"));
        var conv = graph.Layers.Single(l => l.Type == "Conv2D");
        var padding = graph.Producer(conv.Inputs[0])!;
        Assert.AreEqual("ZeroPadding2D", padding.Type);
        Assert.AreEqual(0, conv.Get<int>("pad_top") + conv.Get<int>("pad_bottom") + conv.Get<int>("pad_left") + conv.Get<int>("pad_right"));
        Assert.AreEqual(graph.Tensor(padding.Outputs[0]).Shape[1], conv.Get<int>("in_width"));
        Assert.AreEqual(graph.Tensor(padding.Inputs[0]).Precision, padding.Types["result"], "padding must not re-quantize");
        StringAssert.Contains(Read(dir, "firmware/myproject.cpp"), "nnet::zeropad2d_cl<");

        // io_parallel keeps the padding inside the convolution.
        var (_, parallel) = Generate(new HlsConfig(), Fixture("cnn", "conv2d_same_stride.json"), Fixture("cnn", "conv2d_same_stride_weights.h5"));
        Assert.IsFalse(parallel.Layers.Any(l => l.Type == "ZeroPadding2D"));
    }

    /// <summary>Encoded windows (instruction ROM + delay line) give exactly the io_parallel results, padding included.</summary>
    [TestMethod]
    [DataRow("cnn_mixed")]
    [DataRow("avgpool2d_same")]
    [DataRow("conv1d_same")]
    public void EncodedWindowsGiveTheIoParallelResults(string model)
    {
        var run = CSimHarness.Simulate(Fixture("cnn", model + ".json"), Fixture("cnn", model + "_weights.h5"), Fixture("cnn", model + ".input.dat"),
            configure: c =>
            {
                foreach (var type in new[] { "Conv1D", "Conv2D", "Pooling1D", "Pooling2D" })
                    c.LayerTypes[type] = LayerSettings.Of(("ConvImplementation", "Encoded"));
            });
        Assert.IsNotEmpty(run.Predictions);   // CSimHarness asserted io_stream (Encoded) == io_parallel, bit for bit
    }

    [TestMethod]
    public void EncodedInstructionsMarkRealPixelsAndWindowEnds()
    {
        // 1-D: width 4, 'same' 3-tap window with stride 2 → padded width 6 (1 left, 1 right), outputs at windows
        // starting 0 and 2, i.e. ending at padded pixels 2 and 4.
        var layer = new Hls4ml.Ir.Layer { Name = "c", Type = "Conv1D" };
        foreach (var (k, v) in new (string, int)[] { ("in_height", 1), ("in_width", 4), ("pad_top", 0), ("pad_bottom", 0), ("pad_left", 1),
                     ("pad_right", 1), ("filt_height", 1), ("filt_width", 3), ("stride_height", 1), ("stride_width", 2), ("out_height", 1), ("out_width", 2) })
            layer.Attributes[k] = v;
        CollectionAssert.AreEqual(new[] { 0, 1, 3, 1, 3, 0 }, Hls4ml.Passes.EncodeWindowInstructions.Instructions(layer));
    }

    [TestMethod]
    public void TensorReadTwiceIsClonedAndTheManifestNamesEveryStreamsEnds()
    {
        var (dir, graph) = Generate(new HlsConfig { IOType = "io_stream" }, Fixture("merge", "merge_branches.json"), Fixture("merge", "merge_branches_weights.h5"));
        var top = Read(dir, "firmware/myproject.cpp");
        StringAssert.Contains(top, "nnet::clone_stream<");
        // DATAFLOW canonical form: the top function holds stream declarations and calls only; generated merges and
        // concatenations are functions of their own in parameters.h.
        Assert.DoesNotContain("for (", top[top.IndexOf("NETWORK INSTANTIATION", StringComparison.Ordinal)..]);
        var merge = graph.Layers.First(l => l.Type == "Merge");
        StringAssert.Contains(Read(dir, "firmware/parameters.h"), $"static void merge{merge.Index}(");
        StringAssert.Contains(top, $"merge{merge.Index}(");
        var manifest = JObject.Parse(Read(dir, "hls4ml-project.json"));
        var streams = (JObject)manifest["streams"]!;
        // Every stream has a writer and a reader, and every declared stream is in the manifest.
        foreach (var (name, ends) in streams)
        {
            Assert.HasCount(2, (JArray)ends!, name);
            StringAssert.Contains(top, name);
        }
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(top, @"hls::stream<\w+> (\w+)\("))
            Assert.IsTrue(streams.ContainsKey(m.Groups[1].Value), $"{m.Groups[1].Value} not in the manifest");
        var cloned = graph.Tensors.Keys.First(t => graph.Consumers(t).Count() > 1);
        Assert.IsNotNull(cloned);
    }

    /// <summary>A model output that another layer also reads: the producer writes an internal stream, cloned into the port.</summary>
    [TestMethod]
    public void OutputThatIsAlsoReadByALayerIsClonedIntoThePort()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        Hls4ml.Ir.ModelGraph Graph()
        {
            var g = TestGraphs.Mlp(pipeline.Registry);
            g.Outputs.Add(g.FindLayer("relu1")!.Outputs[0]);
            return g;
        }
        var work = TestPaths.NewTempDir("out-fanout");
        var input = Path.Combine(work, "input.dat");
        File.WriteAllText(input, "0.5 -1 0.25 2 -0.75 1.5 0.125 -2\n-0.5 1 1.25 -2 0.75 -1.5 3 0\n");
        List<double[]> Run(string ioType)
        {
            var graph = Graph();
            var dir = Path.Combine(work, ioType);
            pipeline.Generate(graph, new HlsConfig { IOType = ioType }, dir);
            return pipeline.Simulate(graph, dir, "myproject", input, Path.Combine(work, ioType + ".dat"), Path.Combine(work, "cache")).Predictions.ToList();
        }
        var parallel = Run("io_parallel");
        var stream = Run("io_stream");
        Assert.HasCount(2, stream);
        Assert.HasCount(7, stream[0], "softmax (3) + relu1 (4)");
        for (int i = 0; i < parallel.Count; i++) CollectionAssert.AreEqual(parallel[i], stream[i], $"row {i + 1}");
        var top = File.ReadAllText(Path.Combine(work, "io_stream", "firmware", "myproject.cpp"));
        StringAssert.Contains(top, "hls::stream<result2_t> layer3_out_src(\"layer3_out_src\");");
        StringAssert.Contains(top, "nnet::clone_stream<result2_t, 4>(layer3_out_src, layer3_out_cpy1, layer3_out);");
    }

    [TestMethod]
    public void BramFactorTurnsLargeWeightsIntoTopLevelPorts()
    {
        // d1 has 32 weights, d2 12: a factor of 20 moves w2 only.
        var (dir, _) = Generate(new HlsConfig { BramFactor = 20 });
        var top = Read(dir, "firmware/myproject.cpp");
        StringAssert.Contains(top, "weight2_t w2[32]");
        StringAssert.Contains(top, "#pragma HLS INTERFACE bram port=w2");
        Assert.DoesNotContain("bram port=w4", top);
        Assert.DoesNotContain("\"w2.txt\"", top, "a port is filled by the caller, not loaded inside the top function");
        StringAssert.Contains(Read(dir, "firmware/myproject.h"), "weight2_t w2[32]");
        Assert.DoesNotContain("weights/w2.h", Read(dir, "firmware/parameters.h"));
        StringAssert.Contains(Read(dir, "firmware/parameters.h"), "weights/w4.h");
        var testbench = Read(dir, "myproject_test.cpp");
        StringAssert.Contains(testbench, "load_weights_from_txt<weight2_t, 32>(w2, WEIGHTS_DIR, \"w2.txt\")");
        StringAssert.Contains(testbench, "layer5_out, w2);");
    }

    [TestMethod]
    [DataRow("io_parallel")]
    [DataRow("io_stream")]
    public void BramPortsSimulateBitIdentically(string ioType)
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger");
        var plain = CSimHarness.Simulate(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5"),
            Path.Combine(sample, "input.dat"), ioType: ioType, verifyVariants: false);
        var bram = CSimHarness.Simulate(Path.Combine(sample, "model.json"), Path.Combine(sample, "model_weights.h5"),
            Path.Combine(sample, "input.dat"), configure: c => c.BramFactor = 100, ioType: ioType, verifyVariants: false);
        StringAssert.Contains(File.ReadAllText(Path.Combine(bram.ProjectDir, "firmware", "myproject.cpp")), "#pragma HLS INTERFACE bram port=");
        for (int i = 0; i < plain.Predictions.Count; i++)
            CollectionAssert.AreEqual(plain.Predictions[i], bram.Predictions[i], $"row {i + 1}");
    }

    /// <summary>A dataflow bug planted into the generated code surfaces as the coded error naming the stream's ends.</summary>
    [TestMethod]
    public void ReadingAnEmptyStreamIsHls0407NamingTheReader()
    {
        var e = SimulateBroken(top => top.Replace("nnet::dense<input_t, layer2_t, config2>(in1_input1, layer2_out, w2, b2);", "in1_input1.read();"));
        Assert.AreEqual("HLS0407", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "'layer2_out'");
        Assert.AreEqual("relu1", e.Diagnostic.Layer);
    }

    [TestMethod]
    public void DataLeftInAStreamIsHls0408NamingWriterAndReader()
    {
        var e = SimulateBroken(top => top.Replace("nnet::dense<input_t, layer2_t, config2>(in1_input1, layer2_out, w2, b2);",
            "nnet::dense<input_t, layer2_t, config2>(in1_input1, layer2_out, w2, b2);\n    layer2_out.write(layer2_t());"));
        Assert.AreEqual("HLS0408", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "'layer2_out' still holds 1 word(s)");
        StringAssert.Contains(e.Message, "'d1' wrote them but 'relu1' did not read them");
    }

    private static HlsException SimulateBroken(Func<string, string> plant)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = TestGraphs.Mlp(pipeline.Registry);
        var work = TestPaths.NewTempDir("stream-bug");
        var dir = Path.Combine(work, "prj");
        pipeline.Generate(graph, new HlsConfig { IOType = "io_stream" }, dir);
        var top = Path.Combine(dir, "firmware", "myproject.cpp");
        var planted = plant(File.ReadAllText(top));
        Assert.AreNotEqual(File.ReadAllText(top), planted, "the bug must be planted");
        File.WriteAllText(top, planted);
        var input = Path.Combine(work, "input.dat");
        File.WriteAllText(input, string.Join(" ", Enumerable.Range(0, 8).Select(i => (0.1 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        return Assert.ThrowsExactly<HlsException>(() =>
            pipeline.Simulate(graph, dir, "myproject", input, Path.Combine(work, "out.dat"), Path.Combine(work, "cache")));
    }
}
