using System.Diagnostics;
using System.Text.RegularExpressions;
using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Security;

/// <summary>
/// Model files are untrusted (issue 17): names from a model must never run code when the generated project is
/// compiled or its Tcl sourced, never shadow generated identifiers, and external data must never be read from outside
/// the model's folder. Fixtures: tests/fixtures/hostile (generate.py says what each name attacks).
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class HostileInputTests
{
    private static string Hostile(string file) => Path.Combine(TestPaths.Fixtures, "hostile", file);

    [TestMethod]
    [DataRow("hostile_json.json", "hostile_json_weights.h5", DisplayName = "Keras json + h5 (input named w2)")]
    [DataRow("hostile_h5.h5", null, DisplayName = "Keras full .h5 (input named int)")]
    [DataRow("hostile_keras.keras", null, DisplayName = "Keras 3 .keras (input named layer2_out, non-ASCII names)")]
    [DataRow("hostile_onnx.onnx", null, DisplayName = "ONNX (input named input_t)")]
    public void HostileNamesCompileToTheModelAndRunNothing(string model, string? weights)
    {
        var run = CSimHarness.Simulate(Hostile(model), weights is null ? null : Hostile(weights), Hostile("hostile.input.dat"),
            "ap_fixed<24,8>", CSimHarness.FineTables);
        // The numbers are the model's (numpy float64 oracle), so no name changed what the C++ computes.
        var expected = CSimHarness.ReadRows(Hostile("hostile.expected.dat"));
        Assert.IsLessThan(0.01, CSimHarness.MaxAbsError(expected, run.Predictions), "CSim vs numpy");
        AssertNothingRan(run.ProjectDir);
        AssertGeneratedTextIsInert(run.ProjectDir);
    }

    /// <summary>An input named after each identifier the generator writes still gets its own variable.</summary>
    [TestMethod]
    public void InputsNamedLikeGeneratedIdentifiersDoNotShadowThem()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var names = new[] { "w2", "b2", "int", "input_t", "layer2_out", "result_t", "myproject", "config2", "nnet", "__x", "9lives", "" };
        string? reference = null;
        foreach (var name in names)
        {
            var b = new GraphBuilder(pipeline.Registry, seed: 7);
            var x = b.Input(name.Length == 0 ? "placeholder" : name, 8);
            var graph = b.Output(b.Softmax("sm", b.Dense("d1", x, 4)));
            graph.Layers[0].Name = name;
            var work = TestPaths.NewTempDir("shadow");
            var dir = Path.Combine(work, "prj");
            pipeline.Generate(graph, new HlsConfig(), dir);
            var top = File.ReadAllText(Path.Combine(dir, "firmware", "myproject.cpp"));
            var port = Regex.Match(top, @"input_t (\w+)\[8\]").Groups[1].Value;
            Assert.StartsWith("in1_", port, $"input '{name}' became port '{port}'");
            var input = Path.Combine(work, "in.dat");
            File.WriteAllText(input, "0.5 -1 0.25 2 -0.75 1.5 0 -2\n1 1 1 1 -1 -1 -1 -1\n");
            var sim = pipeline.Simulate(graph, dir, "myproject", input, Path.Combine(work, "out.dat"), Path.Combine(work, "cache"));
            var text = string.Join("\n", sim.Predictions.Select(r => string.Join(" ", r)));
            // Same weights (same seed) whatever the input is called: same predictions.
            reference ??= text;
            Assert.AreEqual(reference, text, $"input named '{name}'");
        }
    }

    [TestMethod]
    public void CommentTextKeepsPrintableAsciiOnly()
    {
        Assert.AreEqual("fc_static int p = system(\"x\");_int q; _", GeneratedText.CppComment("fc\nstatic int p = system(\"x\");\nint q; \\"));
        Assert.AreEqual("a _/ b __/ c", GeneratedText.CppComment("a */ b ??/ c"));
        Assert.AreEqual("caf_", GeneratedText.CppComment("caf\u00e9"));
        var longName = GeneratedText.CppComment(new string('y', 10_000));
        Assert.AreEqual(GeneratedText.MaxCommentLength + 3, longName.Length);
        Assert.AreEqual("in", GeneratedText.IdentifierPart("__in"));
        Assert.AreEqual("a_b_c", GeneratedText.IdentifierPart("a--b c\u00e9"));
        Assert.AreEqual("", GeneratedText.IdentifierPart("\u4e2d\u6587"));
    }

    /// <summary>tclsh reads every quoted word back as exactly the original text, and runs none of it.</summary>
    [TestMethod]
    public void TclQuotedWordsEvaluateToThemselves()
    {
        var tclsh = FindTool("tclsh");
        if (tclsh is null) Assert.Inconclusive("tclsh is not installed; skipping.");
        var values = new[] { "1.0[exec touch PWNED]", "$(touch PWNED)", "a\"b", "x\\", "{unbalanced", "}", "semi;colon", "new\nline", "tab\there", "$env(HOME)", "caf\u00e9" };
        var work = TestPaths.NewTempDir("tcl");
        var script = Path.Combine(work, "t.tcl");
        File.WriteAllText(script, "fconfigure stdout -encoding utf-8\n" + string.Concat(values.Select(v => $"set v {GeneratedText.TclQuote(v)}\nputs -nonewline \"[string length $v]:$v\\x00\"\n")));
        var psi = new ProcessStartInfo(tclsh, script) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, output + p.StandardError.ReadToEnd());
        CollectionAssert.AreEqual(values.Select(v => $"{v.Length}:{v}").ToArray(), output.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        Assert.IsFalse(File.Exists(Path.Combine(work, "PWNED")));
    }

    [TestMethod]
    [DataRow("HlsPart", "xcvu9p[exec touch PWNED]")]
    [DataRow("HlsVersion", "1.0[exec touch PWNED]")]
    [DataRow("HlsClockUncertainty", "12.5%\"; exec touch PWNED; \"")]
    public void PropertiesThatWouldChangeTheTclAreRefused(string property, string value)
    {
        var config = new HlsConfig();
        switch (property)
        {
            case "HlsPart": config.Part = value; break;
            case "HlsVersion": config.Version = value; break;
            default: config.ClockUncertainty = value; break;
        }
        var e = Assert.ThrowsExactly<HlsException>(config.Validate);
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, property);
    }

    [TestMethod]
    public void StringAttributesThatCouldEscapeTheirCppAreRefused()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = TestGraphs.Mlp(pipeline.Registry);
        graph.Layers.First(l => l.Type == "Activation").Attributes["activation"] = "relu\");system(\"touch PWNED";
        var dir = Path.Combine(TestPaths.NewTempDir("attr"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig(), dir));
        Assert.AreEqual("HLS0311", e.Diagnostic.Code);
        Assert.IsFalse(Directory.Exists(dir), "nothing is written when generation is refused");
    }

    // ---- ONNX external data ---------------------------------------------------------------------------------------

    [TestMethod]
    [DataRow("absolute", "HLS0115", "absolute path")]
    [DataRow("dotdot", "HLS0115", "'..'")]
    [DataRow("dotdot_inner", "HLS0115", "'..'")]
    [DataRow("link", "HLS0115", "symbolic link")]
    [DataRow("fifo", "HLS0116", "has only 0 bytes")]
    [DataRow("folder", "HLS0115", "is a folder")]
    [DataRow("offset_text", "HLS0116", "'12abc'")]
    [DataRow("length_huge", "HLS0116", "not a non-negative integer")]
    [DataRow("offset_overflow", "HLS0116", "at offset 9223372036854775807")]
    [DataRow("negative", "HLS0116", "'-4'")]
    public void ExternalDataOutsideTheModelFolderIsNeverRead(string kase, string code, string fragment)
    {
        var dir = ExternalDataFolder();
        var model = Path.Combine(dir, $"ext_{kase}.onnx");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        // A FIFO would block a plain open forever; a task bounds the wait so a regression fails instead of hanging.
        var convert = Task.Run(() => pipeline.Convert(model, null));
        Assert.IsTrue(((IAsyncResult)convert).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "conversion hung");
        var e = convert.Exception?.InnerException as HlsException;
        Assert.IsNotNull(e, $"expected {code}, got {convert.Exception?.InnerException?.ToString() ?? "success"}");
        Assert.AreEqual(code, e.Diagnostic.Code, e.Message);
        StringAssert.Contains(e.Message, fragment);
        Assert.AreEqual(model, e.Diagnostic.File);
    }

    [TestMethod]
    public void ExternalDataInsideTheFolderIsRead()
    {
        var dir = ExternalDataFolder();
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var good = pipeline.Convert(Path.Combine(dir, "ext_good.onnx"), null);
        var inline = pipeline.Convert(Hostile("hostile_onnx.onnx"), null);
        var kernel = good.Layers.First(l => l.Weights.ContainsKey("weight")).Weights["weight"].Data;
        CollectionAssert.AreEqual(inline.Layers.First(l => l.Weights.ContainsKey("weight")).Weights["weight"].Data, kernel);

        // A symbolic link that stays inside the folder is followed.
        File.Move(Path.Combine(dir, "ext_weights.bin"), Path.Combine(dir, "real.bin"));
        File.CreateSymbolicLink(Path.Combine(dir, "ext_weights.bin"), "real.bin");
        CollectionAssert.AreEqual(kernel, pipeline.Convert(Path.Combine(dir, "ext_good.onnx"), null)
            .Layers.First(l => l.Weights.ContainsKey("weight")).Weights["weight"].Data);
    }

    /// <summary>The external-data models in a fresh folder, with link.bin leading out of it and fifo.bin a named pipe.</summary>
    private static string ExternalDataFolder()
    {
        var root = TestPaths.NewTempDir("ext");
        var dir = Path.Combine(root, "model");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.EnumerateFiles(Path.Combine(TestPaths.Fixtures, "hostile"), "ext_*"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(root, "secret.bin"), new byte[4096]);
        File.CreateSymbolicLink(Path.Combine(dir, "link.bin"), Path.Combine("..", "secret.bin"));
        var mkfifo = FindTool("mkfifo");
        if (mkfifo is not null) Process.Start(mkfifo, Path.Combine(dir, "fifo.bin"))!.WaitForExit();
        return dir;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static void AssertNothingRan(string projectDir)
    {
        foreach (var dir in new[] { projectDir, Path.GetDirectoryName(projectDir)!, Environment.CurrentDirectory })
            Assert.IsFalse(File.Exists(Path.Combine(dir, "PWNED")), $"a payload ran (PWNED in {dir})");
        var cache = Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache");
        if (Directory.Exists(cache))
            Assert.IsFalse(Directory.EnumerateFiles(cache, "PWNED", SearchOption.AllDirectories).Any(), "a payload ran in the CSim cache");
    }

    /// <summary>No generated comment can continue onto the next line or close early, and no Tcl word runs a command.</summary>
    private static void AssertGeneratedTextIsInert(string projectDir)
    {
        foreach (var file in Directory.EnumerateFiles(projectDir, "*", SearchOption.AllDirectories))
        {
            var ext = Path.GetExtension(file);
            if (file.Contains("nnet_utils") || file.Contains("ap_types") || ext is not (".cpp" or ".h" or ".tcl")) continue;
            var text = File.ReadAllText(file);
            Assert.IsFalse(text.Contains("??/"), $"{file} has a backslash trigraph");
            foreach (var line in text.Split('\n'))
            {
                var comment = line.IndexOf("//", StringComparison.Ordinal);
                if (comment >= 0) Assert.IsFalse(line.TrimEnd().EndsWith('\\'), $"{file}: comment continues onto the next line: {line}");
                // A payload may survive as inert comment text, never as code.
                var payload = line.IndexOf("PWNED", StringComparison.Ordinal);
                if (payload >= 0) Assert.IsTrue(ext != ".tcl" && comment >= 0 && comment < payload && !line.Contains("*/"), $"{file}: payload outside a comment: {line}");
                Assert.IsFalse(line.Any(c => c > '~'), $"{file}: non-ASCII text in generated code: {line}");
            }
        }
    }

    private static string? FindTool(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
