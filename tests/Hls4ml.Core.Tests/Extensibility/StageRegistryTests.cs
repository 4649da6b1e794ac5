using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends;
using Hls4ml.Ir;
using Hls4ml.Passes;

namespace Hls4ml.Tests.Extensibility;

// The two examples of docs/extending.md ("Passes" and "Model readers"), exercised below exactly as written there.

/// <summary>Sets weights whose magnitude is below a threshold to zero (magnitude pruning).</summary>
public sealed class PruneSmallWeights(double threshold) : IPass
{
    public string Name => "prune_small_weights";

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var layer in graph.Layers)
            if (layer.Weights.TryGetValue("weight", out var kernel))
                for (int i = 0; i < kernel.Data.Length; i++)
                    if (Math.Abs(kernel.Data[i]) < threshold) kernel.Data[i] = 0;
    }
}

/// <summary>
/// A dense-only text format: first line the input size, then one block per Dense layer: "dense &lt;n_out&gt;", its
/// kernel rows (n_in lines of n_out numbers) and one line of n_out biases.
/// </summary>
public sealed class DenseTextReader : IModelReader
{
    public string Format => "dense-only text model";
    public IReadOnlyList<string> Extensions { get; } = new[] { ".dtm" };
    public bool Recognizes(ReadOnlySpan<byte> head) => head.StartsWith("#dtm"u8);

    public ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry)
    {
        var lines = File.ReadAllLines(modelPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        float[] Numbers(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var graph = new ModelGraph { Name = Path.GetFileNameWithoutExtension(modelPath), SourceFile = modelPath };
        int size = int.Parse(lines[0], CultureInfo.InvariantCulture);
        Add(new Layer { Name = "input", Type = "Input", Attributes = { ["shape"] = new[] { size } } }, Array.Empty<string>());
        graph.Inputs.Add("input");
        string last = "input";
        for (int at = 1, n = 1; at < lines.Count; n++)
        {
            int nOut = int.Parse(lines[at].Split(' ')[1], CultureInfo.InvariantCulture);
            var kernel = lines.Skip(at + 1).Take(size).SelectMany(Numbers).ToArray();
            var bias = Numbers(lines[at + 1 + size]);
            var dense = new Layer
            {
                Name = $"dense{n}", Type = "Dense",
                Weights =
                {
                    ["weight"] = new WeightVariable { Name = "weight", Shape = new[] { size, nOut }, Data = kernel },
                    ["bias"] = new WeightVariable { Name = "bias", Shape = new[] { nOut }, Data = bias },
                },
            };
            last = Add(dense, new[] { last });
            (size, at) = (nOut, at + size + 2);
        }
        graph.Outputs.Add(last);
        return graph;

        // Each layer's output tensor is named after it; its definition infers the shape.
        string Add(Layer layer, string[] inputs)
        {
            layer.Inputs = inputs.ToList();
            layer.Outputs = new List<string> { layer.Name };
            var shape = registry.RequireLayer(layer.Type, layer.Name).InferShape(layer, inputs.Select(i => graph.Tensor(i).Shape).ToList());
            graph.Tensors[layer.Name] = new TensorVariable { Name = layer.Name, Shape = layer.Type == "Input" ? layer.Get<int[]>("shape") : shape };
            graph.Layers.Add(layer);
            return layer.Name;
        }
    }
}

[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"

[TestClass]
public sealed class StageRegistryTests
{
    [TestMethod]
    public void EveryBuiltInPassBelongsToAFlow()
    {
        var registry = HlsRegistry.CreateDefault();
        CollectionAssert.AreEquivalent(new[] { PassFlow.ConvertFlow, PassFlow.BackendFlow }, registry.FlowNames.ToArray());
        var registered = registry.FlowNames.SelectMany(f => registry.Flow(f).Passes).Select(p => p.GetType()).ToHashSet();
        var passTypes = typeof(IPass).Assembly.GetTypes().Where(t => typeof(IPass).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface);
        foreach (var t in passTypes) Assert.Contains(t, registered, $"{t.Name} is in no flow");
        foreach (var flow in registry.FlowNames)
        {
            var names = registry.Flow(flow).Passes.Select(p => p.Name).ToList();
            Assert.HasCount(names.Distinct().Count(), names, $"pass names in '{flow}' are unique anchors");
            Assert.IsTrue(registry.FlowSources(flow).All(s => s.Source == "Hls4ml.Core"));
        }
        Assert.AreEqual("estimate_resources", registry.Flow(PassFlow.BackendFlow).Passes[^1].Name);
    }

    [TestMethod]
    public void UnknownFlowsAndAnchorsAreHls0603()
    {
        var registry = HlsRegistry.CreateDefault();
        var pass = new PruneSmallWeights(0.1);
        foreach (var add in new Action[]
        {
            () => registry.AddPass("optimize", pass),
            () => registry.AddPass(PassFlow.BackendFlow, pass, after: "fuse_batch_norm"),
            () => registry.AddPass(PassFlow.BackendFlow, pass, before: "nope"),
            () => registry.AddPass(PassFlow.BackendFlow, pass, after: "fuse_batchnorm", before: "apply_layer_config"),
            () => registry.Flow("optimize"),
            () => registry.Flow(PassFlow.BackendFlow).InsertAfter("missing", pass),
        })
        {
            var e = Assert.ThrowsExactly<HlsException>(add);
            Assert.AreEqual("HLS0603", e.Diagnostic.Code, e.Message);
        }
        var conflict = Assert.ThrowsExactly<HlsException>(() => registry.AddPass(PassFlow.BackendFlow, new FuseBatchNorm()));
        Assert.AreEqual("HLS0602", conflict.Diagnostic.Code);
        // Nothing was added by the failed calls.
        Assert.IsFalse(registry.Flow(PassFlow.BackendFlow).Passes.Any(p => p.Name == "prune_small_weights"));
    }

    [TestMethod]
    public void AnExtensionPassRunsWhereItIsAnchored()
    {
        var graph = new GraphBuilder(HlsRegistry.CreateDefault(), seed: 3);
        var x = graph.Input("x", 16);
        var model = graph.Output(graph.Dense("d2", graph.Dense("d1", x, 16), 4));
        int zerosBefore = model.Layers.Sum(l => l.Weights.TryGetValue("weight", out var w) ? w.Data.Count(v => v == 0) : 0);

        var registry = HlsRegistry.CreateDefault();
        registry.AddPass(PassFlow.BackendFlow, new PruneSmallWeights(0.25), after: "fuse_batchnorm");
        var flow = registry.Flow(PassFlow.BackendFlow).Passes.Select(p => p.Name).ToList();
        Assert.AreEqual(flow.IndexOf("fuse_batchnorm") + 1, flow.IndexOf("prune_small_weights"));

        var plain = HlsPipeline.CreateDefault(TestPaths.Templates).Generate(Clone(model), new HlsConfig(), Path.Combine(TestPaths.NewTempDir("pass"), "prj"));
        var pruned = new HlsPipeline(registry, TestPaths.Templates).Generate(model, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("pass"), "prj"));
        int zerosAfter = pruned.Graph.Layers.Sum(l => l.Weights.TryGetValue("weight", out var w) ? w.Data.Count(v => v == 0) : 0);
        Assert.IsGreaterThan(zerosBefore + 50, zerosAfter, "about a quarter of uniform(-1,1) weights are pruned");
        // Zero weights cost no multipliers: the estimate, which runs after the pass, sees them.
        Assert.IsLessThan(plain.Estimate.TotalMultipliers, pruned.Estimate.TotalMultipliers);
    }

    [TestMethod]
    public void ModelReadersAreChosenByExtensionThenByContent()
    {
        var registry = HlsRegistry.CreateDefault();
        registry.AddModelReader(new DenseTextReader());
        var dir = TestPaths.NewTempDir("reader");
        var text = "#dtm\n3\ndense 2\n0.5 -0.25\n1 0\n0 1\n0.125 -0.5\n";
        File.WriteAllText(Path.Combine(dir, "tiny.dtm"), text);
        File.WriteAllText(Path.Combine(dir, "tiny.txt"), text);
        var pipeline = new HlsPipeline(registry, TestPaths.Templates);
        foreach (var file in new[] { "tiny.dtm", "tiny.txt" })
        {
            var graph = pipeline.Convert(Path.Combine(dir, file));
            Assert.AreEqual("Dense", graph.Layers[1].Type, file);
            CollectionAssert.AreEqual(new[] { 2 }, graph.Tensor(graph.Outputs[0]).Shape);
            var input = Path.Combine(dir, "in.dat");
            File.WriteAllText(input, "1 2 4\n");
            var result = pipeline.Generate(graph, new HlsConfig(), Path.Combine(dir, "prj-" + file));
            Assert.IsNotEmpty(result.Files);
            var prediction = new Hls4ml.Simulation.FloatReference(graph, registry).Predict(Hls4ml.Simulation.TestData.Read(input))[0];
            CollectionAssert.AreEqual(new[] { 0.5 + 2 + 0.125, -0.25 + 4 - 0.5 }, prediction);
        }
        // Built-in formats are recognised by content too (a Keras JSON without its extension).
        var json = Path.Combine(dir, "model.architecture");
        File.Copy(Path.Combine(TestPaths.Fixtures, "keras", "dense_relu_softmax.json"), json);
        Assert.AreEqual("Keras architecture JSON (+ Weights .h5)", registry.ModelReader(json)!.Format);
        var e = Assert.ThrowsExactly<HlsException>(() => registry.AddModelReader(new DenseTextReader()));
        Assert.AreEqual("HLS0602", e.Diagnostic.Code);
        var unknown = Path.Combine(dir, "notes.xyz");
        File.WriteAllText(unknown, "hello");
        var u = Assert.ThrowsExactly<HlsException>(() => pipeline.Convert(unknown));
        Assert.AreEqual("HLS0106", u.Diagnostic.Code);
        StringAssert.Contains(u.Message, ".dtm (dense-only text model)");
    }

    private static ModelGraph Clone(ModelGraph g)
    {
        var c = new ModelGraph { Name = g.Name };
        foreach (var (k, t) in g.Tensors) c.Tensors[k] = new TensorVariable { Name = t.Name, Shape = t.Shape };
        foreach (var l in g.Layers)
        {
            var copy = new Layer { Name = l.Name, Type = l.Type, Index = l.Index, Inputs = l.Inputs.ToList(), Outputs = l.Outputs.ToList() };
            foreach (var (k, v) in l.Attributes) copy.Attributes[k] = v;
            foreach (var (k, w) in l.Weights) copy.Weights[k] = new WeightVariable { Name = w.Name, Shape = w.Shape, Data = w.Data.ToArray() };
            c.Layers.Add(copy);
        }
        c.Inputs.AddRange(g.Inputs);
        c.Outputs.AddRange(g.Outputs);
        return c;
    }
}

[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"

[TestClass]
public sealed class BackendRegistryTests
{
    /// <summary>A backend defined once in an extension: its template chain is used and its tools are searched.</summary>
    [TestMethod]
    public void AnExtensionBackendInheritsTemplatesAndDeclaresItsTools()
    {
        var registry = HlsRegistry.CreateDefault();
        var custom = new Hls4ml.Backends.BackendDefinition("MyVitis", "vitis_hls", "20%", new[] { "vitis", "vivado" },
            new[] { Hls4ml.Synthesis.HlsToolKind.VitisHls }, "MY_VITIS", "/opt/my/vitis_hls");
        registry.AddBackend(custom);
        Assert.AreSame(custom, registry.Backend("myvitis"));
        var graph = TestGraphs.Mlp(registry);
        var dir = Path.Combine(TestPaths.NewTempDir("backend"), "prj");
        new HlsPipeline(registry, TestPaths.Templates).Generate(graph, new HlsConfig { Backend = "MyVitis" }, dir);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "project.tcl")), "set clock_uncertainty \"20%\"");
        Assert.AreEqual("MyVitis", (string?)Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(dir, Hls4ml.Backends.HlsWriter.ManifestFile)))["backend"]);

        var locator = new Hls4ml.Synthesis.HlsToolLocator { GetEnvironmentVariable = _ => null, KnownBackends = registry.Backends };
        var e = Assert.ThrowsExactly<HlsException>(() => locator.Find(custom, toolPath: null, detectVersion: false));
        Assert.AreEqual("HLS0501", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "HlsBackend=MyVitis");
        StringAssert.Contains(e.Message, "MY_VITIS");

        var unknown = Assert.ThrowsExactly<HlsException>(() => registry.Backend("Quartus"));
        StringAssert.Contains(unknown.Message, "MyVitis");
        Assert.AreEqual("HLS0602", Assert.ThrowsExactly<HlsException>(() => registry.AddBackend(Hls4ml.Backends.BackendDefinition.Vivado)).Diagnostic.Code);
    }
}

[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"

[TestClass]
public sealed class ActivationRegistryTests
{
    /// <summary>An extension's activation function: registered with its header, converted by name, generated, simulated.</summary>
    [TestMethod]
    [DataRow("io_parallel")]
    [DataRow("io_stream")]
    public void AnExtensionActivationIsGeneratedWithItsHeaderAndSimulates(string ioType)
    {
        var folder = TestPaths.NewTempDir("activation-ext");
        Directory.CreateDirectory(Path.Combine(folder, "nnet_utils"));
        File.WriteAllText(Path.Combine(folder, "nnet_utils", "nnet_cube.h"), """
            #ifndef NNET_CUBE_H
            #define NNET_CUBE_H
            #include "nnet_activation.h"
            #include "nnet_stream.h"
            namespace nnet {
            template <class data_T, class res_T, typename CONFIG_T>
            void cube(data_T data[CONFIG_T::n_in], res_T res[CONFIG_T::n_in]) {
                for (unsigned i = 0; i < CONFIG_T::n_in; i++) {
                    #pragma HLS UNROLL
                    res[i] = (res_T)(data[i] * data[i] * data[i]);
                }
            }
            HLS4ML_SDK_STREAM_ELEMENTWISE(cube)
            }
            #endif
            """);
        var registry = HlsRegistry.CreateDefault();
        registry.AddActivation(new Hls4ml.Ir.Layers.Activations.ActivationFunction("cube", false, "x^3", (_, x) => x * x * x,
            new[] { "nnet_utils/nnet_cube.h" }, folder), aliases: new[] { "x_cubed" });
        Assert.AreEqual("cube", registry.CanonicalActivation("x_cubed"));
        CollectionAssert.Contains(registry.ActivationNames.ToList(), "cube");

        var b = new GraphBuilder(registry, seed: 5);
        var graph = b.Output(b.Activation("a", b.Dense("d", b.Input("x", 6), 4), "cube"));
        var work = TestPaths.NewTempDir("activation-ext");
        var dir = Path.Combine(work, "prj");
        var pipeline = new HlsPipeline(registry, TestPaths.Templates);
        pipeline.Generate(graph, new HlsConfig { IOType = ioType, DefaultPrecision = Hls4ml.Types.Precision.Parse("fixed(24,10)") }, dir);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "firmware", "nnet_utils", "nnet_cube.h")), "the activation's header is copied");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "firmware", "parameters.h")), "#include \"nnet_utils/nnet_cube.h\"");
        var input = Path.Combine(work, "in.dat");
        File.WriteAllText(input, "0.5 -1 0.25 1 -0.75 0.125\n-0.5 0.5 1 -1 0 0.25\n");
        var sim = pipeline.Simulate(graph, dir, "myproject", input, Path.Combine(work, "out.dat"), Path.Combine(work, "cache"));
        var reference = new Hls4ml.Simulation.FloatReference(graph, registry).Predict(Hls4ml.Simulation.TestData.Read(input));
        Assert.IsLessThan(0.02, CSimHarness.MaxAbsError(reference, sim.Predictions));
        Assert.IsTrue(reference.SelectMany(r => r).Any(v => Math.Abs(v) > 0.05), "the outputs are not trivially zero");
    }

    [TestMethod]
    public void BuiltInActivationsAreRegisteredAndConflictsAreCoded()
    {
        var registry = HlsRegistry.CreateDefault();
        foreach (var f in Hls4ml.Ir.Layers.Activations.ActivationFunctions.All) Assert.AreSame(f, registry.Activation(f.Name));
        Assert.AreEqual("swish", registry.CanonicalActivation("silu"));
        Assert.IsNull(registry.CanonicalActivation("gelu"));
        var e = Assert.ThrowsExactly<HlsException>(() => registry.AddActivation(Hls4ml.Ir.Layers.Activations.ActivationFunctions.All[1]));
        Assert.AreEqual("HLS0602", e.Diagnostic.Code);
    }
}

[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"

[TestClass]
public sealed class TemplateVariableTests
{
    private static (HlsPipeline Pipeline, ModelGraph Graph, string Folder) WithTemplate(string function)
    {
        var folder = TestPaths.NewTempDir("tplvars");
        File.WriteAllText(Path.Combine(folder, "double_config.sbn"), "struct config{{ index }} { static const unsigned n_in = {{ n_in }}; };");
        File.WriteAllText(Path.Combine(folder, "double_function.sbn"), function);
        var registry = HlsRegistry.CreateDefault();
        registry.AddLayer(new DoubleItExtension.DoubleItDefinition());
        registry.AddTemplate(new LayerTemplate("DoubleIt", "double_config.sbn", "double_function.sbn", Array.Empty<string>()) { TemplateRoot = folder });
        var b = new GraphBuilder(registry);
        var x = b.Input("x", 4);
        var graph = b.Graph;
        graph.Layers.Add(new Layer { Name = "dbl", Type = "DoubleIt", Inputs = { x }, Outputs = { "dbl" } });
        graph.Tensors["dbl"] = new TensorVariable { Name = "dbl", Shape = new[] { 4 } };
        registry.Layer("DoubleIt")!.InferShape(graph.Layers[^1], new[] { new[] { 4 } });
        graph.Outputs.Add("dbl");
        graph.Renumber();
        return (new HlsPipeline(registry, TestPaths.Templates), graph, folder);
    }

    [TestMethod]
    public void AMisspeltVariableIsRefusedBeforeAnyFileIsWritten()
    {
        var (pipeline, graph, _) = WithTemplate("nnet::double_it<{{ input_t }}, {{ ouput_t }}, config{{ index }}>({{ input }}, {{ output }});");
        var dir = Path.Combine(TestPaths.NewTempDir("tplvars"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig(), dir));
        Assert.AreEqual("HLS0303", e.Diagnostic.Code);
        Assert.AreEqual("dbl", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "'double_function.sbn'");
        StringAssert.Contains(e.Message, "'ouput_t'");
        Assert.IsFalse(Directory.Exists(dir) || Directory.Exists(dir + ".staging"), "no file is written");
    }

    [TestMethod]
    public void AComputedAttributeNamesThePassThatComputesIt()
    {
        var (pipeline, graph, _) = WithTemplate("// {{ n_partitions }} {{ types.accum }}\nnnet::double_it<{{ input_t }}, {{ output_t }}, config{{ index }}>({{ input }}, {{ output }});");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("tplvars"), "prj")));
        Assert.AreEqual("HLS0303", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "'n_partitions'");
        StringAssert.Contains(e.Message, "pass 'validate_conv_parallelization'");
    }

    [TestMethod]
    public void MembersOfTypesAndWeightsAreChecked()
    {
        var (pipeline, graph, _) = WithTemplate("// {{ types.accum }}\nnnet::double_it<{{ input_t }}, {{ output_t }}, config{{ index }}>({{ input }}, {{ output }});");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig(), Path.Combine(TestPaths.NewTempDir("tplvars"), "prj")));
        StringAssert.Contains(e.Message, "'types.accum'");
        StringAssert.Contains(e.Message, "no registered pass declares it");
    }

    [TestMethod]
    public void EveryBuiltInTemplateReadsOnlyWhatItsLayersHave()
    {
        // The snapshot test generates every fixture; here: every declared computed attribute has a pass in a flow.
        var registry = HlsRegistry.CreateDefault();
        foreach (var name in new[] { "reuse_factor", "strategy", "n_partitions", "multiplier_limit", "n_zeros", "window_instructions", "pad_top" })
            Assert.IsNotNull(registry.ComputedBy(name), name);
        var engine = new Hls4ml.Backends.TemplateEngine();
        var read = engine.ReadVariables(Path.Combine(TestPaths.Templates, "vivado", "layers", "conv_config.sbn")).Select(v => v.Variable).ToList();
        CollectionAssert.Contains(read, "n_partitions");
        CollectionAssert.Contains(read, "types");
        Assert.IsFalse(read.Contains("for") || read.Contains("string"), "loop state and built-ins are not model variables");
    }
}
