using System.Globalization;
using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Types;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Backends;

[TestClass]
public sealed class WriterTests
{
    private readonly List<string> _temp = new();

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    private string TempDir(string prefix)
    {
        var d = TestPaths.NewTempDir(prefix);
        _temp.Add(d);
        return d;
    }

    private static HlsPipeline Pipeline(string? templates = null) => HlsPipeline.CreateDefault(templates ?? TestPaths.Templates);

    /// <summary>Generates the hand-built MLP into a fresh folder and returns it.</summary>
    private (string Dir, GenerateResult Result, ModelGraph Graph) Generate(HlsConfig? config = null, string? templates = null)
    {
        var pipeline = Pipeline(templates);
        var graph = TestGraphs.Mlp(pipeline.Registry);
        var dir = Path.Combine(TempDir("writer"), "prj");
        var result = pipeline.Generate(graph, config ?? new HlsConfig(), dir);
        return (dir, result, graph);
    }

    private static string Read(string dir, string relative)
    {
        var p = Path.Combine(dir, relative);
        Assert.IsTrue(File.Exists(p), $"{relative} was not written");
        return File.ReadAllText(p).Replace("\r\n", "\n");
    }

    private static void Contains(string text, string expected, string? file = null) =>
        Assert.IsTrue(text.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in {file ?? "text"}:\n{text}");

    [TestMethod]
    public void ExpectedFilesExist()
    {
        var (dir, result, _) = Generate();
        var expected = new[]
        {
            "firmware/myproject.cpp", "firmware/myproject.h", "firmware/defines.h", "firmware/parameters.h",
            "firmware/weights/w2.h", "firmware/weights/w2.txt", "firmware/weights/b2.h", "firmware/weights/b2.txt",
            "firmware/weights/w4.h", "firmware/weights/w4.txt", "firmware/weights/b4.h", "firmware/weights/b4.txt",
            "firmware/nnet_utils/nnet_dense.h", "firmware/nnet_utils/nnet_activation.h",
            "firmware/nnet_utils/nnet_common.h", "firmware/nnet_utils/nnet_helpers.h",
            "myproject_test.cpp", "build_prj.tcl", "project.tcl", "vivado_synth.tcl", "hls4ml-project.json",
        };
        foreach (var f in expected)
        {
            Assert.IsTrue(File.Exists(Path.Combine(dir, f)), $"{f} missing");
            Assert.IsTrue(new FileInfo(Path.Combine(dir, f)).Length > 0, $"{f} is empty");
        }
        Assert.IsTrue(Directory.Exists(Path.Combine(dir, "tb_data")));
        // Every nnet_utils header of the SDK is copied.
        foreach (var h in Directory.EnumerateFiles(Path.Combine(TestPaths.Templates, "hls", "nnet_utils")))
            Assert.IsTrue(File.Exists(Path.Combine(dir, "firmware", "nnet_utils", Path.GetFileName(h))), h);
        // No weights for layers without weights.
        Assert.AreEqual(8, Directory.GetFiles(Path.Combine(dir, "firmware", "weights")).Length);
        Assert.AreEqual(0, result.Diagnostics.Count);
    }

    [TestMethod]
    public void ManifestListsEveryWrittenFile()
    {
        var (dir, result, _) = Generate();
        var manifest = JObject.Parse(Read(dir, HlsWriter.ManifestFile));
        Assert.AreEqual("myproject", (string?)manifest["project"]);
        Assert.AreEqual("Vivado", (string?)manifest["backend"]);
        var listed = manifest["files"]!.Values<string>().Select(s => s!).ToList();
        CollectionAssert.AreEquivalent(result.Files.Where(f => f != HlsWriter.ManifestFile).ToList(), listed);
        foreach (var f in listed) Assert.IsTrue(File.Exists(Path.Combine(dir, f)), f);
        var onDisk = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Where(f => f != HlsWriter.ManifestFile).ToList();
        CollectionAssert.AreEquivalent(onDisk, listed, "the manifest lists exactly the files on disk");
    }

    [TestMethod]
    public void ProjectNameNamesTheFilesAndTopFunction()
    {
        var (dir, _, _) = Generate(new HlsConfig { ProjectName = "jet_tagger" });
        Assert.IsTrue(File.Exists(Path.Combine(dir, "firmware", "jet_tagger.cpp")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "firmware", "jet_tagger.h")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "jet_tagger_test.cpp")));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "firmware", "myproject.cpp")));
        Contains(Read(dir, "firmware/jet_tagger.cpp"), "void jet_tagger(");
        Contains(Read(dir, "firmware/jet_tagger.h"), "#ifndef JET_TAGGER_H_");
        Contains(Read(dir, "project.tcl"), "set project_name \"jet_tagger\"");
    }

    [TestMethod]
    public void TopFunctionSignatureAndPragmas()
    {
        var (dir, _, _) = Generate();
        var cpp = Read(dir, "firmware/myproject.cpp");
        Contains(cpp, "void myproject(\n    input_t in1_input1[8],\n    result_t layer5_out[3]\n) {", "myproject.cpp");
        Pragma(cpp, "ARRAY_RESHAPE variable=in1_input1 complete dim=0");
        Pragma(cpp, "ARRAY_PARTITION variable=layer5_out complete dim=0");
        Pragma(cpp, "INTERFACE ap_vld port=in1_input1,layer5_out");
        Pragma(cpp, "PIPELINE");
        // Intermediate variables are declared and partitioned; the output is not redeclared.
        foreach (var (var, type, size) in new[] { ("layer2_out", "layer2_t", 4), ("layer3_out", "layer3_t", 4), ("layer4_out", "layer4_t", 3) })
        {
            Contains(cpp, $"{type} {var}[{size}];");
            Pragma(cpp, $"ARRAY_PARTITION variable={var} complete dim=0");
        }
        Assert.IsFalse(cpp.Contains("result_t layer5_out[3];", StringComparison.Ordinal));
        // One call per layer, in order.
        var calls = new[]
        {
            "nnet::dense<input_t, layer2_t, config2>(in1_input1, layer2_out, w2, b2);",
            "nnet::relu<layer2_t, layer3_t, relu_config3>(layer2_out, layer3_out);",
            "nnet::dense<layer3_t, layer4_t, config4>(layer3_out, layer4_out, w4, b4);",
            "nnet::softmax<layer4_t, result_t, softmax_config5>(layer4_out, layer5_out);",
        };
        int at = 0;
        foreach (var c in calls)
        {
            int i = cpp.IndexOf(c, StringComparison.Ordinal);
            Assert.IsTrue(i > at, $"'{c}' missing or out of order in:\n{cpp}");
            at = i;
        }
        Contains(cpp, "nnet::load_weights_from_txt<weight2_t, 32>(w2, WEIGHTS_DIR, \"w2.txt\");");
        Contains(cpp, "nnet::load_weights_from_txt<bias4_t, 3>(b4, WEIGHTS_DIR, \"b4.txt\");");

        var h = Read(dir, "firmware/myproject.h");
        Contains(h, "void myproject(\n    input_t in1_input1[8],\n    result_t layer5_out[3]\n);", "myproject.h");
    }

    /// <summary>A "#pragma HLS ..." line, tolerant of spacing around '=' and ',' (both spellings are valid HLS).</summary>
    private static void Pragma(string cpp, string pragma)
    {
        var pattern = string.Join(@"\s+", pragma.Split(' ').Select(word =>
            string.Join(@"\s*=\s*", word.Split('=').Select(part => string.Join(@"\s*,\s*", part.Split(',').Select(System.Text.RegularExpressions.Regex.Escape))))));
        Assert.IsTrue(System.Text.RegularExpressions.Regex.IsMatch(cpp, @"^[ \t]*#pragma\s+HLS\s+" + pattern + @"[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline),
            $"expected '#pragma HLS {pragma}' in:\n{cpp}");
    }

    [TestMethod]
    public void DefinesAndParameters()
    {
        var config = new HlsConfig();
        config.LayerNames["d2"] = new LayerSettings { Values = { ["ReuseFactor"] = "4", ["AccumPrecision"] = "fixed<24,12>" } };
        var (dir, _, _) = Generate(config);
        var defines = Read(dir, "firmware/defines.h");
        foreach (var line in new[]
        {
            "#define N_INPUT_1 8", "#define N_OUTPUT_1 3",
            "typedef ap_fixed<16,6> input_t;", "typedef ap_fixed<16,6> result_t;", "typedef ap_fixed<16,6> layer2_t;",
            "typedef ap_fixed<16,6> weight2_t;", "typedef ap_fixed<18,8> table3_t;", "typedef ap_fixed<24,12> accum4_t;",
            "typedef ap_fixed<18,8,AP_RND,AP_SAT,0> exp_table5_t;", "typedef ap_fixed<18,8,AP_RND,AP_SAT,0> inv_table5_t;",
        })
            Contains(defines, line, "defines.h");

        var parameters = Read(dir, "firmware/parameters.h");
        foreach (var line in new[]
        {
            "#include \"nnet_utils/nnet_dense.h\"", "#include \"nnet_utils/nnet_activation.h\"",
            "#include \"weights/w2.h\"", "#include \"weights/b4.h\"",
            "struct config2 : nnet::dense_config {", "struct config4 : nnet::dense_config {",
            "struct relu_config3 : nnet::activ_config {", "struct softmax_config5 : nnet::softmax_config {",
            "static const unsigned n_in = 8;", "static const unsigned n_out = 4;",
            "static const unsigned multiplier_limit = 32;", "static const unsigned multiplier_limit = 3;",
            "static const unsigned reuse_factor = 4;", "typedef accum4_t accum_t;",
            "static const unsigned table_size = 1024;",
            "static const nnet::softmax_implementation implementation = nnet::softmax_implementation::stable;",
        })
            Contains(parameters, line, "parameters.h");
        Assert.AreEqual(1, CountOf(parameters, "#include \"nnet_utils/nnet_dense.h\""), "headers are included once");
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [TestMethod]
    public void WeightTextUsesFractionalBitsDecimals()
    {
        var config = new HlsConfig();
        config.LayerNames["d1"] = new LayerSettings { Values = { ["WeightPrecision"] = "ap_fixed<8,3>" } };
        var (dir, _, graph) = Generate(config);
        var d1 = graph.FindLayer("d1")!;

        AssertWeightText(Read(dir, "firmware/weights/w2.txt"), d1.Weights["weight"].Data, 5);
        AssertWeightText(Read(dir, "firmware/weights/b2.txt"), d1.Weights["bias"].Data, 10);
        AssertWeightText(Read(dir, "firmware/weights/w4.txt"), graph.FindLayer("d2")!.Weights["weight"].Data, 10);

        Assert.AreEqual(HlsWriter.FormatValues(d1.Weights["weight"].Data, new FixedPrecision(8, 3)), Read(dir, "firmware/weights/w2.txt"));

        var header = Read(dir, "firmware/weights/w2.h");
        Contains(header, "weight2_t w2[32];");
        Contains(header, "weight2_t w2[32] = {" + Read(dir, "firmware/weights/w2.txt") + "};");
        Contains(header, "#ifndef __SYNTHESIS__");
        Contains(header, "shape [8,4]");
        Contains(header, $"min {d1.Weights["weight"].Data.Min().ToString("R", CultureInfo.InvariantCulture)}");
        Contains(Read(dir, "firmware/defines.h"), "typedef ap_fixed<8,3> weight2_t;");
    }

    /// <summary>Checks "v, v, ..." with exactly 'decimals' digits after the point.</summary>
    private static void AssertWeightText(string text, float[] data, int decimals)
    {
        var parts = text.Split(", ");
        Assert.AreEqual(data.Length, parts.Length, text);
        for (int i = 0; i < data.Length; i++)
        {
            var p = parts[i];
            int dot = p.IndexOf('.');
            Assert.IsTrue(dot > 0, p);
            Assert.AreEqual(decimals, p.Length - dot - 1, $"'{p}' should have {decimals} decimals");
            // Rounded to 'decimals' places (values on the type's grid print exactly).
            Assert.AreEqual((double)data[i], double.Parse(p, CultureInfo.InvariantCulture), 0.5 * Math.Pow(10, -decimals) + 1e-15, p);
            Assert.AreEqual(((double)data[i]).ToString("F" + decimals, CultureInfo.InvariantCulture), p);
        }
    }

    [TestMethod]
    public void FormatValuesAsHls4ml()
    {
        var values = new[] { 0.5f, -1.25f, 0f, 3f, 0.0009765625f };
        Assert.AreEqual("0.5000000000, -1.2500000000, 0.0000000000, 3.0000000000, 0.0009765625",
            HlsWriter.FormatValues(values, new FixedPrecision(16, 6)));
        Assert.AreEqual("0.50000, -1.25000, 0.00000, 3.00000, 0.00098",
            HlsWriter.FormatValues(values, new FixedPrecision(8, 3)));
        Assert.AreEqual("0.50000000, 0.25000000", HlsWriter.FormatValues(new[] { 0.5f, 0.25f }, new FixedPrecision(8, 0, false)));
        Assert.AreEqual("1, -3, 7", HlsWriter.FormatValues(new[] { 1f, -3f, 7f }, new IntegerPrecision(8)));
        Assert.AreEqual("12, 13", HlsWriter.FormatValues(new[] { 12.25f, 12.75f }, new IntegerPrecision(8)), "'{:.0f}' rounds to nearest");
        Assert.AreEqual("2, 5", HlsWriter.FormatValues(new[] { 2f, 5f }, new FixedPrecision(8, 10)), "negative fractional width: no decimals");
        Assert.AreEqual("0.1, -2.5", HlsWriter.FormatValues(new[] { 0.1f, -2.5f }, new FloatPrecision(false)));
        Assert.AreEqual("", HlsWriter.FormatValues(Array.Empty<float>(), new FixedPrecision(16, 6)));
    }

    [TestMethod]
    public void FormatValuesRoundsHalfwayCasesLikePython()
    {
        // hls4ml formats with Python's '{:.Nf}', which rounds the exact binary value half-to-even.
        Assert.AreEqual("2, 4, -2, 0", HlsWriter.FormatValues(new[] { 2.5f, 3.5f, -2.5f, 0.5f }, new IntegerPrecision(8)));
        Assert.AreEqual("0.12, 0.38", HlsWriter.FormatValues(new[] { 0.125f, 0.375f }, new FixedPrecision(4, 2)));
        Assert.AreEqual("0.0004882812", HlsWriter.FormatValues(new[] { 0.00048828125f }, new FixedPrecision(16, 6)));
    }

    [TestMethod]
    public void VivadoAndVitisClockUncertainty()
    {
        var (vivado, _, _) = Generate(new HlsConfig { Backend = "Vivado" });
        var tcl = Read(vivado, "project.tcl");
        Contains(tcl, "set clock_uncertainty \"12.5%\"");
        Contains(tcl, "set backend \"vivado\"");
        Contains(tcl, "set part \"xcvu13p-flga2577-2-e\"");
        Contains(tcl, "set clock_period 5");
        Contains(tcl, "set maximum_size 4096");

        var (vitis, _, _) = Generate(new HlsConfig { Backend = "Vitis" });
        tcl = Read(vitis, "project.tcl");
        Contains(tcl, "set clock_uncertainty \"27%\"");
        Contains(tcl, "set backend \"vitis\"");
        Assert.AreEqual("Vitis", (string?)JObject.Parse(Read(vitis, HlsWriter.ManifestFile))["backend"]);
        Contains(Read(vitis, "build_prj.tcl"), "vitis_hls");

        var (custom, _, _) = Generate(new HlsConfig { Backend = "vitis", ClockUncertainty = "10%", ClockPeriod = 3.3, Part = "xc7z020clg400-1" });
        tcl = Read(custom, "project.tcl");
        Contains(tcl, "set clock_uncertainty \"10%\"");
        Contains(tcl, "set clock_period 3.3");
        Contains(tcl, "set part \"xc7z020clg400-1\"");
        Contains(tcl, "set backend \"vitis\"", "backend names are case-insensitive");
    }

    [TestMethod]
    public void VitisUsesTheSharedLayerTemplates()
    {
        var (vivado, _, _) = Generate(new HlsConfig { Backend = "Vivado" });
        var (vitis, _, _) = Generate(new HlsConfig { Backend = "Vitis" });
        Assert.AreEqual(Read(vivado, "firmware/parameters.h"), Read(vitis, "firmware/parameters.h"));
        Assert.AreEqual(Read(vivado, "firmware/defines.h"), Read(vitis, "firmware/defines.h"));
    }

    [TestMethod]
    public void UnknownBackendIsHls0301()
    {
        var pipeline = Pipeline();
        var dir = Path.Combine(TempDir("writer"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() =>
            pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig { Backend = "Quartus" }, dir));
        Assert.AreEqual("HLS0301", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "Quartus");
        StringAssert.Contains(e.Diagnostic.Message, "Vivado");
        StringAssert.Contains(e.Diagnostic.Message, "Vitis");
        Assert.IsFalse(Directory.Exists(dir), "nothing is written for an unknown backend");
    }

    [TestMethod]
    public void UnknownIoTypeIsAnErrorNamingBoth()
    {
        var pipeline = Pipeline();
        var dir = Path.Combine(TempDir("writer"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() =>
            pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig { IOType = "io_serial" }, dir));
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "io_parallel or io_stream");
        Assert.IsFalse(Directory.Exists(dir));
    }

    [TestMethod]
    public void RegeneratingReplacesTheFolderCompletely()
    {
        var (dir, _, _) = Generate();
        File.WriteAllText(Path.Combine(dir, "stray.txt"), "left over");
        File.WriteAllText(Path.Combine(dir, "firmware", "weights", "w99.txt"), "1, 2");
        Directory.CreateDirectory(Path.Combine(dir, "old_prj"));

        var pipeline = Pipeline();
        pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), dir);

        Assert.IsFalse(File.Exists(Path.Combine(dir, "stray.txt")));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "firmware", "weights", "w99.txt")));
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "old_prj")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "firmware", "myproject.cpp")));
        Assert.IsFalse(Directory.Exists(dir + ".staging"), "the staging folder is gone after the swap");
        var parent = Path.GetDirectoryName(dir)!;
        CollectionAssert.AreEqual(new[] { "prj" }, Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).ToArray(),
            "nothing but the project folder is left beside it");
    }

    [TestMethod]
    public void RegeneratingTheSameGraphIsByteIdentical()
    {
        var (a, _, _) = Generate();
        var (b, _, _) = Generate();
        Assert.AreEqual(HlsWriter.HashTree(a), HlsWriter.HashTree(b));
        var (c, _, _) = Generate(new HlsConfig { ReuseFactor = 2 });
        Assert.AreNotEqual(HlsWriter.HashTree(a), HlsWriter.HashTree(c));
    }

    [TestMethod]
    public void TestInputIsCopiedToTbData()
    {
        var pipeline = Pipeline();
        var tmp = TempDir("writer");
        var input = Path.Combine(tmp, "in.dat");
        File.WriteAllText(input, "0 1 2 3 4 5 6 7\n");
        var dir = Path.Combine(tmp, "prj");
        var result = pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), dir, input);
        Assert.AreEqual("0 1 2 3 4 5 6 7\n", File.ReadAllText(Path.Combine(dir, "tb_data", "tb_input_features.dat")));
        CollectionAssert.Contains(result.Files.ToList(), "tb_data/tb_input_features.dat");
    }

    private string CopyTemplates()
    {
        var root = Path.Combine(TempDir("templates"), "templates");
        foreach (var file in Directory.EnumerateFiles(TestPaths.Templates, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(root, Path.GetRelativePath(TestPaths.Templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return root;
    }

    [TestMethod]
    public void TemplateWithUndefinedVariableIsHls0303()
    {
        var templates = CopyTemplates();
        var broken = Path.Combine(templates, "vivado", "layers", "dense_function.sbn");
        File.AppendAllText(broken, "\n// {{ no_such_variable }}\n");

        var pipeline = Pipeline(templates);
        var dir = Path.Combine(TempDir("writer"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), dir));
        Assert.AreEqual("HLS0303", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "dense_function.sbn");
        StringAssert.Contains(e.Diagnostic.Message, "no_such_variable");
        Assert.IsFalse(Directory.Exists(dir), "a failed render never produces the output folder");
    }

    [TestMethod]
    public void TemplateSyntaxErrorIsHls0303()
    {
        var templates = CopyTemplates();
        File.WriteAllText(Path.Combine(templates, "vivado", "project.tcl.sbn"), "set x {{ for }}\n");
        var pipeline = Pipeline(templates);
        var e = Assert.ThrowsExactly<HlsException>(() =>
            pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), Path.Combine(TempDir("writer"), "prj")));
        Assert.AreEqual("HLS0303", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "project.tcl.sbn");
    }

    [TestMethod]
    public void FailedRegenerationKeepsThePreviousProject()
    {
        var (dir, _, _) = Generate();
        var before = HlsWriter.HashTree(dir);
        var templates = CopyTemplates();
        File.AppendAllText(Path.Combine(templates, "vivado", "layers", "softmax_function.sbn"), "{{ oops }}");
        var pipeline = Pipeline(templates);
        Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), dir));
        Assert.AreEqual(before, HlsWriter.HashTree(dir), "the previous project is untouched");
    }

    [TestMethod]
    public void VitisTemplateFolderOverridesVivado()
    {
        var templates = CopyTemplates();
        var vitisLayers = Path.Combine(templates, "vitis", "layers");
        Directory.CreateDirectory(vitisLayers);
        File.WriteAllText(Path.Combine(vitisLayers, "softmax_function.sbn"),
            "nnet::softmax_vitis<{{ input_t }}, {{ output_t }}, softmax_config{{ index }}>({{ input }}, {{ output }});");

        var (vitis, _, _) = Generate(new HlsConfig { Backend = "Vitis" }, templates);
        Contains(Read(vitis, "firmware/myproject.cpp"), "nnet::softmax_vitis<layer4_t, result_t, softmax_config5>(layer4_out, layer5_out);");
        var (vivado, _, _) = Generate(new HlsConfig { Backend = "Vivado" }, templates);
        Contains(Read(vivado, "firmware/myproject.cpp"), "nnet::softmax<layer4_t, result_t, softmax_config5>(layer4_out, layer5_out);");
    }
}
