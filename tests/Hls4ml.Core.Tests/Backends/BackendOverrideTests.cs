using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Backends;

/// <summary>Vitis differs from Vivado only through the files in templates/vitis (declared overrides).</summary>
[TestClass]
public sealed class BackendOverrideTests
{
    private static string Generate(string backend)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = TestGraphs.Mlp(pipeline.Registry);
        var dir = TestPaths.NewTempDir("override");
        pipeline.Generate(graph, new HlsConfig { Backend = backend, ProjectName = "prj" }, dir);
        return File.ReadAllText(Path.Combine(dir, "build_prj.tcl"));
    }

    [TestMethod]
    public void VitisOverridesOnlyTheSolutionSetup()
    {
        var vivado = Generate("Vivado");
        var vitis = Generate("Vitis");
        StringAssert.Contains(vivado, "config_array_partition -maximum_size");
        Assert.DoesNotContain("-flow_target", vivado);
        StringAssert.Contains(vitis, "open_solution \"solution1\" -flow_target vivado");
        // As hls4ml writes it for Vitis too: inside catch, so a Vitis HLS without -maximum_size goes on.
        StringAssert.Contains(vitis, "catch {config_array_partition -maximum_size $maximum_size}");
        // Everything outside the overridden partials is shared.
        foreach (var shared in new[] { "set_top ${project_name}", "csynth_design", "export_design -format ip_catalog", "create_clock -period $clock_period" })
        {
            StringAssert.Contains(vivado, shared);
            StringAssert.Contains(vitis, shared);
        }
        StringAssert.Contains(vitis, "vitis_hls -f build_prj.tcl");
    }

    [TestMethod]
    public void EveryVitisTemplateOverridesAnExistingVivadoOne()
    {
        var vitis = Path.Combine(TestPaths.Templates, "vitis");
        foreach (var file in Directory.EnumerateFiles(vitis, "*.sbn", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(vitis, file);
            Assert.IsTrue(File.Exists(Path.Combine(TestPaths.Templates, "vivado", rel)), $"vitis/{rel} overrides nothing");
        }
    }

    [TestMethod]
    public void LowerCaseStrategyIsAcceptedEverywhere()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var config = new HlsConfig { Strategy = "latency" };
        pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), config, TestPaths.NewTempDir("strategy"));
        Assert.AreEqual("Latency", config.Strategy);
    }

    [TestMethod]
    public void FailedGenerationLeavesNoStagingFolder()
    {
        var dir = TestPaths.NewTempDir("staging");
        var templates = Path.Combine(dir, "templates");
        foreach (var f in Directory.EnumerateFiles(TestPaths.Templates, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(templates, Path.GetRelativePath(TestPaths.Templates, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }
        File.WriteAllText(Path.Combine(templates, "vivado", "layers", "dense_function.sbn"), "{{ no_such_variable }}");
        var pipeline = HlsPipeline.CreateDefault(templates);
        var out1 = Path.Combine(dir, "out");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), out1));
        Assert.AreEqual("HLS0303", e.Diagnostic.Code);
        Assert.IsFalse(Directory.Exists(out1 + ".staging"));
        Assert.IsFalse(Directory.Exists(out1));
    }
}
